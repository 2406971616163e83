"""A signed Perjanjian Kinerja version cannot change, whoever tries (the admin too)."""

import pytest
from django.core.exceptions import ValidationError

from kinerja.planning.models import AgreementVersion


@pytest.fixture
def signed(demo):
    return AgreementVersion.objects.filter(
        agreement__unit__code="bspji-palembang", agreement__year=2023, status="signed"
    ).latest("number")


def test_a_signed_version_refuses_changes(signed):
    signed.signatory = "Orang lain"
    with pytest.raises(ValidationError, match="sudah ditandatangani"):
        signed.save()


def test_a_signed_version_saved_unchanged_is_fine(signed):
    signed.save()


def test_items_of_a_signed_version_refuse_changes_and_deletion(signed):
    item = signed.items.first()
    item.target = item.target + 1
    with pytest.raises(ValidationError):
        item.save()
    with pytest.raises(ValidationError):
        signed.items.first().delete()
    with pytest.raises(ValidationError):
        signed.delete()
