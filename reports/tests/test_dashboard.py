import csv
import io
import re
import subprocess
from datetime import date

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from mind_involve.celery import app
from reports import services
from reports.models import ReportSnapshot
from reports.tests.test_build import QUARTER, advisors

SMALL = re.compile(r"(?<![\d.,£%-])[1-4](?![\d.%])")


@pytest.fixture
def built(db, settings):
    settings.DISCLOSURE_MIN_CELL = 5
    advisors(40, ethnic_group="white", sex="female")
    advisors(12, ethnic_group="asian", sex="male")
    advisors(3, ethnic_group="black", sex="female")
    with time_machine.travel(date(2026, 10, 15)):
        snapshot = services.snapshot_request(period=services.Period.parse(QUARTER))
        return services.snapshot_build(snapshot_id=snapshot.pk)


@pytest.mark.django_db
def test_the_board_sees_the_dashboard_with_hidden_small_groups(client, board_member, built):
    client.force_login(board_member)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "Report for 2026Q3" in page
    assert "fewer than 5" in page
    assert "<svg" in page and "<style" not in page.split("<svg", 1)[1]
    assert "Build now" not in page  # board members read; they do not build


@pytest.mark.django_db
def test_no_export_holds_a_count_from_1_to_4(client, board_member, built):
    client.force_login(board_member)
    table = client.get(reverse("reports:csv", kwargs={"pk": built.pk, "key": "ethnic_group-involved"})).content.decode()
    rows = list(csv.reader(io.StringIO(table)))[1:]
    assert {row[0]: row[1] for row in rows}["Black, Black British, Black Welsh, Caribbean or African"] == "fewer than 5"
    assert not any(SMALL.fullmatch(row[1]) for row in rows)
    response = client.get(reverse("reports:pdf", kwargs={"pk": built.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())
    for heading in (
        "Summary",
        "Representation",
        "Recruitment",
        "Accountability",
        "Methodology and small numbers",
        "Contents",
    ):
        assert heading in text
    assert "fewer than 5" in text


@pytest.mark.django_db
def test_the_equality_lead_builds_now(client, equality_lead, django_capture_on_commit_callbacks, celery_eager):
    client.force_login(equality_lead)
    page = client.post(reverse("reports:build"), {"period": "2026Q9"}, follow=True).content.decode()
    assert "Give a quarter like 2026Q3." in page
    page = client.post(reverse("reports:build"), {"period": "x" * 80}, follow=True).content.decode()
    assert "at most 8 characters" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:build"), {"period": "2026Q2"})
    snapshot = ReportSnapshot.objects.get()
    assert snapshot.status == ReportSnapshot.Status.DONE and snapshot.requested_by == equality_lead


@pytest.mark.django_db
def test_a_board_member_cannot_build(client, board_member):
    client.force_login(board_member)
    assert client.post(reverse("reports:build"), {"period": "2026Q2"}).status_code == 403
    assert not ReportSnapshot.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_a_report_from_queued_to_done():
    advisors(12, ethnic_group="white")
    snapshot = services.snapshot_request(period=services.Period.parse(QUARTER))
    assert snapshot.status == ReportSnapshot.Status.QUEUED
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        from reports import tasks

        tasks.snapshot_build.delay(snapshot.pk).get(timeout=60)
    snapshot.refresh_from_db()
    assert snapshot.status == ReportSnapshot.Status.DONE and snapshot.progress == 100
    assert snapshot.data["dimensions"]["ethnic_group"]["involved"]["counts"]["white"] == 12


@pytest.mark.django_db
def test_build_report_command(capsys):
    from django.core.management import CommandError, call_command

    advisors(12, ethnic_group="white")
    call_command("build_report", period="2026Q3", sync=True)
    assert "built in" in capsys.readouterr().out
    assert ReportSnapshot.objects.get().status == ReportSnapshot.Status.DONE
    with pytest.raises(CommandError):
        call_command("build_report", period="2026Q7", sync=True)


@pytest.mark.django_db
def test_benchmark_shares_must_match_answers_and_add_up(client, equality_lead):
    from reports.models import BenchmarkSet

    client.force_login(equality_lead)
    url = reverse("admin:reports_benchmarkset_add")
    base = {
        "name": "Prevalence-weighted",
        "dimension": "sex",
        "source": "APMS 2014, entered by staff",
        "as_of": "2014-01-01",
        "shares-TOTAL_FORMS": "2",
        "shares-INITIAL_FORMS": "0",
        "shares-0-category": "female",
        "shares-0-percent": "61",
        "shares-1-category": "male",
        "shares-1-percent": "30",
    }
    page = client.post(url, base).content.decode()
    assert "they must add up to 100%" in page
    page = client.post(url, {**base, "shares-1-category": "other", "shares-1-percent": "39"}).content.decode()
    assert "is not an answer to sex" in page
    response = client.post(url, {**base, "shares-1-percent": "39"})
    assert response.status_code == 302
    assert BenchmarkSet.objects.filter(name="Prevalence-weighted").exists()
