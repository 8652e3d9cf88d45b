"""The build over a hand-made population: figures match hand calculation, and no output holds a
count from 1 to k-1."""

import json
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.tests.factories import UserFactory
from demographics import selectors as demographic_selectors
from demographics import services as demographic_services
from recruitment import services as recruitment_services
from recruitment.models import Involvement, Stage
from recruitment.tests.factories import OpportunityFactory, submitted_application
from reports import services
from reports.models import ReportSnapshot

QUARTER = "2026Q3"


def answer(user, **answers):
    question_set = demographic_selectors.question_set_current()
    demographic_services.consent_give(user=user, question_set=question_set)
    questions = {q.key: q for q in question_set.questions.all()}
    for key, option in answers.items():
        demographic_services.answer_save(
            user=user, question=questions[key], option=questions[key].options.get(key=option)
        )


def advisors(count, **answers):
    people = UserFactory.create_batch(count)
    for person in people:
        Involvement.objects.create(person=person, role="Advisor", team="Research", start_date=date(2026, 7, 1))
        if answers:
            answer(person, **answers)
    return people


@pytest.fixture
def population(db):
    # 60 White, 20 Asian, 10 Black, 5 Mixed, 5 Other; 10 more who did not answer: 110 involved.
    advisors(60, ethnic_group="white", sex="female")
    advisors(20, ethnic_group="asian", sex="male")
    advisors(10, ethnic_group="black", sex="female")
    advisors(5, ethnic_group="mixed", sex="male")
    advisors(5, ethnic_group="other", sex="prefer_not_to_say")
    advisors(10)


