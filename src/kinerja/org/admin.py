from django.contrib import admin

from .models import IndicatorAssignment, Membership, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit"]


@admin.register(IndicatorAssignment)
class IndicatorAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "indicator_code"]
    list_filter = ["unit"]
