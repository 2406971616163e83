from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "kinerja.review"
    label = "review"
    verbose_name = _("Reviu laporan")
