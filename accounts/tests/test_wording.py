"""Sentence case on every sign-in page the site shows, as on the rest of the site: allauth writes
its headings and buttons in Title Case ("Sign In"), and locale/en_GB turns them into ours."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD, UserFactory
from tests.access_matrix import ALL_PATTERNS, _declaration, _path_for
from tests.sign_in import emailed_code

# Words that keep their capital letter anywhere in a sentence.
NAMES = {"Mind", "Involve", "TOTP", "I", "QR", "JSON", "CSV"}
READ_TAGS = {"title", "h1", "h2", "h3", "legend", "label", "button", "summary", "caption", "th"}


class _Wording(HTMLParser):
    """The text of headings, labels, buttons and button-like links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if "govuk-tag" in classes:
            # A tag ("Verified", "Primary") is a word of its own, not part of the label around it.
            self._open.append([tag, "tag"])
        elif tag in READ_TAGS or (tag == "a" and "govuk-button" in classes):
            self._open.append([tag])

    def handle_data(self, data: str) -> None:
        for item in reversed(self._open):
            item.append(data)
            if item[1:2] == ["tag"]:
                break

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            item = self._open.pop()
            words = item[2:] if item[1:2] == ["tag"] else item[1:]
            self.texts.append(" ".join("".join(words).split()))


def title_case_words(text: str) -> list[str]:
    """Capitalised words that do not start a sentence and are not names."""
    found = []
    for sentence in re.split(r"(?<=[.?!:\u2013])\s+", text):
        words = re.findall(r"[A-Za-z][A-Za-z'-]*", sentence)
        for word in words[1:]:
            first = word.split("-")[0]
            if first[0].isupper() and first not in NAMES:
                found.append(word)
        for word in words[:1]:
            # "Sign-In" is Title Case inside a word too.
            if any(part[:1].isupper() for part in word.split("-")[1:]):
                found.append(word)
    return found


def wording_problems(html: str) -> list[str]:
    reader = _Wording()
    reader.feed(html)
    # The page title ends with the site's name after a dash.
    texts = [text.rsplit(" \u2013 ", 1)[0] for text in reader.texts]
    return [text for text in texts if title_case_words(text)]


def test_the_checker_knows_title_case_from_sentence_case():
    assert title_case_words("Enter Email Verification Code") == ["Email", "Verification", "Code"]
    assert sorted(title_case_words("Enter Sign-In Code")) == ["Code", "Sign-In"]
    assert sorted(title_case_words("Sign-In Code")) == ["Code", "Sign-In"]
    assert title_case_words("Enter email verification code") == []
    assert title_case_words("Set up an authenticator app. Then sign in with Mind Involve") == []


ALLAUTH_PREFIX = "/auth/"


def _allauth_pages() -> list[tuple[str, str]]:
    return [(key, route) for key, route in ALL_PATTERNS if key.startswith(("account_", "mfa_"))]


@pytest.mark.django_db
def test_every_sign_in_page_each_role_reaches_is_in_sentence_case(users_by_role, matrix_objects):
    problems = []
    for key, route in _allauth_pages():
        path = _path_for(key, route, _declaration(key, route), matrix_objects)
        for role, user in users_by_role.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            response = client.get(path, follow=True)
            # Only allauth's own pages: a signed-in person may be sent on to one of the site's.
            allauths = response.request["PATH_INFO"].startswith(ALLAUTH_PREFIX)
            if allauths and response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                problems += [f"{path} as {role}: {text}" for text in wording_problems(response.content.decode())]
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.django_db
def test_the_pages_between_the_steps_of_signing_in_are_in_sentence_case(applicant, board_member):
    pages = []
    client = Client()
    client.post(reverse("account_login"), {"login": applicant.email})
    pages.append(client.get(reverse("account_confirm_login_code")))
    client = Client()
    client.post(reverse("account_signup"), {"email": "new@example.net", "name": "Nia New"})
    pages.append(client.get(reverse("account_email_verification_sent")))
    assert emailed_code()
    client = Client()
    client.post(reverse("account_login"), {"login": board_member.email, "password": TEST_PASSWORD})
    pages.append(client.get(reverse("mfa_authenticate")))
    newcomer = UserFactory(roles=("Recruiting staff",), password=TEST_PASSWORD)
    client = Client()
    client.post(reverse("account_login"), {"login": newcomer.email, "password": TEST_PASSWORD})
    pages.append(client.get(reverse("mfa_activate_totp"), follow=True))
    problems = []
    for response in pages:
        assert response.status_code == 200
        problems += wording_problems(response.content.decode())
    assert not problems, problems


def test_the_compiled_catalogue_matches_its_source():
    """locale/en_GB ships compiled (django.mo) so `make run` needs no gettext tools; it must say
    what django.po says."""
    import gettext
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "locale" / "en_GB" / "LC_MESSAGES"
    source = (folder / "django.po").read_text()
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', source, re.MULTILINE)
    assert len(pairs) > 40
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in pairs:
        unescaped = msgid.encode().decode("unicode_escape")
        assert compiled.gettext(unescaped) == msgstr.encode().decode("unicode_escape"), msgid
