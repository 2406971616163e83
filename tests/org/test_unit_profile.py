"""The unit profile (BAB I of the LAKIN): its dataset section — schema, checks, load,
dump, round trip — and the invariants its models hold in the database."""

import copy
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kinerja.audit.models import Change
from kinerja.datasets.dump import dump_data, dump_text, find_plan
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.measurement.models import Realization
from kinerja.org.models import (
    ProfileService,
    StaffBreakdown,
    StaffCount,
    StructureUnit,
    Unit,
    UnitProfile,
)
from kinerja.planning.models import ActionPlan, Agreement, StrategicPlan

pytestmark = pytest.mark.django_db

SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"

PROFILE_2023 = {
    "year": 2023,
    "legal_basis": ["Peraturan Menteri Contoh Nomor 1 Tahun 2022 tentang Organisasi Balai"],
    "tasks": "Balai Contoh mempunyai tugas melaksanakan pelayanan jasa industri.",
    "functions": ["pelaksanaan pengujian;", "pelaksanaan sertifikasi;", "pelaksanaan pelaporan."],
    "vision": "Menjadi balai yang andal.",
    "mission": ["Melayani dengan cepat.", "Melayani dengan tepat."],
    "strategic_roles": ["Pengujian aneka komoditi."],
    "signing": {
        "place": "Palembang",
        "date": "2024-01",
        "head_name": "Nama Kepala, S.T.",
        "head_nip": "197407272003121006",
    },
    "services": [
        {
            "name": "Laboratorium Pengujian",
            "category": "pengujian",
            "description": "Pengujian bahan dan produk.",
            "accreditation": "LP-001-IDN",
            "accreditation_body": "Komite Akreditasi Nasional (KAN)",
            "valid_from": "2020-03-18",
            "valid_until": "2025-03-15",
        },
        {"name": "Pelatihan", "category": "pelatihan"},
    ],
    "information_systems": [
        {"name": "Website", "url": "https://balai.example.go.id", "description": "Profil."},
        {"name": "SILAPER"},
    ],
    "organisation": [
        {"code": "balai", "name": "Balai Contoh", "head_title": "Kepala Balai"},
        {
            "code": "tata-usaha",
            "name": "Subbagian Tata Usaha",
            "head_title": "Kepala Subbagian Tata Usaha",
            "parent": "balai",
            "duties": "Urusan umum.",
        },
        {"code": "fungsional", "name": "Kelompok Jabatan Fungsional", "parent": "balai"},
    ],
    "sop_groups": [{"name": "Program", "description": "Penyusunan program."}, {"name": "Umum"}],
    "staff": [
        {
            "name": "Status kepegawaian",
            "note": "Per Desember 2023.",
            "rows": [
                {"label": "PNS", "count": 20},
                {"label": "PPPK", "count": 3},
                {"label": "Outsourcing", "count": 4},
            ],
        },
        {"name": "Pendidikan", "rows": [{"label": "S1", "count": 12}, {"label": "S2", "count": 8}]},
    ],
}


def with_profile(*profiles) -> str:
    data = yaml.safe_load(SMALL.read_text())
    data["profile"] = [copy.deepcopy(p) for p in profiles]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def edited(change) -> str:
    profile = copy.deepcopy(PROFILE_2023)
    change(profile)
    return with_profile(profile)


def problems_of(text: str) -> list[str]:
    with pytest.raises(DatasetInvalid) as info:
        load_text(text)
    return [str(p) for p in info.value.problems]


def dumped_profile() -> list[dict]:
    unit = Unit.objects.get(code="balai-contoh")
    return dump_data(unit, find_plan(unit, "2021-2024"))["profile"]


def wipe() -> None:
    """Empty every table the small dataset fills, children first."""
    for model in (UnitProfile, Realization, ActionPlan, Agreement, StrategicPlan):
        model.objects.all().delete()
    while Unit.objects.exists():
        Unit.objects.filter(children__isnull=True).delete()


# -- load, dump, round trip ---------------------------------------------------------------
def test_it_loads_every_part_of_the_profile():
    load_text(with_profile(PROFILE_2023))
    profile = UnitProfile.objects.for_report(Unit.objects.get(code="balai-contoh"), 2023)
    assert profile.tasks.startswith("Balai Contoh mempunyai tugas")
    assert [s.text for s in profile.statements_of("function")] == PROFILE_2023["functions"]
    assert [s.title for s in profile.statements_of("sop_group")] == ["Program", "Umum"]
    lab = profile.services.all()[0]
    assert (lab.accreditation, str(lab.valid_until)) == ("LP-001-IDN", "2025-03-15")
    tata_usaha = profile.structure_units.get(code="tata-usaha")
    assert tata_usaha.parent.code == "balai"
    status, education = profile.staff_breakdowns.all()
    assert [(c.label, c.count) for c in status.counts.all()] == [
        ("PNS", 20),
        ("PPPK", 3),
        ("Outsourcing", 4),
    ]
    assert (status.total, education.total) == (27, 20)


