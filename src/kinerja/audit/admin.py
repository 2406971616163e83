from django.contrib import admin

from .models import Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The trail is read here, never written: no adding, changing or deleting."""

    list_display = ["at", "username", "source", "action", "content_type", "object_repr", "unit"]
    list_filter = ["action", "source", "content_type", "unit"]
    search_fields = ["username", "object_repr", "reason"]
    date_hierarchy = "at"
    list_select_related = ["content_type", "unit"]
    readonly_fields = [
        "at",
        "user",
        "username",
        "source",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "unit",
        "before",
        "after",
        "reason",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
