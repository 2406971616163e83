"""Narratives are limited in length where they are written (issue 15, item 11): a 1 MB
foreword made the LAKIN take 31 s. Every path — the web form, the quarter entry
service, the dataset loader and the spreadsheet imports — refuses it with a message."""

from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.core.text import TEXT_MAX_CHARS
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.org.models import Unit
from kinerja.planning.models import Indicator
from kinerja.reports import services
from kinerja.reports.models import Narrative, NarrativeKind

UNIT = "bspji-palembang"
HUGE = "Kata pengantar. " * (2**20 // 16)  # 1 MB


def test_the_narrative_service_refuses_a_megabyte(demo, users):
    unit = Unit.objects.get(code=UNIT)
    before = list(Narrative.objects.values_list("pk", "text"))  # the demo's own texts
    with pytest.raises(ValidationError) as refused:
        services.save_narrative(unit, 2023, NarrativeKind.FOREWORD, None, HUGE, users["perencana"])
    assert "paling banyak 20.000" in refused.value.message_dict["text"][0]
    assert list(Narrative.objects.values_list("pk", "text")) == before  # nothing written
    at_limit = "x" * TEXT_MAX_CHARS
    services.save_narrative(unit, 2023, NarrativeKind.FOREWORD, None, at_limit, None)
    foreword = Narrative.objects.get(unit=unit, year=2023, kind=NarrativeKind.FOREWORD)
    assert foreword.text == at_limit


def test_the_narrative_page_shows_the_refusal_on_the_field(client, users):
    client.force_login(users["perencana"])
    before = list(Narrative.objects.values_list("pk", "text"))  # the demo's own texts
    url = reverse("reports:narrative_edit", args=[UNIT, 2023, "foreword"])
    response = client.post(url, {"text": "x" * (TEXT_MAX_CHARS + 1), "action": "save"})
    assert response.status_code == 200
    assert "Teks terlalu panjang: 20.001 karakter" in response.context["form"].errors["text"][0]
    assert list(Narrative.objects.values_list("pk", "text")) == before


def test_the_quarter_entry_service_refuses_a_long_narrative(demo, users):
    from kinerja.measurement import workflow

    indicator = Indicator.objects.filter(code="SK3.1", version__plan__unit__code=UNIT).first()
    entry = workflow.entry_for(indicator, 2023, 1)
    before = (entry.narrative, entry.explanation)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.save_entry(entry, users["pic"], narrative=HUGE, explanation="")
    assert "narrative" in refused.value.message_dict
    entry.refresh_from_db()
    assert (entry.narrative, entry.explanation) == before


@pytest.mark.django_db
def test_the_loader_refuses_a_long_text_with_its_place():
    data = yaml.safe_load((Path(__file__).parents[1] / "datasets" / "small.yaml").read_text())
    indicator = data["plans"][0]["versions"][1]["goals"][0]["indicators"][0]
    indicator["definition"] = HUGE  # a text column: no length in the schema
    with pytest.raises(DatasetInvalid) as refused:
        load_text(yaml.safe_dump(data, sort_keys=False))
    (problem,) = refused.value.problems
    assert "indicator" in problem.path and "T1.1" in problem.path
    assert problem.path.endswith("definition")
    assert "too long: at most 20,000" in problem.message
    assert not Unit.objects.filter(code=data["unit"]["code"]).exists()
