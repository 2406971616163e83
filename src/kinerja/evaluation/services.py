"""Every change to an LKE evaluation, one function per state change (DESIGN §6a).

Each runs in one transaction, checks the rights (``org.access``), validates, and writes
the step to the append-only history (``EvaluationEvent``); the models are in the audit
trail too. A refusal is an ``EvaluationRefused`` naming the place and the reason, and
nothing is written. ``user=None`` is a trusted command (the demo loader, ``kinerja``
commands run by the administrator), which has no rights to check, like ``kinerja load``.
"""

from django.db import transaction

from kinerja.org.access import Action, can, can_over, is_member
from kinerja.org.models import Unit

from . import calc
from .choices import EvaluationState as S
from .choices import EventAction, RecommendationStatus
from .models import Answer, Criterion, Evaluation, EvaluationEvent, Recommendation, Template

DEFAULT_TEMPLATE = "permenpanrb-88-2021"
EVIDENCE_KINDS = ("agreement", "plan_version", "quarters", "lakin", "consistency", "url")


class EvaluationRefused(Exception):
    def __init__(self, place: str, reason: str):
        self.place, self.reason = place, reason
        super().__init__(f"{place}: {reason}")


def _event(evaluation, action, user, from_state, comment="", criterion="", answer=""):
    EvaluationEvent.objects.create(
        evaluation=evaluation,
        action=action,
        from_state=from_state,
        to_state=evaluation.state,
        user=user,
        comment=comment,
        criterion=criterion,
        answer=answer,
    )


def _where(evaluation: Evaluation) -> str:
    return f"evaluasi SAKIP {evaluation.unit.code} {evaluation.year}"


def _require_unit(user, action: Action, evaluation: Evaluation) -> None:
    if user is not None and not can(user, action, evaluation.unit):
        raise EvaluationRefused(_where(evaluation), "you have no right to do this in this unit")


def _require_over(user, action: Action, evaluation: Evaluation) -> None:
    if user is None:
        return
    if is_member(user, evaluation.unit):
        raise EvaluationRefused(
            _where(evaluation),
            f"{user.get_username()} is a member of {evaluation.unit.code}: nobody evaluates "
            "their own unit",
        )
    if not can_over(user, action, evaluation.unit):
        raise EvaluationRefused(
            _where(evaluation), "you evaluate no unit above this one (role in a parent unit)"
        )


def _require_state(evaluation: Evaluation, *states: str, doing: str) -> None:
    if evaluation.state == S.CLOSED:
        raise EvaluationRefused(_where(evaluation), f"the evaluation is closed; cannot {doing}")
    if evaluation.state not in states:
        raise EvaluationRefused(
            _where(evaluation),
            f"cannot {doing} while the evaluation is {evaluation.get_state_display()}",
        )


def _criterion(evaluation: Evaluation, code: str) -> Criterion:
    criterion = Criterion.objects.filter(
        sub_component__component__template=evaluation.template, code=code
    ).first()
    if criterion is None:
        raise EvaluationRefused(
            f"{_where(evaluation)}, criterion {code}",
            f"no such criterion in template {evaluation.template.code}",
        )
    return criterion


def _check_answer(evaluation: Evaluation, criterion: Criterion, answer: str, field: str) -> None:
    scale = evaluation.template.scale_values(criterion.scale)
    try:
        calc.answer_value(criterion.code, answer, scale)
    except calc.AnswerOutsideScale:
        raise EvaluationRefused(
            f"{_where(evaluation)}, criterion {criterion.code}, {field}",
            f"{answer!r} is not on the scale {criterion.scale} ({', '.join(scale)})",
        ) from None


def _check_evidence(evaluation: Evaluation, code: str, evidence) -> list[dict]:
    out = []
    for i, item in enumerate(evidence or []):
        if not isinstance(item, dict) or item.get("kind") not in EVIDENCE_KINDS:
            raise EvaluationRefused(
                f"{_where(evaluation)}, criterion {code}, evidence[{i}]",
                f"kind must be one of {', '.join(EVIDENCE_KINDS)}",
            )
        if not str(item.get("ref", "")).strip():
            raise EvaluationRefused(
                f"{_where(evaluation)}, criterion {code}, evidence[{i}]", "ref is empty"
            )
        link = {"kind": item["kind"], "ref": str(item["ref"]), "label": item.get("label", "")}
        if str(item.get("url", "")).startswith("/"):  # a page of kinerja itself
            link["url"] = item["url"]
        out.append(link)
    return out


