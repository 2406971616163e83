from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.context import command_context
from kinerja.core.language import CommandHelp
from kinerja.core.numbers import format_id
from kinerja.datasets.errors import DatasetInvalid, import_refused
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.sources.choices import ServiceType
from kinerja.survey.csv_import import import_responses
from kinerja.survey.selectors import skm_result


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Mengimpor jawaban SKM dari berkas CSV (baris judul: sembilan kode unsur; satu "
            "responden per baris, nilai 1-4 atau kosong). Semua atau tidak sama sekali; "
            "--dry-run untuk pratinjau."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--service-type",
            choices=ServiceType.values,
            default=None,
            help=_("survei satu jenis layanan (bawaan: survei semua layanan)"),
        )
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_(
                "ganti jawaban yang diimpor sebelumnya dengan baris-baris berkas (tanpanya, "
                "berkas yang akan mengubahnya ditolak; berkas yang hanya berisi baris judul tidak "
                "menghapus apa pun)"
            ),
        )

    @command_context("survey_import")
    def handle(self, *args, file, unit, year, service_type, dry_run, replace, **options):
        if not 1990 <= year <= 2100:
            raise CommandError(
                _("--year %(year)s: seharusnya tahun antara 1990 dan 2100") % {"year": year}
            )
        try:
            unit_obj = get_unit(unit)
            data = Path(file).read_bytes()
            result = import_responses(
                unit_obj, year, data, service_type=service_type, dry_run=dry_run, replace=replace
            )
        except MeasuresUnavailable as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        except DatasetInvalid as exc:
            raise import_refused(file, exc) from None
        change = result.change
        if dry_run:
            summary = _(
                "%(rows)s baris: %(created)s jawaban akan diimpor, %(deleted)s jawaban yang "
                "diimpor sebelumnya akan diganti, %(unchanged)s tetap; %(web)s jawaban web "
                "dipertahankan (uji coba: tidak ada yang ditulis)"
            )
        else:
            summary = _(
                "%(rows)s baris: %(created)s jawaban diimpor, %(deleted)s jawaban yang "
                "diimpor sebelumnya diganti, %(unchanged)s tetap; %(web)s jawaban web "
                "dipertahankan"
            )
        self.stdout.write(
            summary
            % {
                "rows": result.rows,
                "created": change.created,
                "deleted": change.deleted,
                "unchanged": change.unchanged,
                "web": change.web,
            }
        )
        if not dry_run and (skm := skm_result(unit_obj, year, service_type)):
            index = format_id(skm.index, 2, na="N/A")
            converted = format_id(skm.converted, 2, na="N/A")
            self.stdout.write(
                _(
                    "SKM %(unit)s %(year)s: %(respondents)s responden, indeks %(index)s, "
                    "konversi %(converted)s, mutu %(grade)s"
                )
                % {
                    "unit": unit_obj.code,
                    "year": year,
                    "respondents": skm.respondents,
                    "index": index,
                    "converted": converted,
                    "grade": skm.grade or "N/A",
                }
            )
