"""Quarterly entry pages: the matrix, one quarter's entry with its evidence and workflow
buttons, the evidence download and the entry windows. Thin: access from org.access,
reads from entry_selectors, every write through measurement.workflow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.core import uploads
from kinerja.core.numbers import to_decimal
from kinerja.org import access
from kinerja.org.access import Action

from . import entry_selectors, workflow
from .forms import EntryForm, EvidenceForm, TransitionForm, WindowForm, WindowReopenForm
from .models import Evidence
from .workflow import WorkflowError

NAV = "entries"


@login_required
@require_GET
def entries(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    mine = request.GET.get("perlu") == "1"
    matrix = entry_selectors.entry_matrix(unit, year, request.user, timezone.localdate())
    rows = []
    if matrix is not None:
        rows = [row for row in matrix.rows if row.needs_me] if mine else matrix.rows
    return render(
        request,
        "measurement/entries.html",
        {
            "unit": unit,
            "year": year,
            "nav": NAV,
            "matrix": matrix,
            "rows": rows,
            "mine": mine,
        },
    )


def error_list(*forms) -> list[dict]:
    """Every error of the bound forms for the summary at the top, each field error
    linking to its field."""
    out = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for name, messages_ in form.errors.items():
            if name == NON_FIELD_ERRORS:
                out += [{"text": text, "href": ""} for text in messages_]
                continue
            field = form[name]
            out += [
                {"text": f"{field.label}: {text}", "href": f"#{field.auto_id}"}
                for text in messages_
            ]
    return out


# Workflow buttons: the service, the label of their note, and the success message.
TRANSITIONS = {
    "submit": (
        lambda e, u, c: workflow.submit(e, u, comment=c),
        _("Catatan (tidak wajib)"),
        _("Laporan diajukan untuk diverifikasi."),
    ),
    "verify": (
        lambda e, u, c: workflow.verify(e, u, comment=c),
        _("Catatan verifikasi (tidak wajib)"),
        _("Laporan diverifikasi dan menunggu persetujuan kepala unit."),
    ),
    "return": (
        lambda e, u, c: workflow.return_entry(e, u, comment=c),
        _("Catatan pengembalian (wajib)"),
        _("Laporan dikembalikan kepada pemilik indikator."),
    ),
    "approve": (
        lambda e, u, c: workflow.approve(e, u, comment=c),
        _("Catatan persetujuan (tidak wajib)"),
        _("Laporan disetujui dan dikunci."),
    ),
    "reopen": (
        lambda e, u, c: workflow.reopen(e, u, reason=c),
        _("Alasan membuka kembali (wajib)"),
        _("Laporan dibuka kembali; pemilik indikator dapat memperbaikinya."),
    ),
}
BUTTONS = {
    "submit": _("Ajukan"),
    "verify": _("Verifikasi"),
    "return": _("Kembalikan"),
    "approve": _("Setujui"),
    "reopen": _("Buka kembali"),
}


def _transition_forms(actions, failed=None):
    """The forms of the buttons this user may use; ``failed`` is the bound one."""
    out = []
    for name in ("submit", "verify", "approve", "return", "reopen"):
        if name not in actions:
            continue
        form = (
            failed
            if failed is not None and failed.prefix == name
            else TransitionForm(prefix=name, label=TRANSITIONS[name][1])
        )
        out.append({"name": name, "button": BUTTONS[name], "form": form})
    return out


@login_required
@require_http_methods(["GET", "POST"])
def entry(request, unit_code: str, year: int, quarter: int, code: str):
    """One quarter's entry. The page is one form: the figures, the evidence and the
    workflow buttons post together, so uploading a file or pressing "Ajukan" without
    "Simpan" first saves what was typed (or keeps it on screen when it is refused)."""
    unit = access.unit_for(request.user, unit_code)
    if quarter not in workflow.QUARTER_NUMBERS:
        raise Http404
    item = entry_selectors.agreement_item_by_code(unit, year, code)
    if item is None:
        raise Http404
    indicator = item.indicator
    page = entry_selectors.entry_page(unit, year, quarter, item, request.user, timezone.localdate())
    entry_form = evidence_form = failed = None
    page_errors: list[str] = []

    if request.method == "POST":
        action = request.POST.get("action", "")
        if "remove_evidence" in request.POST:
            action = "remove"
        if action not in ("save", "upload", "remove", *TRANSITIONS):
            return HttpResponseBadRequest(_g("Tindakan tidak dikenal."))
        # The figures were on the page (the user may edit): they are saved with any button.
        # Rights first: a stranger's input is not even parsed (the services check again).
        if action == "save" or "narrative" in request.POST:
            access.require(request.user, Action.ENTER, unit, indicator.code)
            entry_form = _entry_form(page, request.user, data=request.POST)
        if action == "upload" or request.FILES.get("file"):
            access.require(request.user, Action.ENTER, unit, indicator.code)
            evidence_form = EvidenceForm(request.POST, request.FILES)
        if action in TRANSITIONS:
            failed = TransitionForm(request.POST, prefix=action, label=TRANSITIONS[action][1])
        if action == "remove":
            access.require(request.user, Action.ENTER, unit, indicator.code)
        forms_ = [f for f in (entry_form, evidence_form, failed) if f is not None]
        if all(f.is_valid() for f in forms_):
            try:
                # One transaction: a refused request (403 or a rule) leaves no new row.
                with transaction.atomic():
                    done = _apply(request, action, page, entry_form, evidence_form, failed)
            except WorkflowError as exc:
                target = failed or evidence_form or entry_form
                if action == "save" or isinstance(exc, workflow.EntryConflict):
                    target = entry_form or target
                if target is None:
                    page_errors = exc.messages
                else:
                    target.add_error(None, exc)
            else:
                for text in done:
                    messages.success(request, text)
                return redirect("measurement:entry", unit.code, year, quarter, indicator.code)
        # Show the state the request was refused in (nothing was written); what was typed
        # stays in the form.
        page = entry_selectors.entry_page(
            unit, year, quarter, item, request.user, timezone.localdate()
        )

    if entry_form is None:
        entry_form = _entry_form(page, request.user)
    if evidence_form is None:
        evidence_form = EvidenceForm()
    errors = [{"text": text, "href": ""} for text in page_errors]
    errors += error_list(entry_form, evidence_form, failed)
    return render(
        request,
        "measurement/entry.html",
        {
            "unit": unit,
            "year": year,
            "nav": NAV,
            "quarter": quarter,
            "quarter_label": workflow.quarter_label(quarter),
            "page": page,
            "can_edit": "edit" in page.actions,
            "entry_form": entry_form,
            "evidence_form": evidence_form,
            "transitions": _transition_forms(page.actions, failed=failed),
            "errors": errors,
            "version": workflow.entry_version(page.entry),
        },
        status=200,
    )


def _entry_form(page, user, data=None) -> EntryForm:
    """The figures of the page: bound to what was posted, or filled from the entry. The
    quarter target is the planner's: read-only for everyone else."""
    return EntryForm(
        data,
        scale=_scale(page),
        initial={
            "value": None if page.computed is not None else page.value,
            "target": page.initial_target,
            "narrative": page.entry.narrative,
            "explanation": page.entry.explanation,
            **{f"element_{e.code}": v for e, v in page.elements},
        },
        elements=[e for e, _v in page.elements],
        target_editable=access.can(user, Action.PLAN, page.item.indicator.version.plan.unit),
        upper_bound=page.item.indicator.upper_bound,
    )


