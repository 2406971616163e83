from django import forms
from django.contrib import admin

from .choices import Method
from .models import (
    ActionPlan,
    Agreement,
    AgreementIndicator,
    AgreementVersion,
    Alignment,
    Goal,
    Indicator,
    Objective,
    PlannedActivity,
    PlanVersion,
    QuarterProgress,
    StrategicPlan,
    Target,
)


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    extra = 0
    fields = ["number", "title", "legal_basis", "adopted_on", "in_force", "content"]


@admin.register(StrategicPlan)
class StrategicPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "start_year", "end_year"]
    list_filter = ["unit"]
    inlines = [PlanVersionInline]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "title", "in_force", "adopted_on"]
    list_filter = ["in_force", "plan__unit"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "version"]
    list_filter = ["version__plan__unit"]


class AlignmentInline(admin.TabularInline):
    model = Alignment
    extra = 0
    fk_name = "objective"
    fields = ["unit", "code", "name"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "perspective", "goal", "version"]
    list_filter = ["perspective", "version__plan__unit"]
    inlines = [AlignmentInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class IndicatorAlignmentInline(AlignmentInline):
    fk_name = "indicator"


class IndicatorAdminForm(forms.ModelForm):
    """A formula (method ``formula``) is checked like the dataset loader checks it."""

    class Meta:
        model = Indicator
        fields = "__all__"  # noqa: DJ007 - every field, as the admin shows without a form

    def clean(self):
        data = super().clean()
        if data.get("method") != Method.FORMULA or not data.get("version") or not data.get("code"):
            return data
        from kinerja.measurement.elements import indicator_formula_problems

        params = data.get("method_params")
        text = params.get("formula") if isinstance(params, dict) else None
        if not isinstance(text, str) or set(params) != {"formula"}:
            self.add_error("method_params", '{"formula": "…"}')
            return data
        candidate = Indicator(pk=self.instance.pk, version=data["version"], code=data["code"])
        for problem in indicator_formula_problems(candidate, text):
            self.add_error("method_params", problem)
        return data


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorAdminForm
    list_display = ["code", "name", "unit_label", "polarity", "aggregation", "method", "version"]
    list_filter = ["polarity", "aggregation", "method", "version__plan__unit"]
    search_fields = ["code", "name"]
    inlines = [TargetInline, IndicatorAlignmentInline]


class AgreementVersionInline(admin.TabularInline):
    model = AgreementVersion
    extra = 0
    fields = [
        "number",
        "status",
        "signed_on",
        "signed_place",
        "signatory",
        "signatory_nip",
        "superior",
        "superior_nip",
        "reason",
    ]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "plan_version"]
    list_filter = ["year", "unit"]
    inlines = [AgreementVersionInline]


class AgreementIndicatorInline(admin.TabularInline):
    model = AgreementIndicator
    extra = 0


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    list_display = ["agreement", "number", "status", "signed_on"]
    list_filter = ["status"]
    inlines = [AgreementIndicatorInline]


class PlannedActivityInline(admin.TabularInline):
    model = PlannedActivity
    extra = 0


class QuarterProgressInline(admin.TabularInline):
    model = QuarterProgress
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year"]
    list_filter = ["year", "indicator__version__plan__unit"]
    inlines = [PlannedActivityInline, QuarterProgressInline]
