"""The LKE pages: the worksheet (self-assessment, evaluator, final approval,
recommendations) and the parent's ranking. Thin: rights from org.access, every change
through evaluation.services."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.core import uploads
from kinerja.org import access
from kinerja.org.access import Action
from kinerja.org.models import Unit

from . import services
from .choices import EvaluationState as S
from .models import Evaluation, EvidenceFile, Recommendation, Template
from .selectors import (
    FINAL_STATES,
    evidence_options,
    open_recommendations,
    score_of,
    scores_of,
)

NAV = "lke"


def _rows(evaluation: Evaluation):
    """Components → sub-components → criteria with both answers and all scores."""
    own, theirs = score_of(evaluation, "self"), score_of(evaluation)
    answers = {
        a.criterion.code: a
        for a in evaluation.answers.select_related("criterion").prefetch_related("files")
    }
    template = evaluation.template
    out = []
    for comp, own_c, their_c in zip(
        template.components.prefetch_related("sub_components__criteria"),
        own.components,
        theirs.components,
        strict=True,
    ):
        subs = []
        for sub, own_s, their_s in zip(
            comp.sub_components.all(), own_c.sub_components, their_c.sub_components, strict=True
        ):
            criteria = [
                {
                    "criterion": c,
                    "answer": answers[c.code],
                    "choices": list(template.scales[c.scale]["answers"]),
                    "value": k.value,
                }
                for c, k in zip(sub.criteria.all(), their_s.criteria, strict=True)
            ]
            subs.append({"sub": sub, "own": own_s, "theirs": their_s, "criteria": criteria})
        out.append({"component": comp, "own": own_c, "theirs": their_c, "subs": subs})
    return out, own, theirs


def _keys(evidence) -> set[str]:
    return {f"{e.get('kind')}:{e.get('ref')}" for e in evidence or []}


def _may(user, evaluation: Evaluation | None, unit: Unit) -> dict:
    state = evaluation.state if evaluation else None
    self_assess = access.can(user, Action.SELF_ASSESS, unit)
    evaluate = access.can_over(user, Action.EVALUATE, unit)
    approve = access.can_over(user, Action.EVALUATION_APPROVE, unit)
    return {
        "start": self_assess and evaluation is None and Template.objects.exists(),
        "self": self_assess and state == S.SELF_ASSESSMENT,
        "score": evaluate and state == S.SUBMITTED,
        "recommend": evaluate and state in (S.SUBMITTED, S.SCORED, S.APPROVED),
        "approve": approve and state == S.SCORED,
        "close": approve and state == S.APPROVED,
        "follow_up": self_assess and state is not None,
        "rank": unit.has_units_below and access.can(user, Action.REVIEW, unit),
    }


@login_required
@require_http_methods(["GET", "POST"])
def worksheet(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    evaluation = Evaluation.objects.filter(unit=unit, year=year).select_related("template").first()
    may = _may(request.user, evaluation, unit)
    if request.method == "POST":
        try:
            done = _act(request, unit, year, evaluation, may)
        except services.EvaluationRefused as exc:
            messages.error(request, str(exc))
        else:
            if done:
                messages.success(request, done)
        return redirect("evaluation:worksheet", unit.code, year)
    context = {"unit": unit, "year": year, "nav": NAV, "evaluation": evaluation, "may": may}
    if evaluation is not None:
        rows, own, theirs = _rows(evaluation)
        members = get_user_model().objects.filter(memberships__unit=unit).distinct()
        context.update(
            rows=rows,
            own=own,
            theirs=theirs,
            events=evaluation.events.select_related("user").order_by("-at", "-pk")[:20],
            recommendations=evaluation.recommendations.select_related("owner").prefetch_related(
                "files"
            ),
            accept=uploads.ACCEPT,
            max_size=settings.KINERJA_EVIDENCE_MAX_BYTES,
            members=members.order_by("username"),
            evidence_options=evidence_options(unit, year) if may["self"] else [],
        )
    context["earlier_recommendations"] = open_recommendations(unit, before_year=year)
    return render(request, "evaluation/worksheet.html", context)


def _act(request, unit, year, evaluation, may) -> str:
    post, user = request.POST, request.user
    action = post.get("action")
    if action == "start" and may["start"]:
        services.start(user, unit, year)
        return _("Lembar kerja evaluasi dibuat.")
    if evaluation is None:
        return ""
    if action == "save_self":
        options = {o.key: o for o in evidence_options(unit, year)}
        with transaction.atomic():
            for a in evaluation.answers.select_related("criterion"):
                code = a.criterion.code
                answer = post.get(f"self-{code}", a.self_answer)
                text = post.get(f"just-{code}", a.justification)
                evidence = None
                added = options.get(post.get(f"evid-{code}", ""))
                if added is not None and added.key not in _keys(a.evidence):
                    evidence = [
                        *a.evidence,
                        {
                            "kind": added.kind,
                            "ref": added.ref,
                            "label": added.label,
                            "url": added.url,
                        },
                    ]
                if answer and (
                    (answer, text) != (a.self_answer, a.justification) or evidence is not None
                ):
                    services.self_answer(user, evaluation, code, answer, text, evidence)
        return _("Jawaban mandiri disimpan.")
    if action == "submit":
        services.submit(user, evaluation)
        return _("Penilaian mandiri diajukan ke evaluator.")
    if action == "save_scores":
        with transaction.atomic():
            for a in evaluation.answers.select_related("criterion"):
                code = a.criterion.code
                answer = post.get(f"eval-{code}", a.evaluator_answer)
                comment = post.get(f"comment-{code}", a.evaluator_comment)
                if answer and (answer, comment) != (a.evaluator_answer, a.evaluator_comment):
                    services.score(user, evaluation, code, answer, comment)
        return _("Nilai evaluator disimpan.")
    if action == "finish":
        services.finish_scoring(user, evaluation, post.get("evaluator_name", ""))
        return _("Penilaian evaluator selesai; menunggu persetujuan akhir.")
    if action == "return":
        services.return_evaluation(user, evaluation, post.get("comment", ""))
        return _("Evaluasi dikembalikan.")
    if action == "approve":
        services.approve(user, evaluation, post.get("comment", ""))
        return _("Evaluasi disetujui; nilainya menjadi realisasi indikator SAKIP.")
    if action == "close":
        services.close(user, evaluation)
        return _("Evaluasi ditutup.")
    if action == "recommend":
        owner = get_user_model().objects.filter(pk=post.get("owner") or None).first()
        due = post.get("due_date") or None
        services.recommend(
            user,
            evaluation,
            post.get("text", ""),
            owner=owner,
            due_date=dt.date.fromisoformat(due) if due else None,
        )
        return _("Rekomendasi dicatat.")
    if action == "follow_up":
        rec = Recommendation.objects.filter(
            pk=post.get("recommendation"), evaluation__unit=unit
        ).first()
        if rec is None:
            return ""
        url = post.get("evidence_url", "").strip()
        evidence = [{"kind": "url", "ref": url, "label": url}] if url else None
        services.follow_up(user, rec, post.get("text", ""), evidence, done=bool(post.get("done")))
        return _("Tindak lanjut dicatat.")
    if action in ("add_file", "add_follow_up_file"):
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise services.EvaluationRefused(
                f"evaluasi SAKIP {unit.code} {year}, file", _("Pilih berkas yang akan diunggah.")
            )
        if action == "add_file":
            row = services.add_answer_file(user, evaluation, post.get("criterion", ""), uploaded)
        else:
            rec = Recommendation.objects.filter(
                pk=_pk(post.get("recommendation")), evaluation=evaluation
            ).first()
            if rec is None:
                return ""
            row = services.add_follow_up_file(user, rec, uploaded)
        return _("Berkas “%(name)s” diunggah.") % {"name": row.original_name}
    if action == "remove_file":
        row = EvidenceFile.objects.filter(pk=_pk(post.get("file")), evaluation=evaluation).first()
        if row is None:
            return ""
        services.remove_file(user, row)
        return _("Berkas “%(name)s” dihapus.") % {"name": row.original_name}
    return ""


def _pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def ranking(request, unit_code: str, year: int):
    """The parent's units ranked by their approved SAKIP score, components side by side."""
    parent = access.unit_for(request.user, unit_code, Action.REVIEW)
    evaluations = Evaluation.objects.filter(
        unit__in=Unit.objects.descendants_of(parent), year=year, state__in=FINAL_STATES
    ).select_related("unit", "template")
    scores = scores_of(evaluations)
    rows = [(e, scores[e.pk]) for e in evaluations]
    rows.sort(key=lambda r: (-r[1].total, r[0].unit.code))
    names = [c.name for c in rows[0][1].components] if rows else []
    return render(
        request,
        "evaluation/ranking.html",
        {"unit": parent, "year": year, "nav": NAV, "rows": rows, "names": names},
    )