@transaction.atomic
def start(user, unit: Unit, year: int, template_code: str | None = None) -> Evaluation:
    """Open the unit's evaluation of ``year`` on a template, with one answer row per
    criterion; the previous year's evidence is carried over where the criterion is the
    same (same code), for the unit to confirm."""
    code = template_code or DEFAULT_TEMPLATE
    template = Template.objects.filter(code=code).first()
    if template is None:
        raise EvaluationRefused(
            f"evaluasi SAKIP {unit.code} {year}, template",
            f"no template {code!r} is loaded (kinerja lke_template)",
        )
    if user is not None and not can(user, Action.SELF_ASSESS, unit):
        raise EvaluationRefused(f"evaluasi SAKIP {unit.code} {year}", "you have no right here")
    if Evaluation.objects.filter(unit=unit, year=year).exists():
        raise EvaluationRefused(f"evaluasi SAKIP {unit.code} {year}", "it exists already")
    evaluation = Evaluation.objects.create(unit=unit, year=year, template=template)
    previous = {
        a.criterion.code: a.evidence
        for a in Answer.objects.filter(evaluation__unit=unit, evaluation__year=year - 1)
        .select_related("criterion")
        .exclude(evidence=[])
    }
    criteria = Criterion.objects.filter(sub_component__component__template=template)
    for criterion in criteria:
        Answer.objects.create(
            evaluation=evaluation, criterion=criterion, evidence=previous.get(criterion.code, [])
        )
    _event(evaluation, EventAction.CREATE, user, S.SELF_ASSESSMENT)
    return evaluation


@transaction.atomic
def self_answer(
    user, evaluation: Evaluation, code: str, answer: str, justification: str = "", evidence=None
) -> Answer:
    _require_unit(user, Action.SELF_ASSESS, evaluation)
    _require_state(evaluation, S.SELF_ASSESSMENT, doing="change the self-assessment")
    criterion = _criterion(evaluation, code)
    _check_answer(evaluation, criterion, answer, "self answer")
    row = Answer.objects.get(evaluation=evaluation, criterion=criterion)
    row.self_answer, row.justification = answer, justification
    if evidence is not None:
        row.evidence = _check_evidence(evaluation, code, evidence)
    row.save()
    _event(
        evaluation, EventAction.SELF_ANSWER, user, evaluation.state, criterion=code, answer=answer
    )
    return row


def _missing(evaluation: Evaluation, field: str) -> list[str]:
    return list(
        evaluation.answers.filter(**{field: ""})
        .order_by(
            "criterion__sub_component__component__order",
            "criterion__sub_component__order",
            "criterion__order",
        )
        .values_list("criterion__code", flat=True)
    )


def _transition(evaluation, user, action, to_state, comment=""):
    before = evaluation.state
    evaluation.state = to_state
    evaluation.save(update_fields=["state", "updated_at"])
    _event(evaluation, action, user, before, comment=comment)


@transaction.atomic
def submit(user, evaluation: Evaluation) -> Evaluation:
    _require_unit(user, Action.SELF_ASSESS, evaluation)
    _require_state(evaluation, S.SELF_ASSESSMENT, doing="submit")
    missing = _missing(evaluation, "self_answer")
    if missing:
        raise EvaluationRefused(
            _where(evaluation), f"criteria without a self answer: {', '.join(missing[:10])}"
        )
    _transition(evaluation, user, EventAction.SUBMIT, S.SUBMITTED)
    return evaluation


@transaction.atomic
def score(user, evaluation: Evaluation, code: str, answer: str, comment: str = "") -> Answer:
    """The evaluator's answer to one criterion (the one the score is computed from)."""
    _require_state(evaluation, S.SUBMITTED, doing="score")
    _require_over(user, Action.EVALUATE, evaluation)
    criterion = _criterion(evaluation, code)
    _check_answer(evaluation, criterion, answer, "evaluator answer")
    row = Answer.objects.get(evaluation=evaluation, criterion=criterion)
    row.evaluator_answer, row.evaluator_comment = answer, comment
    row.save()
    _event(evaluation, EventAction.SCORE, user, evaluation.state, comment, code, answer)
    return row


