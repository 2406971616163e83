"""Template context for every page: the parent views the signed-in user reviews, for the
header menu (from the memberships read once per request for the rights)."""

from django.utils.functional import SimpleLazyObject

from . import access


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"review_units": []}
    return {"review_units": SimpleLazyObject(lambda: access.reviewed_units(user))}