def test_dump_gives_back_what_was_loaded():
    load_text(with_profile(PROFILE_2023))
    assert dumped_profile() == [PROFILE_2023]


def test_load_dump_load_gives_identical_text_and_rows():
    later = {**copy.deepcopy(PROFILE_2023), "year": 2024, "vision": "Visi baru."}
    later["staff"][0]["rows"][0]["count"] = 22
    load_text(with_profile(PROFILE_2023, later))
    unit = Unit.objects.get(code="balai-contoh")
    first = dump_text(unit, find_plan(unit, "2021-2024"))
    counts = (UnitProfile.objects.count(), StaffCount.objects.count())
    wipe()
    load_text(first)  # into an empty database
    assert (UnitProfile.objects.count(), StaffCount.objects.count()) == counts == (2, 10)
    unit = Unit.objects.get(code="balai-contoh")
    assert dump_text(unit, find_plan(unit, "2021-2024")) == first
    assert [p["year"] for p in yaml.safe_load(first)["profile"]] == [2023, 2024]


def test_loading_the_same_profile_twice_changes_nothing():
    text = with_profile(PROFILE_2023)
    first = load_text(text)
    assert first.created["staffbreakdown"] == 2
    again = load_text(text)
    assert not again.changed
    assert again.unchanged["structureunit"] == 3


def test_a_changed_list_replaces_the_stored_one_and_leaves_other_years_alone():
    later = {**copy.deepcopy(PROFILE_2023), "year": 2024}
    load_text(with_profile(PROFILE_2023, later))

    def change(profile):
        profile["staff"][0]["rows"] = [{"label": "PNS", "count": 21}]
        profile["organisation"] = profile["organisation"][:2]

    report = load_text(edited(change))
    assert report.updated["staffbreakdown"] == 2
    profile_2023, profile_2024 = UnitProfile.objects.order_by("year")
    assert [b.total for b in profile_2023.staff_breakdowns.all()] == [21, 20]
    assert profile_2023.structure_units.count() == 2
    assert [b.total for b in profile_2024.staff_breakdowns.all()] == [27, 20]
    assert profile_2024.structure_units.count() == 3


def test_a_replaced_list_is_in_the_audit_trail_row_by_row():
    load_text(with_profile(PROFILE_2023))
    unit = Unit.objects.get(code="balai-contoh")
    created = Change.objects.filter(unit=unit, action="create")
    assert created.filter(content_type__model="profilestatement").count() == 9
    assert created.filter(content_type__model="staffcount").count() == 5
    last = Change.objects.order_by("pk").last().pk

    def change(profile):
        profile["staff"][1]["rows"] = [{"label": "S1", "count": 13}]
        profile["information_systems"] = profile["information_systems"][:1]

    load_text(edited(change))
    new = Change.objects.filter(pk__gt=last)
    actions = sorted(new.values_list("content_type__model", "action"))
    # A list is replaced whole: each old row deleted, each new one created.
    assert actions == sorted(
        [("informationsystem", "delete")] * 2
        + [("informationsystem", "create")]
        + [("staffbreakdown", "delete")] * 2
        + [("staffbreakdown", "create")] * 2
        + [("staffcount", "delete")] * 5
        + [("staffcount", "create")] * 4
    )
    assert set(new.values_list("unit", flat=True)) == {unit.pk}


# -- what is wrong, and where ---------------------------------------------------------------
@pytest.mark.usefixtures("english_messages")
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda p: p["staff"][0]["rows"][2].update(count=-1),
            "profile[0].staff[0].rows[2].count: must be at least 0, got -1",
        ),
        (
            lambda p: p["staff"][0]["rows"][2].update(count="empat"),
            'profile[0].staff[0].rows[2].count: expected a whole number, got "empat"',
        ),
        (
            lambda p: p["staff"][1].update(rows=[]),
            "profile[0].staff[1].rows: needs at least 1 item(s)",
        ),
        (
            lambda p: p["services"][1].update(category="hiburan"),
            "profile[0].services[1].category: expected one of pengujian, kalibrasi,",
        ),
        (
            lambda p: p["information_systems"][1].update(url="silaper.local"),
            'profile[0].information_systems[1].url: "silaper.local" does not have the expected',
        ),
        (
            lambda p: p["organisation"][0].update(code="Balai Contoh"),
            'profile[0].organisation[0].code: "Balai Contoh" does not have the expected form',
        ),
        (lambda p: p.update(fungsi=[]), "profile[0]: unknown field 'fungsi'"),
        (
            lambda p: p["services"][0].update(valid_until="2019-01-01"),
            "profile[0].services[0].valid_until: 2019-01-01 is before valid_from 2020-03-18",
        ),
        (
            lambda p: p["staff"][0]["rows"][1].update(label="PNS"),
            'profile[0].staff[0].rows[1].label: label "PNS" is listed twice',
        ),
        (
            lambda p: p["staff"][1].update(name="Status kepegawaian"),
            'profile[0].staff[1].name: breakdown "Status kepegawaian" is listed twice',
        ),
        (
            lambda p: p["services"][1].update(name="Laboratorium Pengujian"),
            'profile[0].services[1].name: service "Laboratorium Pengujian" is listed twice',
        ),
        (
            lambda p: p["organisation"][2].update(parent="sekretariat"),
            'profile[0].organisation[2].parent: "sekretariat" is not in organisation; known: '
            "balai, fungsional, tata-usaha",
        ),
        (
            lambda p: p["signing"].update(head_nip="1974 0727"),
            "profile[0].signing.head_nip:",
        ),
        (
            lambda p: p["signing"].update(date="2024-13"),
            "profile[0].signing.date:",
        ),
        (
            lambda p: p["organisation"].reverse(),
            'profile[0].organisation[0].parent: "balai" must be listed before the elements '
            "under it",
        ),
    ],
)
def test_it_names_the_place_and_the_reason(change, expected):
    problems = problems_of(edited(change))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_year_listed_twice_is_an_error():
    assert problems_of(with_profile(PROFILE_2023, PROFILE_2023)) == [
        "profile: tahun 2023 tercantum dua kali"
    ]


