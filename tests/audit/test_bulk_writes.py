"""Rows the loaders write with bulk_create (no signals) still reach the audit trail."""

from django.contrib.contenttypes.models import ContentType

from kinerja.audit.models import Change
from kinerja.budget.models import LineIndicator
from kinerja.sources.models import FacilitationMeasure, ScoreComponent


def test_bulk_created_rows_of_a_load_are_recorded(demo):
    for model in (LineIndicator, FacilitationMeasure, ScoreComponent):
        stored = model.objects.count()
        assert stored > 0, model
        recorded = Change.objects.filter(
            content_type=ContentType.objects.get_for_model(model), action="create"
        ).count()
        assert recorded == stored, model.__name__
