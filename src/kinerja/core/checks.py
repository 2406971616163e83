"""kinerja's own system checks (``kinerja check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_secret_key(app_configs, **kwargs):
    """The published development key signs sessions anyone can forge: refused for a
    deployment even without KINERJA_SECURE (which refuses it at start-up)."""
    if settings.SECRET_KEY == settings.KINERJA_DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is kinerja's published development key.",
                hint="Set KINERJA_SECRET_KEY or KINERJA_SECRET_KEY_FILE to a secret of your "
                "own (docs/deploy.md).",
                id="kinerja.E001",
            )
        ]
    return []