def test_an_invalid_profile_writes_nothing():
    problems_of(edited(lambda p: p["staff"][0]["rows"][0].update(count=-5)))
    assert not UnitProfile.objects.exists()
    assert not Unit.objects.filter(code="balai-contoh").exists()


# -- invariants in the database ------------------------------------------------------------
@pytest.fixture
def profile():
    load_text(with_profile(PROFILE_2023))
    return UnitProfile.objects.get(year=2023)


def test_one_profile_per_unit_and_year(profile):
    duplicate = UnitProfile(unit=profile.unit, year=2023)
    with pytest.raises(ValidationError, match="sudah memiliki profil untuk tahun tersebut"):
        duplicate.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_label_occurs_once_per_breakdown(profile):
    breakdown = profile.staff_breakdowns.get(name="Pendidikan")
    row = StaffCount(breakdown=breakdown, position=9, label="S1", count=1)
    with pytest.raises(ValidationError, match="Kelompok ini sudah ada dalam rincian yang sama"):
        row.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_an_accreditation_cannot_end_before_it_starts(profile):
    service = ProfileService.objects.get(name="Pelatihan")
    service.valid_from, service.valid_until = "2024-01-02", "2024-01-01"
    with pytest.raises(ValidationError, match="tidak boleh sebelum tanggal berlaku sejak"):
        service.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        service.save()


def test_an_organisation_element_stays_inside_its_profile_and_its_tree(profile):
    other = UnitProfile.objects.create(unit=profile.unit, year=2024)
    stranger = StructureUnit.objects.create(profile=other, position=0, code="x", name="X")
    element = profile.structure_units.get(code="tata-usaha")
    element.parent = stranger
    with pytest.raises(ValidationError, match="profil yang sama"):
        element.full_clean()
    top = profile.structure_units.get(code="balai")
    top.parent = profile.structure_units.get(code="tata-usaha")  # which is under "balai"
    with pytest.raises(ValidationError, match="melingkar"):
        top.full_clean()


def test_a_breakdown_total_is_the_sum_of_its_rows(profile):
    breakdown = StaffBreakdown.objects.get(name="Status kepegawaian")
    assert breakdown.total == 27
    breakdown.counts.filter(label="PPPK").update(count=13)
    assert StaffBreakdown.objects.get(pk=breakdown.pk).total == 37


def test_the_admin_lists_and_edits_profiles(profile, admin_client):
    assert admin_client.get("/admin/org/unitprofile/").status_code == 200
    page = admin_client.get(f"/admin/org/unitprofile/{profile.pk}/change/")
    assert page.status_code == 200
    assert "Subbagian Tata Usaha" in page.content.decode()
    breakdown = profile.staff_breakdowns.first()
    assert admin_client.get(f"/admin/org/staffbreakdown/{breakdown.pk}/change/").status_code == 200


def test_a_file_cut_off_halfway_leaves_the_lists_it_no_longer_states_alone():
    """A YAML cut off halfway is still valid YAML: it deleted 9 profile statements and
    the staff rows. An absent list is left alone; an empty one, stated, empties it."""
    load_text(with_profile(PROFILE_2023))
    unit = Unit.objects.get(code="balai-contoh")
    cut = {k: PROFILE_2023[k] for k in ("year", "legal_basis", "tasks")}  # the rest cut off
    load_text(with_profile(cut))
    assert dumped_profile() == [PROFILE_2023]  # nothing lost
    profile = UnitProfile.objects.for_report(unit, 2023)
    assert profile.staff_breakdowns.count() == 2
    stated = dict(PROFILE_2023, mission=[], staff=[])
    load_text(with_profile(stated))
    profile = UnitProfile.objects.for_report(unit, 2023)
    assert not profile.statements_of("mission") and not profile.staff_breakdowns.exists()
    assert [s.text for s in profile.statements_of("function")] == PROFILE_2023["functions"]
