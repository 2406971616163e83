"""Template filters that format numbers the Indonesian way (one implementation:
core.numbers, shared with the documents), and small helpers for the app's pages."""

from django import template
from django.urls import NoReverseMatch, reverse

from kinerja.core.numbers import format_id, format_pct_id, to_decimal

register = template.Library()


@register.filter
def id_number(value, places=0):
    """``15507847000`` → ``15.507.847.000``; ``None`` → ``–``."""
    if value is None or value == "":
        return "–"
    return format_id(to_decimal(value), int(places))


@register.filter
def id_measure(value, places=2):
    """A measure with its decimals as needed: ``53.333333`` → ``53,33``."""
    if value is None or value == "":
        return "–"
    return format_id(to_decimal(value), int(places))


@register.filter
def id_pct(value, places=2):
    """``177.78`` → ``177,78 %``."""
    if value is None or value == "":
        return "–"
    return format_pct_id(to_decimal(value), int(places))


@register.simple_tag(takes_context=True)
def nav_url(context, name, *args):
    """A link to ``name`` or an empty string when the page cannot be built (e.g. no year)."""
    try:
        return reverse(name, args=[a for a in args if a not in (None, "")])
    except NoReverseMatch:
        return ""
