from django.contrib import admin

from .models import (
    AuditRecommendation,
    ExternalScore,
    Facilitation,
    FacilitationMeasure,
    ProcurementLine,
    ScoreComponent,
    ServiceCount,
    ServiceOrder,
)


@admin.register(ServiceOrder)
class ServiceOrderAdmin(admin.ModelAdmin):
    list_display = ["number", "service_type", "customer", "ordered_on", "fee", "unit"]
    list_filter = ["service_type", "ordered_on", "unit"]
    list_select_related = ["unit"]
    search_fields = ["number", "customer", "result_document"]
    date_hierarchy = "ordered_on"
    readonly_fields = ["survey_token"]


@admin.register(ServiceCount)
class ServiceCountAdmin(admin.ModelAdmin):
    list_display = ["year", "service_type", "count", "unit"]
    list_filter = ["year", "service_type", "unit"]
    list_select_related = ["unit"]
    search_fields = ["note", "unit__code"]


class FacilitationMeasureInline(admin.TabularInline):
    model = FacilitationMeasure
    extra = 0
    fields = ["position", "name", "unit_label", "before", "after", "direction"]


@admin.register(Facilitation)
class FacilitationAdmin(admin.ModelAdmin):
    list_display = ["code", "year", "kind", "company", "program", "unit"]
    list_filter = ["year", "kind", "unit"]
    list_select_related = ["unit"]
    search_fields = ["code", "company", "activity", "program", "agreement_number"]
    inlines = [FacilitationMeasureInline]


@admin.register(AuditRecommendation)
class AuditRecommendationAdmin(admin.ModelAdmin):
    list_display = ["report_number", "number", "year", "kind", "status", "followed_up_on", "unit"]
    list_filter = ["year", "kind", "status", "unit"]
    list_select_related = ["unit"]
    search_fields = ["report_number", "text"]


@admin.register(ProcurementLine)
class ProcurementLineAdmin(admin.ModelAdmin):
    list_display = ["year", "account", "name", "domestic", "ceiling", "spending", "unit"]
    list_filter = ["year", "domestic", "unit"]
    list_select_related = ["unit"]
    search_fields = ["account", "name"]


class ScoreComponentInline(admin.TabularInline):
    model = ScoreComponent
    extra = 0
    fields = ["position", "name", "value", "weight_pct", "max_value"]


@admin.register(ExternalScore)
class ExternalScoreAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "kind", "score", "grade"]
    list_filter = ["kind", "year", "unit"]
    list_select_related = ["unit"]
    search_fields = ["unit__code", "unit__name", "grade", "source"]
    inlines = [ScoreComponentInline]
