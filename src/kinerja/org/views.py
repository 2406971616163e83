from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from . import access
from .choices import Role
from .selectors import home_units


@login_required
def home(request):
    """The units the user may open; with only one, go straight to its dashboard."""
    units = list(home_units(request.user))
    if len(units) == 1 and units[0].latest:
        return redirect("dashboard:unit", units[0].code, units[0].latest)
    rows = [(u, [Role(r).label for r in access.roles_in(request.user, u)]) for u in units]
    reviewed = {code for code, _name in access.reviewed_units(request.user)}
    return render(request, "org/home.html", {"rows": rows, "reviewed_codes": reviewed})
