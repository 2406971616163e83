"""The operational records endpoint is paged as the API's other lists are (``limit``,
``offset``, ``count``) and keeps its own keys (``unit``, ``kind``, ``rows``): a unit
with more records than a page gives every one of them across the pages, once each, in
the stored order."""

import datetime as dt

import pytest

from kinerja.org.models import Unit
from kinerja.sources.models import ServiceOrder

ORDERS = "/api/v1/units/bspji-palembang/records/service_orders"
EXTRA = 137  # more than the default page (100)


@pytest.fixture
def many_orders(demo):
    unit = Unit.objects.get(code="bspji-palembang")
    # several orders on one day: the order must not depend on the date alone
    ServiceOrder.objects.bulk_create(
        ServiceOrder(
            unit=unit,
            number=f"PG-{n:04d}",
            service_type="pengujian",
            customer=f"PT Uji {n}",
            ordered_on=dt.date(2024, 1, 1) + dt.timedelta(days=n % 5),
            fee=1000 + n,
        )
        for n in range(EXTRA)
    )
    stored = ServiceOrder.objects.filter(unit=unit)
    return [o.number for o in stored.order_by("ordered_on", "number")]


@pytest.fixture
def auth(users, bearer):
    return bearer(users["koordinator"])


def test_the_first_page_keeps_the_old_keys(client, many_orders, auth):
    body = client.get(ORDERS, **auth).json()
    assert body["unit"] == "bspji-palembang" and body["kind"] == "service_orders"
    assert body["count"] == len(many_orders) > 100
    assert [r["number"] for r in body["rows"]] == many_orders[:100]  # the default limit


@pytest.mark.parametrize("limit", [1, 7, 50, 100])
def test_every_row_once_across_the_pages_in_the_stored_order(client, many_orders, auth, limit):
    seen, offset, count = [], 0, None
    while count is None or offset < count:
        body = client.get(f"{ORDERS}?limit={limit}&offset={offset}", **auth).json()
        assert len(body["rows"]) <= limit
        count = body["count"]
        seen += [r["number"] for r in body["rows"]]
        offset += limit
    assert seen == many_orders


def test_the_same_page_twice_is_the_same(client, many_orders, auth):
    first = client.get(f"{ORDERS}?limit=10&offset=40", **auth)
    again = client.get(f"{ORDERS}?limit=10&offset=40", **auth)
    assert first.json() == again.json() and first["ETag"] == again["ETag"]
    assert [r["number"] for r in first.json()["rows"]] == many_orders[40:50]


def test_past_the_end_is_an_empty_page_with_the_count(client, many_orders, auth):
    body = client.get(f"{ORDERS}?offset={len(many_orders)}", **auth).json()
    assert body["rows"] == [] and body["count"] == len(many_orders)
    whole = client.get(f"{ORDERS}?limit={len(many_orders) + 50}", **auth).json()
    assert [r["number"] for r in whole["rows"]] == many_orders


@pytest.mark.parametrize(
    ("query", "loc"),
    [
        ("limit=0", "limit"),
        ("limit=-5", "limit"),
        ("limit=dua", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_page_bounds_are_a_located_422(client, many_orders, auth, query, loc):
    response = client.get(f"{ORDERS}?{query}", **auth)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["query", loc]]


def test_the_year_filter_counts_only_that_year(client, many_orders, auth):
    counts = "/api/v1/units/bspji-palembang/records/service_counts"
    everything = client.get(f"{counts}?limit=1000", **auth).json()
    years = {r["year"] for r in everything["rows"]}
    assert len(years) > 1, "the demo has counts of several years"
    year = min(years)
    body = client.get(f"{counts}?year={year}&limit=1", **auth).json()
    expected = [r for r in everything["rows"] if r["year"] == year]
    assert body["count"] == len(expected) and body["rows"] == expected[:1]
    orders = client.get(f"{ORDERS}?limit=1000", **auth).json()["rows"]
    of_2024 = [r for r in orders if r["ordered_on"].startswith("2024")]
    assert len(of_2024) >= EXTRA
    page = client.get(f"{ORDERS}?year=2024&limit=10&offset=5", **auth).json()
    assert page["count"] == len(of_2024) and page["rows"] == of_2024[5:15]
