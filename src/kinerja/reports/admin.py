from django.contrib import admin

from .models import Narrative


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
