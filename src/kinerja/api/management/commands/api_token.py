from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kinerja.api.models import Scope
from kinerja.api.tokens import create_token


class Command(BaseCommand):
    help = (
        "Create a personal API token for a user (for a system or `kinerja sync`); the "
        "secret is printed once. Users create their own on the web: /akun/token-api/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="user name")
        parser.add_argument("--scope", choices=Scope.values, default=Scope.READ)
        parser.add_argument("--days", type=int, default=90, help="valid for (default 90)")
        parser.add_argument("--name", default="cli", help="what the token is for")

    def handle(self, *args, user, scope, days, name, **options):
        found = get_user_model().objects.filter(username=user).first()
        if found is None:
            raise CommandError(_("tidak ada pengguna %(user)s") % {"user": repr(user)})
        try:
            token, secret = create_token(found, name=name, scope=scope, days=days)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stderr.write(
            _("token %(prefix)s… milik %(user)s, cakupan %(scope)s, berlaku sampai %(expires)s")
            % {
                "prefix": token.prefix,
                "user": user,
                "scope": scope,
                "expires": f"{token.expires_at:%Y-%m-%d}",
            }
        )
        self.stdout.write(secret)
