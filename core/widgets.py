"""Date and time controls. A browser's <input type=date> reads and sends only ISO values
(2026-12-18), whatever the page's language, so these render ISO rather than the locale's format
(18/12/2026 in en-GB would show an empty control and lose the value on save)."""

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
