"""Checks the browser journeys share: the Nu HTML Checker (the npm package vnu-jar, on Java)."""

import json
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(pages: dict[str, str]) -> list[str]:
    """The Nu HTML Checker's errors for each page's HTML, checked in one run of the checker."""
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page-{index}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.as_uri()] = name
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
        f"{paths.get(message.get('url', ''), message.get('url'))}: {message['message']} {message.get('extract', '')!r}"
        for message in messages
        if message["type"] == "error"
    ]
