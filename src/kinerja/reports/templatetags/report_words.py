"""The name of a document as the unit calls it (LAKIN, LKjIP …), for the report pages."""

from django import template

register = template.Library()


@register.filter
def label_for(spec, unit) -> str:
    """``{{ d|label_for:unit }}``: ``DocumentSpec.label_for``."""
    return spec.label_for(unit)
