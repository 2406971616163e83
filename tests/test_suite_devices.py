"""The suite's own devices (tests/conftest.py, tests/dbsnapshot.py) do what CI relies on:
tests that cannot reach the database are told apart from those that can, and a flush
leaves the database as migrated, so that recorded data replays after it."""

import pytest
from django.core.management import call_command

import dbsnapshot
from kinerja.org.models import Unit


def test_a_test_without_database_fixtures_in_a_module_that_starts_no_process(request):
    # This module names the command runner, so it counts as one that may reach the
    # database: its tests are not left out of the PostgreSQL pass.
    assert request.node.get_closest_marker("no_database") is None


@pytest.fixture
def unit_count(db):
    return Unit.objects.count()


def test_a_fixture_that_asks_for_the_database_makes_its_tests_need_it(request, unit_count):
    assert request.node.get_closest_marker("no_database") is None


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_recording_of_the_empty_database_replays():
    built = []

    def build():
        built.append(1)
        return Unit.objects.create(code="rekaman", name="Unit rekaman").pk

    first = dbsnapshot.replay_or_build("suite-devices", build)
    call_command("flush", interactive=False, verbosity=0)
    # PostgreSQL's sequences go on after a flush: the content types come back under new
    # keys there (SQLite may reuse the old ones).
    dbsnapshot.restore_base()
    assert dbsnapshot._base_rows() == dbsnapshot._BASE
    # The content types are those of the migrated database again: the same recording
    # replays, with the same keys, and the builder is not run a second time.
    assert dbsnapshot.replay_or_build("suite-devices", build) == first
    assert built == [1]
    assert Unit.objects.get(pk=first).code == "rekaman"
