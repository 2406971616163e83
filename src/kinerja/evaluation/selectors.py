"""Reading evaluations into plain data: the worksheet and its scores."""

from dataclasses import dataclass

from .calc import ComponentInput, CriterionInput, Result, SubComponentInput, score
from .choices import EvaluationState, RecommendationStatus
from .models import Answer, Evaluation, Recommendation

FINAL_STATES = (EvaluationState.APPROVED, EvaluationState.CLOSED)


def score_of(evaluation: Evaluation, side: str = "evaluator") -> Result:
    """The evaluation's scores from the evaluator's answers (``side="evaluator"``) or the
    unit's own (``"self"``)."""
    return scores_of([evaluation], side)[evaluation.pk]


def scores_of(evaluations, side: str = "evaluator") -> dict[int, Result]:
    """Scores of many evaluations in a fixed number of queries: each template's structure
    once, every answer in one query (the parent's ranking)."""
    field = "evaluator_answer" if side == "evaluator" else "self_answer"
    evaluations = list(evaluations)
    answers: dict[int, dict[int, str]] = {e.pk: {} for e in evaluations}
    rows = Answer.objects.filter(evaluation__in=[e.pk for e in evaluations])
    for evaluation_id, criterion_id, answer in rows.values_list(
        "evaluation_id", "criterion_id", field
    ):
        answers[evaluation_id][criterion_id] = answer
    structures = {}
    out = {}
    for evaluation in evaluations:
        template = evaluation.template
        if template.pk not in structures:
            structures[template.pk] = list(
                template.components.prefetch_related("sub_components__criteria")
            )
        given = answers[evaluation.pk]
        components = [
            ComponentInput(
                component.code,
                component.name,
                component.weight,
                [
                    SubComponentInput(
                        sub.code,
                        sub.kind,
                        sub.weight_pct,
                        [
                            CriterionInput(
                                c.code, given.get(c.pk) or None, template.scale_values(c.scale)
                            )
                            for c in sub.criteria.all()
                        ],
                    )
                    for sub in component.sub_components.all()
                ],
            )
            for component in structures[template.pk]
        ]
        out[evaluation.pk] = score(components)
    return out


def final_evaluation(unit, year: int) -> Evaluation | None:
    return (
        Evaluation.objects.filter(unit=unit, year=year, state__in=FINAL_STATES)
        .select_related("template")
        .first()
    )


def open_recommendations(unit, before_year: int | None = None):
    qs = Recommendation.objects.filter(
        evaluation__unit=unit, status=RecommendationStatus.OPEN
    ).select_related("evaluation", "owner")
    if before_year is not None:
        qs = qs.filter(evaluation__year__lt=before_year)
    return qs


@dataclass(frozen=True)
class EvidenceOption:
    kind: str
    ref: str
    label: str
    url: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.ref}"


def evidence_options(unit, year: int) -> list[EvidenceOption]:
    """What kinerja already holds that a criterion can point to as evidence: the signed
    Perjanjian Kinerja of the year, the Renstra version in force, the approved quarters,
    the issued LAKIN (a handful of queries)."""
    from django.urls import reverse

    from kinerja.measurement.choices import EntryStatus
    from kinerja.measurement.models import QuarterEntry
    from kinerja.planning.choices import AgreementStatus
    from kinerja.planning.models import AgreementVersion, PlanVersion
    from kinerja.reports.models import FinalReport, ReportKind

    out = []
    signed = (
        AgreementVersion.objects.filter(
            agreement__unit=unit, agreement__year=year, status=AgreementStatus.SIGNED
        )
        .order_by("-number")
        .first()
    )
    if signed is not None:
        out.append(
            EvidenceOption(
                "agreement",
                f"{year}/v{signed.number}",
                f"Perjanjian Kinerja {year} versi {signed.number}",
                reverse("planning:agreement", args=[unit.code, year]),
            )
        )
    plan = PlanVersion.objects.filter(plan__unit=unit, in_force=True).select_related("plan")
    for version in plan:
        out.append(
            EvidenceOption(
                "plan_version",
                f"{version.plan.code}/v{version.number}",
                f"Renstra {version.plan.name} versi {version.number}",
                reverse("planning:plan_version", args=[unit.code, version.pk]),
            )
        )
    quarters = sorted(
        set(
            QuarterEntry.objects.filter(
                indicator__version__plan__unit=unit, year=year, status=EntryStatus.APPROVED
            ).values_list("quarter", flat=True)
        )
    )
    if quarters:
        out.append(
            EvidenceOption(
                "quarters",
                f"{year}/" + ",".join(map(str, quarters)),
                f"Realisasi triwulan {year} yang disetujui (TW {', '.join(map(str, quarters))})",
                reverse("measurement:entries", args=[unit.code, year]),
            )
        )
    for report in FinalReport.objects.filter(unit=unit, kind=ReportKind.LAKIN).filter(
        year__in=[year, year - 1]
    ):
        out.append(
            EvidenceOption(
                "lakin",
                f"{report.year}/v{report.version}",
                f"LAKIN {report.year} versi final {report.version}",
                reverse("reports:final_detail", args=[unit.code, report.year, report.pk]),
            )
        )
    return out
