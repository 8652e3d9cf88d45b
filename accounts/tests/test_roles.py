"""Least privilege: each role holds what DESIGN.md gives it and nothing more."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role
from recruitment.models import Stage
from recruitment.tests.factories import submitted_application


@pytest.mark.django_db
def test_the_equality_lead_has_reports_benchmarks_and_question_sets_not_the_recruitment_pipeline(client, equality_lead):
    codes = set(Group.objects.get(name=Role.EQUALITY_LEAD).permissions.values_list("codename", flat=True))
    assert {"view_diversity_dashboard", "build_report", "add_benchmarkset", "add_questionset"} <= codes
    assert "use_staff_area" not in codes
    application = submitted_application()
    client.force_login(equality_lead)
    for url in (
        reverse("recruitment:staff_applications"),
        reverse("recruitment:staff_application", kwargs={"reference": application.reference}),
        reverse("recruitment:staff_export"),
        reverse("recruitment:staff_opportunities"),
    ):
        assert client.get(url).status_code == 403, url
    detail = reverse("recruitment:staff_application", kwargs={"reference": application.reference})
    assert client.post(detail, {"action": "move", "stage": Stage.SHORTLISTED}).status_code == 403
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED
    assert client.get(reverse("reports:dashboard")).status_code == 200
