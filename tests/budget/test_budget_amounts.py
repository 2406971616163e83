"""budget.selectors.budget_amounts: the one rule for a year's ceiling and spending (the
lowest lines' sums where lines are recorded, else the DIPA's stated figures), shared by
budget_overview, the budget history and the dashboards."""

from decimal import Decimal as D

import pytest

from kinerja.budget.models import BudgetYear, Line
from kinerja.budget.selectors import Amounts, budget_amounts, budget_overview
from kinerja.org.models import Unit

pytestmark = pytest.mark.django_db


def make_unit(code: str) -> Unit:
    return Unit.objects.create(code=code, name=code.title(), kind="satker")


def make_budget(unit: Unit, year: int = 2023, **amounts) -> BudgetYear:
    stated = {"initial_ceiling": D(900), "final_ceiling": D(1000), "spending": D(950)}
    return BudgetYear.objects.create(unit=unit, year=year, **(stated | amounts))


def add_line(budget: BudgetYear, code: str, ceiling=None, spending=None, level="subkomponen"):
    return Line.objects.create(
        budget=budget, code=code, level=level, name=code, ceiling=ceiling, spending=spending
    )


def test_the_lines_sums_when_lines_with_a_ceiling_are_recorded():
    unit = make_unit("balai-a")
    budget = make_budget(unit)
    add_line(budget, "EC", level="program")  # a parent line: no amounts of its own
    add_line(budget, "EC.1", ceiling=D(600), spending=D(540))
    add_line(budget, "EC.2", ceiling=D(300), spending=None)  # nothing spent recorded yet
    assert budget_amounts([unit], 2023) == {"balai-a": Amounts(D(900), D(540), D(900))}
    assert budget_overview(unit, 2023).totals == budget_amounts([unit], 2023)["balai-a"]


def test_the_stated_figures_when_no_line_is_recorded():
    unit = make_unit("balai-a")
    make_budget(unit)
    assert budget_amounts([unit], 2023) == {"balai-a": Amounts(D(1000), D(950), D(900))}
    assert budget_overview(unit, 2023).totals == budget_overview(unit, 2023).stated


def test_lines_without_a_ceiling_leave_the_stated_figures():
    unit = make_unit("balai-a")
    budget = make_budget(unit)
    add_line(budget, "EC", level="program")
    add_line(budget, "EC.1", ceiling=None, spending=D(10))  # spending alone is not counted
    assert budget_amounts([unit], 2023) == {"balai-a": Amounts(D(1000), D(950), D(900))}


def test_several_units_in_one_query(django_assert_num_queries):
    with_lines, stated_only, other_year_only, without = (
        make_unit(code) for code in ("balai-a", "balai-b", "balai-c", "balai-d")
    )
    add_line(make_budget(with_lines), "A.1", ceiling=D(100), spending=D(80))
    make_budget(stated_only, final_ceiling=D(200), spending=None, initial_ceiling=None)
    add_line(make_budget(other_year_only, year=2022), "C.1", ceiling=D(5), spending=D(5))
    with django_assert_num_queries(1):
        amounts = budget_amounts(Unit.objects.all(), 2023)
    assert amounts == {
        "balai-a": Amounts(D(100), D(80), D(900)),
        "balai-b": Amounts(D(200), None, None),
    }
    assert amounts["balai-a"].absorption_pct == D(80)
    assert amounts["balai-b"].absorption_pct is None
    assert "balai-d" not in budget_amounts([without], 2023)


def test_the_history_follows_the_same_rule_year_by_year():
    unit = make_unit("balai-a")
    add_line(make_budget(unit, 2022), "A.1", ceiling=D(100), spending=D(90))
    make_budget(unit, 2023)
    history = budget_overview(unit, 2023).history
    assert history == [
        (2022, Amounts(D(100), D(90), D(900))),
        (2023, Amounts(D(1000), D(950), D(900))),
    ]
