"""Times as people in the unit read them: local time (``TIME_ZONE``, WIB for the demo)
with the zone's abbreviation, the same in the CLI as in the web."""

import datetime as dt

from django.utils import timezone


def local_time(moment: dt.datetime) -> str:
    """``2024-01-15 10:00 WIB``: ``moment`` in the installation's time zone."""
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