def _scale(page):
    """The scale of the page's indicator, for the entry form (None: a numeric one)."""
    indicator = page.item.indicator
    return indicator.scale.definition if indicator.scale_id is not None else None


def _unchanged(page, form) -> bool:
    """Nothing typed differs from what is stored: saving would change nothing."""
    data = form.cleaned_data
    stored = {
        "value": None if page.computed is not None else page.value,
        "target": page.initial_target,
        "narrative": page.entry.narrative,
        "explanation": page.entry.explanation,
    }
    typed = {
        "value": data["value"],
        "target": data["target"],
        "narrative": (data["narrative"] or "").strip(),
        "explanation": (data["explanation"] or "").strip(),
    }
    for name in ("value", "target"):
        if typed[name] is not None and typed[name] != "":
            typed[name] = to_decimal(typed[name])
        else:
            typed[name] = None
    elements = form.element_values()
    return typed == stored and all(elements.get(e.code) == v for e, v in page.elements)


def _apply(request, action, page, entry_form, evidence_form, transition_form) -> list[str]:
    """Run the services behind one press of a button: first save what was typed (when it
    differs from what is stored), then the upload, the removal or the workflow step.
    Returns the success messages."""
    indicator, year, quarter = page.item.indicator, page.entry.year, page.entry.quarter
    entry = workflow.entry_for(indicator, year, quarter)
    user = request.user
    done = []
    if entry_form is not None and (action == "save" or not _unchanged(page, entry_form)):
        data = entry_form.cleaned_data
        workflow.save_entry(
            entry,
            user,
            value=data["value"],
            target=data["target"],
            narrative=data["narrative"],
            explanation=data["explanation"],
            elements=entry_form.element_values(),
            seen=request.POST.get("version"),
            above_bound_confirmed=bool(data.get("confirm_above_bound")),
        )
        done.append(_g("Data triwulan disimpan."))
    if evidence_form is not None:
        evidence = workflow.add_evidence(entry, user, evidence_form.cleaned_data["file"])
        done.append(_g("Bukti “%(name)s” diunggah.") % {"name": evidence.original_name})
    if action == "remove":
        try:
            pk = int(request.POST.get("remove_evidence") or request.POST.get("evidence", ""))
        except ValueError:
            raise Http404 from None
        evidence = get_object_or_404(Evidence, pk=pk, entry=entry)
        workflow.remove_evidence(evidence, user)
        done.append(_g("Bukti “%(name)s” dihapus.") % {"name": evidence.original_name})
    if action in TRANSITIONS:
        entry.refresh_from_db()
        service, _label, message = TRANSITIONS[action]
        service(entry, user, transition_form.cleaned_data["comment"])
        done.append(str(message))
    return done


