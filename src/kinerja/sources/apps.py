from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "kinerja.sources"
    label = "sources"
    verbose_name = _("Data sumber")

    def ready(self):
        from kinerja.datasets.sections import register

        from .dataset import SECTIONS

        for section in SECTIONS:
            register(section)
