"""Personal API tokens: creating, revoking and recognising them (one service each).

The secret is ``secrets.token_urlsafe(32)`` (256 random bits) behind a fixed prefix;
only its SHA-256 is stored. A slow password hash (Argon2) buys nothing for a secret
with 256 bits of entropy — nobody can guess it, hashed fast or slow — and would cost
every API request its time; a plain digest is also what lets a request find its token
with one indexed lookup. A stolen database therefore yields no usable token."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, Scope

PREFIX = "knj_"
MAX_DAYS = 366


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(user, *, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token of ``user``; returns it and its secret, which is never stored."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Beri token ini nama, misalnya sistem yang memakainya.")
    elif len(name) > 100:
        errors["name"] = _("Nama token paling banyak 100 karakter.")
    if scope not in Scope.values:
        errors["scope"] = _("Cakupan harus baca atau tulis.")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = _("Masa berlaku 1 sampai %(max)s hari.") % {"max": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(PREFIX) + 4],
        digest=digest(secret),
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return token, secret


@transaction.atomic
def revoke_token(user, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s own tokens (another user's token is not found)."""
    token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for(secret: str) -> ApiToken | None:
    """The active token with this secret, or None (unknown, revoked, expired, or its
    user deactivated)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(secret)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    # Written at most once a minute: a busy client does not write on every request.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
