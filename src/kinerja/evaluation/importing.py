"""An evaluation written as a file (the demo's, docs/evaluation.md), replayed through the
same services as the pages: start, self answers, submit, evaluator scores, finish,
recommendations, final approval. Run as a trusted command (no user); every step is in
the history. Loading it again when the evaluation exists changes nothing."""

import datetime as dt

from django.db import transaction

from kinerja.datasets.yamlio import parse
from kinerja.org.models import Unit

from . import services
from .models import Evaluation


@transaction.atomic
def load_evaluation(text: str) -> tuple[Evaluation, bool]:
    data = parse(text)
    _check_shape(data)
    unit = Unit.objects.filter(code=data["unit"]).first()
    if unit is None:
        raise services.EvaluationRefused(f"unit {data['unit']}", "no such unit")
    existing = Evaluation.objects.filter(unit=unit, year=data["year"]).first()
    if existing is not None:
        return existing, False
    evaluation = services.start(None, unit, data["year"], data.get("template"))
    notes = data.get("notes") or {}
    answers = data["answers"]
    for code, (own, _) in answers.items():
        note = notes.get(code, {})
        services.self_answer(
            None,
            evaluation,
            str(code),
            str(own),
            note.get("justification", ""),
            note.get("evidence"),
        )
    services.submit(None, evaluation)
    for code, (_, theirs) in answers.items():
        services.score(None, evaluation, str(code), str(theirs))
    for rec in data.get("recommendations") or []:
        due = rec.get("due")
        services.recommend(
            None, evaluation, rec["text"], due_date=dt.date.fromisoformat(str(due)) if due else None
        )
    services.finish_scoring(None, evaluation, data.get("evaluator", ""))
    services.approve(None, evaluation)
    return evaluation, True


def _check_shape(data) -> None:
    """The file's shape, each problem with its place (the services check the rest)."""
    if not isinstance(data, dict):
        raise services.EvaluationRefused("file", "a mapping with unit, year and answers")
    if not isinstance(data.get("unit"), str) or not isinstance(data.get("year"), int):
        raise services.EvaluationRefused("unit / year", "a unit code and a year are needed")
    answers = data.get("answers")
    if not isinstance(answers, dict) or not answers:
        raise services.EvaluationRefused("answers", "a mapping criterion: [self, evaluator]")
    for code, pair in answers.items():
        if not (isinstance(pair, list) and len(pair) == 2):
            raise services.EvaluationRefused(
                f"answers.{code}", "two answers are needed: [self answer, evaluator answer]"
            )
