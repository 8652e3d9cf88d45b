"""The board's dashboard, the tables page and every file, for the roles that may read them; the
Equality lead's build button; snapshots of an older shape."""

import csv
import io
import json
import re
import subprocess
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from recruitment.tests.factories import OpportunityFactory, submitted_application
from reports import services
from reports.models import ReportSnapshot
from reports.schema import SCHEMA_VERSION
from reports.tests.factories import ReportSnapshotFactory
from reports.tests.populations import QUARTER, advisors, answer, build, published_counts

SMALL = re.compile(r"(?<![\d.,£%-])[1-4](?![\d.%])")


@pytest.fixture
def built(db, settings):
    settings.DISCLOSURE_MIN_CELL = 5
    since = date(2025, 1, 1)
    advisors(40, start=since, ethnic_group="white", sex="female")
    advisors(14, start=since, ethnic_group="asian", sex="male")
    advisors(2, start=since, ethnic_group="black", sex="female")  # at most 4 after noise: always hidden
    # Applicants in the quarter, so the funnel has figures to draw.
    opportunity = OpportunityFactory()
    with time_machine.travel(date(2026, 8, 3)):
        for group, count in (("white", 14), ("asian", 9)):
            for _ in range(count):
                answer(submitted_application(opportunity=opportunity).applicant, ethnic_group=group)
    for period, today in (("2025Q3", date(2025, 10, 15)), ("2026Q2", date(2026, 7, 15))):
        with time_machine.travel(today):
            services.snapshot_build(snapshot_id=services.snapshot_create(period=services.Period.parse(period)).pk)
    return build()


@pytest.mark.django_db
def test_the_board_sees_headline_tiles_charts_and_their_tables(
    client, board_member, built, django_assert_max_num_queries
):
    client.force_login(board_member)
    # 13, and two for the menu: whether this board member has applications or equality answers.
    with django_assert_max_num_queries(15):
        page = client.get(reverse("reports:dashboard")).content.decode()
    assert f"Report for {QUARTER}" in page
    headline = built.data["headline"]["minority_share"]
    assert headline is not None
    assert f"{headline * 100:.0f}%" in page
    assert "since 2026Q2" in page
    assert "since 2025Q3" in page
    # Charts draw without inline styles (the Content-Security-Policy refuses them) and each has
    # its table: the trend, representation against the benchmark and the funnel.
    assert page.count('<svg class="mi-chart__svg"') == 3
    svgs = re.findall(r"<svg.*?</svg>", page, re.DOTALL)
    assert all("<style" not in svg and 'style="' not in svg for svg in svgs)
    assert 'id="table-trend"' in page
    assert 'id="table-ethnic_group-involved"' in page
    assert 'id="table-funnel"' in page
    assert "fewer than 5" in page
    assert "Build now" not in page  # board members read; they do not build
    assert "changed a little before it is published, by at most 2" in page


@pytest.mark.django_db
def test_the_latest_quarter_is_shown_by_default_and_another_can_be_chosen(client, board_member, built):
    client.force_login(board_member)
    older = ReportSnapshot.objects.get(period="2026Q2")
    assert f"Report for {QUARTER}" in client.get(reverse("reports:dashboard")).content.decode()
    page = client.get(reverse("reports:dashboard"), {"snapshot": older.pk}).content.decode()
    assert "Report for 2026Q2" in page
    assert client.get(reverse("reports:dashboard"), {"snapshot": 999999}).status_code == 404


@pytest.mark.django_db
def test_the_tables_page_lists_every_table_by_question(client, board_member, built):
    client.force_login(board_member)
    page = client.get(reverse("reports:tables", kwargs={"pk": built.pk})).content.decode()
    assert "Contents" in page
    for title in (
        "Progress over time",
        "What is your ethnic group?",
        "What is your sex?",
        "Recruitment",
        "Accountability",
    ):
        assert title in page
    assert page.count('class="mi-table-container"') >= 20
    assert reverse("reports:csv", kwargs={"pk": built.pk, "key": "sex-involved"}) in page


@pytest.mark.django_db
def test_no_page_or_file_holds_a_count_from_1_to_4(client, board_member, built):
    client.force_login(board_member)
    table = client.get(reverse("reports:csv", kwargs={"pk": built.pk, "key": "ethnic_group-involved"})).content.decode()
    rows = list(csv.reader(io.StringIO(table)))[1:]
    assert {row[0]: row[1] for row in rows}["Black, Black British, Black Welsh, Caribbean or African"] == "fewer than 5"
    for key in ("ethnic_group-involved", "sex-involved", "funnel", "channels", "trend", "meetings"):
        body = client.get(reverse("reports:csv", kwargs={"pk": built.pk, "key": key})).content.decode()
        counts = [cell for row in list(csv.reader(io.StringIO(body)))[1:] for cell in row[1:] if "%" not in cell]
        assert not any(SMALL.fullmatch(cell) for cell in counts), (key, counts)
    document = client.get(reverse("reports:json", kwargs={"pk": built.pk})).json()
    assert [(where, n) for where, n in published_counts(document) if n < 5] == []


@pytest.mark.django_db
def test_the_json_file_holds_every_published_figure_with_its_schema_version(client, board_member, equality_lead, built):
    for person in (board_member, equality_lead):
        client.force_login(person)
        response = client.get(reverse("reports:json", kwargs={"pk": built.pk}))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        document = json.loads(response.content)
        assert document["schema_version"] == SCHEMA_VERSION
        assert document["headline"] == built.data["headline"]
        assert document["dimensions"] == built.data["dimensions"]
        assert "timings" not in document


