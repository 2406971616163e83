"""Changing a unit's plans: the Perjanjian Kinerja revision cycle (a new draft from the
signed version, its targets, its signature) and the XLSX round trip of Renstra targets
and of a year's realizations (a dry run that writes nothing, then an all-or-nothing
apply).

Every function checks the user's right itself (``org.access``), so a view, a command or
an API calling it cannot skip the check, and writes inside ``transaction.atomic`` with
the reason in the audit context.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.context import audit_context
from kinerja.datasets.errors import Problem
from kinerja.measurement.choices import Period
from kinerja.measurement.models import Realization
from kinerja.measurement.workflow import figure_refusal
from kinerja.org.access import Action, require
from kinerja.org.models import Unit
from kinerja.reports.narratives import measure_text

from . import selectors, spreadsheet
from .choices import FREQUENCY_PERIODS, AgreementStatus, Frequency, Method, Polarity
from .models import (
    Agreement,
    AgreementIndicator,
    AgreementVersion,
    Indicator,
    PlanVersion,
    Target,
)
from .spreadsheet import Mark

QUARTER_OF = {Period.Q1: 1, Period.Q2: 2, Period.Q3: 3, Period.Q4: 4}
# A semester's figure belongs to the report of the quarter that ends it (entry_period):
# the workbook changes it only when that quarter's entry form could.
QUARTER_OF_SEMESTER = {Period.S1: 2, Period.S2: 4}


# ======================================================================================
# The dry run and its result
# ======================================================================================
@dataclass(frozen=True)
class CellChange:
    """One value the file changes, as the review page shows it."""

    place: str  # sheet, row, column
    code: str
    name: str
    column: str  # "2023", "2023 (batas atas)", "TW2", "Tahunan"
    old: str
    new: str


@dataclass
class ImportReview:
    rows: int = 0  # data rows read
    changes: list[CellChange] = field(default_factory=list)
    unchanged_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    # What apply writes: (model, lookup, field, value); computed by the same pass.
    writes: list[tuple] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportRefused(Exception):
    """The file has problems; nothing was written. ``review`` lists them."""

    def __init__(self, review: ImportReview):
        self.review = review
        super().__init__("; ".join(str(p) for p in review.problems))


def _shown(value) -> str:
    if value is Mark.BLANK or value is None:
        return "–"
    if value is Mark.NA:
        return spreadsheet.NA
    if isinstance(value, spreadsheet.KindCell):
        return spreadsheet.KIND_TEXT[value.kind]
    return measure_text(value, spreadsheet.MAX_PLACES)


def _finish(review: ImportReview, reading: spreadsheet.Reading) -> ImportReview:
    review.problems = sorted(
        set(reading.problems + review.problems), key=lambda p: _problem_order(p.path)
    )
    return review


def _problem_order(path: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path))


# ======================================================================================
# Renstra targets
# ======================================================================================
def check_targets_editable(version: PlanVersion) -> None:
    """ValidationError with the reason when the version's targets are read-only."""
    reason = selectors.targets_read_only_reason(version)
    if reason is not None:
        raise ValidationError(reason, code="read_only")


