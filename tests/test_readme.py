"""The README tells a newcomer what they need on day one."""

import re
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
MAKEFILE = (Path(__file__).resolve().parent.parent / "Makefile").read_text()


def _documented(name: str) -> str | None:
    match = re.search(rf"^\| `{name}` \| `([^`]*)` \|", README, re.MULTILINE)
    return match.group(1) if match else None


def test_it_says_where_sign_in_codes_appear():
    assert re.search(r"sign-in codes appear", README, re.IGNORECASE)
    assert "printed on the console where `make run` runs" in README


def test_it_documents_the_port_make_run_serves_on():
    default = re.search(r"^PORT \?= (\d+)$", MAKEFILE, re.MULTILINE).group(1)
    assert _documented("PORT") == default
    assert "PORT=8080 make run" in README


def test_it_states_every_retention_period_and_the_site_name():
    from django.conf import settings

    for name in (
        "RETENTION_MONTHS",
        "MINUTES_RETENTION_MONTHS",
        "MEETING_FILES_RETENTION_MONTHS",
        "CLAIMS_RETENTION_MONTHS",
        "RECEIPTS_RETENTION_MONTHS",
        "AUDIT_RETENTION_MONTHS",
    ):
        assert _documented(name) == str(getattr(settings, name)), name
    assert _documented("SITE_NAME") == settings.SITE_NAME


def test_its_layout_table_matches_the_tree():
    root = Path(__file__).resolve().parent.parent
    section = README.split("## Layout", 1)[1].split("\n## ", 1)[0]
    listed = {
        path.rstrip("/")
        for row in re.findall(r"^\| (.+?) \|", section, re.MULTILINE)
        for path in re.findall(r"`([^`]+)`", row)
    }
    packages = {entry.name for entry in root.iterdir() if (entry / "__init__.py").exists() and entry.name != "scripts"}
    assert packages - listed == set(), "a package the layout table does not describe"
    assert {name for name in listed if not (root / name).exists()} == set(), "a path in the table that is not there"
    from django.conf import settings

    apps = {app for app in settings.INSTALLED_APPS if (root / app / "apps.py").exists()}
    assert apps <= listed
