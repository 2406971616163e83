from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasurementConfig(AppConfig):
    name = "kinerja.measurement"
    label = "measurement"
    verbose_name = _("Pengukuran")

    def ready(self):
        from kinerja.datasets.sections import register

        from . import summaries
        from .dataset import DATA_ELEMENTS_SECTION

        register(DATA_ELEMENTS_SECTION)
        summaries.connect()
