from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kinerja.core.numbers import format_id

from .models import Answer, Response, Survey, SurveyElement, SurveyPolicy
from .selectors import skm_result


class SurveyElementInline(admin.TabularInline):
    model = SurveyElement
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "service_type", "population", "synthetic", "respondents"]
    list_filter = ["year", "synthetic", "service_type", "unit"]
    list_select_related = ["unit"]
    readonly_fields = ["respondents", "skm_index", "skm_converted", "skm_grade", "sample"]
    inlines = [SurveyElementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(respondent_count=Count("responses"))

    def _result(self, obj):
        # One computation per page, shared by the read-only fields.
        if not hasattr(obj, "_skm_result"):
            obj._skm_result = skm_result(obj.unit, obj.year, obj.service_type) if obj.pk else None
        return obj._skm_result

    @admin.display(description=_("responden"), ordering="respondent_count")
    def respondents(self, obj):
        if hasattr(obj, "respondent_count"):
            return obj.respondent_count
        result = self._result(obj)
        return result.respondents if result else 0

    @admin.display(description=_("indeks (IKM)"))
    def skm_index(self, obj):
        result = self._result(obj)
        return format_id(result.index if result else None, 2, na="–")

    @admin.display(description=_("nilai konversi"))
    def skm_converted(self, obj):
        result = self._result(obj)
        return format_id(result.converted if result else None, 2, na="–")

    @admin.display(description=_("mutu pelayanan"))
    def skm_grade(self, obj):
        result = self._result(obj)
        return f"{result.grade} ({result.grade_label})" if result and result.grade else "–"

    @admin.display(description=_("sampel minimum (Krejcie & Morgan)"))
    def sample(self, obj):
        result = self._result(obj)
        if not result or result.required_sample is None:
            return "–"
        verdict = _("cukup") if result.sample_sufficient else _("belum cukup")
        return f"{result.required_sample} ({verdict})"


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "survey", "channel", "submitted_at", "service_order"]
    list_filter = ["channel", "survey__year", "survey__unit"]
    list_select_related = ["survey__unit", "service_order"]
    raw_id_fields = ["survey", "service_order"]
    date_hierarchy = "submitted_at"
    inlines = [AnswerInline]


@admin.register(SurveyPolicy)
class SurveyPolicyAdmin(admin.ModelAdmin):
    list_display = ["unit", "requires_token"]
    list_select_related = ["unit"]
