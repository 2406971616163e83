from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "kinerja.budget"
    label = "budget"
    verbose_name = _("Anggaran")

    def ready(self):
        from kinerja.datasets.sections import register

        from .dataset import BUDGETS_SECTION, PNBP_SECTION

        register(BUDGETS_SECTION)
        register(PNBP_SECTION)
