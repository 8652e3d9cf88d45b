"""Checks the browser journeys share: the Nu HTML Checker (the npm package vnu-jar, on Java)."""

import json
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from axe_playwright_python.sync_playwright import Axe

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(pages: dict[str, str]) -> list[str]:
    """The Nu HTML Checker's errors for each page's HTML, checked in one run of the checker."""
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page-{index}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.name] = name
        result = subprocess.run(
            [
                "java",
                "-jar",
                str(VNU),
                "--format",
                "json",
                "--exit-zero-always",
                *[str(p) for p in Path(folder).iterdir()],
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{paths.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}: "
        f"{message['message']} {message.get('extract', '')!r}"
        for message in messages
        if message["type"] == "error"
    ]


# Pages the browser journeys have checked, for the Nu HTML Checker at the end of each journey
# (tests/conftest.py): one run of Java for all of a journey's pages.
VISITED: dict[str, str] = {}

_DUPLICATE_IDS = """() => {
  const counts = new Map();
  for (const element of document.querySelectorAll("[id]")) {
    counts.set(element.id, (counts.get(element.id) || 0) + 1);
  }
  return [...counts].filter(([, count]) => count > 1).map(([id]) => id);
}"""


def duplicate_ids(page: "Page") -> list[str]:
    """The ids used more than once on the page as the browser holds it now."""
    return page.evaluate(_DUPLICATE_IDS)


def page_record(page: "Page", served: str | None = None) -> None:
    """Keeps the page's HTML (as the browser holds it now, or as served) for the Nu HTML Checker."""
    name = f"{page.url} #{len(VISITED) + 1}"
    VISITED[name] = page.content() if served is None else served


axe = Axe()


def assert_accessible(page: "Page", *, served: str | None = None) -> None:
    """axe finds nothing and no id is used twice; the page is kept for the Nu HTML Checker, which
    reads every page a journey checked when the journey ends (tests/conftest.py). `served` is the
    HTML as the server sent it, for pages whose own scripts change it in ways the checker refuses
    (Django admin's inlines.js marks hidden inputs autocomplete=off)."""
    results = axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    assert duplicate_ids(page) == [], f"{page.url} uses these ids more than once"
    page_record(page, served)
