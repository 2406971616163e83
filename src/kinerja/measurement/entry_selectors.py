"""Reading the quarterly entries for the pages: the indicators × quarters matrix and one
quarter's entry with everything shown around it. Writes are in measurement.workflow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import MEASURE_PLACES
from kinerja.core.numbers import round_half_up
from kinerja.org.models import Unit
from kinerja.planning.choices import Method
from kinerja.planning.models import Agreement, AgreementIndicator, AgreementVersion

from . import workflow
from .choices import EntryStatus, WorkflowAction
from .methods import Computed
from .models import EntryWindow, Evidence, QuarterEntry, Realization, WorkflowEvent


def agreement_version(unit: Unit, year: int) -> AgreementVersion | None:
    agreement = Agreement.objects.filter(unit=unit, year=year).first()
    return agreement.version_in_force() if agreement else None


def agreement_items(version: AgreementVersion) -> list[AgreementIndicator]:
    return list(
        version.items.select_related("indicator__version__plan__unit", "indicator__scale").order_by(
            "position"
        )
    )


def agreement_item_by_code(unit: Unit, year: int, code: str) -> AgreementIndicator | None:
    """The indicator ``code`` as promised in the unit's agreement for ``year``."""
    version = agreement_version(unit, year)
    if version is None:
        return None
    return (
        version.items.select_related("indicator__version__plan__unit", "indicator__scale")
        .filter(indicator__code=code)
        .first()
    )


@dataclass
class Cell:
    quarter: int
    status: str  # an EntryStatus, or "" when nobody has started the quarter
    value: Decimal | None
    evidence_count: int
    actions: frozenset
    entry: QuarterEntry | None = None

    @property
    def status_label(self) -> str:
        return workflow.status_label(self.status) if self.status else ""

    @property
    def needs_me(self) -> bool:
        return bool(self.actions & workflow.NEEDS_ACTION)

    @property
    def quarter_label(self) -> str:
        return workflow.quarter_label(self.quarter)

    @property
    def link_label(self) -> str:
        """The link to the entry says what the user would do there."""
        for action, label in _LINK_LABELS:
            if action in self.actions:
                return str(label)
        return str(_("Lihat"))


_LINK_LABELS = (
    ("approve", _("Setujui")),
    ("verify", _("Verifikasi")),
    ("edit", _("Isi")),
    ("return", _("Tinjau")),
)


@dataclass
class Row:
    item: AgreementIndicator
    computed: Computed | None
    cells: list[Cell] = field(default_factory=list)

    @property
    def indicator(self):
        return self.item.indicator

    @property
    def needs_me(self) -> bool:
        return any(cell.needs_me for cell in self.cells)


@dataclass
class QuarterHead:
    quarter: int
    label: str
    window: EntryWindow | None
    state: workflow.WindowState


@dataclass
class Matrix:
    version: AgreementVersion
    quarters: list[QuarterHead]
    rows: list[Row]


def entry_matrix(unit: Unit, year: int, user, today: date) -> Matrix | None:
    """Every indicator of the year's agreement with its four quarters: status, value,
    evidence count and what ``user`` may do. None when the year has no agreement."""
    version = agreement_version(unit, year)
    if version is None:
        return None
    items = agreement_items(version)
    indicator_ids = [item.indicator_id for item in items]
    entries = {
        (e.indicator_id, e.quarter): e
        for e in QuarterEntry.objects.filter(indicator_id__in=indicator_ids, year=year).annotate(
            n_evidence=Count("evidence_files")
        )
    }
    typed = {
        (r.indicator_id, r.period): r.value
        for r in Realization.objects.filter(
            indicator_id__in=indicator_ids,
            year=year,
            period__in=["q1", "q2", "q3", "q4", "s1", "s2", "year"],
        )
    }
    windows = workflow.windows_of(unit, year)
    heads = [
        QuarterHead(
            q, workflow.quarter_label(q), windows.get(q), workflow.state_of(windows.get(q), today)
        )
        for q in workflow.QUARTER_NUMBERS
    ]
    rows = []
    for item in items:
        indicator = item.indicator
        computed = workflow.computed_value(indicator, year)
        row = Row(item=item, computed=computed)
        for head in heads:
            entry = entries.get((indicator.pk, head.quarter))
            status = entry.status if entry else ""
            # A computed indicator's value comes from the year's records, not a quarter:
            # the row shows it once. A formula indicator has a stored value per quarter.
            per_quarter = computed is None or indicator.method == Method.FORMULA
            period = workflow.entry_period(indicator, head.quarter)
            value = typed.get((indicator.pk, period)) if per_quarter else None
            actions = workflow.allowed_actions(
                user,
                unit,
                indicator.code,
                status or EntryStatus.DRAFT,
                window_open=head.state != workflow.WindowState.CLOSED,
            )
            row.cells.append(
                Cell(
                    quarter=head.quarter,
                    status=status,
                    value=value,
                    evidence_count=entry.n_evidence if entry else 0,
                    actions=actions,
                    entry=entry,
                )
            )
        rows.append(row)
    return Matrix(version=version, quarters=heads, rows=rows)


