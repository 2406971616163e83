"""The entry page is one form: uploading a file or pressing "Ajukan" without "Simpan"
first keeps (saves) what was typed; a refused press keeps it on screen; a save on a
version someone else changed is refused with who and what; the quarter target is the
planner's."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.measurement import entry_selectors, workflow
from kinerja.measurement.choices import EntryStatus
from kinerja.measurement.models import Evidence, QuarterEntry, Realization
from kinerja.org.models import Unit

UNIT, YEAR = "bspji-palembang", 2023


@pytest.fixture
def users(entry_users):
    return entry_users


@pytest.fixture
def sk31(users):
    unit = Unit.objects.get(code=UNIT)
    return entry_selectors.agreement_item_by_code(unit, YEAR, "SK3.1").indicator


def url(quarter=2):
    return reverse("measurement:entry", args=[UNIT, YEAR, quarter, "SK3.1"])


def typed(**fields):
    data = {"value": "45", "target": "", "narrative": "Diketik tanpa Simpan.", "explanation": ""}
    data.update(fields)
    return data


def pdf(files, name="ba.pdf"):
    return SimpleUploadedFile(name, files["pdf"], "application/pdf")


def test_upload_without_saving_first_keeps_what_was_typed(
    client, users, sk31, evidence_root, files
):
    client.force_login(users["pic"])
    page = client.get(url()).content.decode()
    assert page.count("<form") == 3  # the language switch, log out, and the one entry form
    response = client.post(url(), {**typed(), "action": "upload", "file": pdf(files)})
    assert response.status_code == 302
    entry = QuarterEntry.objects.get(indicator=sk31, year=YEAR, quarter=2)
    assert entry.narrative == "Diketik tanpa Simpan."
    assert Realization.objects.get(indicator=sk31, year=YEAR, period="q2").value == 45
    assert Evidence.objects.filter(entry=entry).count() == 1


def test_submit_without_saving_first_saves_then_submits(client, users, sk31, evidence_root, files):
    client.force_login(users["pic"])
    client.post(url(), {**typed(value="40"), "action": "upload", "file": pdf(files)})
    response = client.post(
        url(), {**typed(narrative="Dikoreksi lalu langsung diajukan."), "action": "submit"}
    )
    assert response.status_code == 302
    entry = QuarterEntry.objects.get(indicator=sk31, year=YEAR, quarter=2)
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.narrative == "Dikoreksi lalu langsung diajukan."
    assert Realization.objects.get(indicator=sk31, year=YEAR, period="q2").value == 45
    assert entry.events.last().value == 45  # the submitted figure is the one just typed


def test_a_refused_upload_keeps_the_typed_text_and_writes_nothing(client, users, sk31):
    client.force_login(users["pic"])
    response = client.post(url(), {**typed(), "action": "upload"})  # no file chosen
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diketik tanpa Simpan." in html and 'value="45"' in html
    assert "Pilih berkas yang akan diunggah." in html
    assert not Realization.objects.filter(indicator=sk31, period="q2").exists()


def test_a_lost_update_is_refused_with_who_changed_what(client, users, sk31):
    client.force_login(users["pic"])
    version = client.get(url()).context["version"]
    entry = workflow.entry_for(sk31, YEAR, 2)
    workflow.save_entry(entry, users["perencana"], value=Decimal("30"), narrative="Dari perencana.")
    response = client.post(
        url(), {**typed(value="12", narrative="Versi pic."), "action": "save", "version": version}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "setelah Anda membukanya" in html and "perencana" in html
    assert "Versi pic." in html  # still in the form
    entry.refresh_from_db()
    assert entry.narrative == "Dari perencana."
    assert Realization.objects.get(indicator=sk31, period="q2").value == 30
    # The page now carries the current version: saving again goes through.
    again = response.context["version"]
    assert again != version
    response = client.post(
        url(), {**typed(value="12", narrative="Versi pic."), "action": "save", "version": again}
    )
    assert response.status_code == 302
    assert Realization.objects.get(indicator=sk31, period="q2").value == 12


def test_the_target_box_is_read_only_for_the_owner_and_open_to_the_planner(client, users, sk31):
    client.force_login(users["pic"])
    assert client.get(url()).context["entry_form"].fields["target"].disabled
    # A posted target is ignored for the owner: the stored (empty) one stays.
    client.post(url(), {**typed(target="99"), "action": "save"})
    assert QuarterEntry.objects.get(indicator=sk31, quarter=2).target is None
    client.force_login(users["perencana"])
    assert not client.get(url()).context["entry_form"].fields["target"].disabled
    client.post(url(), {**typed(target="20"), "action": "save"})
    assert QuarterEntry.objects.get(indicator=sk31, quarter=2).target == 20


def test_a_value_above_the_indicators_bound_needs_a_confirmation(client, users, sk31):
    sk31.upper_bound = Decimal("100")
    sk31.save()
    client.force_login(users["pic"])
    page = client.get(url()).content.decode()
    assert "batas nilai indikator ini: 100,00" in page
    response = client.post(url(), {**typed(value="120"), "action": "save"})
    assert response.status_code == 200
    assert "melebihi 100, nilai terbesar yang mungkin" in response.content.decode()
    assert not Realization.objects.filter(indicator=sk31, period="q2").exists()
    response = client.post(
        url(), {**typed(value="120"), "action": "save", "confirm_above_bound": "on"}
    )
    assert response.status_code == 302
    assert Realization.objects.get(indicator=sk31, period="q2").value == 120
    # Within the bound nothing is asked.
    client.post(url(), {**typed(value="99"), "action": "save"})
    assert Realization.objects.get(indicator=sk31, period="q2").value == 99
