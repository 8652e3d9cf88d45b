"""Django admin, read by an Administrator and by the Equality lead: axe, repeated ids and the Nu
HTML Checker find nothing to fix on the pages they use."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.audit import audit_record
from demographics.models import QuestionSet
from tests.checks import assert_accessible
from tests.sign_in import sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_pages_pass_axe(page: Page, live_server, administrator, equality_lead):
    # Audit events with and without a target: the list's filter then offers an empty value.
    audit_record(action="applications_exported", actor=administrator, detail={"count": 2})
    audit_record(action="meeting_created", actor=administrator, target_type="meeting", target_id=1)
    question_set = QuestionSet.objects.get()
    sign_in_staff(page, live_server, administrator)
    for url in (
        reverse("admin:index"),
        reverse("admin:core_auditevent_changelist"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[administrator.pk]),
        reverse("admin:demographics_questionset_changelist"),
        reverse("admin:demographics_questionset_change", args=[question_set.pk]),
        reverse("admin:recruitment_opportunity_add"),
        reverse("admin:workshops_meeting_add"),
        reverse("admin:reports_benchmarkset_changelist"),
    ):
        response = page.goto(live_server.url + url)
        expect(page.locator("#content")).to_be_visible()
        assert_accessible(page, served=response.text())

    lead = page.context.browser.new_context().new_page()
    sign_in_staff(lead, live_server, equality_lead)
    lead.goto(live_server.url + reverse("admin:index"))
    expect(lead.get_by_role("heading", name="Site administration")).to_be_visible()
    assert_accessible(lead)
