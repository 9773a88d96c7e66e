"""Korean particles in templates.

{{ organisation.name|josa:"은" }}        성미산 마을 미디어는
{% blocktranslate asvar text %}...{% endblocktranslate %}{{ text|particles }}
    the translation's 은(는), 이(가), (으)로 ... chosen from the word before each
"""

from django import template

from core import korean

register = template.Library()


@register.filter(is_safe=True)
def josa(word, which: str) -> str:
    """The word followed by the form of the particle `which` that fits it."""
    return korean.attach(word, which)


@register.filter(is_safe=True)
def particles(text) -> str:
    """Resolve the written-out alternatives of a translated text against their words.

    Safe in, safe out: only Hangul particles and parentheses change, never markup.
    """
    return korean.resolve(text)
