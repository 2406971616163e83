"""The language of a page: Indonesian unless the user chose English with the switch.

Django's LocaleMiddleware follows the browser's Accept-Language header, so a civil
servant whose browser is set to English would get an English app without asking. A
government system speaks the official language by default; the switch in the header
(Django's ``set_language`` view) stores the choice in the language cookie, which is the
only thing read here.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if choice in dict(settings.LANGUAGES):
        return choice
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class CommandHelp:
    """A management command's ``help``, read in the language active at the time.

    ``help = CommandHelp(gettext_noop("…"))``: the Indonesian text is the message id and
    ``kinerja CMD --help`` (or ``kinerja --help``) shows it translated. A lazy string would
    not do: argparse runs ``re.sub`` on the description, which needs a real ``str``."""

    def __init__(self, text: str):
        self.text = text

    def __get__(self, instance, owner=None) -> str:
        return translation.gettext(self.text)
