from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from . import access
from .choices import Role
from .selectors import home_units


@login_required
def home(request):
    """The user's tasks ("Tugas saya", accounts.inbox) and the units they may open."""
    from kinerja.accounts.inbox import inbox

    units = list(home_units(request.user))
    rows = [(u, [Role(r).label for r in access.roles_in(request.user, u)]) for u in units]
    reviewed = {code for code, _name in access.reviewed_units(request.user)}
    return render(
        request,
        "org/home.html",
        {
            "rows": rows,
            "inbox": inbox(request.user, timezone.localdate()),
            "reviewed_codes": reviewed,
        },
    )
