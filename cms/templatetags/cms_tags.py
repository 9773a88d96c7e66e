from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import RichText, expand_db_html

from cms.markdown import render_markdown
from cms.sanitise import clean_html

register = template.Library()


@register.filter
def markdown(text):
    return mark_safe(render_markdown(text))


@register.filter
def inert_richtext(value):
    """Expand Wagtail's stored rich text, then strip anything that could run."""
    source = value.source if isinstance(value, RichText) else (value or "")
    return mark_safe(clean_html(expand_db_html(source)))
