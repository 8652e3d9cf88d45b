"""A Welsh speaker finds an opportunity, makes an account, applies and answers the equality
questions, all in Welsh and by keyboard; the draft passes to English and back with nothing lost.
Every page says lang="cy", and axe, the repeated-id check and the Nu HTML Checker read each one."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from demographics import selectors
from recruitment.models import Application
from recruitment.tests.factories import OpportunityFactory
from tests.checks import assert_accessible
from tests.sign_in import emailed_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_welsh(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert_accessible(page)


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Cadw a pharhau").press("Enter")


def test_a_welsh_speaker_applies_and_answers_the_equality_questions_by_keyboard(page: Page, live_server, celery_eager):
    opportunity = OpportunityFactory(team="Grŵp cynghori ymchwil")

    # From the English listing, the switcher leads to the same page in Welsh.
    page.goto(live_server.url + reverse("recruitment:listing"))
    page.get_by_role("link", name="Cymraeg").press("Enter")
    expect(page.get_by_role("heading", name="Cyfleoedd i gymryd rhan")).to_be_visible()
    assert page.url.endswith("/cy" + reverse("recruitment:listing"))
    assert_welsh(page)

    # The advert comes from the role template, whose Welsh it copied; its team has no Welsh yet,
    # so the page shows the English team and says so.
    page.get_by_role("link", name="Cynghorydd profiad bywyd").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cynghorydd profiad bywyd")
    expect(page.get_by_text("Dyw hwn ddim yn Gymraeg eto")).to_be_visible()
    assert_welsh(page)
    page.get_by_role("button", name="Gwneud cais am y rôl hon").press("Enter")

    expect(page.get_by_role("heading", name="Mewngofnodi", exact=True)).to_be_visible()
    assert_welsh(page)
    page.get_by_role("link", name="crëwch gyfrif").press("Enter")
    expect(page.get_by_role("heading", name="Creu cyfrif", exact=True)).to_be_visible()
    assert_welsh(page)
    page.get_by_label("E-bost").fill("nia.jones@example.net")
    page.get_by_label("Eich enw").fill("Nia Jones")
    page.get_by_label("Eich enw").press("Enter")
    expect(page.get_by_label("Cod")).to_be_visible()
    assert_welsh(page)
    assert "Cadarnhewch eich cyfeiriad e-bost" in mail.outbox[-1].subject
    page.get_by_label("Cod").fill(emailed_code())
    page.get_by_label("Cod").press("Enter")

    expect(page.get_by_role("heading", name="Amdanoch chi")).to_be_visible()
    expect(page.get_by_label("Eich enw")).to_have_value("Nia Jones")
    assert_welsh(page)
    page.get_by_label("E-bost", exact=True).press("Space")
    save_and_continue(page)

    # Half-way through a step, the switcher keeps what was typed, in English and back in Welsh.
    expect(page.get_by_role("heading", name="Eich profiad bywyd")).to_be_visible()
    assert_welsh(page)
    story = "Rwy wedi byw gydag iselder ers deng mlynedd."
    page.get_by_label("Yn eich geiriau eich hun").fill(story)
    page.get_by_role("button", name="English").press("Enter")
    expect(page.get_by_role("heading", name="Your lived experience")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(page.get_by_label("In your own words")).to_have_value(story)
    page.get_by_role("button", name="Cymraeg").press("Enter")
    expect(page.get_by_role("heading", name="Eich profiad bywyd")).to_be_visible()
    expect(page.get_by_label("Yn eich geiriau eich hun")).to_have_value(story)
    save_and_continue(page)

    expect(page.get_by_role("heading", name="Pam y rôl hon")).to_be_visible()
    assert_welsh(page)
    page.get_by_label("Pam yr hoffech chi wneud y rôl hon?").fill("I wneud gwasanaethau'n well i'm cymuned.")
    save_and_continue(page)
    expect(page.get_by_role("heading", name="Pryd rydych chi ar gael")).to_be_visible()
    assert_welsh(page)
    save_and_continue(page)
    expect(page.get_by_role("heading", name="Anghenion mynediad")).to_be_visible()
    assert_welsh(page)
    save_and_continue(page)
    expect(page.get_by_role("heading", name="Sut clywsoch chi amdanon ni")).to_be_visible()
    assert_welsh(page)
    page.get_by_label("Rhywun rwy'n ei adnabod").press("Space")
    save_and_continue(page)

    expect(page.get_by_role("heading", name="Gwiriwch eich atebion cyn anfon")).to_be_visible()
    expect(page.locator("main")).to_contain_text(story)
    assert_welsh(page)
    page.get_by_role("button", name="Anfon y cais").press("Enter")
    expect(page.get_by_role("heading", name="Mae eich cais wedi'i anfon")).to_be_visible()
    assert_welsh(page)
    application = Application.objects.get(opportunity=opportunity)
    assert application.lived_experience == story
    confirmation = [m for m in mail.outbox if application.reference in m.subject]
    assert confirmation[0].subject == f"Mae eich cais wedi'n cyrraedd ni: {application.reference}"
    assert User.objects.get(email="nia.jones@example.net").language == "cy"

    # The equality questions, in the Welsh of the 2021 Census.
    page.get_by_role("button", name="Ateb y cwestiynau cydraddoldeb").press("Enter")
    expect(page.get_by_role("heading", name="Gwybodaeth cydraddoldeb", exact=True)).to_be_visible()
    assert_welsh(page)
    page.get_by_role("button", name="Cytuno a pharhau").press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Ticiwch y blwch")
    assert_welsh(page)
    page.get_by_label("Rwy'n cytuno y gall Mind Involve").press("Space")
    page.get_by_role("button", name="Cytuno a pharhau").press("Enter")

    expect(page.get_by_role("heading", name="Beth yw eich oed?")).to_be_visible()
    assert_welsh(page)
    page.get_by_label("45 i 54", exact=True).press("Space")
    save_and_continue(page)
    expect(page.get_by_role("heading", name="Beth yw eich grŵp ethnig?")).to_be_visible()
    assert_welsh(page)
    page.get_by_label("Asiaidd, Asiaidd Prydeinig neu Asiaidd Cymreig", exact=True).press("Space")
    save_and_continue(page)
    expect(page.get_by_role("heading", name="Pa un o'r canlynol sy'n disgrifio eich cefndir orau?")).to_be_visible()
    assert_welsh(page)
    page.get_by_label("Indiaidd", exact=True).press("Space")
    save_and_continue(page)
    expect(page.get_by_role("heading", name="Beth yw eich rhyw?")).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text("rhyw a hunaniaeth rhywedd")
    assert_welsh(page)
    page.get_by_role("button", name="Hepgor y cwestiwn hwn").press("Enter")
    expect(page.get_by_role("heading", name="A yw'r rhywedd rydych chi'n uniaethu ag ef")).to_be_visible()
    assert_welsh(page)

    # The same answers, by their keys, whatever the language they were given in.
    person = User.objects.get(email="nia.jones@example.net")
    answers = {key: answer.option.key for key, answer in selectors.answers_own(user=person).items()}
    assert answers == {"age_band": "45_54", "ethnic_group": "asian", "ethnic_background": "asian_indian"}
