from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kinerja.reports"
    label = "reports"
    verbose_name = _("Laporan")

    def ready(self):
        from kinerja.datasets.sections import register

        from .dataset import NARRATIVES_SECTION, PRINTED_SECTION
        from .render.fonts import check_fonts

        register(PRINTED_SECTION)
        register(NARRATIVES_SECTION)
        # The PDF's fonts are files of an installed package: a broken installation stops
        # kinerja at start-up with the file that is missing, not at the first report.
        check_fonts()
