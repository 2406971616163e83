"""Staff reference data only: the templates, read-only (a template is loaded from its
file with `kinerja lke_template`, never edited by hand)."""

from django.contrib import admin

from .models import Template


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regulation"]
    readonly_fields = ["code", "name", "regulation", "scales"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
