from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "kinerja.survey"
    label = "survey"
    verbose_name = _("Survei kepuasan masyarakat")

    def ready(self):
        from kinerja.datasets.sections import register

        from .dataset import SURVEYS_SECTION

        register(SURVEYS_SECTION)
