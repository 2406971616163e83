"""Quarterly entry of one indicator: its figure, narrative and evidence, and the approval
workflow (owner submits → coordinator verifies or returns → head approves; an approved
quarter is locked until it is reopened with a reason).

Every service checks access itself (org.access), so the pages, an importer and the
command line share one rule. Writes run in one transaction with the entry row locked
(select_for_update), so two people acting on the same quarter cannot both move it; every
status change leaves a WorkflowEvent. docs/quarterly-entry.md describes the rules.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import DecimalValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from kinerja.audit.context import audit_context
from kinerja.core import storage, uploads
from kinerja.core.models import MEASURE_DIGITS, MEASURE_PLACES
from kinerja.core.numbers import format_id, to_decimal
from kinerja.core.text import check_lengths
from kinerja.org import access
from kinerja.org.access import Action
from kinerja.org.models import Unit
from kinerja.planning.choices import Frequency, Method, Polarity
from kinerja.planning.models import Agreement, AgreementIndicator, Indicator

from . import calc
from .choices import EntryStatus, Period, WorkflowAction
from .methods import Computed, compute
from .models import (
    EntryWindow,
    Evidence,
    QuarterEntry,
    Realization,
    WorkflowEvent,
    evidence_path,
)

logger = logging.getLogger(__name__)

QUARTER_NUMBERS = (1, 2, 3, 4)


class WorkflowError(ValidationError):
    """An entry, upload or transition that was refused, with the reason in the user's
    words. Keyed by field (value, target, explanation, comment, file, opens_on, …) when
    the problem belongs to one, so a form can show it next to that field."""


class EntryConflict(WorkflowError):
    """Someone else saved the entry after this user opened it: nothing was written, and
    the message says who changed what since."""


# -- small helpers ------------------------------------------------------------------------
def entry_unit(entry: QuarterEntry) -> Unit:
    return entry.indicator.version.plan.unit


def quarter_label(quarter: int) -> str:
    return str(Period(f"q{quarter}").label)


def status_label(status: str) -> str:
    return str(EntryStatus(status).label)


def is_computed(indicator: Indicator) -> bool:
    return indicator.method != Method.MANUAL


def show_number(value: Decimal | None) -> str:
    """A measure in Indonesian notation with the decimals it has (40 → 40, 58.77 → 58,77)."""
    number = to_decimal(value)
    if number is None:
        return "–"
    places = min(max(-number.normalize().as_tuple().exponent, 0), MEASURE_PLACES)
    return format_id(number, places)


def show_date(day: date) -> str:
    return date_format(day, "j F Y")


def _measure(field: str, value) -> Decimal | None:
    """A typed figure checked as the database column will hold it (an importer or the CLI
    may call the services without a form)."""
    if value is None or value == "":
        return None
    try:
        number = to_decimal(value)
        DecimalValidator(MEASURE_DIGITS, MEASURE_PLACES)(number)
    except (TypeError, ValueError):
        raise WorkflowError({field: _("“%(value)s” bukan angka.") % {"value": value}}) from None
    except ValidationError as exc:
        raise WorkflowError({field: exc.messages}) from None
    return number


def _level(field: str, indicator: Indicator, value):
    """On a scale, a figure is a level: written by its code or label, or given as its
    score (the entry form's choices); anything else is refused naming the levels."""
    if indicator.scale_id is None or value is None or value == "":
        return value
    scale = indicator.scale.definition
    level = scale.level(value)
    if level is None:
        try:
            level = scale.by_score(value)
        except (TypeError, ValueError):
            level = None
    if level is None:
        raise WorkflowError(
            {
                field: _("“%(value)s” bukan tingkat skala %(scale)s; tingkatnya: %(levels)s.")
                % {"value": value, "scale": scale.name, "levels": ", ".join(scale.codes)}
            }
        )
    return level.score


def _check_quarter(quarter: int) -> None:
    if quarter not in QUARTER_NUMBERS:
        raise WorkflowError(_("Triwulan harus 1, 2, 3 atau 4, bukan %(q)s.") % {"q": quarter})


# -- reading what an entry is judged against ------------------------------------------------
def entry_for(indicator: Indicator, year: int, quarter: int) -> QuarterEntry:
    """The indicator's entry for the quarter, created as a draft the first time."""
    _check_quarter(quarter)
    entry, _created = QuarterEntry.objects.get_or_create(
        indicator=indicator, year=year, quarter=quarter
    )
    return entry


def agreement_item(indicator: Indicator, year: int) -> AgreementIndicator | None:
    """The indicator's line (annual target) in the in-force version of the unit's
    Perjanjian Kinerja for ``year``; None when the agreement does not promise it."""
    agreement = Agreement.objects.filter(unit_id=indicator.version.plan.unit_id, year=year).first()
    version = agreement.version_in_force() if agreement else None
    if version is None:
        return None
    return version.items.filter(indicator=indicator).first()


def computed_value(indicator: Indicator, year: int, quarter: int | None = None) -> Computed | None:
    """What the unit's records give for a computed indicator (the year so far); None for
    an indicator typed in by hand. An indicator computed by a formula from data elements
    is evaluated for the quarter when one is given."""
    if not is_computed(indicator):
        return None
    if indicator.method == Method.FORMULA:
        from .elements import evaluate_indicator

        return evaluate_indicator(indicator, year, f"q{quarter}" if quarter else Period.YEAR)
    return compute(indicator.method, indicator.version.plan.unit, year, indicator.method_params)


def entry_period(indicator: Indicator, quarter: int) -> str | None:
    """The realization period a quarter's report writes (``Indicator.frequency``): the
    quarter itself; for an indicator reported per semester the semester that ends with
    quarter II or IV; for a yearly one the year, at quarter IV; None in the quarters in
    which the indicator reports nothing."""
    frequency = getattr(indicator, "frequency", Frequency.QUARTERLY)
    if frequency == Frequency.SEMIANNUAL:
        return {2: "s1", 4: "s2"}.get(quarter)
    if frequency == Frequency.ANNUAL:
        return "year" if quarter == 4 else None
    return f"q{quarter}"


def typed_value(entry: QuarterEntry) -> Decimal | None:
    """The quarter's Realization row of a manual indicator (its semester's or year's row
    for an indicator reported less often, ``entry_period``)."""
    period = entry_period(entry.indicator, entry.quarter)
    if period is None:
        return None
    row = Realization.objects.filter(
        indicator_id=entry.indicator_id, year=entry.year, period=period
    ).first()
    return None if row is None else row.value


def quarter_value(entry: QuarterEntry) -> Decimal | None:
    if is_computed(entry.indicator):
        result = computed_value(entry.indicator, entry.year, entry.quarter)
        return result.value if result else None
    return typed_value(entry)


def judged_target(
    indicator: Indicator,
    quarter: int,
    quarter_target: Decimal | None,
    item: AgreementIndicator | None,
) -> calc.TargetValue | None:
    """The target a quarter's value is judged against: the quarter's own (cumulative)
    target; for Q4 without one, the agreement target. A range indicator is judged
    against the agreement band in every quarter (a band has no single quarter figure)."""
    if indicator.polarity == Polarity.RANGE:
        return item.target_value if item else None
    if quarter_target is not None:
        return calc.TargetValue(quarter_target)
    if quarter == 4 and item is not None:
        return item.target_value
    return None


def below_target(
    indicator: Indicator, value: Decimal | None, target: calc.TargetValue | None
) -> bool:
    """Is the value short of the target in the indicator's direction (calc.achievement
    below 100 %)? Nothing to compare (no value, no or N/A target) is not "below"."""
    plan = indicator.version.plan
    result = calc.achievement(
        target,
        value,
        indicator.polarity,
        cap=plan.achievement_cap,
        lower_formula=plan.lower_is_better_formula,
        on_scale=indicator.scale_id is not None,
    )
    return result.status == calc.Status.NOT_ACHIEVED


def target_deviation(
    indicator: Indicator,
    quarter: int,
    quarter_target: Decimal | None,
    item: AgreementIndicator | None,
) -> str | None:
    """Why the quarter's target departs from the Perjanjian Kinerja, or None.

    Q4 is the year's end, so its target must equal the agreement target; any quarter's
    (cumulative) target must not be beyond the annual one in the indicator's direction:
    above it when higher is better, below it when lower is better, outside the band for
    a range indicator."""
    if quarter_target is None or item is None or item.target is None:
        return None
    annual, upper = item.target, item.target_max
    params = {
        "quarter": quarter_label(quarter),
        "target": show_number(quarter_target),
        "annual": show_number(annual),
        "upper": show_number(upper),
    }
    if indicator.polarity == Polarity.RANGE:
        if upper is not None and not (annual <= quarter_target <= upper):
            return (
                _g(
                    "target %(quarter)s (%(target)s) di luar rentang Perjanjian Kinerja "
                    "(%(annual)s–%(upper)s)"
                )
                % params
            )
        return None
    if quarter == 4 and quarter_target != annual:
        return (
            _g(
                "target %(quarter)s (%(target)s) berbeda dari target Perjanjian Kinerja "
                "(%(annual)s)"
            )
            % params
        )
    if indicator.polarity == Polarity.HIGHER_IS_BETTER and quarter_target > annual:
        return (
            _g(
                "target %(quarter)s (%(target)s) melebihi target tahunan Perjanjian Kinerja "
                "(%(annual)s)"
            )
            % params
        )
    if indicator.polarity == Polarity.LOWER_IS_BETTER and quarter_target < annual:
        return (
            _g(
                "target %(quarter)s (%(target)s) lebih rendah dari target tahunan Perjanjian "
                "Kinerja (%(annual)s), padahal semakin rendah semakin baik"
            )
            % params
        )
    return None


def explanation_reasons(
    indicator: Indicator,
    quarter: int,
    value: Decimal | None,
    quarter_target: Decimal | None,
    item: AgreementIndicator | None,
) -> list[str]:
    """Why this quarter needs a written explanation (empty list: it does not)."""
    reasons = []
    target = judged_target(indicator, quarter, quarter_target, item)
    if below_target(indicator, value, target):
        reasons.append(
            _g("Penjelasan wajib diisi: realisasi %(value)s di bawah target %(target)s.")
            % {"value": show_number(value), "target": _show_target(target)}
        )
    deviation = target_deviation(indicator, quarter, quarter_target, item)
    if deviation:
        reasons.append(_g("Penjelasan wajib diisi: %(why)s.") % {"why": deviation})
    return reasons


def _show_target(target: calc.TargetValue | None) -> str:
    if target is None:
        return "–"
    if target.max_value is not None:
        return f"{show_number(target.value)}–{show_number(target.max_value)}"
    return show_number(target.value)


# -- entry windows ------------------------------------------------------------------------
class WindowState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    NOT_SET = "not_set"

    @property
    def label(self) -> str:
        return str(_WINDOW_LABELS[self])


_WINDOW_LABELS = {
    WindowState.OPEN: _("Dibuka"),
    WindowState.CLOSED: _("Ditutup"),
    WindowState.NOT_SET: _("Belum dijadwalkan"),
}


def state_of(window: EntryWindow | None, today: date) -> WindowState:
    if window is None:
        return WindowState.NOT_SET
    return WindowState.OPEN if window.is_open_on(today) else WindowState.CLOSED


def window_state(unit: Unit, year: int, quarter: int, today: date | None = None) -> WindowState:
    """Is the unit's quarter open for entry today? No window set means open."""
    window = EntryWindow.objects.filter(unit=unit, year=year, quarter=quarter).first()
    return state_of(window, today or timezone.localdate())


def windows_of(unit: Unit, year: int) -> dict[int, EntryWindow]:
    return {w.quarter: w for w in EntryWindow.objects.filter(unit=unit, year=year)}


def describe_window(window: EntryWindow) -> str:
    text = _g("%(opens)s s.d. %(closes)s") % {
        "opens": show_date(window.opens_on),
        "closes": show_date(window.closes_on),
    }
    if window.reopened_until:
        text += _g(", dibuka kembali sampai %(until)s") % {
            "until": show_date(window.reopened_until)
        }
    return text


def _require_window_open(unit: Unit, year: int, quarter: int, today: date) -> None:
    refusal = _window_refusal(unit, year, quarter, today)
    if refusal:
        raise WorkflowError(refusal)


def _window_refusal(unit: Unit, year: int, quarter: int, today: date) -> str | None:
    window = EntryWindow.objects.filter(unit=unit, year=year, quarter=quarter).first()
    if window is None or window.is_open_on(today):
        return None
    return str(
        _g(
            "Jadwal pengisian %(quarter)s %(year)s adalah %(dates)s; hari ini (%(today)s) "
            "di luar jadwal. Perencana harus membuka kembali jadwal ini sebelum data "
            "dapat diisi atau diajukan."
        )
        % {
            "quarter": quarter_label(quarter),
            "year": year,
            "dates": describe_window(window),
            "today": show_date(today),
        }
    )


@transaction.atomic
def set_window(
    unit: Unit, year: int, quarter: int, opens_on: date | None, closes_on: date | None, user
) -> EntryWindow:
    """Set (or change) when the unit's quarter is open for entry (planner)."""
    access.require(user, Action.PLAN, unit)
    _check_quarter(quarter)
    errors = {}
    if opens_on is None:
        errors["opens_on"] = _("Isi tanggal dibuka.")
    if closes_on is None:
        errors["closes_on"] = _("Isi tanggal ditutup.")
    if not errors and closes_on < opens_on:
        errors["closes_on"] = _g(
            "Tanggal ditutup (%(closes)s) tidak boleh sebelum tanggal dibuka (%(opens)s)."
        ) % {"closes": show_date(closes_on), "opens": show_date(opens_on)}
    if errors:
        raise WorkflowError(errors)
    window, _created = EntryWindow.objects.update_or_create(
        unit=unit,
        year=year,
        quarter=quarter,
        defaults={"opens_on": opens_on, "closes_on": closes_on},
    )
    return window


def reopen_window(
    window: EntryWindow, until: date | None, reason: str, user, *, today: date | None = None
) -> EntryWindow:
    """Open a closed quarter again until ``until`` (planner or head), with the reason."""
    if not (
        access.can(user, Action.PLAN, window.unit) or access.can(user, Action.REOPEN, window.unit)
    ):
        raise PermissionDenied
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    errors = {}
    if until is None:
        errors["until"] = _("Isi sampai tanggal berapa jadwal dibuka kembali.")
    elif until < today:
        errors["until"] = _g("Tanggal %(until)s sudah lewat; pilih hari ini atau sesudahnya.") % {
            "until": show_date(until)
        }
    if not reason:
        errors["reason"] = _("Tuliskan alasan membuka kembali jadwal ini.")
    if errors:
        raise WorkflowError(errors)
    with transaction.atomic(), audit_context(reason=reason):
        locked = EntryWindow.objects.select_for_update().get(pk=window.pk)
        if locked.is_open_on(today):
            raise WorkflowError(
                _g(
                    "Jadwal %(quarter)s masih dibuka (%(dates)s); ubah tanggal ditutup bila "
                    "perlu diperpanjang."
                )
                % {"quarter": quarter_label(locked.quarter), "dates": describe_window(locked)}
            )
        locked.reopened_until = until
        locked.reopen_reason = reason
        locked.save(update_fields=["reopened_until", "reopen_reason", "updated_at"])
    window.reopened_until, window.reopen_reason = until, reason
    return window


# -- what a user may do with an entry -----------------------------------------------------
# Actions a person is waiting for (the "perlu tindakan saya" filter); "edit" and the
# follow-ups (return, reopen) are possible but nobody is waiting for them.
NEEDS_ACTION = frozenset({"submit", "verify", "approve"})


def allowed_actions(user, unit: Unit, code: str, status: str, *, window_open: bool) -> frozenset:
    """What ``user`` may do with an entry of indicator ``code`` in ``status``: edit,
    submit, verify, return, approve, reopen. The services enforce the same rules."""
    out = set()
    editable = status in (EntryStatus.DRAFT, EntryStatus.RETURNED) and window_open
    if editable and access.can(user, Action.ENTER, unit, code):
        out |= {"edit", "submit"}
    may_verify = access.can(user, Action.VERIFY, unit)
    if status == EntryStatus.SUBMITTED and may_verify:
        out |= {"verify", "return"}
    if status == EntryStatus.VERIFIED:
        if access.can(user, Action.APPROVE, unit):
            out |= {"approve", "return"}
        elif may_verify:
            out.add("return")
    if status == EntryStatus.APPROVED and access.can(user, Action.REOPEN, unit):
        out.add("reopen")
    return frozenset(out)


# -- saving an entry ----------------------------------------------------------------------
def _lock(entry: QuarterEntry) -> QuarterEntry:
    return (
        QuarterEntry.objects.select_for_update()
        .select_related("indicator__version__plan__unit")
        .get(pk=entry.pk)
    )


def _offered_target(entry: QuarterEntry) -> Decimal | None:
    """The quarter target in effect when none is saved: for Q4, the agreement target (the
    entry page offers it); for other quarters none."""
    if entry.target is not None or entry.quarter != 4:
        return entry.target
    item = agreement_item(entry.indicator, entry.year)
    return item.target if item else None


def entry_version(entry: QuarterEntry) -> str:
    """What a page remembers of the entry it showed, to detect a lost update: the time of
    its last save ("" for an entry nobody has saved yet)."""
    return entry.updated_at.isoformat() if entry.pk and entry.updated_by_id else ""


def _conflict(locked: QuarterEntry, seen: str) -> EntryConflict | None:
    """The conflict when ``locked`` changed since the page showed version ``seen``."""
    if entry_version(locked) == seen:
        return None
    from kinerja.audit.models import Change
    from kinerja.audit.selectors import with_rows

    since = None
    if seen:
        try:
            since = datetime.fromisoformat(seen)
        except ValueError:
            since = None
    period = entry_period(locked.indicator, locked.quarter)
    realizations = Realization.objects.filter(
        indicator=locked.indicator, year=locked.year, period=period
    ).values_list("pk", flat=True)
    changes = Change.objects.filter(
        Q(content_type__model="quarterentry", object_id=locked.pk)
        | Q(content_type__model="realization", object_id__in=list(realizations)),
        content_type__app_label="measurement",
    )
    if since is not None:
        changes = changes.filter(at__gt=since)
    # with_rows names the rows foreign keys point to in one query for all the changes
    recent = with_rows(list(changes.select_related("content_type").order_by("at", "pk")[:5]))
    sentences = [str(change.sentence) for change in recent]
    who = locked.updated_by.get_full_name() or locked.updated_by.username
    message = _g(
        "%(who)s menyimpan laporan ini pada %(when)s, setelah Anda membukanya. Isian Anda "
        "belum disimpan dan masih ada di formulir; periksa perubahan itu, lalu simpan lagi."
    ) % {"who": who, "when": date_format(timezone.localtime(locked.updated_at), "j F Y H:i")}
    if sentences:
        message += " " + _g("Perubahannya: %(changes)s") % {"changes": " ".join(sentences)}
    return EntryConflict(message)


def _not_editable(entry: QuarterEntry) -> WorkflowError:
    if entry.is_locked:
        text = _g(
            "Laporan %(code)s %(quarter)s sudah disetujui dan terkunci; kepala unit atau "
            "perencana harus membukanya kembali dengan alasan."
        )
    else:
        text = _g(
            "Laporan %(code)s %(quarter)s berstatus “%(status)s” dan tidak dapat diubah; "
            "hanya draf atau laporan yang dikembalikan yang dapat diubah."
        )
    return WorkflowError(
        text
        % {
            "code": entry.indicator.code,
            "quarter": quarter_label(entry.quarter),
            "status": status_label(entry.status),
        }
    )


def _element_values(indicator: Indicator, elements: dict | None) -> dict[str, Decimal | None]:
    """The typed element values of a formula indicator's quarter, checked: only the
    elements its formula reads, each a number the column can hold (None: remove)."""
    if not elements:
        return {}
    from .elements import element_codes, formula_of

    if indicator.method != Method.FORMULA:
        raise WorkflowError(
            _g("%(code)s tidak dihitung dari elemen data.") % {"code": indicator.code}
        )
    readable = element_codes(formula_of(indicator))
    out = {}
    for code, raw in elements.items():
        if code not in readable:
            raise WorkflowError(
                {
                    f"element_{code}": _g("Rumus %(code)s tidak membaca elemen “%(element)s”.")
                    % {"code": indicator.code, "element": code}
                }
            )
        out[code] = _measure(f"element_{code}", raw)
    return out


def _write_element_values(
    unit: Unit, year: int, quarter: int, values: dict, entry: QuarterEntry
) -> None:
    """Write (or remove) the quarter's element values and recompute the unit's year. The
    rows are audit-tracked like every other write (audit/tracking.py). An element that
    another formula indicator also reads is not changed while that indicator's report of
    the quarter is under review or approved: its figure would move under the reviewer."""
    from .elements import element_codes, formula_of
    from .models import DataElement, ElementValue
    from .services import refresh_computed

    period = f"q{quarter}"
    others = (
        QuarterEntry.objects.filter(
            indicator__version__plan__unit=unit,
            indicator__method=Method.FORMULA,
            year=year,
            quarter=quarter,
        )
        .exclude(pk=entry.pk)
        .exclude(status__in=[EntryStatus.DRAFT, EntryStatus.RETURNED])
        .select_related("indicator")
    )
    for other in others:
        shared = [c for c in element_codes(formula_of(other.indicator)) if c in values]
        if shared:
            raise WorkflowError(
                {
                    f"element_{shared[0]}": _g(
                        "Elemen ini juga dibaca oleh %(code)s, yang laporan %(quarter)s-nya "
                        "berstatus “%(status)s”; elemen tidak dapat diubah sampai laporan "
                        "itu dikembalikan atau dibuka kembali."
                    )
                    % {
                        "code": other.indicator.code,
                        "quarter": quarter_label(quarter),
                        "status": status_label(other.status),
                    }
                }
            )
    elements = {e.code: e for e in DataElement.objects.filter(unit=unit, code__in=list(values))}
    for code, number in values.items():
        element = elements.get(code)
        if element is None:
            raise WorkflowError(
                {f"element_{code}": _g("Elemen data “%(element)s” tidak ada.") % {"element": code}}
            )
        row = ElementValue.objects.filter(element=element, year=year, period=period).first()
        if number is None:
            if row is not None:
                row.delete()
        elif row is None:
            ElementValue.objects.create(element=element, year=year, period=period, value=number)
        elif row.value != number:
            row.value = number
            row.save(update_fields=["value", "updated_at"])
    refresh_computed(unit, [year])


def figure_refusal(
    indicator: Indicator,
    year: int,
    quarter: int,
    *,
    entry: QuarterEntry | None = None,
    today: date | None = None,
) -> str | None:
    """Why a quarter's figure of ``indicator`` cannot be changed now, or None: the rules
    of ``save_entry`` (the quarter's report is a draft or returned, not submitted,
    verified or approved; the unit's entry window for the quarter is open). Every path
    that changes a quarter's figure asks this: the entry form and the realization
    workbook upload alike. ``entry``: the quarter's row when the caller holds it
    (locked); otherwise it is looked up, and a quarter without one is a draft."""
    if entry is None:
        entry = QuarterEntry.objects.filter(indicator=indicator, year=year, quarter=quarter).first()
    if entry is not None and not entry.is_editable:
        return _not_editable(entry).messages[0]
    unit = indicator.version.plan.unit
    return _window_refusal(unit, year, quarter, today or timezone.localdate())


def _sync(entry: QuarterEntry, locked: QuarterEntry) -> None:
    """Bring the caller's object up to date with what was written."""
    for name in ("status", "target", "narrative", "explanation", "updated_by_id", "updated_at"):
        setattr(entry, name, getattr(locked, name))


def save_entry(
    entry: QuarterEntry,
    user,
    *,
    value=None,
    target=None,
    narrative: str = "",
    explanation: str = "",
    elements: dict | None = None,
    today: date | None = None,
    seen: str | None = None,
    above_bound_confirmed: bool = False,
) -> QuarterEntry:
    """Save a draft or returned quarter: the realization (manual indicators only), the
    quarter target, the narrative and the explanation; for an indicator computed by a
    formula, the quarter's values of the data elements it reads (``elements``: code →
    value, blank to remove), from which its realization is then recomputed.

    ``seen``: the ``entry_version`` the user's page showed; when someone saved the entry
    since, nothing is written and ``EntryConflict`` says who changed what. The quarter
    target is the planner's (PLAN right): anyone else's save must leave it as it is.
    A typed value above the indicator's ``upper_bound`` (100 for a share of a whole) is
    saved only with ``above_bound_confirmed``: most such values are typing slips."""
    indicator = entry.indicator
    unit = entry_unit(entry)
    access.require(user, Action.ENTER, unit, indicator.code)
    today = today or timezone.localdate()
    value, target = _level("value", indicator, value), _level("target", indicator, target)
    value, target = _measure("value", value), _measure("target", target)
    element_values = _element_values(indicator, elements)
    narrative, explanation = (narrative or "").strip(), (explanation or "").strip()
    check_lengths(WorkflowError, narrative=narrative, explanation=explanation)
    with transaction.atomic():
        locked = _lock(entry)
        if seen is not None and (conflict := _conflict(locked, seen)) is not None:
            raise conflict
        refusal = figure_refusal(indicator, locked.year, locked.quarter, entry=locked, today=today)
        if refusal:
            raise WorkflowError(refusal)
        if target not in (locked.target, _offered_target(locked)) and not access.can(
            user, Action.PLAN, unit
        ):
            raise WorkflowError(
                {
                    "target": _g(
                        "Target triwulan ditetapkan oleh perencana unit; biarkan %(target)s "
                        "atau minta perencana mengubahnya."
                    )
                    % {"target": show_number(locked.target) if locked.target is not None else "–"}
                }
            )
        if element_values:
            _write_element_values(unit, locked.year, locked.quarter, element_values, locked)
        computed = computed_value(indicator, locked.year, locked.quarter)
        if computed is not None and value is not None:
            raise WorkflowError(
                {
                    "value": _g(
                        "Realisasi %(code)s dihitung dari catatan unit (%(value)s) dan tidak "
                        "diketik; kosongkan isian realisasi."
                    )
                    % {"code": indicator.code, "value": show_number(computed.value)}
                }
            )
        bound = indicator.upper_bound
        if value is not None and bound is not None and value > bound and not above_bound_confirmed:
            raise WorkflowError(
                {
                    "value": _g(
                        "Realisasi %(value)s melebihi %(bound)s, nilai terbesar yang mungkin "
                        "untuk indikator ini. Periksa kembali; bila memang benar, centang "
                        "konfirmasi lalu simpan lagi."
                    )
                    % {"value": show_number(value), "bound": show_number(bound)}
                }
            )
        current = computed.value if computed is not None else value
        item = agreement_item(indicator, locked.year)
        reasons = explanation_reasons(indicator, locked.quarter, current, target, item)
        if reasons and not explanation:
            raise WorkflowError({"explanation": reasons})
        locked.target = target
        locked.narrative = narrative
        locked.explanation = explanation
        locked.updated_by = user
        locked.save()
        period = entry_period(indicator, locked.quarter)
        if computed is None and period is None and value is not None:
            raise WorkflowError(
                {
                    "value": _(
                        "Indikator ini dilaporkan %(frequency)s; realisasinya diisi pada "
                        "%(quarters)s."
                    )
                    % {
                        "frequency": Frequency(indicator.frequency).label.lower(),
                        "quarters": _("triwulan II dan IV")
                        if indicator.frequency == Frequency.SEMIANNUAL
                        else _("triwulan IV"),
                    }
                }
            )
        if computed is None and period is not None:
            rows = Realization.objects.filter(indicator=indicator, year=locked.year, period=period)
            if value is None:
                rows.delete()
            else:
                Realization.objects.update_or_create(
                    indicator=indicator,
                    year=locked.year,
                    period=period,
                    defaults={"value": value},
                )
    _sync(entry, locked)
    return entry


# -- evidence -----------------------------------------------------------------------------
# One check and one storage scheme for every evidence file (core/uploads.py); the names
# stay importable from here.
EXTENSIONS = uploads.EXTENSIONS
sniff = uploads.sniff
clean_name = uploads.clean_name


def add_evidence(
    entry: QuarterEntry, user, uploaded_file, *, today: date | None = None
) -> Evidence:
    """Attach a PDF or image to a draft or returned quarter."""
    unit = entry_unit(entry)
    access.require(user, Action.ENTER, unit, entry.indicator.code)
    today = today or timezone.localdate()
    # The file is written before the row that names it, and deleted again when anything
    # in the block fails (core/storage.py).
    with storage.files_then_rows() as written:
        locked = _lock(entry)
        if not locked.is_editable:
            raise _not_editable(locked)
        _require_window_open(unit, locked.year, locked.quarter, today)
        evidence = uploads.store_evidence(
            written,
            uploaded_file,
            siblings=locked.evidence_files,
            new_row=lambda **checked: Evidence(entry=locked, uploaded_by=user, **checked),
            upload_to=evidence_path,
            refuse=lambda message: WorkflowError({"file": message}),
            logger=logger,
            log_message="evidence upload: %s",
        )
    return evidence


def remove_evidence(evidence: Evidence, user, *, today: date | None = None) -> None:
    """Remove a file from a draft or returned quarter; the file goes once the removal is
    committed."""
    entry = evidence.entry
    unit = entry_unit(entry)
    access.require(user, Action.ENTER, unit, entry.indicator.code)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _lock(entry)
        if not locked.is_editable:
            raise _not_editable(locked)
        _require_window_open(unit, locked.year, locked.quarter, today)
        name = evidence.file.name
        evidence.delete()
        storage.delete_on_commit(name, evidence.file.storage)


# -- transitions --------------------------------------------------------------------------
def _require_status(entry: QuarterEntry, allowed: Iterable[str], action: WorkflowAction) -> None:
    allowed = tuple(allowed)
    if entry.status in allowed:
        return
    raise WorkflowError(
        _g(
            "Laporan %(code)s %(quarter)s berstatus “%(status)s”; “%(action)s” hanya dapat "
            "dilakukan pada laporan berstatus %(allowed)s."
        )
        % {
            "code": entry.indicator.code,
            "quarter": quarter_label(entry.quarter),
            "status": status_label(entry.status),
            "action": WorkflowAction(action).label,
            "allowed": _g(" atau ").join(f"“{status_label(s)}”" for s in allowed),
        }
    )


def _move(
    entry: QuarterEntry,
    locked: QuarterEntry,
    user,
    action: WorkflowAction,
    to: str,
    comment: str,
    value: Decimal | None = None,
) -> QuarterEntry:
    """Record the step with the quarter's figure at that moment (``value`` when the caller
    has just read it, so a computed indicator is not computed twice) and move the entry."""
    if value is None:
        value = quarter_value(locked)
    WorkflowEvent.objects.create(
        entry=locked,
        action=action,
        from_status=locked.status,
        to_status=to,
        user=user,
        comment=comment,
        value=value,
    )
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    _sync(entry, locked)
    return entry


def _notice(entry_id: int, action: WorkflowAction) -> None:
    """E-mail the entry's owners once the step is committed (accounts.reminders)."""
    from kinerja.accounts.reminders import after_commit_notice

    after_commit_notice(entry_id, action)


def _required_text(text: str, field: str, message) -> str:
    text = (text or "").strip()
    if not text:
        raise WorkflowError({field: message})
    return text


def submit(entry: QuarterEntry, user, *, comment: str = "", today: date | None = None):
    """Owner (or planner) hands the quarter in for verification. It needs a value, at
    least one evidence file, and the explanation when the rule asks for one."""
    indicator = entry.indicator
    unit = entry_unit(entry)
    access.require(user, Action.ENTER, unit, indicator.code)
    today = today or timezone.localdate()
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock(entry)
        _require_status(locked, (EntryStatus.DRAFT, EntryStatus.RETURNED), WorkflowAction.SUBMIT)
        _require_window_open(unit, locked.year, locked.quarter, today)
        problems = []
        computed = computed_value(indicator, locked.year, locked.quarter)
        value = computed.value if computed is not None else typed_value(locked)
        if value is None:
            if computed is None:
                problems.append(_g("Isi dan simpan realisasi triwulan ini sebelum mengajukan."))
            else:
                problems.append(
                    _g(
                        "Catatan unit belum menghasilkan nilai untuk %(code)s (%(reason)s); "
                        "lengkapi catatannya sebelum mengajukan."
                    )
                    % {"code": indicator.code, "reason": computed.reason or "–"}
                )
        if not locked.evidence_files.exists():
            problems.append(_g("Unggah sekurang-kurangnya satu bukti dukung sebelum mengajukan."))
        item = agreement_item(indicator, locked.year)
        reasons = explanation_reasons(indicator, locked.quarter, value, locked.target, item)
        if reasons and not locked.explanation.strip():
            problems.extend(reasons)
        if problems:
            raise WorkflowError(problems)
        with audit_context(reason=comment):
            return _move(
                entry, locked, user, WorkflowAction.SUBMIT, EntryStatus.SUBMITTED, comment, value
            )


def verify(entry: QuarterEntry, user, *, comment: str = ""):
    """Coordinator confirms a submitted quarter; it then waits for the head."""
    access.require(user, Action.VERIFY, entry_unit(entry))
    comment = (comment or "").strip()
    with transaction.atomic(), audit_context(reason=comment):
        locked = _lock(entry)
        _require_status(locked, (EntryStatus.SUBMITTED,), WorkflowAction.VERIFY)
        return _move(entry, locked, user, WorkflowAction.VERIFY, EntryStatus.VERIFIED, comment)


def return_entry(entry: QuarterEntry, user, *, comment: str):
    """Send a quarter back to its owner with what to fix: the coordinator a submitted or
    verified one, the head a verified one (instead of approving it)."""
    unit = entry_unit(entry)
    may_verify = access.can(user, Action.VERIFY, unit)
    if not (may_verify or access.can(user, Action.APPROVE, unit)):
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(entry)
        allowed = (
            (EntryStatus.SUBMITTED, EntryStatus.VERIFIED) if may_verify else (EntryStatus.VERIFIED,)
        )
        _require_status(locked, allowed, WorkflowAction.RETURN)
        comment = _required_text(
            comment,
            "comment",
            _("Tuliskan catatan untuk pemilik indikator: apa yang harus diperbaiki."),
        )
        with audit_context(reason=comment):
            moved = _move(entry, locked, user, WorkflowAction.RETURN, EntryStatus.RETURNED, comment)
        _notice(locked.pk, WorkflowAction.RETURN)
        return moved


def approve(entry: QuarterEntry, user, *, comment: str = ""):
    """Head approves a verified quarter; it is then locked."""
    access.require(user, Action.APPROVE, entry_unit(entry))
    comment = (comment or "").strip()
    with transaction.atomic(), audit_context(reason=comment):
        locked = _lock(entry)
        _require_status(locked, (EntryStatus.VERIFIED,), WorkflowAction.APPROVE)
        moved = _move(entry, locked, user, WorkflowAction.APPROVE, EntryStatus.APPROVED, comment)
        _notice(locked.pk, WorkflowAction.APPROVE)
        return moved


def reopen(entry: QuarterEntry, user, *, reason: str):
    """Unlock an approved quarter (head or planner), recorded with the reason; it goes
    back to "returned" so the owner can correct it and submit it again."""
    access.require(user, Action.REOPEN, entry_unit(entry))
    with transaction.atomic():
        locked = _lock(entry)
        _require_status(locked, (EntryStatus.APPROVED,), WorkflowAction.REOPEN)
        reason = _required_text(
            reason, "comment", _("Tuliskan alasan membuka kembali laporan yang sudah disetujui.")
        )
        with audit_context(reason=reason):
            return _move(entry, locked, user, WorkflowAction.REOPEN, EntryStatus.RETURNED, reason)
