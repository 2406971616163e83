"""Every change to an LKE evaluation, one function per state change (DESIGN §6a).

Each runs in one transaction, checks the rights (``org.access``), validates, and writes
the step to the append-only history (``EvaluationEvent``); the models are in the audit
trail too. A refusal is an ``EvaluationRefused`` naming the place and the reason, and
nothing is written. ``user=None`` is a trusted command (the demo loader, ``kinerja``
commands run by the administrator), which has no rights to check, like ``kinerja load``.

Evidence files (``add_answer_file``, ``add_follow_up_file``, ``remove_file``) are checked
and stored as a quarter's evidence is (core/uploads.py): the file is written before its
row and deleted again if anything after it fails (core/storage.py ``files_then_rows``).
"""

import logging

from django.db import transaction

from kinerja.core import storage, uploads
from kinerja.org.access import Action, can, can_over, is_member
from kinerja.org.models import Unit

from . import calc
from .choices import EvaluationState as S
from .choices import EventAction, RecommendationStatus
from .models import (
    Answer,
    Criterion,
    Evaluation,
    EvaluationEvent,
    EvidenceFile,
    Recommendation,
    Template,
    evidence_file_path,
)

logger = logging.getLogger(__name__)

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
    answers = {}
    for criterion in criteria:
        answers[criterion.code] = Answer.objects.create(
            evaluation=evaluation, criterion=criterion, evidence=previous.get(criterion.code, [])
        )
    carried = _carry_files(evaluation, answers)
    comment = f"{carried} evidence file(s) carried over from {year - 1}" if carried else ""
    _event(evaluation, EventAction.CREATE, user, S.SELF_ASSESSMENT, comment=comment)
    return evaluation


def _carry_files(evaluation: Evaluation, answers: dict[str, Answer]) -> int:
    """The previous year's answer files, as rows of the criteria with the same code that
    name the same stored file (nothing is copied; ``remove_file`` deletes a stored file
    only when no row names it any more)."""
    count = 0
    # Locked: a removal of one of them (remove_file) waits for this transaction and then
    # sees the new row naming the stored file, or went first and its row is skipped here.
    earlier = (
        EvidenceFile.objects.filter(
            evaluation__unit=evaluation.unit,
            evaluation__year=evaluation.year - 1,
            answer__isnull=False,
        )
        .select_related("answer__criterion")
        .select_for_update(of=("self",))
    )
    for old in earlier.order_by("created_at", "pk"):
        answer = answers.get(old.answer.criterion.code)
        if answer is None:
            continue
        EvidenceFile.objects.create(
            evaluation=evaluation,
            answer=answer,
            file=old.file.name,
            original_name=old.original_name,
            content_type=old.content_type,
            size=old.size,
            sha256=old.sha256,
            uploaded_by=old.uploaded_by,
            carried_from=old,
        )
        count += 1
    return count


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


# -- evidence files ----------------------------------------------------------------------
def _locked(evaluation: Evaluation) -> Evaluation:
    """The evaluation row, locked: a file is not attached while another request submits
    or closes the evaluation."""
    return (
        Evaluation.objects.select_for_update()
        .select_related("unit", "template")
        .get(pk=evaluation.pk)
    )


def _require_open_recommendation(place: str, recommendation: Recommendation) -> None:
    if recommendation.status != RecommendationStatus.OPEN:
        raise EvaluationRefused(place, "the recommendation is followed up already (done)")


def _store(written, user, evaluation, uploaded_file, place: str, siblings, **owner):
    return uploads.store_evidence(
        written,
        uploaded_file,
        siblings=siblings,
        new_row=lambda **checked: EvidenceFile(
            evaluation=evaluation, uploaded_by=user, **checked, **owner
        ),
        upload_to=evidence_file_path,
        refuse=lambda message: EvaluationRefused(place, message),
        logger=logger,
        log_message="LKE evidence upload: %s",
    )


def add_answer_file(user, evaluation: Evaluation, code: str, uploaded_file) -> EvidenceFile:
    """Attach a file (PDF, PNG, JPEG or WebP) to the answer of criterion ``code`` during
    the self-assessment: by the unit's planning team only (the unit supplies its
    evidence; the evaluator reads it)."""
    with storage.files_then_rows() as written:
        evaluation = _locked(evaluation)
        _require_unit(user, Action.SELF_ASSESS, evaluation)
        _require_state(evaluation, S.SELF_ASSESSMENT, doing="attach evidence files")
        criterion = _criterion(evaluation, code)
        answer = Answer.objects.get(evaluation=evaluation, criterion=criterion)
        place = f"{_where(evaluation)}, criterion {code}, file"
        row = _store(written, user, evaluation, uploaded_file, place, answer.files, answer=answer)
        _event(
            evaluation,
            EventAction.ADD_FILE,
            user,
            evaluation.state,
            comment=row.original_name,
            criterion=code,
        )
    return row


def add_follow_up_file(user, recommendation: Recommendation, uploaded_file) -> EvidenceFile:
    """Attach a file to the follow-up of an open recommendation, by the unit's planning
    team, in whatever state the evaluation is (as the follow-up text)."""
    with storage.files_then_rows() as written:
        evaluation = _locked(recommendation.evaluation)
        _require_unit(user, Action.SELF_ASSESS, evaluation)
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        place = f"{_where(evaluation)}, recommendation {recommendation.pk}, file"
        _require_open_recommendation(place, recommendation)
        row = _store(
            written,
            user,
            evaluation,
            uploaded_file,
            place,
            recommendation.files,
            recommendation=recommendation,
        )
        _event(evaluation, EventAction.ADD_FILE, user, evaluation.state, row.original_name)
    return row


@transaction.atomic
def remove_file(user, evidence_file: EvidenceFile) -> None:
    """Remove an answer's file during the self-assessment, or a follow-up's file while
    the recommendation is open. The stored file is deleted once the removal is committed,
    unless another row (a carried-over copy) still names it."""
    evaluation = _locked(evidence_file.evaluation)
    _require_unit(user, Action.SELF_ASSESS, evaluation)
    row = EvidenceFile.objects.select_related("answer__criterion", "recommendation").get(
        pk=evidence_file.pk
    )
    code = ""
    if row.answer_id is not None:
        code = row.answer.criterion.code
        _require_state(evaluation, S.SELF_ASSESSMENT, doing="remove evidence files")
    else:
        _require_open_recommendation(
            f"{_where(evaluation)}, recommendation {row.recommendation_id}, file",
            row.recommendation,
        )
    name, stored_in = row.file.name, row.file.storage
    row.delete()
    if not EvidenceFile.objects.filter(file=name).exists():
        storage.delete_on_commit(name, stored_in)
    _event(
        evaluation,
        EventAction.REMOVE_FILE,
        user,
        evaluation.state,
        comment=row.original_name,
        criterion=code,
    )