@pytest.mark.django_db
def test_recruiting_staff_and_applicants_cannot_read_reports(client, recruiting_staff, applicant, built):
    for person in (recruiting_staff, applicant):
        client.force_login(person)
        for url in (
            reverse("reports:dashboard"),
            reverse("reports:json", kwargs={"pk": built.pk}),
            reverse("reports:tables", kwargs={"pk": built.pk}),
        ):
            assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_the_pdf_puts_the_summary_first_and_is_drawn_once(client, board_member, built):
    client.force_login(board_member)
    response = client.get(reverse("reports:pdf", kwargs={"pk": built.pk}))
    assert response["Content-Type"] == "application/pdf"
    pages = (
        subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True)
        .stdout.decode()
        .split("\f")
    )
    first = " ".join(pages[0].split())
    assert f"Diversity progress report {QUARTER}" in first
    assert "People involved" in first
    assert "Benchmark" in first
    method = next(index for index, page in enumerate(pages) if "How these figures protect people" in page)
    assert method <= 3
    rest = " ".join(" ".join(pages[method:]).split())
    assert "What is your ethnic group?" in rest
    assert "fewer than 5" in rest
    assert len([page for page in pages if page.strip()]) <= 10
    built.refresh_from_db()
    assert bytes(built.pdf) == response.content
    assert client.get(reverse("reports:pdf", kwargs={"pk": built.pk})).content == response.content


@pytest.mark.django_db
def test_a_report_of_an_older_shape_says_it_cannot_be_shown(client, board_member):
    old = ReportSnapshotFactory(period="2026Q1", status="done", data={"dimensions": {"ethnic_group": {}}})
    client.force_login(board_member)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "built by an older version of Mind Involve and cannot be shown" in page
    for name in ("reports:tables", "reports:pdf", "reports:json"):
        assert client.get(reverse(name, kwargs={"pk": old.pk})).status_code == 404
    assert client.get(reverse("reports:csv", kwargs={"pk": old.pk, "key": "trend"})).status_code == 404


@pytest.mark.django_db
def test_with_no_report_the_dashboard_says_so(client, board_member, equality_lead):
    client.force_login(board_member)
    assert "No report has been built yet." in client.get(reverse("reports:dashboard")).content.decode()
    client.force_login(equality_lead)
    assert "Build one below." in client.get(reverse("reports:dashboard")).content.decode()


@pytest.mark.django_db(transaction=True)  # the build is handed over on commit, as in a real request
def test_the_equality_lead_builds_now_and_sees_the_new_report(client, equality_lead, celery_eager, settings):
    client.force_login(equality_lead)
    page = client.post(reverse("reports:build"), {"period": "2026Q9"}, follow=True).content.decode()
    assert "Give a quarter like 2026Q3." in page
    page = client.post(reverse("reports:build"), {"period": "x" * 80}, follow=True).content.decode()
    assert "at most 8 characters" in page
    assert not ReportSnapshot.objects.exists()
    advisors(12, ethnic_group="white")
    response = client.post(reverse("reports:build"), {"period": "2026Q3"}, follow=True)
    snapshot = ReportSnapshot.objects.get()
    assert snapshot.status == ReportSnapshot.Status.DONE
    assert snapshot.requested_by == equality_lead
    assert response.redirect_chain[-1][0] == f"{reverse('reports:dashboard')}?snapshot={snapshot.pk}"
    page = response.content.decode()
    assert "The report for 2026Q3 is ready." in page
    assert "Report for 2026Q3" in page
    assert 'id="build-progress"' not in page  # nothing is running, so no progress is shown


@pytest.mark.django_db(transaction=True)
def test_a_build_that_cannot_run_says_why(client, equality_lead, celery_eager):
    client.force_login(equality_lead)
    page = client.post(reverse("reports:build"), {"period": "2026Q3", "scope": "Nobody"}, follow=True).content.decode()
    assert "The report could not be built" in page
    assert "at least 10 people in the team" in page


@pytest.mark.django_db
def test_a_queued_build_shows_its_progress_and_its_status(client, equality_lead, django_capture_on_commit_callbacks):
    client.force_login(equality_lead)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("reports:build"), {"period": "2026Q3"})
    assert len(callbacks) == 1  # handed to the worker once the snapshot row is committed
    snapshot = ReportSnapshot.objects.get()
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert 'id="build-progress"' in page
    assert "Building the report for 2026Q3" in page
    assert '<meta http-equiv="refresh"' not in page  # never reload a page someone may be typing in
    status = client.get(reverse("reports:build_status", kwargs={"pk": snapshot.pk})).json()
    assert status == {"status": "queued", "label": "Queued", "progress": 0}
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(status="done", progress=100)
    status = client.get(reverse("reports:build_status", kwargs={"pk": snapshot.pk})).json()
    assert status["url"] == f"{reverse('reports:dashboard')}?snapshot={snapshot.pk}"


@pytest.mark.django_db
def test_a_board_member_cannot_build(client, board_member):
    client.force_login(board_member)
    assert client.post(reverse("reports:build"), {"period": "2026Q2"}).status_code == 403
    assert not ReportSnapshot.objects.exists()


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
def test_the_benchmarks_page_shows_answers_in_words(client, equality_lead):
    client.force_login(equality_lead)
    page = client.get(reverse("reports:benchmarks")).content.decode()
    assert "Asian, Asian British or Asian Welsh" in page
    assert ">asian<" not in page
    assert ">white<" not in page


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
    assert weighted.source == "APMS 2014"
    assert not weighted.is_default
