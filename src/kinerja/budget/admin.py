from django.contrib import admin

from .models import (
    Breakdown,
    BudgetYear,
    FundingSource,
    Line,
    LineIndicator,
    LineOutput,
    LineOutputRealization,
    PnbpReceipt,
    PnbpYear,
    Revision,
)


class BreakdownInline(admin.TabularInline):
    model = Breakdown
    extra = 0


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0


class FundingSourceInline(admin.TabularInline):
    model = FundingSource
    extra = 0


@admin.register(BudgetYear)
class BudgetYearAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "kind", "final_ceiling", "spending"]
    list_filter = ["kind", "year", "unit"]
    inlines = [FundingSourceInline, BreakdownInline, RevisionInline]


class LineIndicatorInline(admin.TabularInline):
    model = LineIndicator
    extra = 0


@admin.register(Line)
class LineAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "name", "ceiling", "spending", "budget"]
    list_filter = ["level", "budget__year", "budget__unit"]
    search_fields = ["code", "name"]
    inlines = [LineIndicatorInline]


class LineOutputRealizationInline(admin.TabularInline):
    model = LineOutputRealization
    extra = 0


@admin.register(LineOutput)
class LineOutputAdmin(admin.ModelAdmin):
    list_display = ["line", "name", "unit_label", "target"]
    list_filter = ["line__budget__year", "line__budget__unit"]
    search_fields = ["line__code", "name"]
    inlines = [LineOutputRealizationInline]


class PnbpReceiptInline(admin.TabularInline):
    model = PnbpReceipt
    extra = 0


@admin.register(PnbpYear)
class PnbpYearAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "revenue_target", "use_ceiling", "use_spending"]
    list_filter = ["year", "unit"]
    inlines = [PnbpReceiptInline]
