"""A mail backend whose relay is always down (tests of the reminders' retry)."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the relay is down")
