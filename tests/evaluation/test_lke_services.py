"""The LKE workflow: self-assessment → evaluator → final approval, rights and refusals."""

from decimal import Decimal

import pytest

from kinerja.evaluation import services
from kinerja.evaluation.choices import EvaluationState, EventAction
from kinerja.evaluation.models import Answer, AppendOnlyError, Evaluation, EvaluationEvent, Template
from kinerja.evaluation.selectors import score_of
from kinerja.evaluation.services import EvaluationRefused
from kinerja.evaluation.templates import TemplateInvalid, load_shipped, load_template, shipped_text
from kinerja.measurement.models import Realization
from kinerja.org.models import Unit


@pytest.fixture
def palembang(demo):
    return Unit.objects.get(code="bspji-palembang")


@pytest.fixture
def lke2024(users, palembang):
    return services.start(users["perencana"], palembang, 2024)


def _answer_all(evaluation, user, answer_yt="Y", answer_ae="B"):
    for a in evaluation.answers.select_related("criterion"):
        value = answer_yt if a.criterion.scale == "yt" else answer_ae
        services.self_answer(user, evaluation, a.criterion.code, value, "ada")


def test_the_demo_evaluation_reproduces_the_seed_76_80_bb(demo, palembang):
    evaluation = Evaluation.objects.get(unit=palembang, year=2023)
    assert evaluation.state == EvaluationState.APPROVED
    result = score_of(evaluation)
    assert [c.score_rounded for c in result.components] == [
        Decimal("23.70"),
        Decimal("23.10"),
        Decimal("12.00"),
        Decimal("18.00"),
    ]
    assert (result.total_rounded, result.grade) == (Decimal("76.80"), "BB")


def test_sk8_1_is_the_approved_total_with_provenance_down_to_each_criterion(demo, palembang):
    row = Realization.objects.get(
        indicator__code="SK8.1", indicator__version__plan__unit=palembang, year=2023, period="year"
    )
    assert row.value == Decimal("76.80")
    inputs = row.provenance["inputs"]
    assert row.provenance["method"] == "lke_evaluation"
    assert (inputs["score"], inputs["computed_grade"], inputs["template"]) == (
        "76.80",
        "BB",
        "permenpanrb-88-2021",
    )
    perencanaan = inputs["components"][0]
    assert [s["value"] for s in perencanaan["sub_components"]] == ["6", "7.2", "10.5"]
    assert perencanaan["sub_components"][1]["criteria"][2] == ["1.b.3", "B", "0.75"]
    assert sum(len(s["criteria"]) for c in inputs["components"] for s in c["sub_components"]) == 56


def test_loading_the_shipped_template_twice_changes_nothing(demo):
    before = Template.objects.get().updated_at
    load_shipped()
    assert Template.objects.get().updated_at == before


def test_a_used_template_cannot_change(demo):
    text = shipped_text("permenpanrb-88-2021.yaml").replace("code: 1.a.1,", "code: 1.a.9,", 1)
    with pytest.raises(TemplateInvalid, match="beri lembar kerja yang diubah kode baru"):
        load_template(text)


def test_a_template_whose_weights_do_not_add_up_is_refused_with_the_place(db):
    text = shipped_text("permenpanrb-88-2021.yaml").replace("weight: 15", "weight: 16", 1)
    with pytest.raises(TemplateInvalid, match="components: jumlah bobot 101, bukan 100"):
        load_template(text)
    assert not Template.objects.exists()


def test_a_refused_template_is_worded_in_english_under_the_switch(db, english_messages):
    text = shipped_text("permenpanrb-88-2021.yaml").replace("weight: 15", "weight: 16", 1)
    with pytest.raises(TemplateInvalid, match="components: weights add up to 101, not 100"):
        load_template(text)


def test_an_evaluation_without_a_template_is_refused(users, palembang):
    Template.objects.filter(code="permenpanrb-88-2021").update(code="other")
    with pytest.raises(EvaluationRefused, match="no template 'permenpanrb-88-2021'"):
        services.start(users["perencana"], palembang, 2024)
    assert not Evaluation.objects.filter(year=2024).exists()


