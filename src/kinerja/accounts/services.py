"""Writing a user's own settings (one service per change, audited by the audit trail's
context like every write made in a request)."""

from django.db import transaction

from .models import UserSettings


@transaction.atomic
def save_settings(user, *, email: str, email_reminders: bool) -> UserSettings:
    """The user's e-mail address and whether they receive reminders and notices."""
    email = (email or "").strip()
    if user.email != email:
        user.email = email
        user.save(update_fields=["email"])
    prefs, _created = UserSettings.objects.get_or_create(user=user)
    if prefs.email_reminders != email_reminders:
        prefs.email_reminders = email_reminders
        prefs.save(update_fields=["email_reminders"])
    return prefs
