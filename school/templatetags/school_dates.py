"""The one way templates show a date: {% load school_dates %}.

{{ session.starts_at|day_time }}, {{ session.starts_at|time_span:session.ends_at }},
{{ class_.first_starts_at|day_span:class_.last_ends_at }}, {{ certificate.issued_at|day }},
{{ period.start|month }},
{{ session.starts_at|clock_span:session.ends_at }}.
"""

from django import template

from core import dates

register = template.Library()


@register.filter
def day(value) -> str:
    return dates.format_date(value)


@register.filter
def short_day(value) -> str:
    return dates.format_short_date(value)


@register.filter
def day_time(value) -> str:
    return dates.format_datetime(value)


@register.filter
def time_span(start, end) -> str:
    return dates.format_time_range(start, end)


@register.filter
def day_span(start, end) -> str:
    return dates.format_date_range(start, end)


@register.filter
def clock_span(start, end) -> str:
    return dates.format_clock_range(start, end)


@register.filter
def month(value) -> str:
    return dates.format_month(value)
