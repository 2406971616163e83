from django.contrib import admin

from .models import (
    IndicatorAssignment,
    InformationSystem,
    Membership,
    ProfileService,
    ProfileStatement,
    StaffBreakdown,
    StaffCount,
    StructureUnit,
    Unit,
    UnitProfile,
)


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


# -- unit profile (BAB I of the LAKIN) ----------------------------------------------------
class ProfileStatementInline(admin.TabularInline):
    model = ProfileStatement
    extra = 0


class ProfileServiceInline(admin.StackedInline):
    model = ProfileService
    extra = 0


class InformationSystemInline(admin.TabularInline):
    model = InformationSystem
    extra = 0


class StructureUnitInline(admin.TabularInline):
    model = StructureUnit
    extra = 0
    fk_name = "profile"


class StaffBreakdownInline(admin.TabularInline):
    model = StaffBreakdown
    extra = 0
    show_change_link = True  # the rows are edited on the breakdown's own page


@admin.register(UnitProfile)
class UnitProfileAdmin(admin.ModelAdmin):
    list_display = ["unit", "year"]
    list_filter = ["year", "unit"]
    inlines = [
        ProfileStatementInline,
        ProfileServiceInline,
        InformationSystemInline,
        StructureUnitInline,
        StaffBreakdownInline,
    ]


class StaffCountInline(admin.TabularInline):
    model = StaffCount
    extra = 0


@admin.register(StaffBreakdown)
class StaffBreakdownAdmin(admin.ModelAdmin):
    list_display = ["name", "profile", "total"]
    list_filter = ["profile__year", "profile__unit"]
    inlines = [StaffCountInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("counts")
