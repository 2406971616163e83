"""Preparing the demo: the BSPJI Palembang year, rebuilt from its dataset files, and beside
it a perangkat daerah of a province (Sekretariat Daerah Provinsi Sumatera Utara, 2021),
rebuilt from the one page of its Laporan Kinerja that could be read (docs/demo-data.md)."""

import os
import secrets
from importlib import resources

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from kinerja.datasets.load import LoadReport, load_text
from kinerja.org.choices import Role
from kinerja.org.models import IndicatorAssignment, Membership, Unit

DEMO_UNIT = "bspji-palembang"
DEMO_YEAR = 2023
# Peers first: the Palembang file lists them as units, Pontianak's file adds its plan.
DATASET_FILES = ("bspji-palembang.yaml", "bspji-pontianak.yaml")
DEMO_PARENT = "bskji"
# One account per role (README lists them). The PIC owns the indicators typed in by hand
# (and SK1.1); it filled their 2023 quarters (load_demo_quarters), the planner the others.
DEMO_ACCOUNTS = (
    # username, full name, unit, roles, superuser
    ("admin", "Administrator Demo", DEMO_UNIT, (Role.ADMIN,), True),
    ("perencana", "Tim Perencanaan", DEMO_UNIT, (Role.PLANNER,), False),
    ("pic", "PIC Indikator", DEMO_UNIT, (Role.OWNER,), False),
    ("koordinator", "Koordinator", DEMO_UNIT, (Role.COORDINATOR,), False),
    ("kepala", "Kepala Balai", DEMO_UNIT, (Role.HEAD,), False),
    ("keuangan", "Bagian Keuangan", DEMO_UNIT, (Role.FINANCE,), False),
    ("bskji", "Penelaah BSKJI", DEMO_PARENT, (Role.REVIEWER,), False),
    # Scores the units' SAKIP evaluations (LKE); bskji gives the final approval.
    ("evaluator", "Evaluator Inspektorat", "kemenperin", (Role.EVALUATOR,), False),
)
DEMO_PIC_INDICATORS = ("SK1.1", "SK3.1", "SK3.4")


# The regional demo: its own file, its own year and its own accounts. It is loaded apart from
# the BSPJI files so that what those load (and the test fixtures replaying them) is unchanged.
REGIONAL_UNIT = "setda-sumut"
REGIONAL_YEAR = 2021
REGIONAL_PARENT = "provinsi-sumatera-utara"
REGIONAL_DATASET_FILES = ("setda-sumut.yaml",)
REGIONAL_ACCOUNTS = (
    # username, full name, unit, roles, superuser
    ("setda-admin", "Administrator Setda", REGIONAL_UNIT, (Role.ADMIN,), False),
    ("setda-perencana", "Perencana Setda", REGIONAL_UNIT, (Role.PLANNER,), False),
    ("setda-pic", "PIC Indikator Setda", REGIONAL_UNIT, (Role.OWNER,), False),
    ("setda-koordinator", "Koordinator Setda", REGIONAL_UNIT, (Role.COORDINATOR,), False),
    ("setda-sekda", "Sekretaris Daerah", REGIONAL_UNIT, (Role.HEAD,), False),
    ("setda-keuangan", "Keuangan Setda", REGIONAL_UNIT, (Role.FINANCE,), False),
    ("pemprov", "Penelaah Pemprov", REGIONAL_PARENT, (Role.REVIEWER,), False),
)
REGIONAL_PIC_INDICATORS = ("SS3.1",)


def dataset_text(name: str) -> str:
    return resources.files("kinerja.demo").joinpath("data", name).read_text(encoding="utf-8")


# The SAKIP evaluation (LKE) of the demo year, loaded after the datasets through the
# evaluation services; its approved total is SK8.1's realization (docs/demo-data.md).
EVALUATION_FILES = ("lke-bspji-palembang-2023.yaml",)


def load_demo_datasets() -> list[LoadReport]:
    reports = [load_text(dataset_text(name)) for name in DATASET_FILES]
    load_demo_evaluations()
    return reports


def load_demo_evaluations() -> None:
    from kinerja.evaluation.importing import load_evaluation
    from kinerja.evaluation.templates import load_shipped

    load_shipped()
    for name in EVALUATION_FILES:
        load_evaluation(dataset_text(name))


def load_demo_quarters() -> dict[str, int]:
    """The 2023 quarterly reports of BSPJI Palembang, filled and approved through the
    workflow services by the demo accounts (ensure_demo_accounts first). Apart from
    ``load_demo_datasets`` so that the dataset's content (and the test fixtures replaying
    it) stays without quarterly entries."""
    from .quarters import QUARTERS_FILE, load_quarters

    return load_quarters(dataset_text(QUARTERS_FILE))


def load_regional_demo() -> list[LoadReport]:
    """The regional demo's dataset(s): Setda Provinsi Sumatera Utara under its province."""
    return [load_text(dataset_text(name)) for name in REGIONAL_DATASET_FILES]


def demo_password() -> tuple[str, bool]:
    """KINERJA_DEMO_PASSWORD, or a fresh random one (then True: print it)."""
    given = os.environ.get("KINERJA_DEMO_PASSWORD", "").strip()
    return (given, False) if given else (secrets.token_urlsafe(9), True)


@transaction.atomic
def ensure_demo_accounts(password: str) -> list:
    """One user per role of the demo unit and a BSKJI reviewer, all with ``password``.
    Safe to run twice: the password is set again, nothing is duplicated."""
    return _ensure_accounts(DEMO_ACCOUNTS, DEMO_UNIT, "pic", DEMO_PIC_INDICATORS, password)


@transaction.atomic
def ensure_regional_accounts(password: str) -> list:
    """The regional demo's users: one per role of Setda Sumut and a reviewer in the
    province, all with ``password``. Safe to run twice."""
    return _ensure_accounts(
        REGIONAL_ACCOUNTS, REGIONAL_UNIT, "setda-pic", REGIONAL_PIC_INDICATORS, password
    )


def _ensure_accounts(accounts, unit_code: str, pic_name: str, pic_codes, password: str) -> list:
    users = []
    model = get_user_model()
    # Every demo account has the same password, so it is hashed once (a deliberately
    # slow hash: about 0.3 s of CPU each, 4 s for the demo's 15 accounts).
    encoded = make_password(password)
    for username, full_name, member_of, roles, superuser in accounts:
        first, _, last = full_name.partition(" ")
        user, _ = model.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.is_staff = user.is_superuser = superuser
        user.password = encoded
        user.save()
        unit = Unit.objects.get(code=member_of)
        for role in roles:
            Membership.objects.get_or_create(user=user, unit=unit, role=role)
        users.append(user)
    pic = model.objects.get(username=pic_name)
    unit = Unit.objects.get(code=unit_code)
    for code in pic_codes:
        IndicatorAssignment.objects.get_or_create(user=pic, unit=unit, indicator_code=code)
    return users
