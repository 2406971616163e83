"""The staff admin lists every kind of operational record, with the nested lists inline."""

import pytest

from kinerja.sources.models import (
    AuditRecommendation,
    ExternalScore,
    Facilitation,
    ProcurementLine,
    ServiceCount,
    ServiceOrder,
)

pytestmark = pytest.mark.django_db

MODELS = [
    ServiceOrder,
    ServiceCount,
    Facilitation,
    AuditRecommendation,
    ProcurementLine,
    ExternalScore,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_list_search_and_change_pages_render(admin_client, unit, model):
    base = f"/admin/sources/{model._meta.model_name}/"
    page = admin_client.get(base)
    assert page.status_code == 200
    assert admin_client.get(base, {"q": "balai"}).status_code == 200
    obj = model.objects.first()
    assert admin_client.get(f"{base}{obj.pk}/change/").status_code == 200


def test_measures_and_components_are_shown_inline(admin_client, unit):
    k1 = Facilitation.objects.get(code="K1")
    html = admin_client.get(f"/admin/sources/facilitation/{k1.pk}/change/").content.decode()
    assert 'value="Waktu"' in html
    sakip = ExternalScore.objects.get(kind="sakip")
    html = admin_client.get(f"/admin/sources/externalscore/{sakip.pk}/change/").content.decode()
    assert 'value="Perencanaan"' in html


def test_the_list_filters_by_status(admin_client, unit):
    page = admin_client.get("/admin/sources/auditrecommendation/", {"status__exact": "done"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 3
