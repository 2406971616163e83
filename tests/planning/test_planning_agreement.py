"""The Perjanjian Kinerja revision cycle: a draft from the signed version with a
reason, its targets edited, signed by the head; a signed version never changes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.audit.models import Change as AuditChange
from kinerja.planning import services
from kinerja.planning.models import Agreement, AgreementIndicator, AgreementVersion


@pytest.fixture
def agreement(palembang):
    return Agreement.objects.get(unit=palembang, year=2023)


@pytest.fixture
def urls(palembang):
    args = [palembang.code, 2023]
    return {
        name: reverse(f"planning:{name}", args=args)
        for name in ("agreement", "agreement_revise", "agreement_draft", "agreement_sign")
    }


def items_of(version):
    return list(version.items.order_by("position").values_list("indicator__code", "target"))


def test_a_revision_needs_a_reason(client_for, urls, agreement):
    response = client_for("perencana").post(urls["agreement_revise"], {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Alasan perubahan wajib diisi."]
    assert agreement.versions.count() == 1


def test_draft_edit_and_signature_leave_the_signed_version_untouched(client_for, urls, agreement):
    v1 = agreement.versions.get(number=1)
    v1_items, v1_stamp = items_of(v1), v1.updated_at

    planner = client_for("perencana")
    response = planner.post(urls["agreement_revise"], {"reason": "Penyesuaian anggaran"})
    assert response.status_code == 302 and response["Location"] == urls["agreement_draft"]
    draft = agreement.versions.get(number=2)
    assert draft.status == "draft" and draft.reason == "Penyesuaian anggaran"
    assert items_of(draft) == v1_items
    logged = AuditChange.objects.filter(content_type__model="agreementversion").latest("pk")
    assert (logged.username, logged.reason) == ("perencana", "Penyesuaian anggaran")
    assert agreement.version_in_force() == v1  # a draft does not replace the signed one

    form = planner.get(urls["agreement_draft"]).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    sk31 = draft.items.get(indicator__code="SK3.1")
    data[f"target-{sk31.pk}"] = "42,5"
    response = planner.post(urls["agreement_draft"], data)
    assert response.status_code == 302
    assert draft.items.get(pk=sk31.pk).target == Decimal("42.5")

    assert planner.post(urls["agreement_sign"], {"signed_on": "2023-11-01"}).status_code == 403

    head = client_for("kepala")
    assert head.get(urls["agreement_sign"]).status_code == 200
    response = head.post(urls["agreement_sign"], {"signed_on": "2023-11-01"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "signed" and draft.signed_on == dt.date(2023, 11, 1)
    assert agreement.version_in_force() == draft

    v1.refresh_from_db()
    assert v1.status == "signed" and v1.updated_at == v1_stamp
    assert items_of(v1) == v1_items

    history = head.get(urls["agreement"]).context["detail"].history
    (step,) = history
    assert [(c.code, c.kind, c.old.value, c.new.value) for c in step.changes] == [
        ("SK3.1", "Target diubah", Decimal(40), Decimal("42.5"))
    ]


def test_a_bad_target_is_shown_next_to_its_field_and_nothing_is_saved(
    client_for, urls, agreement, users
):
    draft = services.start_revision(agreement, user=users["perencana"], reason="Uji")
    planner = client_for("perencana")
    form = planner.get(urls["agreement_draft"]).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    sk31 = draft.items.get(indicator__code="SK3.1")
    sk34 = draft.items.get(indicator__code="SK3.4")
    data[f"target-{sk31.pk}"] = "empat puluh"
    data[f"target-{sk34.pk}"] = "50"
    response = planner.post(urls["agreement_draft"], data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"target-{sk31.pk}"] == [
        "“empat puluh” bukan angka. Tulis angka, misalnya 53,3 atau 1.234,5 (titik memisahkan "
        "ribuan, koma memisahkan desimal)."
    ]
    assert 'value="empat puluh"' in response.content.decode()  # the input is kept
    assert draft.items.get(pk=sk34.pk).target == 45  # nothing saved


def test_draft_targets_are_read_the_indonesian_way(client_for, urls, agreement, users):
    """One parser (core.numbers.parse_number_text): "1.234,5" is 1234.5 and "1.234" —
    a thousand or one and a bit — is refused with both readings, never guessed."""
    draft = services.start_revision(agreement, user=users["perencana"], reason="Uji")
    planner = client_for("perencana")
    form = planner.get(urls["agreement_draft"]).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    sk31 = draft.items.get(indicator__code="SK3.1")
    sk34 = draft.items.get(indicator__code="SK3.4")
    data[f"target-{sk31.pk}"] = "1.234"
    data[f"target-{sk34.pk}"] = "1.234,5"
    response = planner.post(urls["agreement_draft"], data)
    [message] = response.context["form"].errors[f"target-{sk31.pk}"]
    assert "seribu dua ratus tiga puluh empat" in message and "1,234" in message
    assert draft.items.get(pk=sk34.pk).target == 45  # nothing saved
    data[f"target-{sk31.pk}"] = "1.234.567"
    assert planner.post(urls["agreement_draft"], data).status_code == 302
    assert draft.items.get(pk=sk31.pk).target == 1234567
    assert draft.items.get(pk=sk34.pk).target == Decimal("1234.5")


def test_a_signed_version_is_never_edited(agreement, users, client_for, urls):
    v1 = agreement.versions.get(number=1)
    item = v1.items.first()
    with pytest.raises(ValidationError, match="sudah ditandatangani"):
        services.update_draft(
            v1,
            user=users["perencana"],
            targets={item.pk: (Decimal(99), None)},
            signatory="x",
            superior="y",
        )
    with pytest.raises(ValidationError, match="sudah ditandatangani"):
        services.sign_draft(v1, user=users["kepala"], signed_on=dt.date(2023, 12, 1))
    assert AgreementIndicator.objects.get(pk=item.pk).target == item.target
    # Without an open draft there is nothing to edit or sign.
    planner = client_for("perencana")
    assert planner.get(urls["agreement_draft"])["Location"] == urls["agreement"]


def test_only_one_draft_at_a_time(agreement, users):
    services.start_revision(agreement, user=users["perencana"], reason="Pertama")
    with pytest.raises(ValidationError, match="masih draf"):
        services.start_revision(agreement, user=users["perencana"], reason="Kedua")
    assert AgreementVersion.objects.filter(agreement=agreement).count() == 2


def test_the_head_signs_but_does_not_revise(client_for, urls):
    head = client_for("kepala")
    assert head.get(urls["agreement_revise"]).status_code == 403
    assert head.post(urls["agreement_revise"], {"reason": "x"}).status_code == 403
    assert client_for("luar").get(urls["agreement_revise"]).status_code == 404


def test_the_parties_nips_and_the_place_of_signing_are_recorded(client_for, urls, agreement):
    planner = client_for("perencana")
    planner.post(urls["agreement_revise"], {"reason": "Pergantian pimpinan"})
    draft = agreement.versions.get(number=2)
    form = planner.get(urls["agreement_draft"]).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["signatory_nip"] = "1974 0727"
    response = planner.post(urls["agreement_draft"], data)
    assert response.status_code == 200
    assert response.context["form"].errors["signatory_nip"] == [
        "NIP terdiri atas 18 angka, tanpa spasi."
    ]
    draft.refresh_from_db()
    assert draft.signatory_nip == ""

    data.update(signatory_nip="197407272003121006", superior_nip="196901011994031001")
    assert planner.post(urls["agreement_draft"], data).status_code == 302
    head = client_for("kepala")
    response = head.post(
        urls["agreement_sign"], {"signed_on": "2023-11-01", "signed_place": " Palembang "}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.signed_place, draft.signatory_nip, draft.superior_nip) == (
        "Palembang",
        "197407272003121006",
        "196901011994031001",
    )


def test_the_service_refuses_a_nip_that_is_not_18_digits(agreement, users):
    draft = services.start_revision(agreement, user=users["perencana"], reason="Revisi")
    with pytest.raises(ValidationError, match="18 angka"):
        services.update_draft(
            draft,
            user=users["perencana"],
            targets={},
            signatory="x",
            superior="y",
            superior_nip="12345",
        )
    draft.refresh_from_db()
    assert (draft.signatory, draft.superior_nip) == ("Kepala BSPJI Palembang", "")