def review_targets(version: PlanVersion, data: bytes) -> ImportReview:
    """What the workbook would change in ``version``'s targets; writes nothing."""
    reading = spreadsheet.read_targets(data, version)
    review = ImportReview(rows=len(reading.rows))
    indicators = {
        ind.code: ind for ind in version.indicators.prefetch_related("targets").order_by("position")
    }
    seen: dict[tuple[str, str], int] = {}
    # Both bounds of a range target, as they will be after the file: checked together.
    ranges: dict[tuple[int, int], dict[str, object]] = {}
    for row in reading.rows:
        ind = indicators.get(row.code)
        if ind is None:
            review.problems.append(
                Problem(
                    row.place(spreadsheet.CODE),
                    _('kode "%(code)s" tidak ada di Renstra versi %(number)s')
                    % {"code": row.code, "number": version.number},
                )
            )
            continue
        is_range = ind.polarity == Polarity.RANGE
        if is_range and row.bound not in (spreadsheet.LOWER, spreadsheet.UPPER):
            review.problems.append(
                Problem(
                    row.place(spreadsheet.BOUND),
                    _(
                        '%(code)s adalah indikator rentang: isi %(col)s dengan "%(lower)s" atau '
                        '"%(upper)s"'
                    )
                    % {
                        "code": ind.code,
                        "col": spreadsheet.BOUND,
                        "lower": spreadsheet.LOWER,
                        "upper": spreadsheet.UPPER,
                    },
                )
            )
            continue
        if not is_range and row.bound:
            review.problems.append(
                Problem(
                    row.place(spreadsheet.BOUND),
                    _("%(code)s bukan indikator rentang; kosongkan kolom %(col)s")
                    % {"code": ind.code, "col": spreadsheet.BOUND},
                )
            )
            continue
        key = (row.code, row.bound)
        if key in seen:
            review.problems.append(
                Problem(
                    row.place(spreadsheet.CODE),
                    _("%(code)s sudah ada di baris %(row)s") % {"code": row.code, "row": seen[key]},
                )
            )
            continue
        seen[key] = row.number
        attr = "max_value" if row.bound == spreadsheet.UPPER else "value"
        stored = {t.year: t for t in ind.targets.all()}
        row_changed = False
        for year, new in row.cells.items():
            target = stored.get(year)
            old = (
                Mark.BLANK
                if target is None
                else spreadsheet.KindCell(target.kind)
                if target.kind
                else Mark.NA
                if getattr(target, attr) is None
                else getattr(target, attr)
            )
            column = row.columns[year]
            if isinstance(new, spreadsheet.KindCell) and is_range:
                review.problems.append(
                    Problem(
                        row.place(column),
                        _("indikator rentang memerlukan angka batas bawah dan batas atas"),
                    )
                )
                continue
            if isinstance(new, Decimal) and ind.scale_id is not None:
                scale = ind.scale.definition
                if scale.by_score(new) is None:  # the workbook holds a level's score
                    review.problems.append(
                        Problem(
                            row.place(column),
                            _("%(value)s bukan skor tingkat skala %(scale)s; skornya: %(levels)s")
                            % {
                                "value": _shown(new),
                                "scale": scale.name,
                                "levels": ", ".join(
                                    f"{level.code} = {measure_text(level.score)}"
                                    for level in scale.listed
                                ),
                            },
                        )
                    )
                    continue
            if is_range:  # both bounds as they will be: the stored ones, then the file's
                bounds = ranges.setdefault(
                    (ind.pk, year),
                    {
                        "row": row,
                        "column": column,
                        "value": target.value if target else None,
                        "max_value": target.max_value if target else None,
                    },
                )
                if new is not Mark.BLANK:
                    bounds[attr] = new
                    bounds["row"], bounds["column"] = row, column
            if new is Mark.BLANK:
                if old is not Mark.BLANK:
                    review.problems.append(
                        Problem(
                            row.place(column),
                            _(
                                "sel ini dikosongkan, padahal targetnya %(old)s; target tidak "
                                "dapat dihapus lewat berkas — tulis N/A bila target tidak "
                                "ditetapkan"
                            )
                            % {"old": _shown(old)},
                        )
                    )
                continue
            if new == old:
                continue
            row_changed = True
            label = str(year)
            if is_range:
                label = (
                    _("%(year)s (batas atas)")
                    if attr == "max_value"
                    else _("%(year)s (batas bawah)")
                ) % {"year": year}
            review.changes.append(
                CellChange(row.place(column), ind.code, ind.name, label, _shown(old), _shown(new))
            )
            lookup = {"indicator": ind, "year": year}
            if isinstance(new, spreadsheet.KindCell):  # no number first, then the word
                review.writes.append((Target, lookup, attr, None))
                review.writes.append((Target, lookup, "kind", new.kind))
            else:  # no word first (a target with a word holds no number), then the number
                if target is not None and target.kind:
                    review.writes.append((Target, lookup, "kind", ""))
                review.writes.append((Target, lookup, attr, None if new is Mark.NA else new))
        if not row_changed:
            review.unchanged_rows += 1
    for bounds in ranges.values():
        lower, upper = bounds.get("value"), bounds.get("max_value")
        if isinstance(lower, Decimal) and isinstance(upper, Decimal) and lower > upper:
            row = bounds["row"]
            review.problems.append(
                Problem(
                    row.place(bounds["column"]),
                    _("batas bawah %(lower)s lebih besar dari batas atas %(upper)s")
                    % {"lower": _shown(lower), "upper": _shown(upper)},
                )
            )
    return _finish(review, reading)