@dataclass
class EntryPage:
    item: AgreementIndicator
    entry: QuarterEntry  # unsaved (a fresh draft) until someone writes to it
    computed: Computed | None
    value: Decimal | None  # typed (manual) or computed
    window: EntryWindow | None
    window_state: workflow.WindowState
    actions: frozenset
    evidence: list[Evidence]
    events: list[WorkflowEvent]
    explanation_reasons: list[str]
    # A formula indicator's data elements with their value for the quarter, in the order
    # the formula names them: [(DataElement, Decimal | None)]
    elements: list = field(default_factory=list)

    @property
    def indicator(self):
        return self.item.indicator

    @property
    def approved_value(self) -> Decimal | None:
        """The figure the head approved (the last approval), None when the quarter is
        not approved or the approval predates recorded figures."""
        if self.entry.status != EntryStatus.APPROVED:
            return None
        approvals = [e for e in self.events if e.action == WorkflowAction.APPROVE]
        return approvals[-1].value if approvals else None

    @property
    def changed_since_approval(self) -> bool:
        """An approved quarter whose figure is no longer what was approved: a computed
        indicator whose records changed afterwards (typed figures are locked)."""
        approved = self.approved_value
        if approved is None:
            return False
        # Compared at the stored precision: the computation has more places than the column.
        return self.value is None or round_half_up(self.value, MEASURE_PLACES) != approved

    @property
    def initial_target(self) -> Decimal | None:
        """The quarter target to offer: the saved one; for Q4, the agreement target."""
        if self.entry.target is not None:
            return self.entry.target
        return self.item.target if self.entry.quarter == 4 else None


def entry_page(
    unit: Unit, year: int, quarter: int, item: AgreementIndicator, user, today: date
) -> EntryPage:
    indicator = item.indicator
    entry = (
        QuarterEntry.objects.filter(indicator=indicator, year=year, quarter=quarter)
        .select_related("updated_by")
        .first()
    )
    if entry is None:
        entry = QuarterEntry(indicator=indicator, year=year, quarter=quarter)
    computed = workflow.computed_value(indicator, year, quarter)
    saved = entry.pk is not None
    value = (
        computed.value if computed is not None else (workflow.typed_value(entry) if saved else None)
    )
    window = EntryWindow.objects.filter(unit=unit, year=year, quarter=quarter).first()
    state = workflow.state_of(window, today)
    return EntryPage(
        item=item,
        entry=entry,
        computed=computed,
        value=value,
        window=window,
        window_state=state,
        actions=workflow.allowed_actions(
            user,
            unit,
            indicator.code,
            entry.status,
            window_open=state != workflow.WindowState.CLOSED,
        ),
        evidence=list(entry.evidence_files.select_related("uploaded_by")) if saved else [],
        events=list(entry.events.select_related("user")) if saved else [],
        explanation_reasons=workflow.explanation_reasons(
            indicator, quarter, value, entry.target, item
        ),
        elements=quarter_elements(indicator, year, quarter),
    )


def quarter_elements(indicator, year: int, quarter: int) -> list:
    """The data elements a formula indicator reads, each with its value for the quarter."""
    if indicator.method != Method.FORMULA:
        return []
    from .elements import element_codes, formula_of
    from .models import DataElement, ElementValue

    codes = element_codes(formula_of(indicator))
    unit_id = indicator.version.plan.unit_id
    elements = {e.code: e for e in DataElement.objects.filter(unit_id=unit_id, code__in=codes)}
    stored = dict(
        ElementValue.objects.filter(
            element__in=elements.values(), year=year, period=f"q{quarter}"
        ).values_list("element__code", "value")
    )
    return [(elements[c], stored.get(c)) for c in codes if c in elements]
