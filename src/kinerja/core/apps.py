from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kinerja.core"
    label = "core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the system checks)
        from .privacy import mark_renewed

        user_logged_in.connect(mark_renewed, dispatch_uid="kinerja.core.privacy")

        from django.core.signals import request_finished

        from .requestid import forget

        request_finished.connect(forget, dispatch_uid="kinerja.core.requestid")
