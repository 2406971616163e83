"""The LKE pages: who sees which controls, and a step through the tiers."""

import pytest
from django.urls import reverse

from kinerja.evaluation.choices import EvaluationState
from kinerja.evaluation.models import Evaluation

URL = reverse("evaluation:worksheet", args=["bspji-palembang", 2024])


@pytest.fixture
def page(client, users):
    def get(name, url=URL):
        client.force_login(users[name])
        return client.get(url)

    return get


def test_the_demo_worksheet_shows_the_seed_score(page):
    response = page("perencana", reverse("evaluation:worksheet", args=["bspji-palembang", 2023]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "76,80" in text and "23,70" in text and "(BB)" in text
    assert 'name="self-1.a.1"' not in text  # approved: nothing to answer any more


@pytest.mark.parametrize(("name", "status"), [("luar", 404), ("evaluator", 200), ("bskji", 200)])
def test_who_may_read_the_worksheet(page, name, status):
    assert page(name).status_code == status


def test_the_tiers_through_the_pages(client, users):
    client.force_login(users["perencana"])
    client.post(URL, {"action": "start"})
    evaluation = Evaluation.objects.get(unit__code="bspji-palembang", year=2024)
    answers = {}
    for a in evaluation.answers.select_related("criterion"):
        answers[f"self-{a.criterion.code}"] = "Y" if a.criterion.scale == "yt" else "A"
    client.post(URL, {"action": "save_self", **answers})
    client.post(URL, {"action": "submit"})
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.SUBMITTED

    client.force_login(users["perencana"])
    assert 'name="eval-1.a.1"' not in client.get(URL).content.decode()  # own unit

    client.force_login(users["evaluator"])
    assert 'name="eval-1.a.1"' in client.get(URL).content.decode()
    scores = {k.replace("self-", "eval-"): v for k, v in answers.items()}
    scores["eval-1.a.1"] = "F"
    response = client.post(URL, {"action": "save_scores", **scores}, follow=True)
    assert "1.a.1, evaluator answer: &#x27;F&#x27; is not on the scale" in response.content.decode()
    assert not evaluation.answers.exclude(evaluator_answer="").exists()  # nothing written
    scores["eval-1.a.1"] = "T"
    client.post(URL, {"action": "save_scores", **scores})
    client.post(URL, {"action": "finish"})

    client.force_login(users["bskji"])
    client.post(URL, {"action": "approve"})
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.APPROVED
    # 1.a.1 = T: Perencanaan loses a quarter of its 6 points
    text = client.get(URL).content.decode()
    assert "98,50" in text


def test_the_parent_ranks_its_units(page):
    url = reverse("evaluation:ranking", args=["bskji", 2023])
    text = page("bskji", url).content.decode()
    assert "BSPJI Palembang" in text and "76,80" in text and "Perencanaan Kinerja" in text
    assert page("perencana", url).status_code == 404


def test_open_recommendations_are_in_the_planners_inbox_and_next_years_worksheet(page, users):
    import datetime as dt

    from kinerja.accounts.inbox import inbox

    box = inbox(users["perencana"], dt.date(2024, 1, 15))
    titles = [t.title for t in box.to_follow_up]
    assert len(titles) == 2 and titles[0].startswith("Manfaatkan hasil pengukuran")
    assert inbox(users["pic"], dt.date(2024, 1, 15)).to_follow_up == []
    text = page("perencana").content.decode()  # the 2024 worksheet
    assert "Rekomendasi tahun sebelumnya yang belum selesai" in text
    assert "Manfaatkan hasil pengukuran" in text


def test_a_criterion_links_evidence_kinerja_holds(client, users):
    from kinerja.evaluation import services
    from kinerja.evaluation.selectors import evidence_options
    from kinerja.org.models import Unit

    unit = Unit.objects.get(code="bspji-palembang")
    options = {o.kind: o for o in evidence_options(unit, 2023)}
    assert options["agreement"].label.startswith("Perjanjian Kinerja 2023 versi")
    assert "plan_version" in options
    services.start(users["perencana"], unit, 2023 + 1)
    url = reverse("evaluation:worksheet", args=["bspji-palembang", 2024])
    client.force_login(users["perencana"])
    client.post(
        url, {"action": "save_self", "self-1.a.1": "Y", "evid-1.a.1": options["plan_version"].key}
    )
    answer = Evaluation.objects.get(year=2024).answers.get(criterion__code="1.a.1")
    assert answer.evidence[-1]["kind"] == "plan_version"
    assert answer.evidence[-1]["url"] == options["plan_version"].url
    assert f'href="{options["plan_version"].url}"' in client.get(url).content.decode()


def test_the_parents_page_links_the_ranking(page):
    text = page("bskji", reverse("evaluation:worksheet", args=["bskji", 2023])).content.decode()
    assert reverse("evaluation:ranking", args=["bskji", 2023]) in text


def test_the_ranking_reads_in_a_fixed_number_of_queries(
    client, users, django_assert_max_num_queries
):
    from kinerja.demo.services import dataset_text
    from kinerja.evaluation.importing import load_evaluation

    pontianak = dataset_text("lke-bspji-palembang-2023.yaml").replace(
        "unit: bspji-palembang", "unit: bspji-pontianak"
    )
    load_evaluation(pontianak)
    client.force_login(users["bskji"])
    url = reverse("evaluation:ranking", args=["bskji", 2023])
    client.get(url)
    with django_assert_max_num_queries(20):
        text = client.get(url).content.decode()
    assert text.count("76,80") == 2
