"""Reading evaluations into plain data: the worksheet and its scores."""

from .calc import ComponentInput, CriterionInput, Result, SubComponentInput, score
from .choices import EvaluationState, RecommendationStatus
from .models import Answer, Evaluation, Recommendation

FINAL_STATES = (EvaluationState.APPROVED, EvaluationState.CLOSED)


def score_of(evaluation: Evaluation, side: str = "evaluator") -> Result:
    """The evaluation's scores from the evaluator's answers (``side="evaluator"``) or the
    unit's own (``"self"``)."""
    field = "evaluator_answer" if side == "evaluator" else "self_answer"
    answers = {
        a.criterion_id: getattr(a, field)
        for a in Answer.objects.filter(evaluation=evaluation).only(
            "criterion_id", "self_answer", "evaluator_answer"
        )
    }
    template = evaluation.template
    components = []
    for component in template.components.prefetch_related("sub_components__criteria"):
        subs = [
            SubComponentInput(
                sub.code,
                sub.kind,
                sub.weight_pct,
                [
                    CriterionInput(
                        c.code, answers.get(c.pk) or None, template.scale_values(c.scale)
                    )
                    for c in sub.criteria.all()
                ],
            )
            for sub in component.sub_components.all()
        ]
        components.append(ComponentInput(component.code, component.name, component.weight, subs))
    return score(components)


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
