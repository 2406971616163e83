from .context import audit_context


class AuditActorMiddleware:
    """Every change made while serving a request is attributed to the logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        source = "admin" if request.path.startswith("/admin/") else "web"
        with audit_context(user_id=user.pk, username=user.get_username(), source=source):
            return self.get_response(request)
