"""No page uses an id twice: a label, an error link or aria-describedby pointing at an id reaches
only the first element with it, so the second control is left unnamed (axe does not see this)."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.access_matrix import ALL_PATTERNS, OK, _declaration, _path_for


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(html: str) -> list[str]:
    reader = _Ids()
    reader.feed(html)
    return sorted(name for name, count in reader.ids.items() if count > 1)


def test_the_reader_finds_a_repeated_id():
    assert duplicate_ids('<p id="a"></p><select id="id_stage"></select><select id="id_stage"></select>') == ["id_stage"]


@pytest.mark.django_db
def test_no_page_any_role_can_open_uses_an_id_twice(users_by_role, matrix_objects):
    found = []
    for key, route in ALL_PATTERNS:
        row = _declaration(key, route)
        path = _path_for(key, route, row, matrix_objects)
        for role, user in users_by_role.items():
            if row.outcomes[role] != OK:
                continue
            client = Client()
            if user is not None:
                client.force_login(user)
            response = client.get(path)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            repeated = duplicate_ids(response.content.decode())
            if repeated:
                found.append(f"{path} as {role}: {repeated}")
    assert not found, "\n".join(found)
