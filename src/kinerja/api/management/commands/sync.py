"""Pull a child installation's unit through its API into this one (docs/cli.md)."""

import json
import os
import urllib.error
import urllib.parse
import urllib.request

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kinerja.audit.context import command_context
from kinerja.core.language import CommandHelp
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text

TIMEOUT = 120  # seconds per request: a large unit's dataset is built on the other side


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Menarik dataset sebuah unit (setiap rencana) dari instalasi kinerja lain melalui "
            "API-nya dan memuatnya di sini; memuat dua kali tidak mengubah apa-apa. Mencetak "
            "apa yang berubah."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="source", required=True, help=_("instalasi yang lain, https://…")
        )
        parser.add_argument(
            "--token",
            default=os.environ.get("KINERJA_SYNC_TOKEN", ""),
            help=_(
                "token API di sana dengan akses baca ke unit itu (bawaan: KINERJA_SYNC_TOKEN, "
                "yang menjauhkannya dari daftar proses)"
            ),
        )
        parser.add_argument("--unit", required=True, help=_("kode unit itu di sana"))
        parser.add_argument("--json", action="store_true", help=_("cetak laporan sebagai JSON"))

    @command_context("sync")
    def handle(self, *args, source, token, unit, **options):
        if not token:
            raise CommandError(_("berikan --token atau tetapkan KINERJA_SYNC_TOKEN"))
        base = source.rstrip("/") + "/api/v1"
        code = urllib.parse.quote(unit, safe="")
        plans = _get(f"{base}/units/{code}/plans", token)
        reports = []
        for plan in plans:
            plan_code = urllib.parse.quote(plan["code"], safe="")
            dataset = _get(f"{base}/units/{code}/plans/{plan_code}/dataset", token)
            try:
                report = load_text(dataset["yaml"])
            except DatasetInvalid as exc:
                lines = "\n".join(f"  {p}" for p in exc.problems)
                count = len(exc.problems)
                raise CommandError(
                    ngettext(
                        "%(unit)s rencana %(plan)s: %(count)s masalah, tidak ada bagian "
                        "rencana ini yang dimuat:",
                        "%(unit)s rencana %(plan)s: %(count)s masalah, tidak ada bagian "
                        "rencana ini yang dimuat:",
                        count,
                    )
                    % {"unit": unit, "plan": plan["code"], "count": count}
                    + "\n"
                    + lines
                ) from None
            reports.append({"plan": plan["code"], **report.as_dict(), "changed": report.changed})
            if not options["json"]:
                self.stdout.write(_summary(unit, plan["code"], report))
        if options["json"]:
            self.stdout.write(json.dumps(reports, indent=2))
        elif not plans:
            self.stdout.write(
                _("%(unit)s: tidak ada rencana di sana, tidak ada yang ditarik") % {"unit": unit}
            )


def _summary(unit: str, plan: str, report) -> str:
    if not report.changed:
        return _("%(unit)s %(plan)s: sudah mutakhir") % {"unit": unit, "plan": plan}
    parts = [
        _("%(count)s %(kind)s dibuat") % {"count": n, "kind": kind}
        for kind, n in sorted(report.created.items())
        if n
    ]
    parts += [
        _("%(count)s %(kind)s diperbarui") % {"count": n, "kind": kind}
        for kind, n in sorted(report.updated.items())
        if n
    ]
    return f"{unit} {plan}: " + ", ".join(parts)


def _get(url: str, token: str):
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read()).get("detail", "")
        except ValueError:
            detail = ""
        hint = (
            _(" (token tidak dikenal, dicabut atau kedaluwarsa di sana)") if exc.code == 401 else ""
        )
        raise CommandError(f"{url}: HTTP {exc.code} {detail}{hint}".rstrip()) from None
    except (urllib.error.URLError, OSError) as exc:
        raise CommandError(f"{url}: {exc}") from None
