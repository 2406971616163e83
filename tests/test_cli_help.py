"""`kinerja --help` lists kinerja's own commands, each with its purpose, before Django's."""

import pytest

from kinerja import cli


@pytest.mark.parametrize("args", [[], ["help"], ["--help"], ["-h"]])
def test_own_commands_come_first_with_their_purpose(args, capsys):
    cli.main(args)
    text = capsys.readouterr().out
    own, _sep, django_part = text.partition("Perintah Django")
    for name in ["lakin", "load", "measures", "review", "consistency", "demo", "serve"]:
        line = next(line for line in own.splitlines() if line.strip().startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 10, line  # a purpose, not just the name
    own_names = {line.split()[0] for line in own.splitlines() if line.startswith("  ")}
    assert "migrate" not in own_names and "migrate" in django_part


def test_a_command_still_runs_through_django(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["lakin", "--help"])
    assert exit_.value.code == 0
    assert "usage: kinerja lakin" in capsys.readouterr().out