def test_evidence_is_carried_over_from_last_year(lke2024):
    answer = lke2024.answers.get(criterion__code="1.a.2")
    assert answer.evidence == [{"kind": "plan_version", "ref": "3", "label": "Renstra versi 3"}]
    assert answer.self_answer == ""


def test_an_answer_outside_its_scale_is_refused_and_nothing_written(users, lke2024):
    with pytest.raises(EvaluationRefused, match=r"criterion 1\.a\.1, self answer: 'A' is not on"):
        services.self_answer(users["perencana"], lke2024, "1.a.1", "A")
    assert lke2024.answers.get(criterion__code="1.a.1").self_answer == ""
    assert not lke2024.events.filter(action=EventAction.SELF_ANSWER).exists()


def test_another_units_planner_cannot_self_assess(users, lke2024):
    with pytest.raises(EvaluationRefused, match="no right"):
        services.self_answer(users["luar"], lke2024, "1.a.1", "Y")


def test_submit_needs_every_self_answer(users, lke2024):
    with pytest.raises(EvaluationRefused, match=r"without a self answer: 1\.a\.1"):
        services.submit(users["perencana"], lke2024)


def test_full_workflow_in_tiers_with_history(users, lke2024):
    planner, evaluator, reviewer = users["perencana"], users["evaluator"], users["bskji"]
    _answer_all(lke2024, planner)
    services.submit(planner, lke2024)
    with pytest.raises(EvaluationRefused, match="own unit"):
        services.score(planner, lke2024, "1.a.1", "Y")
    with pytest.raises(EvaluationRefused, match="evaluate no unit above"):
        services.score(reviewer, lke2024, "1.a.1", "Y")
    for a in lke2024.answers.select_related("criterion"):
        services.score(evaluator, lke2024, a.criterion.code, a.self_answer, "sesuai")
    services.recommend(evaluator, lke2024, "Perbaiki cascading kinerja", owner=planner)
    services.finish_scoring(evaluator, lke2024)
    with pytest.raises(EvaluationRefused, match="evaluate no unit above"):
        services.approve(evaluator, lke2024)
    services.return_evaluation(reviewer, lke2024, "cek ulang 2.c")
    assert lke2024.state == EvaluationState.SUBMITTED
    services.finish_scoring(evaluator, lke2024)
    services.approve(reviewer, lke2024)
    services.close(reviewer, lke2024)
    # all Y and all B: each component 20 % + 80 % x 0.75 = 80 % of its weight
    assert score_of(lke2024).total_rounded == Decimal("80.00")
    actions = list(lke2024.events.values_list("action", flat=True))
    assert actions[0] == EventAction.CREATE and actions[-2:] == [
        EventAction.APPROVE,
        EventAction.CLOSE,
    ]
    assert actions.count(EventAction.SCORE) == 56
    with pytest.raises(EvaluationRefused, match="the evaluation is closed"):
        services.score(evaluator, lke2024, "1.a.1", "T")
    assert lke2024.answers.get(criterion__code="1.a.1").evaluator_answer == "Y"


def test_the_history_is_append_only(demo, palembang):
    event = EvaluationEvent.objects.filter(evaluation__unit=palembang).first()
    event.comment = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_a_return_needs_a_reason(users, palembang):
    evaluation = Evaluation.objects.get(unit=palembang, year=2023)
    with pytest.raises(EvaluationRefused, match="a reason is needed"):
        services.return_evaluation(users["bskji"], evaluation, " ")


def test_an_answer_row_per_criterion(lke2024):
    assert Answer.objects.filter(evaluation=lke2024).count() == 56


def test_an_evaluation_file_with_a_bad_answer_writes_nothing(users, palembang):
    from kinerja.demo.services import dataset_text
    from kinerja.evaluation.importing import load_evaluation

    text = dataset_text("lke-bspji-palembang-2023.yaml").replace("year: 2023", "year: 2024")
    with pytest.raises(EvaluationRefused, match=r"answers\.1\.a\.1: two answers"):
        load_evaluation(text.replace("1.a.1: [Y, Y]", "1.a.1: [Y]"))
    with pytest.raises(EvaluationRefused, match=r"criterion 2\.b\.1, evaluator answer: 'Z'"):
        load_evaluation(text.replace("2.b.1: [A, A]", "2.b.1: [A, Z]"))
    assert not Evaluation.objects.filter(year=2024).exists()