@transaction.atomic
def finish_scoring(user, evaluation: Evaluation, evaluator_name: str = "") -> Evaluation:
    _require_state(evaluation, S.SUBMITTED, doing="finish scoring")
    _require_over(user, Action.EVALUATE, evaluation)
    missing = _missing(evaluation, "evaluator_answer")
    if missing:
        raise EvaluationRefused(
            _where(evaluation), f"criteria the evaluator has not scored: {', '.join(missing[:10])}"
        )
    if evaluator_name:
        evaluation.evaluator_name = evaluator_name
        evaluation.save(update_fields=["evaluator_name", "updated_at"])
    _transition(evaluation, user, EventAction.FINISH_SCORING, S.SCORED)
    return evaluation


@transaction.atomic
def return_evaluation(user, evaluation: Evaluation, comment: str) -> Evaluation:
    """Back one tier, with a reason: the evaluator to the unit, the final reviewer to the
    evaluator."""
    if not (comment or "").strip():
        raise EvaluationRefused(f"{_where(evaluation)}, comment", "a reason is needed")
    _require_state(evaluation, S.SUBMITTED, S.SCORED, doing="return")
    if evaluation.state == S.SUBMITTED:
        _require_over(user, Action.EVALUATE, evaluation)
        to_state = S.SELF_ASSESSMENT
    else:
        _require_over(user, Action.EVALUATION_APPROVE, evaluation)
        to_state = S.SUBMITTED
    _transition(evaluation, user, EventAction.RETURN, to_state, comment)
    return evaluation


@transaction.atomic
def approve(user, evaluation: Evaluation, comment: str = "") -> Evaluation:
    """Final approval: the total becomes the realization of the unit's SAKIP indicator
    (method ``lke_evaluation``). Not by the person who scored it."""
    _require_state(evaluation, S.SCORED, doing="approve")
    _require_over(user, Action.EVALUATION_APPROVE, evaluation)
    if (
        user is not None
        and evaluation.events.filter(
            user=user, action__in=[EventAction.SCORE, EventAction.FINISH_SCORING]
        ).exists()
    ):
        raise EvaluationRefused(
            _where(evaluation), "the final approval is by someone other than the evaluator"
        )
    _transition(evaluation, user, EventAction.APPROVE, S.APPROVED, comment)
    _refresh(evaluation)
    return evaluation


@transaction.atomic
def close(user, evaluation: Evaluation) -> Evaluation:
    _require_state(evaluation, S.APPROVED, doing="close")
    _require_over(user, Action.EVALUATION_APPROVE, evaluation)
    _transition(evaluation, user, EventAction.CLOSE, S.CLOSED)
    return evaluation


def _refresh(evaluation: Evaluation) -> None:
    from kinerja.measurement.services import refresh_computed

    refresh_computed(evaluation.unit, [evaluation.year])


@transaction.atomic
def recommend(user, evaluation: Evaluation, text: str, owner=None, due_date=None):
    if not (text or "").strip():
        raise EvaluationRefused(f"{_where(evaluation)}, recommendation", "the text is empty")
    _require_state(evaluation, S.SUBMITTED, S.SCORED, S.APPROVED, doing="recommend")
    _require_over(user, Action.EVALUATE, evaluation)
    rec = Recommendation.objects.create(
        evaluation=evaluation, text=text.strip(), owner=owner, due_date=due_date
    )
    _event(evaluation, EventAction.RECOMMEND, user, evaluation.state, text.strip())
    return rec


@transaction.atomic
def follow_up(user, recommendation: Recommendation, text: str, evidence=None, done=False):
    evaluation = recommendation.evaluation
    _require_unit(user, Action.SELF_ASSESS, evaluation)
    if not (text or "").strip():
        raise EvaluationRefused(f"{_where(evaluation)}, follow-up", "the text is empty")
    recommendation.follow_up = text.strip()
    if evidence is not None:
        recommendation.follow_up_evidence = _check_evidence(evaluation, "follow-up", evidence)
    if done:
        recommendation.status = RecommendationStatus.DONE
    recommendation.save()
    _event(evaluation, EventAction.FOLLOW_UP, user, evaluation.state, text.strip())
    return recommendation
