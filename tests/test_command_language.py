"""kinerja's commands speak Indonesian by default and English under the language switch:
their refusals, what they print, and their ``--help`` (the description and the options
kinerja adds; Django's own options are Django's)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand

# Lower-case words that occur in English sentences and never in Indonesian ones.
ENGLISH_ONLY = {"the", "of", "and", "with", "from", "this", "default", "only", "write", "print"}


def refusal(*args) -> str:
    with pytest.raises(CommandError) as refused:
        call_command(*args)
    return str(refused.value)


def printed(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_refusals_in_indonesian_by_default():
    assert refusal("lakin", "--unit=x", "--year=2023", "--format=,") == (
        "tidak ada format yang diberikan; pilih dari docx, pdf, xlsx"
    )
    assert refusal("review", "laporan.docx", "--unit=x") == (
        "--unit dan --year harus diberikan bersama"
    )
    assert refusal("review", "laporan.docx", "--out=reviu.odt") == (
        "--out reviu.odt: dokumen reviu berupa .docx atau .pdf"
    )
    assert refusal("worker", "--concurrency=0") == "--concurrency=0: paling sedikit 1"


def test_refusals_in_english_under_the_switch(english_messages):
    assert refusal("lakin", "--unit=x", "--year=2023", "--format=,") == (
        "no format given; choose from docx, pdf, xlsx"
    )
    assert refusal("review", "laporan.docx", "--unit=x") == "--unit and --year go together"
    assert refusal("review", "laporan.docx", "--out=reviu.odt") == (
        "--out reviu.odt: the review document is .docx or .pdf"
    )
    assert refusal("worker", "--concurrency=0") == "--concurrency=0: at least 1"


@pytest.fixture
def unbalanced_template(tmp_path):
    """An LKE template whose component weights add up to 101."""
    from kinerja.evaluation.templates import shipped_text

    path = tmp_path / "lke.yaml"
    text = shipped_text("permenpanrb-88-2021.yaml").replace("weight: 15", "weight: 16", 1)
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_what_commands_print_in_indonesian_by_default(unbalanced_template):
    assert printed("jobs") == "Tidak ada pekerjaan.\n"
    assert "Templat permenpanrb-88-2021 dimuat." in printed("lke_template")
    assert refusal("lke_template", unbalanced_template) == (
        "templat tidak sah:\ncomponents: jumlah bobot 101, bukan 100"
    )


@pytest.mark.django_db
def test_what_commands_print_in_english_under_the_switch(unbalanced_template, english_messages):
    assert printed("jobs") == "No jobs.\n"
    assert "Template permenpanrb-88-2021 loaded." in printed("lke_template")
    assert refusal("lke_template", unbalanced_template) == (
        "template invalid:\ncomponents: weights add up to 101, not 100"
    )


def kinerja_commands() -> list[str]:
    return sorted(name for name, app in get_commands().items() if app.startswith("kinerja"))


def own_help_texts(name: str) -> dict[str, str]:
    """The description and the help of each option kinerja's command ``name`` adds (not
    Django's common options), in the active language."""
    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("kinerja", name)
    django_texts = {action.help for action in BaseCommand().create_parser("kinerja", "x")._actions}
    texts = {"description": parser.description or ""}
    for action in parser._actions:
        if action.help and action.help not in django_texts:
            texts["/".join(action.option_strings) or action.dest] = action.help
    return texts


def english_words(text: str) -> set[str]:
    return set(re.findall(r"\b[a-z]+\b", text)) & ENGLISH_ONLY


def test_every_command_is_covered():
    assert len(kinerja_commands()) >= 30
    assert {"demo", "lakin", "review", "worker", "perkin", "sync"} <= set(kinerja_commands())


@pytest.mark.parametrize("name", kinerja_commands())
def test_the_help_of_every_command_is_indonesian_by_default(name):
    texts = own_help_texts(name)
    assert texts["description"], f"{name} has no description"
    english = {where: english_words(text) for where, text in texts.items() if english_words(text)}
    assert not english, f"kinerja {name} --help: English words {english}"


@pytest.mark.parametrize("name", kinerja_commands())
def test_the_help_of_every_command_is_english_under_the_switch(name):
    from django.utils import translation

    indonesian = own_help_texts(name)
    with translation.override("en"):
        english = own_help_texts(name)
    assert english.keys() == indonesian.keys()
    assert english["description"] != indonesian["description"], f"{name}: not translated"
