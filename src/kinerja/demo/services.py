"""Preparing the demo: the BSPJI Palembang year, rebuilt from its dataset files."""

from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction

from kinerja.datasets.load import LoadReport, load_text
from kinerja.org.choices import Role
from kinerja.org.models import Membership, Unit

DEMO_UNIT = "bspji-palembang"
DEMO_YEAR = 2023
# Peers first: the Palembang file lists them as units, Pontianak's file adds its plan.
DATASET_FILES = ("bspji-palembang.yaml", "bspji-pontianak.yaml")
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "kinerja-demo"  # printed on the console by `kinerja demo`; local use only


def dataset_text(name: str) -> str:
    return resources.files("kinerja.demo").joinpath("data", name).read_text(encoding="utf-8")


def load_demo_datasets() -> list[LoadReport]:
    return [load_text(dataset_text(name)) for name in DATASET_FILES]


@transaction.atomic
def ensure_demo_user():
    """A staff login for the admin, planner of the demo unit. Safe to run twice."""
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.get_or_create(
        user=user, unit=Unit.objects.get(code=DEMO_UNIT), role=Role.PLANNER
    )
    return user
