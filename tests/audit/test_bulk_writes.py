"""Rows the loaders write with bulk_create (no signals) still reach the audit trail."""

from django.contrib.contenttypes.models import ContentType

from kinerja.audit.models import Change
from kinerja.budget.models import LineIndicator
from kinerja.demo.services import load_demo_datasets
from kinerja.org.models import (
    InformationSystem,
    ProfileService,
    ProfileStatement,
    StaffBreakdown,
    StaffCount,
    StructureUnit,
    Unit,
    UnitProfile,
)
from kinerja.sources.models import FacilitationMeasure, ScoreComponent


def test_bulk_created_rows_of_a_load_are_recorded(demo):
    for model in (LineIndicator, FacilitationMeasure, ScoreComponent):
        stored = model.objects.count()
        assert stored > 0, model
        recorded = Change.objects.filter(
            content_type=ContentType.objects.get_for_model(model), action="create"
        ).count()
        assert recorded == stored, model.__name__


PROFILE_MODELS = (
    UnitProfile,
    ProfileStatement,
    ProfileService,
    InformationSystem,
    StructureUnit,
    StaffBreakdown,
    StaffCount,
)


def test_the_demo_profile_is_recorded_once_and_reloading_it_records_nothing(demo):
    palembang = Unit.objects.get(code="bspji-palembang")
    types = ContentType.objects.get_for_models(*PROFILE_MODELS)
    for model in PROFILE_MODELS:
        stored = model.objects.count()
        assert stored > 0, model.__name__
        recorded = Change.objects.filter(content_type=types[model], action="create")
        assert recorded.count() == stored, model.__name__
        assert set(recorded.values_list("unit", flat=True)) == {palembang.pk}  # its only one
    before = Change.objects.count()
    load_demo_datasets()
    assert Change.objects.count() == before
