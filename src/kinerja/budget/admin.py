from django.contrib import admin

from .models import Breakdown, BudgetYear, Line, LineIndicator, PnbpReceipt, PnbpYear, Revision


class BreakdownInline(admin.TabularInline):
    model = Breakdown
    extra = 0


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0


@admin.register(BudgetYear)
class BudgetYearAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "final_ceiling", "spending"]
    list_filter = ["year", "unit"]
    inlines = [BreakdownInline, RevisionInline]


class LineIndicatorInline(admin.TabularInline):
    model = LineIndicator
    extra = 0


@admin.register(Line)
class LineAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "name", "ceiling", "spending", "budget"]
    list_filter = ["level", "budget__year", "budget__unit"]
    search_fields = ["code", "name"]
    inlines = [LineIndicatorInline]


class PnbpReceiptInline(admin.TabularInline):
    model = PnbpReceipt
    extra = 0


@admin.register(PnbpYear)
class PnbpYearAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "revenue_target", "use_ceiling", "use_spending"]
    list_filter = ["year", "unit"]
    inlines = [PnbpReceiptInline]