@login_required
@require_GET
def evidence(request, unit_code: str, year: int, quarter: int, code: str, pk: int):
    """An evidence file, as a download, to anyone who may read the unit (404 otherwise:
    another unit's files do not even exist for them)."""
    unit = access.unit_for(request.user, unit_code)
    item = get_object_or_404(
        Evidence.objects.select_related("entry"),
        pk=pk,
        entry__year=year,
        entry__quarter=quarter,
        entry__indicator__code=code,
        entry__indicator__version__plan__unit=unit,
    )
    return uploads.download(item.file, item.original_name, item.content_type)


@login_required
@require_http_methods(["GET", "POST"])
def windows(request, unit_code: str, year: int):
    unit = access.unit_for(request.user, unit_code)
    user = request.user
    may_plan = access.can(user, Action.PLAN, unit)
    may_reopen = may_plan or access.can(user, Action.REOPEN, unit)
    today = timezone.localdate()
    bound = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            quarter = int(request.POST.get("quarter", ""))
        except ValueError:
            quarter = 0
        if action not in ("set", "reopen") or quarter not in workflow.QUARTER_NUMBERS:
            return HttpResponseBadRequest(_g("Tindakan tidak dikenal."))
        if action == "set":
            if not may_plan:
                raise PermissionDenied
            form = WindowForm(request.POST, prefix=f"q{quarter}")
        else:
            if not may_reopen:
                raise PermissionDenied
            form = WindowReopenForm(request.POST, prefix=f"buka{quarter}")
        bound[(action, quarter)] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "set":
                    workflow.set_window(
                        unit, year, quarter, data["opens_on"], data["closes_on"], user
                    )
                    done = _g("Jadwal %(quarter)s disimpan.")
                else:
                    window = workflow.windows_of(unit, year).get(quarter)
                    if window is None:
                        raise Http404
                    workflow.reopen_window(window, data["until"], data["reason"], user)
                    done = _g("Jadwal %(quarter)s dibuka kembali.")
            except WorkflowError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, done % {"quarter": workflow.quarter_label(quarter)})
                return redirect("measurement:windows", unit.code, year)

    existing = workflow.windows_of(unit, year)
    rows = []
    for quarter in workflow.QUARTER_NUMBERS:
        window = existing.get(quarter)
        state = workflow.state_of(window, today)
        set_form = reopen_form = None
        if may_plan:
            set_form = bound.get(("set", quarter)) or WindowForm(
                prefix=f"q{quarter}",
                initial={
                    "opens_on": window.opens_on if window else None,
                    "closes_on": window.closes_on if window else None,
                },
            )
        if may_reopen and state == workflow.WindowState.CLOSED:
            reopen_form = bound.get(("reopen", quarter)) or WindowReopenForm(
                prefix=f"buka{quarter}"
            )
        rows.append(
            {
                "quarter": quarter,
                "label": workflow.quarter_label(quarter),
                "window": window,
                "state": state,
                "set_form": set_form,
                "reopen_form": reopen_form,
            }
        )
    return render(
        request,
        "measurement/windows.html",
        {
            "unit": unit,
            "year": year,
            "nav": NAV,
            "rows": rows,
            "may_plan": may_plan,
            "errors": error_list(*bound.values()),
            "today": today,
        },
    )