@pytest.mark.django_db
def test_a_build_matches_hand_computed_figures(population, settings):
    with time_machine.travel(date(2026, 10, 15)):
        snapshot = services.snapshot_request(period=services.Period.parse(QUARTER))
        services.snapshot_build(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    assert snapshot.status == ReportSnapshot.Status.DONE, snapshot.error
    ethnic = snapshot.data["dimensions"]["ethnic_group"]["involved"]
    assert ethnic["total"] == 110
    assert ethnic["counts"] == {
        "white": 60,
        "mixed": 5,
        "asian": 20,
        "black": 10,
        "other": 5,
        "prefer_not_to_say": 0,
        "not_answered": 10,
    }
    assert ethnic["shares"]["white"] == {"of_everyone": 0.5455, "of_those_answering": 0.6}
    assert ethnic["ratios"] == {"white": 0.73, "asian": 2.15, "black": 2.5, "mixed": 1.72, "other": 2.38}
    assert ethnic["dissimilarity"] == 0.217
    assert snapshot.data["headline"] == {"minority_share": 0.4, "benchmark_share": 0.183, "dissimilarity": 0.217}
    sex = snapshot.data["dimensions"]["sex"]["involved"]
    assert sex["counts"]["prefer_not_to_say"] == 5 and sex["counts"]["not_answered"] == 10
    assert snapshot.data["population"]["involved"] == 110


@pytest.mark.django_db
def test_the_funnel_counts_how_far_each_application_got(settings):
    settings.DISCLOSURE_MIN_CELL = 3
    settings.DISCLOSURE_MIN_BREAKDOWN = 3
    opportunity = OpportunityFactory()
    with time_machine.travel(date(2026, 8, 1), tick=False):
        apps = {
            group: [submitted_application(opportunity=opportunity) for _ in range(n)]
            for group, n in (("white", 10), ("black", 5))
        }
        for group, rows in apps.items():
            for application in rows:
                answer(application.applicant, ethnic_group=group)
        for application in apps["white"][:4] + apps["black"][:1]:
            recruitment_services.application_move(
                application=application, to_stage=Stage.SHORTLISTED, by=application.applicant
            )
        for application in apps["white"][:3]:
            for stage in (Stage.OFFERED, Stage.APPOINTED):
                recruitment_services.application_move(application=application, to_stage=stage, by=application.applicant)
        recruitment_services.application_move(
            application=apps["black"][0], to_stage=Stage.NOT_PROGRESSED, by=apps["black"][0].applicant
        )
    with time_machine.travel(date(2026, 10, 15)):
        snapshot = services.snapshot_build(
            snapshot_id=services.snapshot_request(period=services.Period.parse(QUARTER)).pk
        )
    funnel = snapshot.data["funnel"]
    assert funnel["counts"]["white"]["applied"] == 10 and funnel["counts"]["black"]["applied"] == 5
    # Shortlisted: 4 White and 1 Black. The 1 is hidden, and so is the 4, or the total would give it away.
    assert funnel["counts"]["white"]["shortlisted"] is None and funnel["counts"]["black"]["shortlisted"] is None
    assert funnel["counts"]["white"]["interview"] == 3 and funnel["counts"]["white"]["appointed"] == 3
    assert funnel["rates"]["white"] == {"conversion": 0.3, "impact_ratio": 1.0}


@pytest.mark.django_db
def test_no_output_holds_a_small_count(settings):
    settings.DISCLOSURE_MIN_CELL = 5
    advisors(30, ethnic_group="white")
    advisors(2, ethnic_group="black")
    advisors(1, ethnic_group="asian")
    with time_machine.travel(date(2026, 10, 15)):
        snapshot = services.snapshot_build(
            snapshot_id=services.snapshot_request(period=services.Period.parse(QUARTER)).pk
        )
    counts = snapshot.data["dimensions"]["ethnic_group"]["involved"]["counts"]
    assert counts["black"] is None and counts["asian"] is None
    # Nothing anywhere in the stored JSON is a count of 1 to 4 under a key that names a group.
    text = json.dumps(snapshot.data["dimensions"])
    assert not re.search(
        r'"(white|black|asian|mixed|other|female|male|not_answered|prefer_not_to_say)": [1-4][,}]', text
    )


@pytest.mark.django_db
def test_a_failed_build_records_why_and_a_stale_one_is_retried_or_failed(settings, django_capture_on_commit_callbacks):
    snapshot = ReportSnapshot.objects.create(period="bad", min_cell=5, min_breakdown=10)
    services.snapshot_build(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    assert snapshot.status == ReportSnapshot.Status.FAILED and "2026Q3" in snapshot.error
    stale = ReportSnapshot.objects.create(
        period=QUARTER,
        min_cell=5,
        min_breakdown=10,
        status="running",
        attempts=3,
        started_at=timezone.now() - timedelta(hours=1),
    )
    result = services.snapshots_recover_stale()
    stale.refresh_from_db()
    assert result == {"retried": 0, "failed": 1}
    assert stale.status == ReportSnapshot.Status.FAILED and "stopped without finishing 3 times" in stale.error


def test_periods_are_quarters():
    period = services.Period.parse("2026q4")
    assert (period.label, period.start, period.end) == ("2026Q4", date(2026, 10, 1), date(2027, 1, 1))
    assert services.Period.last_complete(date(2026, 11, 26)).label == "2026Q3"
    assert services.Period.last_complete(date(2026, 2, 1)).label == "2025Q4"
    from django.core.exceptions import ValidationError

    for bad in ("2026Q5", "26Q1", "", "2026-Q1", "<script>"):
        with pytest.raises(ValidationError):
            services.Period.parse(bad)


@pytest.mark.django_db
def test_meetings_and_attendances_of_the_quarter_with_small_attendance_hidden(recruiting_staff):
    from datetime import datetime

    from workshops import services as workshop_services
    from workshops.models import Participation

    start = timezone.make_aware(datetime(2026, 8, 3, 10))
    for title, people in (("Big", 6), ("Small", 2)):
        meeting = workshop_services.meeting_create(
            actor=recruiting_staff,
            kind="workshop" if title == "Big" else "project_meeting",
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            format="online",
            facilitator=recruiting_staff,
            purpose="x",
            visibility="open",
        )
        for person in UserFactory.create_batch(people):
            Participation.objects.create(meeting=meeting, person=person, attendance="attended")
    with time_machine.travel(date(2026, 10, 15)):
        snapshot = services.snapshot_build(
            snapshot_id=services.snapshot_create(period=services.Period.parse(QUARTER)).pk
        )
    rows = {row["kind"]: row for row in snapshot.data["accountability"]["meetings"]}
    assert rows["workshop"] == {"kind": "workshop", "meetings": 1, "attendances": 6}
    assert rows["project_meeting"]["attendances"] is None


@pytest.mark.django_db
def test_the_trend_compares_with_the_last_quarter_the_first_and_a_year_ago(population):
    for period, share in (("2025Q2", 0.10), ("2025Q3", 0.25), ("2026Q2", 0.35)):
        ReportSnapshot.objects.create(
            period=period, min_cell=5, min_breakdown=10, status="done", data={"headline": {"minority_share": share}}
        )
    with time_machine.travel(date(2026, 10, 15)):
        snapshot = services.snapshot_build(
            snapshot_id=services.snapshot_create(period=services.Period.parse(QUARTER)).pk
        )
    trend = snapshot.data["trend"]
    assert [point["period"] for point in trend] == ["2025Q2", "2025Q3", "2026Q2", QUARTER]
    # 40% now (hand-computed above): +5 points on the last quarter, +15 on a year ago, +30 on the first.
    assert trend[-1] == {
        "period": QUARTER,
        "minority_share": 0.4,
        "benchmark_share": 0.183,
        "dissimilarity": 0.217,
        "change_since_previous": 0.05,
        "change_since_first": 0.3,
        "change_over_year": 0.15,
    }
