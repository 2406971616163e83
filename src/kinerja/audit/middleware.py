from .context import audit_context, lookup_scope


class AuditActorMiddleware:
    """Every change made while serving a request is attributed to the logged-in user
    (anonymous requests, such as the public survey form, only to the source). Requests
    under /api/ have the source ``api``; one made with an API token names its user when
    the API recognises the token (``set_actor``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = (
            "admin"
            if request.path.startswith("/admin/")
            else "api"
            if request.path.startswith("/api/")
            else "web"
        )
        user = getattr(request, "user", None)
        actor = {}
        if user is not None and user.is_authenticated:
            actor = {"user_id": user.pk, "username": user.get_username()}
        with audit_context(source=source, **actor), lookup_scope():
            return self.get_response(request)
