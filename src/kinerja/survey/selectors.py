"""Reading surveys: the SKM result of a unit's year (aggregated in the database), the
stored rows of a survey, and what the public form needs."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, F, Sum

from kinerja.core.numbers import decimal_str, round_half_up
from kinerja.org.models import Unit
from kinerja.sources.models import ServiceOrder

from . import calc
from .choices import DEFAULT_ELEMENTS, Grade
from .models import Answer, Response, Survey

# Places kept in provenance strings: those of a stored measure (core.models.MEASURE_PLACES).
PROVENANCE_PLACES = 6


@dataclass(frozen=True)
class SkmResult:
    year: int
    service_type: str | None
    respondents: int
    element_means: dict[str, Decimal | None]  # in the survey's element order
    index: Decimal | None  # 1–4; None while an element has no answer
    converted: Decimal | None  # index × 25
    grade: str | None  # "A".."D"
    grade_label: str | None  # "Sangat baik" …
    population: int | None
    required_sample: int | None  # Krejcie & Morgan; None when the population is unknown
    sample_sufficient: bool | None
    synthetic: bool

    def provenance(self) -> dict:
        """How the index came about, as decimal strings (6 places at most, trailing zeros
        dropped) for the measures JSON: element means, respondents, index, converted."""

        def text(value):
            return None if value is None else decimal_str(round_half_up(value, PROVENANCE_PLACES))

        return {
            "respondents": str(self.respondents),
            "element_means": {code: text(mean) for code, mean in self.element_means.items()},
            "index": text(self.index),
            "converted": text(self.converted),
            "grade": self.grade,
            "population": None if self.population is None else str(self.population),
            "required_sample": None if self.required_sample is None else str(self.required_sample),
            "synthetic": self.synthetic,
        }


def find_survey(unit: Unit, year: int, service_type: str | None = None) -> Survey | None:
    return Survey.objects.filter(unit=unit, year=year, service_type=service_type).first()


def skm_result(unit: Unit, year: int, service_type: str | None = None) -> SkmResult | None:
    """The SKM of a unit's year for a service type (``None``: the survey of all services),
    or ``None`` when there is no such survey. Three queries whatever the number of
    respondents: the survey with its respondent count, its elements, and the sums and
    counts per element (exact on every backend; the mean is ``calc.mean_of_totals``)."""
    survey = (
        Survey.objects.filter(unit=unit, year=year, service_type=service_type)
        .annotate(respondent_count=Count("responses"))
        .prefetch_related("elements")
        .first()
    )
    if survey is None:
        return None
    codes = survey.element_codes()
    totals = {
        row["element"]: (row["total"], row["answered"])
        for row in Answer.objects.filter(response__survey=survey, element__in=codes)
        .values("element")
        .annotate(total=Sum("score"), answered=Count("pk"))
        .order_by()
    }
    means = {code: calc.mean_of_totals(*totals.get(code, (0, 0))) for code in codes}
    index = calc.skm_index(means.values())
    converted = calc.converted(index)
    letter = calc.grade(converted)
    population = survey.population
    required = calc.krejcie_morgan(population) if population is not None else None
    return SkmResult(
        year=survey.year,
        service_type=survey.service_type,
        respondents=survey.respondent_count,
        element_means=means,
        index=index,
        converted=converted,
        grade=letter,
        grade_label=str(Grade(letter).label) if letter else None,
        population=population,
        required_sample=required,
        sample_sufficient=None if required is None else survey.respondent_count >= required,
        synthetic=survey.synthetic,
    )


Row = tuple[int | None, ...]


def stored_rows(survey: Survey, codes: list[str]) -> list[tuple[str, Row]]:
    """Every response of the survey as ``(channel, row)``, the row's scores in the order of
    ``codes`` (``None`` = not answered). Two queries."""
    responses = dict(Response.objects.filter(survey=survey).values_list("pk", "channel"))
    scores: dict[int, dict[str, int]] = defaultdict(dict)
    for response_id, element, score in Answer.objects.filter(response__survey=survey).values_list(
        "response_id", "element", "score"
    ):
        scores[response_id][element] = score
    return [
        (channel, tuple(scores[pk].get(code) for code in codes))
        for pk, channel in sorted(responses.items())
    ]


def element_order(unit: Unit) -> list[str]:
    """The order in which the unit asks the elements: that of its latest survey (the
    survey of all services first), else the regulation's."""
    latest = (
        Survey.objects.filter(unit=unit)
        .order_by("-year", F("service_type").asc(nulls_first=True))
        .prefetch_related("elements")
        .first()
    )
    codes = latest.element_codes() if latest else []
    return codes if sorted(codes) == sorted(DEFAULT_ELEMENTS) else list(DEFAULT_ELEMENTS)


def order_for_token(unit: Unit, token: str) -> ServiceOrder | None:
    """The unit's service order a survey link's token belongs to."""
    if not token:
        return None
    return ServiceOrder.objects.filter(unit=unit, survey_token=token).first()


def order_has_answered(order: ServiceOrder) -> bool:
    return Response.objects.filter(service_order=order).exists()


def requires_token(unit) -> bool:
    """Whether the unit accepts survey answers only through an order's one-time link."""
    from .models import SurveyPolicy

    return SurveyPolicy.objects.filter(unit=unit, requires_token=True).exists()


@dataclass(frozen=True)
class Burst:
    start: datetime
    end: datetime
    count: int


def bursts(
    unit, *, now=None, days: int = 30, window_minutes: int | None = None, threshold=None
) -> list[Burst]:
    """Stretches of the last ``days`` in which the unit's public form received at least
    ``threshold`` answers within ``window_minutes`` (settings KINERJA_SURVEY_BURST and
    KINERJA_SURVEY_BURST_MINUTES): the mark of a script, or of a kiosk the staff should
    know about. Overlapping windows are merged into one stretch."""
    from django.conf import settings
    from django.utils import timezone

    from .choices import Channel

    now = now or timezone.now()
    window = timedelta(minutes=window_minutes or settings.KINERJA_SURVEY_BURST_MINUTES)
    threshold = threshold or settings.KINERJA_SURVEY_BURST
    times = list(
        Response.objects.filter(
            survey__unit=unit, channel=Channel.WEB, submitted_at__gte=now - timedelta(days=days)
        )
        .order_by("submitted_at")
        .values_list("submitted_at", flat=True)
    )
    found: list[Burst] = []
    first = 0
    for last, at in enumerate(times):
        while at - times[first] > window:
            first += 1
        if last - first + 1 >= threshold:
            start = times[first]
            if found and start <= found[-1].end:
                previous = found.pop()
                count = sum(1 for t in times if previous.start <= t <= at)
                found.append(Burst(previous.start, at, count))
            else:
                found.append(Burst(start, at, last - first + 1))
    return found
