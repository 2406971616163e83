"""The read-replica router (core/replica.py): with a ``replica`` alias, the dashboards and
the public pages read there and nothing is ever written there; without one, nothing
changes. The alias here is a second connection to the test database (what
``KINERJA_REPLICA_URL`` adds, with ``TEST.MIRROR``), so the test sees which connection
each query took."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from kinerja.core.replica import REPLICA, ReplicaRouter, configured, reading_from_replica
from kinerja.measurement.models import UnitYearSummary
from kinerja.org.models import Unit

# Committed data (the second connection must see what the fixtures wrote), on both
# aliases (the alias exists from the module fixture below on).
pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
    pytest.mark.usefixtures("replica_alias"),
]


@pytest.fixture(scope="module")
def replica_alias(django_db_setup, django_db_blocker):
    # After the test database exists: the alias names it, as TEST.MIRROR would.
    connections.settings[REPLICA] = {**connections["default"].settings_dict}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica():
    return connections[REPLICA]


def test_without_a_replica_everything_reads_from_default(monkeypatch):
    monkeypatch.delitem(connections.settings, REPLICA)
    router = ReplicaRouter()
    assert not configured()
    with reading_from_replica():
        assert router.db_for_read(Unit) is None  # the default database


def test_reads_inside_go_to_the_replica_and_writes_never(replica):
    router = ReplicaRouter()
    assert router.db_for_read(Unit) is None  # outside: the primary
    with reading_from_replica():
        assert router.db_for_read(Unit) == REPLICA
        assert router.db_for_write(Unit) == "default"
        assert Unit.objects.all()._db is None  # decided by the router at query time
        Unit.objects.create(code="tulis", name="Tulis")  # a write inside: the primary
        with CaptureQueriesContext(replica) as on_replica:
            assert Unit.objects.filter(code="tulis").exists()
    assert len(on_replica.captured_queries) == 1
    assert Unit.objects.using("default").filter(code="tulis").exists()
    assert router.allow_migrate(REPLICA, "org") is False
    assert router.allow_migrate("default", "org") is True


def test_the_dashboards_and_public_pages_read_from_the_replica(client, users, replica):
    client.force_login(users["bskji"])
    pages = [
        "/u/bspji-palembang/2023/",
        "/u/bskji/2023/unit-bawahan/",
        "/publik/",
        "/publik/bspji-palembang/",
    ]
    for url in pages:
        with (
            CaptureQueriesContext(replica) as on_replica,
            CaptureQueriesContext(connections["default"]) as on_default,
        ):
            assert client.get(url).status_code == 200, url
        assert on_replica.captured_queries, url
        # The session and the user were read before the view, from the primary; the
        # view's own reads from the replica.
        assert any("django_session" in q["sql"] for q in on_default.captured_queries), url
        assert not any("django_session" in q["sql"] for q in on_replica.captured_queries), url
        written = [q["sql"] for q in on_replica.captured_queries]
        assert not any(
            sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for sql in written
        )
    # The parent page computed the units' summaries on the replica and stored none
    # (a replica is read-only; the primary computes and stores its own).
    assert not UnitYearSummary.objects.using("default").exists()
    # A page that writes is not routed there at all.
    with CaptureQueriesContext(replica) as on_replica:
        client.get("/u/bspji-palembang/2023/laporan/")
    assert not on_replica.captured_queries