def apply_targets(version: PlanVersion, data: bytes, *, user, reason: str) -> ImportReview:
    """Write every change of the workbook, or nothing: the file is judged again against
    the data as it is now (it may have changed since the dry run)."""
    unit = version.plan.unit
    require(user, Action.PLAN, unit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan perubahan wajib diisi."), code="reason")
    with transaction.atomic():
        version = (
            PlanVersion.objects.select_for_update().select_related("plan__unit").get(pk=version.pk)
        )
        check_targets_editable(version)
        review = review_targets(version, data)
        if not review.ok:
            raise ImportRefused(review)
        with audit_context(reason=reason):
            _write(review.writes)
    return review


def _write(writes: list[tuple]) -> None:
    for model, lookup, attr, value in writes:
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            model.objects.create(**lookup, **{attr: value})
        else:
            setattr(obj, attr, value)
            stamped = any(f.name == "updated_at" for f in model._meta.concrete_fields)
            obj.save(update_fields=[attr, "updated_at"] if stamped else [attr])


# ======================================================================================
# Realizations of a year
# ======================================================================================
def realization_indicators(unit: Unit, year: int) -> list[Indicator]:
    """The indicators of the year's Perjanjian Kinerja in force, in its order."""
    agreement = selectors.agreement(unit, year)
    if agreement is None:
        return []
    version = agreement.version_in_force()
    if version is None:
        return []
    return [item.indicator for item in selectors.agreement_items(version)]


def stored_realizations(indicators: list[Indicator], year: int) -> dict:
    """(indicator id, period) → value."""
    return {
        (r.indicator_id, r.period): r.value
        for r in Realization.objects.filter(indicator__in=indicators, year=year)
    }


def export_realizations(unit: Unit, year: int) -> bytes:
    indicators = realization_indicators(unit, year)
    labels = {
        ind.pk: (
            str(Method(ind.method).label)
            if ind.method == Method.MANUAL
            else _("Dihitung dari catatan: %(method)s") % {"method": Method(ind.method).label}
        )
        for ind in indicators
    }
    return spreadsheet.export_realizations(
        unit,
        year,
        indicators,
        stored_realizations(indicators, year),
        labels,
        elements=_element_rows(unit, year),
    )


def _element_rows(unit: Unit, year: int) -> list[tuple]:
    """The unit's data elements with their values of the year, for the workbook."""
    from kinerja.measurement.models import DataElement, ElementValue

    stored: dict[int, dict] = {}
    for v in ElementValue.objects.filter(element__unit=unit, year=year):
        stored.setdefault(v.element_id, {})[v.period] = v.value
    return [
        (e.code, e.name, e.unit_label, stored.get(e.pk, {}))
        for e in DataElement.objects.filter(unit=unit)
    ]


def review_realizations(unit: Unit, year: int, data: bytes) -> ImportReview:
    """What the workbook would change in the year's realizations; writes nothing."""
    reading = spreadsheet.read_realizations(data, unit, year)
    review = ImportReview(rows=len(reading.rows))
    indicators = {ind.code: ind for ind in realization_indicators(unit, year)}
    stored = stored_realizations(list(indicators.values()), year)
    seen: dict[str, int] = {}
    for row in reading.rows:
        ind = indicators.get(row.code)
        if ind is None:
            review.problems.append(
                Problem(
                    row.place(spreadsheet.CODE),
                    _('kode "%(code)s" tidak ada di Perjanjian Kinerja %(year)s')
                    % {"code": row.code, "year": year},
                )
            )
            continue
        if row.code in seen:
            review.problems.append(
                Problem(
                    row.place(spreadsheet.CODE),
                    _("%(code)s sudah ada di baris %(row)s")
                    % {"code": row.code, "row": seen[row.code]},
                )
            )
            continue
        seen[row.code] = row.number
        row_changed = False
        for period, new in row.cells.items():
            old = stored.get((ind.pk, period), Mark.BLANK)
            column = row.columns[period]
            if new is Mark.BLANK:
                if old is not Mark.BLANK:
                    review.problems.append(
                        Problem(
                            row.place(column),
                            _(
                                "sel ini dikosongkan, padahal realisasinya %(old)s; realisasi "
                                "yang tercatat tidak dapat dihapus lewat berkas"
                            )
                            % {"old": _shown(old)},
                        )
                    )
                continue
            if new == old:
                continue
            if ind.method != Method.MANUAL:
                review.problems.append(
                    Problem(
                        row.place(column),
                        _(
                            "nilai %(code)s dihitung dari catatan (%(method)s), bukan diisi; "
                            "ubah catatannya, bukan nilai ini"
                        )
                        % {"code": ind.code, "method": Method(ind.method).label},
                    )
                )
                continue
            allowed = FREQUENCY_PERIODS[Frequency(ind.frequency)]
            if period not in allowed:
                review.problems.append(
                    Problem(
                        row.place(column),
                        _("%(code)s dilaporkan %(frequency)s; isi kolom %(columns)s")
                        % {
                            "code": ind.code,
                            "frequency": Frequency(ind.frequency).label.lower(),
                            "columns": ", ".join(spreadsheet.COLUMN_OF_PERIOD[p] for p in allowed),
                        },
                    )
                )
                continue
            if ind.scale_id is not None and ind.scale.definition.by_score(new) is None:
                scale = ind.scale.definition
                review.problems.append(
                    Problem(
                        row.place(column),
                        _("%(value)s bukan skor tingkat skala %(scale)s; skornya: %(levels)s")
                        % {
                            "value": _shown(new),
                            "scale": scale.name,
                            "levels": ", ".join(
                                f"{level.code} = {measure_text(level.score)}"
                                for level in scale.listed
                            ),
                        },
                    )
                )
                continue
            quarter = QUARTER_OF.get(period) or QUARTER_OF_SEMESTER.get(period)
            # The quarter workflow's own rules (status, entry window, lock): a file
            # changes a quarter's (or a semester's) figure only when the entry form could.
            refusal = figure_refusal(ind, year, quarter) if quarter is not None else None
            if refusal:
                review.problems.append(Problem(row.place(column), refusal))
                continue
            row_changed = True
            review.changes.append(
                CellChange(
                    row.place(column),
                    ind.code,
                    ind.name,
                    spreadsheet.COLUMN_OF_PERIOD[period],
                    _shown(old),
                    _shown(new),
                )
            )
            review.writes.append(
                (Realization, {"indicator": ind, "year": year, "period": period}, "value", new)
            )
        if not row_changed:
            review.unchanged_rows += 1
    elements = spreadsheet.read_elements(data, unit, year)
    if elements is not None:
        _review_elements(unit, year, elements, review, list(indicators.values()))
        reading.problems += elements.problems
    return _finish(review, reading)


def _review_elements(unit, year, reading, review: ImportReview, indicators) -> None:
    """The data-element sheet: values of the unit's elements, under the rules of the
    realization sheet (never cleared through a file; a quarter approved for a formula
    indicator that reads the element is locked)."""
    from kinerja.measurement.elements import element_codes, formula_of
    from kinerja.measurement.models import DataElement, ElementValue

    elements = {e.code: e for e in DataElement.objects.filter(unit=unit)}
    stored = {
        (v.element_id, v.period): v.value
        for v in ElementValue.objects.filter(element__unit=unit, year=year)
    }
    formulas = [ind for ind in indicators if ind.method == Method.FORMULA]
    readers = {ind.pk: set(element_codes(formula_of(ind))) for ind in formulas}
    review.rows += len(reading.rows)
    seen: dict[str, int] = {}
    for row in reading.rows:
        element = elements.get(row.code)
        if element is None:
            known = ", ".join(sorted(elements)) or "–"
            review.problems.append(
                Problem(
                    row.place(spreadsheet.CODE),
                    _('elemen data "%(code)s" tidak ada di unit ini (yang ada: %(known)s)')
                    % {"code": row.code, "known": known},
                )
            )
            continue
        if row.code in seen:
            review.problems.append(
                Problem(
                    row.place(spreadsheet.CODE),
                    _("%(code)s sudah ada di baris %(row)s")
                    % {"code": row.code, "row": seen[row.code]},
                )
            )
            continue
        seen[row.code] = row.number
        row_changed = False
        for period, new in row.cells.items():
            old = stored.get((element.pk, period), Mark.BLANK)
            column = row.columns[period]
            if new is Mark.BLANK:
                if old is not Mark.BLANK:
                    review.problems.append(
                        Problem(
                            row.place(column),
                            _(
                                "sel ini dikosongkan, padahal nilainya %(old)s; nilai yang "
                                "tercatat tidak dapat dihapus lewat berkas"
                            )
                            % {"old": _shown(old)},
                        )
                    )
                continue
            if new == old:
                continue
            quarter = QUARTER_OF.get(period)
            # The quarter workflow's rules for every formula indicator reading the element.
            refusals = [
                _("%(code)s dihitung dari elemen ini: %(reason)s")
                % {"code": ind.code, "reason": refusal}
                for ind in formulas
                if quarter is not None
                and row.code in readers[ind.pk]
                and (refusal := figure_refusal(ind, year, quarter))
            ]
            if refusals:
                review.problems += [Problem(row.place(column), text) for text in refusals]
                continue
            row_changed = True
            review.changes.append(
                CellChange(
                    row.place(column),
                    element.code,
                    element.name,
                    spreadsheet.COLUMN_OF_PERIOD[period],
                    _shown(old),
                    _shown(new),
                )
            )
            review.writes.append(
                (ElementValue, {"element": element, "year": year, "period": period}, "value", new)
            )
        if not row_changed:
            review.unchanged_rows += 1


def apply_realizations(
    unit: Unit, year: int, data: bytes, *, user, reason: str = ""
) -> ImportReview:
    """Write every change of the workbook, or nothing (judged again against the data as
    it is now)."""
    require(user, Action.PLAN, unit)
    reason = (reason or "").strip() or _("Unggah realisasi %(year)s dari XLSX") % {"year": year}
    with transaction.atomic():
        # Lock the year's agreement row: two uploads of one year apply one after the other.
        Agreement.objects.select_for_update().filter(unit=unit, year=year).first()
        review = review_realizations(unit, year, data)
        if not review.ok:
            raise ImportRefused(review)
        with audit_context(reason=reason):
            _write(review.writes)
            if any(model is not Realization for model, *_rest in review.writes):
                # Data elements changed: the formula indicators follow them.
                from kinerja.measurement.services import refresh_computed

                refresh_computed(unit, [year])
    return review


# ======================================================================================
# Perjanjian Kinerja revisions
# ======================================================================================
def _locked_versions(agreement: Agreement) -> list[AgreementVersion]:
    return list(
        AgreementVersion.objects.select_for_update().filter(agreement=agreement).order_by("number")
    )


def start_revision(agreement: Agreement, *, user, reason: str) -> AgreementVersion:
    """A new draft version copied from the latest signed one, with the reason for the
    revision. The signed version stays as it is; it remains in force until the draft is
    signed."""
    require(user, Action.PLAN, agreement.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan perubahan wajib diisi."), code="reason")
    with transaction.atomic():
        versions = _locked_versions(agreement)
        if not versions:
            raise ValidationError(_("Perjanjian ini belum memiliki versi."), code="empty")
        latest = versions[-1]
        if not latest.is_signed:
            raise ValidationError(
                _("Versi %(number)s masih draf; ubah draf itu, bukan membuat versi baru.")
                % {"number": latest.number},
                code="draft_exists",
            )
        with audit_context(reason=reason):
            draft = AgreementVersion.objects.create(
                agreement=agreement,
                number=latest.number + 1,
                status=AgreementStatus.DRAFT,
                signatory=latest.signatory,
                superior=latest.superior,
                signatory_nip=latest.signatory_nip,
                superior_nip=latest.superior_nip,
                reason=reason,
            )
            for item in latest.items.order_by("position"):
                AgreementIndicator.objects.create(
                    version=draft,
                    indicator_id=item.indicator_id,
                    target=item.target,
                    target_max=item.target_max,
                    target_kind=item.target_kind,
                    position=item.position,
                )
    return draft


def _editable_draft(version: AgreementVersion) -> AgreementVersion:
    """The version locked for writing; ValidationError when it is signed (a signed version
    never changes: a revision is a new version)."""
    locked = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status == AgreementStatus.SIGNED:
        raise ValidationError(
            _(
                "Versi %(number)s sudah ditandatangani dan tidak dapat diubah; buat versi "
                "baru dengan alasan perubahannya."
            )
            % {"number": locked.number},
            code="signed",
        )
    return locked


def update_draft(
    version: AgreementVersion,
    *,
    user,
    targets: dict[int, tuple[Decimal | None, Decimal | None]],
    signatory: str,
    superior: str,
    signatory_nip: str | None = None,
    superior_nip: str | None = None,
) -> int:
    """Set the draft's targets (by item id: target, upper bound) and parties (a NIP left
    None is kept as it is); returns how many items changed."""
    require(user, Action.PLAN, version.agreement.unit)
    changed = 0
    with transaction.atomic():
        draft = _editable_draft(version)
        with audit_context(reason=draft.reason):
            for item in draft.items.select_related("indicator__scale"):
                if item.pk not in targets:
                    continue
                target, target_max = targets[item.pk]
                _check_level(item.indicator, target)
                if item.target_kind and target is None and target_max is None:
                    continue  # a direction or "not stated" shows as an empty field: kept
                if item.target != target or item.target_max != target_max or item.target_kind:
                    # a number replaces a target without one (a direction, not stated)
                    item.target, item.target_max, item.target_kind = target, target_max, ""
                    item.save(update_fields=["target", "target_max", "target_kind"])
                    changed += 1
            parties = {
                "signatory": signatory,
                "superior": superior,
                "signatory_nip": draft.signatory_nip if signatory_nip is None else signatory_nip,
                "superior_nip": draft.superior_nip if superior_nip is None else superior_nip,
            }
            for name, value in parties.items():
                if name.endswith("_nip") and value and not re.fullmatch(r"\d{18}", value):
                    raise ValidationError(
                        {name: _("NIP terdiri atas 18 angka, tanpa spasi.")}, code="nip"
                    )
            if any(getattr(draft, name) != value for name, value in parties.items()):
                for name, value in parties.items():
                    setattr(draft, name, value)
                draft.save(update_fields=[*parties, "updated_at"])
    return changed


def _check_level(indicator, target) -> None:
    """On a scale a target is the score of one of its levels."""
    if indicator.scale_id is None or target is None:
        return
    scale = indicator.scale.definition
    if scale.by_score(target) is None:
        raise ValidationError(
            _("%(code)s: %(value)s bukan skor tingkat skala %(scale)s; skornya: %(levels)s")
            % {
                "code": indicator.code,
                "value": measure_text(target),
                "scale": scale.name,
                "levels": ", ".join(
                    f"{level.code} = {measure_text(level.score)}" for level in scale.listed
                ),
            },
            code="level",
        )


def sign_draft(
    version: AgreementVersion, *, user, signed_on: dt.date, signed_place: str = ""
) -> AgreementVersion:
    """The head signs the draft (on ``signed_on``, at ``signed_place`` when given): it
    becomes signed, and thereby the version in force."""
    require(user, Action.FINALIZE, version.agreement.unit)
    with transaction.atomic():
        versions = _locked_versions(version.agreement)
        draft = _editable_draft(version)
        if draft.number != versions[-1].number:
            raise ValidationError(
                _("Hanya versi terakhir yang dapat ditandatangani."), code="not_latest"
            )
        if not draft.items.exists():
            raise ValidationError(
                _("Draf ini belum memuat indikator; tidak ada yang dapat ditandatangani."),
                code="empty",
            )
        signed = [v for v in versions if v.is_signed and v.signed_on is not None]
        if signed and signed_on < signed[-1].signed_on:
            raise ValidationError(
                _("Tanggal tanda tangan tidak boleh sebelum versi %(number)s (%(date)s).")
                % {"number": signed[-1].number, "date": signed[-1].signed_on.isoformat()},
                code="date",
            )
        with audit_context(reason=draft.reason or _("Penandatanganan Perjanjian Kinerja")):
            draft.status = AgreementStatus.SIGNED
            draft.signed_on = signed_on
            draft.signed_place = (signed_place or "").strip()
            draft.save(update_fields=["status", "signed_on", "signed_place", "updated_at"])
    return draft
