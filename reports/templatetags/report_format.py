"""Formatting of published figures in templates: the same words as the tables and CSV files."""

from django import template

from reports import selectors

register = template.Library()


@register.filter
def count_or_hidden(value: int | None, k: int) -> str:
    return selectors.count_text(value, k)


@register.filter
def percent(value: float | None) -> str:
    return selectors.percent_text(value)


@register.filter
def whole_percent(value: float | None) -> str:
    return selectors.percent_text(value, places=0)


@register.filter
def points(value: float | None) -> str:
    return selectors.points_text(value)
