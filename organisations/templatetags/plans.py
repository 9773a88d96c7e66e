"""A plan on a page: the steps shown at once, and the rest behind "next steps"."""

from django import template

from organisations import recommendations

register = template.Library()


@register.filter
def open_steps(plan) -> list:
    return recommendations.open_steps(list(plan or []))


@register.filter
def later_steps(plan) -> list:
    return recommendations.later_steps(list(plan or []))
