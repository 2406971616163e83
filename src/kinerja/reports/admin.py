from django.contrib import admin

from .models import FinalReport, FinalReportFile, Narrative


@admin.register(Narrative)
class NarrativeAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "indicator", "kind", "updated_by", "updated_at"]
    list_filter = ["year", "kind", "unit"]
    list_select_related = ["unit", "indicator", "updated_by"]
    search_fields = ["text", "indicator__code", "unit__code"]
    raw_id_fields = ["indicator"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class FinalReportFileInline(admin.TabularInline):
    model = FinalReportFile
    extra = 0
    can_delete = False
    fields = ["format", "sha256"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FinalReport)
class FinalReportAdmin(admin.ModelAdmin):
    """Read-only: a final report is issued with `kinerja final_reports --issue` and never
    edited."""

    list_display = ["unit", "year", "kind", "version", "created_at", "created_by"]
    list_filter = ["kind", "year", "unit"]
    readonly_fields = [
        "unit",
        "year",
        "kind",
        "period",
        "version",
        "reason",
        "data_hash",
        "content_hash",
        "findings",
        "created_by",
        "created_at",
    ]
    exclude = ["data_snapshot", "document"]
    inlines = [FinalReportFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
