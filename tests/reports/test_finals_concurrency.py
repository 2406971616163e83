"""Parallel issues of the same final report: one wins, the others are told why
(docs/security.md). Never an IntegrityError / HTTP 500."""

import threading

import pytest
from django.db import connection, connections

from kinerja.org.models import Unit
from kinerja.reports import finals
from kinerja.reports.finals import FinalizeError, finalize
from kinerja.reports.models import FinalReport


def versions(unit):
    return list(
        FinalReport.objects.filter(unit=unit, kind="lakin").values_list("version", flat=True)
    )


def test_a_version_stored_between_check_and_insert_is_refused_clearly(demo, monkeypatch):
    """The race made deterministic: another request stores version 1 while this one is
    building (after it read "no version yet", before it inserts)."""
    unit = Unit.objects.get(code="bspji-palembang")
    real_render = finals.render

    def render_while_another_request_issues(document, fmt):
        if not FinalReport.objects.filter(unit=unit).exists():
            FinalReport.objects.create(
                unit=unit,
                year=2023,
                kind="lakin",
                period="",
                version=1,
                data_hash="x",
                content_hash="x",
                data_snapshot={},
            )
        return real_render(document, fmt)

    monkeypatch.setattr(finals, "render", render_while_another_request_issues)
    with pytest.raises(FinalizeError) as refused:
        finalize(unit, 2023, formats=("xlsx",))
    assert refused.value.code == "concurrent"
    assert versions(unit) == [1]


def test_the_form_shows_the_concurrent_refusal():
    from kinerja.reports.forms import FINALIZE_MESSAGES

    assert "concurrent" in FINALIZE_MESSAGES


def _issue_in_parallel(unit, count, reason, monkeypatch):
    """``count`` threads issue the LAKIN at once: each reads the newest version, then all
    wait for each other before storing (the window of the race, made certain)."""
    barrier = threading.Barrier(count, timeout=60)
    real_render = finals.render

    def render_then_wait(document, fmt):
        content = real_render(document, fmt)
        barrier.wait()
        return content

    monkeypatch.setattr(finals, "render", render_then_wait)
    outcomes = []

    def issue():
        try:
            outcomes.append(finalize(unit, 2023, reason=reason, formats=("xlsx",)).version)
        except FinalizeError as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # the failure this test is about
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes, key=str)


@pytest.mark.django_db(transaction=True)
def test_five_parallel_issues_store_one_version_on_postgresql(demo, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and real parallel transactions: PostgreSQL only")
    unit = Unit.objects.get(code="bspji-palembang")

    assert _issue_in_parallel(unit, 5, "", monkeypatch) == [1] + ["concurrent"] * 4
    assert versions(unit) == [1]
    monkeypatch.undo()
    assert _issue_in_parallel(unit, 5, "koreksi", monkeypatch) == [2] + ["concurrent"] * 4
    assert versions(unit) == [1, 2]
