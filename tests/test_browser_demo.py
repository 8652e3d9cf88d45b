"""What a new user sees after `make run`: distinct opportunities, a captioned video that plays and
seeks, and Received applications waiting in the pipeline, anonymised ones included."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from recruitment.models import Opportunity
from tests.checks import assert_accessible
from tests.sign_in import sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEK = """async (video) => {
  if (video.readyState < 1) await new Promise((done) => video.addEventListener("loadedmetadata", done, {once: true}));
  const seeked = new Promise((done) => video.addEventListener("seeked", done, {once: true}));
  video.currentTime = 4;
  await seeked;
  return {duration: video.duration, at: video.currentTime, cues: video.textTracks[0].cues.length};
}"""


def test_a_new_user_finds_the_demo_worth_exploring(page: Page, live_server, recruiting_staff, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-passphrase-for-tests")
    call_command("seed_demo", people=120)

    page.goto(live_server.url + reverse("recruitment:listing"))
    titles = page.locator(".govuk-summary-card__title").all_inner_texts()
    assert len(titles) >= 4, titles
    assert len(set(titles)) == len(titles), titles
    assert_accessible(page)

    page.get_by_role("link", name="What being an advisor is like, and how to apply").click()
    page.get_by_role("link", name="What being an advisor is like").click()
    video = page.locator("video")
    expect(video.locator("track[kind=captions]")).to_have_count(1)
    page.get_by_text("Read the transcript").click()
    expect(page.get_by_text("you are paid for your time")).to_be_visible()
    assert_accessible(page)
    played = video.evaluate(SEEK)
    assert played["duration"] == pytest.approx(6, abs=0.5)
    assert played["at"] == pytest.approx(4, abs=0.5)

    sign_in_staff(page, live_server, recruiting_staff)
    anonymised = Opportunity.objects.get(anonymised_screening=True)
    page.get_by_label("Opportunity").select_option(str(anonymised.pk))
    page.get_by_label("Stage", exact=True).select_option("received")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("tbody .govuk-tag").first).to_have_text("Received")
    expect(page.get_by_text("Hidden until shortlisting").first).to_be_visible()
    assert_accessible(page)
