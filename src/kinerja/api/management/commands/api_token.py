from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.api.models import Scope
from kinerja.api.tokens import create_token
from kinerja.core.language import CommandHelp


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Membuat token API pribadi untuk seorang pengguna (untuk sebuah sistem atau "
            "`kinerja sync`); rahasianya dicetak sekali. Pengguna membuat tokennya sendiri di "
            "web: /akun/token-api/."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help=_("nama pengguna"))
        parser.add_argument("--scope", choices=Scope.values, default=Scope.READ)
        parser.add_argument(
            "--days", type=int, default=90, help=_("masa berlaku dalam hari (bawaan 90)")
        )
        parser.add_argument("--name", default="cli", help=_("untuk apa token ini"))

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
