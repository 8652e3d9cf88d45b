"""English and Welsh addresses: every page under the language prefix answers at /cy/ as it does in
English, in Welsh (or, for the staff pages, by leading to English); the switcher leads to the same
page in the other language; <html lang> says the language of each page."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from core.languages import ENGLISH_ONLY_PAGES, in_english_only
from tests.access_matrix import (
    ALL_PATTERNS,
    FORBIDDEN,
    LOGIN,
    NO_CONTENT,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    _declaration,
    _path_for,
    _walk,
)

HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def _locale_patterns() -> set[str]:
    """The keys (as the access matrix names them) of every URL pattern under the language prefix."""
    (locale,) = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and isinstance(p.pattern, LocalePrefixPattern)
    ]
    return {key for key, _route, _pattern in _walk(locale.url_patterns)}


LOCALE_KEYS = _locale_patterns()
WELSH_PATTERNS = [(key, route) for key, route in ALL_PATTERNS if key in LOCALE_KEYS]


def test_admin_and_the_board_reports_have_one_address_in_english():
    outside = {key for key, _route in ALL_PATTERNS} - LOCALE_KEYS
    assert outside, "admin and reports stay outside the language prefix"
    assert all(key.startswith(("admin", "reports:")) for key in outside), sorted(outside)
    assert "recruitment:listing" in LOCALE_KEYS
    assert "core:home" in LOCALE_KEYS


# Pages in Welsh as well as English (the rest under the prefix are core.languages' English-only
# pages). A new URL under the prefix must be added here or there.
WELSH_PAGES = {
    *("account_change_password", "account_confirm_login_code", "account_confirm_reauthentication_code"),
    *("account_email", "account_email_verification_sent", "account_inactive", "account_login", "account_logout"),
    *("account_reauthenticate", "account_request_login_code", "account_request_reauthentication_code"),
    *("account_reset_password", "account_reset_password_done", "account_reset_password_from_key"),
    *("account_reset_password_from_key_done", "account_set_password", "account_signup"),
    *("accounts:delete", "accounts:language", "accounts:profile"),
    # Not pages, but harmless at /cy/: the health check and keepalive are used at their plain address.
    *("core:healthz", "core:home", "core:keepalive"),
    *("demographics:done", "demographics:download", "demographics:invitation", "demographics:question"),
    *("demographics:start", "demographics:summary", "demographics:withdraw"),
    *("recruitment:apply", "recruitment:check", "recruitment:confirmation", "recruitment:delete"),
    *("recruitment:detail", "recruitment:download", "recruitment:guidance", "recruitment:guidance_list"),
    *("recruitment:listing", "recruitment:my_application", "recruitment:my_applications", "recruitment:step"),
    *("recruitment:video_file", "recruitment:withdraw"),
    # The pages of a meeting an advisor is invited to.
    *("workshops:attachment", "workshops:attachments", "workshops:claim", "workshops:detail"),
    *("workshops:insights", "workshops:list", "workshops:meeting_reply", "workshops:minutes"),
}


def test_every_english_only_page_names_a_url():
    assert ENGLISH_ONLY_PAGES <= LOCALE_KEYS, ENGLISH_ONLY_PAGES - LOCALE_KEYS


def test_every_url_under_the_language_prefix_is_declared_welsh_or_english_only():
    english_only = {key for key in LOCALE_KEYS if key in ENGLISH_ONLY_PAGES or key.startswith("mfa_")}
    undeclared = LOCALE_KEYS - english_only - WELSH_PAGES
    assert not undeclared, f"Add these to WELSH_PAGES here or to core.languages.ENGLISH_ONLY_PAGES: {undeclared}"
    assert not WELSH_PAGES & english_only
    assert WELSH_PAGES <= LOCALE_KEYS, WELSH_PAGES - LOCALE_KEYS


def _welsh(path: str) -> str:
    return "/cy" + path


def _outcome(client: Client, path: str) -> tuple[str, str | None, object]:
    response = client.get(path, follow=True)
    with translation.override(settings.LANGUAGE_CODE):
        login_paths = {reverse("account_login"), _welsh(reverse("account_login"))}
    if response.redirect_chain and response.request["PATH_INFO"] in login_paths:
        return LOGIN, response.request["PATH_INFO"], response
    names = {204: NO_CONTENT, 403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}
    if response.status_code in names:
        return names[response.status_code], None, response
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return (REDIRECT if response.redirect_chain else OK), response.request["PATH_INFO"], response


@pytest.mark.django_db
def test_each_page_answers_each_role_at_its_welsh_address(users_by_role, matrix_objects):
    """Welsh pages answer as their English twins do, and say lang="cy"; a staff page's Welsh
    address leads to the English page (a page shown becomes a redirect), which says lang="en-gb"."""
    mismatches = []
    for key, route in WELSH_PATTERNS:
        row = _declaration(key, route)
        english_only = key in ENGLISH_ONLY_PAGES or key.startswith("mfa_")
        with translation.override(settings.LANGUAGE_CODE):
            path = _welsh(_path_for(key, route, row, matrix_objects))
        for role, user in users_by_role.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            actual, landed, response = _outcome(client, path)
            expected = row.outcomes[role]
            if english_only and expected == OK:
                expected = REDIRECT
            if actual != expected:
                mismatches.append(f"{key} ({path}) as {role}: expected {expected}, got {actual}")
                continue
            if landed is None or not response["Content-Type"].startswith("text/html"):
                continue
            lang = HTML_LANG.search(response.content.decode())
            want = "en-gb" if english_only or not landed.startswith("/cy/") else "cy"
            if lang is None or lang.group(1) != want:
                mismatches.append(f"{key} ({path}) as {role}: landed on {landed} with lang {lang and lang.group(1)}")
            if english_only and landed.startswith("/cy/"):
                mismatches.append(f"{key} ({path}) as {role}: an English-only page stayed at {landed}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
def test_english_pages_say_lang_en_gb(client):
    response = client.get(reverse("recruitment:listing"))
    assert HTML_LANG.search(response.content.decode()).group(1) == "en-gb"
    response = client.get(_welsh(reverse("recruitment:listing")))
    assert HTML_LANG.search(response.content.decode()).group(1) == "cy"


@pytest.mark.django_db
def test_a_post_to_the_welsh_address_of_a_staff_page_is_answered_in_english(recruiting_staff):
    client = Client()
    client.force_login(recruiting_staff)
    response = client.post(_welsh(reverse("recruitment:staff_opportunity_new")), {})
    assert response.status_code == 200
    assert HTML_LANG.search(response.content.decode()).group(1) == "en-gb"
    assert 'href="/cy/' not in response.content.decode()


def test_staff_pages_are_english_only_and_public_ones_are_not():
    from django.urls import resolve

    with translation.override("cy"):
        assert in_english_only(resolve("/cy/opportunities/staff/"))
        assert in_english_only(resolve("/cy/auth/2fa/"))
        assert not in_english_only(resolve("/cy/opportunities/"))
        assert not in_english_only(resolve("/cy/equality/"))


def test_languages_are_named_in_themselves():
    assert dict(settings.LANGUAGES) == {"en-gb": "English", "cy": "Cymraeg"}


SWITCH_LINK = re.compile(r'<nav class="mi-language-select".*?</nav>', re.S)
HREF = re.compile(r'<a class="govuk-link" href="([^"]+)" hreflang="([^"]+)"')


def _switch_link(html: str) -> tuple[str, str]:
    nav = SWITCH_LINK.search(html)
    assert nav, "the page has no language switcher"
    link = HREF.search(nav.group(0))
    assert link, nav.group(0)
    return link.group(1).replace("&amp;", "&"), link.group(2)


@pytest.mark.django_db
def test_on_every_public_page_the_switcher_leads_to_the_same_page_in_the_other_language(matrix_objects):
    """Every page a signed-out person is shown, in both directions, query string kept."""
    client = Client()
    checked = []
    for key, route in WELSH_PATTERNS:
        row = _declaration(key, route)
        if row.outcomes["anonymous"] != OK:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            english = _path_for(key, route, row, matrix_objects) + "?page=1&region=wales"
        response = client.get(english)
        if not response["Content-Type"].startswith("text/html"):
            continue
        url, code = _switch_link(response.content.decode())
        assert (url, code) == (_welsh(english), "cy"), key
        welsh = client.get(url)
        assert welsh.status_code == 200, key
        assert HTML_LANG.search(welsh.content.decode()).group(1) == "cy", key
        back, code = _switch_link(welsh.content.decode())
        assert (back, code) == (english, "en-gb"), key
        checked.append(key)
    assert {"core:home", "recruitment:listing", "recruitment:detail", "recruitment:guidance", "account_login"} <= set(
        checked
    )
    assert "account_signup" in checked


@pytest.mark.django_db
def test_a_signed_in_person_switches_by_a_button_that_keeps_their_choice(applicant, matrix_objects):
    client = Client()
    client.force_login(applicant)
    page = reverse("demographics:summary") + "?x=1"
    html = client.get(page).content.decode()
    nav = SWITCH_LINK.search(html).group(0)
    assert 'name="language" value="cy"' in nav
    assert f'name="next" value="{page}"' in nav
    response = client.post(reverse("accounts:language"), {"language": "cy", "next": page})
    assert response.status_code == 302
    assert response["Location"] == _welsh(page)
    applicant.refresh_from_db()
    assert applicant.language == "cy"
    # And back: the Welsh page posts to the Welsh address, and lands on the English page.
    with translation.override("cy"):
        response = client.post(reverse("accounts:language"), {"language": "en-gb", "next": _welsh(page)})
    assert response["Location"] == page
    applicant.refresh_from_db()
    assert applicant.language == "en-gb"


@pytest.mark.django_db
def test_the_language_choice_refuses_other_sites_and_unknown_languages(applicant):
    client = Client()
    client.force_login(applicant)
    language, profile = reverse("accounts:language"), reverse("accounts:profile")
    response = client.post(language, {"language": "cy", "next": "https://evil.example/"})
    assert response["Location"] == _welsh(profile)
    response = client.post(language, {"language": "fr", "next": "/"}, follow=True)
    assert "Choose a language." in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.language == "cy"


@pytest.mark.django_db
def test_the_account_page_offers_the_language_and_saves_it(applicant):
    client = Client()
    client.force_login(applicant)
    profile = reverse("accounts:profile")
    html = client.get(profile).content.decode()
    assert 'value="en-gb" checked' in html
    assert '<label class="govuk-label govuk-radios__label" for="language-1" lang="cy">Cymraeg</label>' in html
    response = client.post(reverse("accounts:language"), {"language": "cy", "next": profile}, follow=True)
    assert response.request["PATH_INFO"] == _welsh(profile)
    applicant.refresh_from_db()
    assert applicant.language == "cy"


@pytest.mark.django_db
def test_signing_up_on_the_welsh_pages_keeps_welsh_for_the_e_mails(client):
    from accounts.models import User

    signup = reverse("account_signup")
    response = client.post(_welsh(signup), {"email": "nia@example.net", "name": "Nia"})
    assert response.status_code == 302
    assert User.objects.get(email="nia@example.net").language == "cy"
    Client().post(signup, {"email": "sam@example.net", "name": "Sam"})
    assert User.objects.get(email="sam@example.net").language == "en-gb"


@pytest.mark.django_db
def test_a_draft_passes_from_one_language_to_the_other_with_nothing_lost(applicant, matrix_objects):
    """The switcher on an application step sends what was typed: it is saved, and the same step
    comes back in the other language with it filled in; the check page shows it in both."""
    from recruitment.models import Application, Opportunity
    from recruitment.services import application_start

    opportunity = Opportunity.objects.get(pk=matrix_objects["opportunity"])
    Application.objects.filter(applicant=applicant).delete()
    application = application_start(opportunity=opportunity, applicant=applicant)
    client = Client()
    client.force_login(applicant)
    step = reverse("recruitment:step", kwargs={"reference": application.reference, "step": "about"})
    html = client.get(step + "?return=check").content.decode()
    nav = SWITCH_LINK.search(html).group(0)
    assert 'form="application-step"' in nav
    assert f'formaction="{_welsh(step)}?return=check"' in nav
    data = {"name": "Ade Ap", "email": "ade@example.net", "phone": "", "contact_method": "email", "action": "language"}
    response = client.post(_welsh(step) + "?return=check", data)
    assert response["Location"] == _welsh(step) + "?return=check"
    application.refresh_from_db()
    assert (application.name, application.email) == ("Ade Ap", "ade@example.net")
    welsh = client.get(response["Location"]).content.decode()
    assert HTML_LANG.search(welsh).group(1) == "cy"
    assert 'value="Ade Ap"' in welsh
    with translation.override("cy"):
        check = reverse("recruitment:check", kwargs={"reference": application.reference})
    assert "Ade Ap" in client.get(check).content.decode()


@pytest.mark.django_db
def test_an_opportunity_without_welsh_shows_the_english_and_says_so_in_welsh(matrix_objects):
    from recruitment.models import Opportunity

    opportunity = Opportunity.objects.get(pk=matrix_objects["opportunity"])
    detail = reverse("recruitment:detail", kwargs={"pk": opportunity.pk})
    listing = reverse("recruitment:listing")
    # Made from the role template, whose Welsh it copied; the team has no Welsh yet.
    assert opportunity.title_cy == "Cynghorydd profiad bywyd"
    html = Client().get(_welsh(detail)).content.decode()
    assert '<h1 class="govuk-heading-l">Cynghorydd profiad bywyd</h1>' in html
    assert '<span class="govuk-caption-l" lang="en-gb">Matrix team</span>' in html
    assert "Dyw hwn ddim yn Gymraeg eto" in html

    Opportunity.objects.filter(pk=opportunity.pk).update(team_cy="Tîm y matrics")
    html = Client().get(_welsh(detail)).content.decode()
    assert '<span class="govuk-caption-l">Tîm y matrics</span>' in html
    assert "Dyw hwn ddim yn Gymraeg eto" not in html
    assert 'lang="en-gb"' not in html.split("<main", 1)[1]
    assert "Saesneg yn unig" not in Client().get(_welsh(listing)).content.decode()

    Opportunity.objects.filter(pk=opportunity.pk).update(title_cy="", summary_cy=None)
    html = Client().get(_welsh(detail)).content.decode()
    assert '<h1 class="govuk-heading-l" lang="en-gb">Lived-experience advisor</h1>' in html
    assert "Dyw hwn ddim yn Gymraeg eto" in html
    assert "Saesneg yn unig" in Client().get(_welsh(listing)).content.decode()
    # The English page never shows the notice.
    english = Client().get(detail).content.decode()
    assert "not in Welsh yet" not in english
    assert 'lang="en-gb">Lived' not in english


@pytest.mark.django_db
def test_staff_write_the_welsh_of_an_opportunity(recruiting_staff, matrix_objects):
    from recruitment.models import Opportunity
    from tests.html_forms import form_values

    client = Client()
    client.force_login(recruiting_staff)
    edit = reverse("recruitment:staff_opportunity_edit", kwargs={"pk": matrix_objects["opportunity"]})
    html = client.get(edit).content.decode()
    assert "Team, in Welsh (optional)" in html
    data = form_values(html, containing="team_cy")
    data["team_cy"] = ["Tîm y matrics"]
    data["duties_cy"] = ["Dod i weithdai."]
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()
    opportunity = Opportunity.objects.get(pk=matrix_objects["opportunity"])
    assert (opportunity.team_cy, opportunity.duties_cy) == ("Tîm y matrics", "Dod i weithdai.")
    assert opportunity.team_en_gb == "Matrix team"


@pytest.mark.django_db
def test_the_guidance_pages_for_applicants_are_in_welsh():
    guidance = reverse("recruitment:guidance", kwargs={"slug": "how-to-apply"})
    html = Client().get(_welsh(guidance)).content.decode()
    assert '<h1 class="govuk-heading-l">Sut i wneud cais</h1>' in html
    assert "Crëwch gyfrif" in html
    assert "Dyw hwn ddim yn Gymraeg eto" not in html