FORMATS = ("xlsx", "docx", "pdf")


@login_required
@require_GET
def download(request, unit_code: str, year: int, fmt: str):
    """The LKE as XLSX (the evaluators' layout), DOCX or PDF, with the score chart."""
    from django.http import Http404, HttpResponse
    from django.utils.http import content_disposition_header

    from kinerja.reports.render.docx import render_docx
    from kinerja.reports.render.pdf import render_pdf
    from kinerja.reports.render.xlsx import render_xlsx
    from kinerja.reports.selectors import CONTENT_TYPES

    from .report import build

    unit = access.unit_for(request.user, unit_code)
    evaluation = (
        Evaluation.objects.filter(unit=unit, year=year).select_related("template", "unit").first()
    )
    if evaluation is None or fmt not in FORMATS:
        raise Http404
    render = {"xlsx": render_xlsx, "docx": render_docx, "pdf": render_pdf}[fmt]
    content = render(build(evaluation))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        True, f"lke-{unit.code}-{year}.{fmt}"
    )
    return response


@login_required
@require_GET
def evidence_file(request, unit_code: str, year: int, pk: int):
    """An evidence file of the evaluation, as a download, to whoever may read the unit's
    evaluation (the unit, its evaluators and reviewers above it); 404 for anyone else."""
    unit = access.unit_for(request.user, unit_code)
    row = get_object_or_404(EvidenceFile, pk=pk, evaluation__unit=unit, evaluation__year=year)
    return uploads.download(row.file, row.original_name, row.content_type)
