"""The ``kinerja`` command: Django's management commands with kinerja's settings.

``kinerja demo``, ``kinerja load FILE``, ``kinerja dump``, ``kinerja measures`` and all of
Django's own commands (``kinerja migrate``, ``kinerja createsuperuser`` …).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kinerja", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
