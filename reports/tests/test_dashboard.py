import csv
import io
import re
import subprocess
import time
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
    svg = page.split("<svg", 1)[1]
    # The Content-Security-Policy refuses inline styles: the chart must draw without any.
    assert "<style" not in svg and 'style="' not in svg and 'fill="#1d70b8"' in svg
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


REFERENCE_CSV = """dimension,category,share_percent,source
ethnic_group_5,White,81.7,"Census 2021"
ethnic_group_5,"Asian, Asian British or Asian Welsh",9.3,"Census 2021"
ethnic_group_5,"Black, Black British, Black Welsh, Caribbean or African",4.0,"Census 2021"
ethnic_group_5,Mixed or Multiple ethnic groups,2.9,"Census 2021"
ethnic_group_5,Other ethnic group,2.1,"Census 2021"
sex,Female,51.0,"Census 2021"
sex,Male,49.0,"Census 2021"
"""


@pytest.mark.django_db
def test_the_equality_lead_imports_benchmarks_from_the_reference_csv(client, equality_lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports.models import BenchmarkSet

    client.force_login(equality_lead)
    url = reverse("reports:benchmarks")
    data = {"name": "Census again", "as_of": "2021-03-21"}
    bad = REFERENCE_CSV.replace("81.7", "71.7")
    page = client.post(url, {**data, "file": SimpleUploadedFile("b.csv", bad.encode())}).content.decode()
    assert "add up to 90.0%" in page
    page = client.post(
        url, {**data, "file": SimpleUploadedFile("b.csv", b"dimension,category\\nsex,Female")}
    ).content.decode()
    assert "The file needs these columns" in page
    wrong = REFERENCE_CSV.replace("White,", "Martian,")
    assert (
        "is not an answer to ethnic_group"
        in client.post(url, {**data, "file": SimpleUploadedFile("b.csv", wrong.encode())}).content.decode()
    )
    response = client.post(
        url, {**data, "make_default": "on", "file": SimpleUploadedFile("b.csv", REFERENCE_CSV.encode())}
    )
    assert response.status_code == 302
    current = BenchmarkSet.objects.get(dimension="ethnic_group", is_default=True)
    assert current.name == "Census again: ethnic_group"
    assert {s.category: float(s.percent) for s in current.shares.all()}["black"] == 4.0


@pytest.mark.django_db
def test_a_prevalence_weighted_benchmark_is_derived_from_entered_rates(client, equality_lead):
    from decimal import Decimal

    from reports.models import BenchmarkSet

    sex = BenchmarkSet.objects.get(dimension="sex")
    client.force_login(equality_lead)
    url = reverse("reports:benchmark_weight", kwargs={"pk": sex.pk})
    assert "Say where" not in client.get(url).content.decode()
    page = client.post(url, {"rate_female": "20.7", "rate_male": "13.2", "source": ""}).content.decode()
    assert "This field is required." in page
    client.post(url, {"rate_female": "20.7", "rate_male": "13.2", "source": "APMS 2014"})
    weighted = BenchmarkSet.objects.get(derived_from=sex)
    shares = {s.category: s.percent for s in weighted.shares.all()}
    # 51 x 20.7 = 1055.7 and 49 x 13.2 = 646.8; 1055.7 / 1702.5 = 62.009%
    assert shares == {"female": Decimal("62.009"), "male": Decimal("37.991")}
    assert weighted.source == "APMS 2014" and not weighted.is_default


@pytest.mark.django_db
def test_a_failed_build_emails_the_equality_leads(equality_lead, django_capture_on_commit_callbacks, celery_eager):
    from django.core import mail

    snapshot = ReportSnapshot.objects.create(period="broken", min_cell=5, min_breakdown=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.snapshot_build(snapshot_id=snapshot.pk)
    assert mail.outbox[-1].to == [equality_lead.email]
    assert "did not build" in mail.outbox[-1].body


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_build_left_running_by_a_killed_worker_is_retried_by_a_real_worker_and_finishes():
    from datetime import timedelta

    from django.utils import timezone

    advisors(12, ethnic_group="white")
    # What a worker killed mid-build leaves behind: a snapshot marked running, long ago.
    snapshot = ReportSnapshot.objects.create(
        period=QUARTER,
        min_cell=5,
        min_breakdown=10,
        status=ReportSnapshot.Status.RUNNING,
        attempts=1,
        progress=50,
        started_at=timezone.now() - timedelta(hours=1),
    )
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        assert services.snapshots_recover_stale() == {"retried": 1, "failed": 0}
        deadline = timezone.now() + timedelta(seconds=60)
        while timezone.now() < deadline:
            snapshot.refresh_from_db()
            if snapshot.status == ReportSnapshot.Status.DONE:
                break
            time.sleep(0.2)
    assert snapshot.status == ReportSnapshot.Status.DONE
    assert snapshot.attempts == 2 and snapshot.progress == 100
