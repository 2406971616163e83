from django.contrib import admin

from .models import (
    DataElement,
    ElementValue,
    EntryWindow,
    Evidence,
    QuarterEntry,
    Realization,
    WorkflowEvent,
)


@admin.register(Realization)
class RealizationAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "period", "value", "as_reported", "evidence"]
    list_filter = ["year", "period", "indicator__version__plan__unit"]
    search_fields = ["indicator__code", "indicator__name", "note"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """For looking only: quarterly entries change through measurement.workflow, which
    checks access, records each step and keeps the evidence files in step."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QuarterEntry)
class QuarterEntryAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "year", "quarter", "status", "target", "updated_by"]
    list_filter = ["year", "quarter", "status", "indicator__version__plan__unit"]
    search_fields = ["indicator__code", "narrative", "explanation"]


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    list_display = ["entry", "action", "from_status", "to_status", "user", "at"]
    list_filter = ["action", "entry__year"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "entry", "content_type", "size", "uploaded_by", "created_at"]
    exclude = ["file"]  # no link: files are served only by the access-checked view


@admin.register(EntryWindow)
class EntryWindowAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "quarter", "opens_on", "closes_on", "reopened_until"]
    list_filter = ["year", "quarter", "unit"]


class ElementValueInline(admin.TabularInline):
    model = ElementValue
    extra = 0
    fields = ["year", "period", "value", "note"]


@admin.register(DataElement)
class DataElementAdmin(admin.ModelAdmin):
    """A unit's data elements (docs/formulas.md); changes are in the audit trail."""

    list_display = ["code", "name", "unit_label", "aggregation", "unit"]
    list_filter = ["aggregation", "unit"]
    search_fields = ["code", "name"]
    inlines = [ElementValueInline]
