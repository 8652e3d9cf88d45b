"""What a browser would send back from a form on a page, for round-trip tests: every field as the
page shows it, nothing typed."""

import re
from html.parser import HTMLParser

# A browser empties a date or time control whose value is not in the HTML standard's format
# ("value sanitization"), so a locale date such as 18/12/2026 is sent back as nothing.
_DATE = r"\d{4,}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"
VALID_VALUE = {
    "date": re.compile(rf"{_DATE}"),
    "time": re.compile(rf"{_TIME}"),
    "datetime-local": re.compile(rf"{_DATE}[T ]{_TIME}"),
    "month": re.compile(r"\d{4,}-\d{2}"),
}


def _sanitised(kind: str, value: str) -> str:
    rule = VALID_VALUE.get(kind)
    return value if rule is None or rule.fullmatch(value) else ""


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, object]] = []
        self._form: dict[str, object] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: dict[str, str] | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self._form = {"attrs": found, "fields": [], "buttons": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields: list[tuple[str, str]] = self._form["fields"]  # type: ignore[assignment]
        name = found.get("name")
        if tag == "input" and name and "disabled" not in found:
            kind = found.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                if kind == "submit":
                    self._form["buttons"].append((name, found.get("value", "")))  # type: ignore[union-attr]
                return
            if kind in {"checkbox", "radio"} and "checked" not in found:
                return
            value = found.get("value", "on" if kind in {"checkbox", "radio"} else "")
            fields.append((name, _sanitised(kind, value)))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select is not None:
            self._option, self._option_text = found, ""
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        fields: list[tuple[str, str]] = self._form["fields"]  # type: ignore[assignment]
        if tag == "option" and self._option is not None and self._select is not None:
            value = self._option.get("value", self._option_text.strip())
            if self._select_first is None:
                self._select_first = value
            if "selected" in self._option and not self._select_chosen:
                fields.append((self._select, value))
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select is not None:
            # A single select with nothing marked selected sends its first option.
            if not self._select_chosen and self._select_first is not None:
                fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The parser drops the newline that may follow <textarea>, as browsers do.
            fields.append((self._textarea, self._textarea_text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_values(html: str, *, containing: str) -> dict[str, list[str]]:
    """The values the first form that has a field or button named `containing` would submit."""
    reader = _FormReader()
    reader.feed(html)
    for form in reader.forms:
        names = {name for name, _ in form["fields"]} | {name for name, _ in form["buttons"]}  # type: ignore[union-attr]
        if containing in names:
            data: dict[str, list[str]] = {}
            for name, value in form["fields"]:  # type: ignore[union-attr]
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"No form on the page has a field named {containing!r}")
