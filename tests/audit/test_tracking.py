"""What the trail records: creations, updates and deletions of tracked rows with the
actor, source, reason, unit and old → new values — and nothing for a save that changes
nothing, nothing for a change that is rolled back."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kinerja.audit.context import audit_context, lookup_scope
from kinerja.audit.models import AppendOnly, Change
from kinerja.audit.tracking import record_created, snapshot
from kinerja.datasets.load import load_file
from kinerja.measurement.models import EntryWindow, Realization
from kinerja.org.choices import Role
from kinerja.org.models import Membership, Unit
from kinerja.planning.models import Alignment, Indicator, PlannedActivity, Target
from kinerja.reports.models import Narrative
from kinerja.sources.models import ScoreComponent, ServiceOrder

pytestmark = pytest.mark.django_db
SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"


def target(code="SK1.2", year=2023) -> Target:
    # Fetched fresh: nothing of the path to the unit is loaded.
    return Target.objects.get(indicator__code=code, indicator__version__number=2, year=year)


def changes_of(obj):
    return list(Change.objects.for_object(obj))


def test_an_update_records_old_and_new_with_actor_source_and_reason(small):
    user = get_user_model().objects.create_user("perencana-balai")
    row = target()
    with audit_context(
        user_id=user.pk, username="perencana-balai", source="web", reason="Revisi Renstra"
    ):
        row.value = Decimal("9.5")
        row.save()
    (change,) = Change.objects.for_object(row).filter(action="update")
    assert change.before["value"] == "10"
    assert change.after["value"] == "9.5"
    assert change.changed_fields() == ["value"]
    assert (change.user, change.username, change.source) == (user, "perencana-balai", "web")
    assert change.reason == "Revisi Renstra"
    assert change.unit == small
    assert change.object_repr == "SK1.2 2023: 9.5"
    # The full row is kept, not only what changed.
    assert change.before["year"] == change.after["year"] == 2023
    assert change.after["indicator"] == row.indicator_id


def test_a_creation_and_a_deletion_keep_the_whole_row(small):
    indicator = Indicator.objects.get(code="SK1.1", version__number=2)
    with audit_context(username="kepala", source="web", reason="Narasi awal"):
        narrative = Narrative.objects.create(
            unit=small, year=2023, indicator=indicator, kind="obstacles", text="Cuaca"
        )
    (created,) = changes_of(narrative)
    assert created.action == "create" and created.before is None
    assert created.after == {
        "unit": small.pk,
        "year": 2023,
        "indicator": indicator.pk,
        "kind": "obstacles",
        "text": "Cuaca",
        "updated_by": None,
    }
    pk = narrative.pk
    with audit_context(username="kepala", source="web", reason="Salah unit"):
        narrative.delete()
    deleted = Change.objects.get(object_id=pk, action="delete")
    assert deleted.after is None
    assert deleted.before == created.after
    assert deleted.unit == small and deleted.reason == "Salah unit"
    assert "obstacles" in deleted.object_repr or "Kendala" in deleted.object_repr


def test_a_save_that_changes_nothing_records_nothing(small):
    row = target()
    before = Change.objects.count()
    row.save()
    row.value = Decimal("10.000")  # the same number written differently
    row.save()
    load_file(SMALL)  # loading the same data again changes nothing either
    assert Change.objects.count() == before


def test_a_rolled_back_change_leaves_no_record(small):
    row = target()
    before = Change.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        row.value = Decimal("3")
        row.save()
        Narrative.objects.create(unit=small, year=2023, kind="summary", text="x")
        assert Change.objects.count() == before + 2  # written in the same transaction…
        raise RuntimeError("validation failed later")
    assert Change.objects.count() == before  # …and gone with it
    assert target().value == Decimal("10")


def test_only_the_saved_fields_count_with_update_fields(small):
    row = target()
    row.value = Decimal("11")
    row.max_value = Decimal("12")  # changed in memory, not saved
    row.save(update_fields=["value"])
    (change,) = Change.objects.for_object(row).filter(action="update")
    assert change.changed_fields() == ["value"]
    assert change.after["max_value"] is None


def test_values_are_stored_as_text_decimals_dates_and_ids(small):
    window = EntryWindow.objects.create(
        unit=small,
        year=2024,
        quarter=1,
        opens_on=dt.date(2024, 4, 1),
        closes_on="2024-04-15",  # as a form might hand it over
    )
    (change,) = changes_of(window)
    assert change.after["opens_on"] == "2024-04-01"
    assert change.after["closes_on"] == "2024-04-15"
    assert change.after["unit"] == small.pk
    realization = Realization.objects.get(indicator__code="SK1.2", year=2023, period="year")
    realization.value = Decimal("8.250000")
    realization.save()
    (update,) = Change.objects.for_object(realization).filter(action="update")
    assert (update.before["value"], update.after["value"]) == ("8.5", "8.25")
    assert "created_at" not in update.after and "updated_at" not in update.after


def test_each_row_is_attributed_to_the_unit_it_belongs_to(small):
    agency = Unit.objects.get(code="agency")
    # An alignment's own unit is the parent unit it points to; it belongs to the owner's.
    alignment = Alignment.objects.get(objective__code="SK1")
    assert alignment.unit == agency
    alignment.name = "Meningkatnya layanan badan (revisi)"
    alignment.save()
    assert Change.objects.for_object(alignment).get(action="update").unit == small
    membership = Membership.objects.create(
        user=get_user_model().objects.create_user("baru"), unit=agency, role=Role.VIEWER
    )
    assert changes_of(membership)[0].unit == agency
    load_changes = Change.objects.filter(
        content_type=ContentType.objects.get_for_model(Target), action="create"
    )
    assert load_changes.exists() and set(load_changes.values_list("unit", flat=True)) == {small.pk}


def test_the_unit_lookup_is_asked_once_per_parent_within_a_scope(small):
    # Two activities of one action plan, fetched without anything of the path to the unit.
    first_row, second_row = PlannedActivity.objects.filter(action_plan__year=2023)
    with lookup_scope():
        first_row.description += " (revisi)"
        with CaptureQueriesContext(connection) as first:
            first_row.save()
        second_row.description += " (revisi)"
        with CaptureQueriesContext(connection) as second:
            second_row.save()
    # Both: read the stored row, save, record. The first also looks up the unit.
    assert len(first) == 4 and len(second) == 3
    updates = Change.objects.filter(action="update")
    assert [c.unit_id for c in updates] == [small.pk, small.pk]


def test_rows_created_in_bulk_are_recorded_when_the_writer_asks(small):
    from kinerja.sources.models import ExternalScore

    score = ExternalScore.objects.create(unit=small, year=2023, kind="sakip", score=70)
    components = ScoreComponent.objects.bulk_create(
        [ScoreComponent(score=score, name=n, value=v) for n, v in [("A", 20), ("B", "7.5")]]
    )
    with audit_context(source="cli:test"):
        assert record_created(components) == 2
    recorded = Change.objects.filter(
        content_type=ContentType.objects.get_for_model(ScoreComponent)
    ).order_by("pk")
    assert [c.after["value"] for c in recorded] == ["20", "7.5"]
    assert {c.unit_id for c in recorded} == {small.pk}


def test_the_survey_token_of_a_service_order_stays_out_of_the_trail(small):
    order = ServiceOrder.objects.create(
        unit=small,
        number="ORD-1",
        service_type="pengujian",
        customer="PT Contoh",
        ordered_on=dt.date(2023, 2, 1),
    )
    (change,) = changes_of(order)
    assert "survey_token" not in change.after
    assert order.survey_token not in str(change.after)
    assert set(snapshot(order)) == set(change.after)


def test_recorded_changes_cannot_be_changed_or_deleted(small):
    change = Change.objects.first()
    change.reason = "dipalsukan"
    with pytest.raises(AppendOnly):
        change.save()
    with pytest.raises(AppendOnly):
        change.delete()
    with pytest.raises(AppendOnly):
        Change.objects.filter(pk=change.pk).update(reason="dipalsukan")
    with pytest.raises(AppendOnly):
        Change.objects.all().delete()


def test_a_deleted_user_is_still_named(small):
    user = get_user_model().objects.create_user("sementara")
    with audit_context(user_id=user.pk, username="sementara", source="web"):
        row = target()
        row.value = Decimal("7")
        row.save()
    user.delete()
    change = Change.objects.for_object(row).get(action="update")
    assert change.user is None and change.username == "sementara"


def test_a_cascade_records_every_deleted_row_under_its_unit(small):
    indicator = Indicator.objects.get(code="SK1.3", version__number=2)
    target_ids = list(indicator.targets.values_list("pk", flat=True))
    with audit_context(source="admin", username="admin", reason="Indikator dihapus"):
        indicator.agreement_items.all().delete()  # PROTECT: the agreement item goes first
        indicator.delete()
    deleted = Change.objects.filter(action="delete", reason="Indikator dihapus")
    kinds = {c.content_type.model for c in deleted}
    assert {"indicator", "target", "agreementindicator"} <= kinds
    assert set(
        deleted.filter(content_type__model="target").values_list("object_id", flat=True)
    ) == set(target_ids)
    assert {c.unit_id for c in deleted} == {small.pk}


def test_a_queryset_delete_is_recorded_row_by_row_with_the_whole_row(small):
    rows = Target.objects.filter(indicator__code="SK1.2", indicator__version__number=2)
    expected = {t.pk: format(t.value.normalize(), "f") for t in rows}
    with audit_context(source="web", reason="Indikator dibatalkan"):
        rows.only("id").delete()  # even when the rows were read without their values
    deleted = Change.objects.filter(action="delete", content_type__model="target")
    assert {c.object_id: c.before["value"] for c in deleted} == expected
    assert {c.reason for c in deleted} == {"Indikator dibatalkan"}
