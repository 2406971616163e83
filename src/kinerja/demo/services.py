"""Preparing the demo: the BSPJI Palembang year, rebuilt from its dataset files."""

import os
import secrets
from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction

from kinerja.datasets.load import LoadReport, load_text
from kinerja.org.choices import Role
from kinerja.org.models import IndicatorAssignment, Membership, Unit

DEMO_UNIT = "bspji-palembang"
DEMO_YEAR = 2023
# Peers first: the Palembang file lists them as units, Pontianak's file adds its plan.
DATASET_FILES = ("bspji-palembang.yaml", "bspji-pontianak.yaml")
DEMO_PARENT = "bskji"
# One account per role (README lists them). The PIC reports the indicators typed in by
# hand, so the demo's quarterly entry has real work to do.
DEMO_ACCOUNTS = (
    # username, full name, unit, roles, superuser
    ("admin", "Administrator Demo", DEMO_UNIT, (Role.ADMIN,), True),
    ("perencana", "Tim Perencanaan", DEMO_UNIT, (Role.PLANNER,), False),
    ("pic", "PIC Indikator", DEMO_UNIT, (Role.OWNER,), False),
    ("koordinator", "Koordinator", DEMO_UNIT, (Role.COORDINATOR,), False),
    ("kepala", "Kepala Balai", DEMO_UNIT, (Role.HEAD,), False),
    ("keuangan", "Bagian Keuangan", DEMO_UNIT, (Role.FINANCE,), False),
    ("bskji", "Penelaah BSKJI", DEMO_PARENT, (Role.REVIEWER,), False),
)
DEMO_PIC_INDICATORS = ("SK1.1", "SK3.1", "SK3.4")


def dataset_text(name: str) -> str:
    return resources.files("kinerja.demo").joinpath("data", name).read_text(encoding="utf-8")


def load_demo_datasets() -> list[LoadReport]:
    return [load_text(dataset_text(name)) for name in DATASET_FILES]


def demo_password() -> tuple[str, bool]:
    """KINERJA_DEMO_PASSWORD, or a fresh random one (then True: print it)."""
    given = os.environ.get("KINERJA_DEMO_PASSWORD", "").strip()
    return (given, False) if given else (secrets.token_urlsafe(9), True)


@transaction.atomic
def ensure_demo_accounts(password: str) -> list:
    """One user per role of the demo unit and a BSKJI reviewer, all with ``password``.
    Safe to run twice: the password is set again, nothing is duplicated."""
    users = []
    model = get_user_model()
    for username, full_name, unit_code, roles, superuser in DEMO_ACCOUNTS:
        first, _, last = full_name.partition(" ")
        user, _ = model.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.is_staff = user.is_superuser = superuser
        user.set_password(password)
        user.save()
        unit = Unit.objects.get(code=unit_code)
        for role in roles:
            Membership.objects.get_or_create(user=user, unit=unit, role=role)
        users.append(user)
    pic = model.objects.get(username="pic")
    unit = Unit.objects.get(code=DEMO_UNIT)
    for code in DEMO_PIC_INDICATORS:
        IndicatorAssignment.objects.get_or_create(user=pic, unit=unit, indicator_code=code)
    return users
