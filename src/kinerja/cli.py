"""The ``kinerja`` command: Django's management commands with kinerja's settings.

``kinerja demo``, ``kinerja load FILE``, ``kinerja dump``, ``kinerja measures`` and all of
Django's own commands (``kinerja migrate``, ``kinerja createsuperuser`` …).

``kinerja``, ``kinerja help`` and ``kinerja --help`` list kinerja's own commands first,
each with its one-line purpose, and Django's after them: a user looking for
``lakin`` should not have to find it among ``sqlflush`` and ``squashmigrations``.
"""

import os
import sys

HELP_ARGS = ([], ["help"], ["--help"], ["-h"])


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    args = sys.argv[1:] if argv is None else argv
    if args in HELP_ARGS:
        import django

        django.setup()
        sys.stdout.write(overview())
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kinerja", *args])


def overview() -> str:
    """The command list: kinerja's commands with their purpose, then Django's by app."""
    from django.core.management import get_commands, load_command_class
    from django.utils.translation import gettext as _

    own, others = [], {}
    for name, app in sorted(get_commands().items()):
        if app.startswith("kinerja"):
            command = load_command_class(app, name)
            purpose = " ".join((command.help or "").split()).split(". ")[0].rstrip(".")
            own.append((name, purpose))
        else:
            others.setdefault(app.rpartition(".")[2], []).append(name)
    width = max(len(name) for name, _purpose in own) + 2
    lines = [
        _("Penggunaan: kinerja PERINTAH [pilihan]   (kinerja PERINTAH --help untuk rinciannya)"),
        "",
        _("Perintah kinerja:"),
    ]
    lines += [f"  {name:<{width}}{purpose}" for name, purpose in own]
    lines += ["", _("Perintah Django (pengelolaan basis data dan server):")]
    for app, names in sorted(others.items()):
        lines.append(f"  [{app}] " + ", ".join(names))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
