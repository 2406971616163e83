from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kinerja.reports"
    label = "reports"
    verbose_name = _("Laporan")

    def ready(self):
        from kinerja.datasets.sections import register

        from .dataset import PRINTED_SECTION

        register(PRINTED_SECTION)
