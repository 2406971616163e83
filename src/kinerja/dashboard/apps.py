from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Read-only overviews: a unit's year at a glance and a parent's units side by side."""

    name = "kinerja.dashboard"
    verbose_name = _("Dasbor")
