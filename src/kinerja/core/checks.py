"""kinerja's own system checks (``kinerja check``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_secret_key(app_configs, **kwargs):
    """``check --deploy`` flags the published development key: without KINERJA_SECURE
    (an intranet without TLS) and with debug off the app would otherwise run on it
    silently, and anyone with the source can forge sessions and password-reset links."""
    if settings.SECRET_KEY == settings.KINERJA_DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is kinerja's published development key.",
                hint="Set KINERJA_SECRET_KEY or KINERJA_SECRET_KEY_FILE to a long random "
                "secret of this installation (docs/deploy.md).",
                id="kinerja.E001",
            )
        ]
    return []
