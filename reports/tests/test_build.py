"""The build over hand-made populations, against figures worked out here by hand: the true count
of each cell, its cell key (the sum of its people's record keys), and the p-table's noise for
that key, read straight from the shipped file. Nothing holds a count from 1 to k-1."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.tests.factories import UserFactory
from recruitment import services as recruitment_services
from recruitment.models import Stage
from recruitment.tests.factories import OpportunityFactory, submitted_application
from reports import services
from reports.models import ReportSnapshot
from reports.schema import SCHEMA_VERSION
from reports.tests.factories import ReportSnapshotFactory
from reports.tests.populations import (
    QUARTER,
    K,
    advisors,
    answer,
    build,
    published,
    published_counts,
    rows_of,
    share,
)


@pytest.mark.django_db
def test_each_cell_is_its_true_count_plus_the_p_table_noise_for_its_cell_key(population):
    snapshot = build()
    everyone = [person for group in population.values() for person in group]
    white = population["white"] + population["outreach"]
    minority = population["asian"] + population["black"] + population["mixed"] + population["other"]
    not_stated = population["prefer_not_to_say"] + population["not_answered"]
    stated = white + minority
    rows, entry = rows_of(snapshot)
    assert entry["total"] == published(everyone)
    assert entry["stated"] == published(stated)
    assert rows["white"]["count"] == published(white)
    for group in ("asian", "black", "mixed", "other"):
        assert rows[group]["count"] == published(population[group])
    # "Prefer not to say" and "not answered" are published together, never apart.
    assert rows["not_stated"]["count"] == published(not_stated)
    assert "prefer_not_to_say" not in rows
    assert "not_answered" not in rows
    # Shares come from published counts only.
    assert rows["white"]["of_stated"] == share(rows["white"]["count"], entry["stated"])
    assert rows["white"]["of_everyone"] == share(rows["white"]["count"], entry["total"])
    assert rows["white"]["ratio"] == round(rows["white"]["of_stated"] / 0.817, 2)
    # The headline's minority group is a cell of its own, counted from the people.
    headline = snapshot.data["headline"]
    assert headline["minority"] == published(minority)
    assert headline["stated"] == published(stated)
    assert headline["minority_share"] == share(published(minority), published(stated))
    assert headline["benchmark_share"] == 0.183
    sex, _entry = rows_of(snapshot, "sex")
    assert sex["female"]["count"] == published(population["white"] + population["black"])
    assert sex["male"]["count"] == published(population["asian"] + population["mixed"] + population["outreach"])
    assert sex["not_stated"]["count"] == published(population["other"] + not_stated)
    assert snapshot.data["population"]["involved"]["count"] == published(everyone)
    assert snapshot.data["schema_version"] == SCHEMA_VERSION


@pytest.mark.django_db
def test_noise_is_at_most_two_and_some_cells_are_changed(population):
    snapshot = build()
    rows, entry = rows_of(snapshot)
    true = {"white": 72, "asian": 20, "black": 10, "mixed": 6, "other": 5}
    differences = [rows[group]["count"] - n for group, n in true.items() if rows[group]["count"] is not None]
    assert all(abs(d) <= 2 for d in differences)
    assert abs(entry["total"] - 127) <= 2


@pytest.mark.django_db
def test_the_same_people_give_the_same_figure_in_every_report_and_team(population):
    organisation = build()
    team = build(scope="Research")
    # Every Black advisor is in Research: the two reports count the same people.
    assert rows_of(team)[0]["black"]["count"] == rows_of(organisation)[0]["black"]["count"]
    assert rows_of(team)[0]["black"]["count"] == published(population["black"])
    # A second build of the same quarter holds exactly the same figures: no fresh noise to average.
    assert build().data["dimensions"] == organisation.data["dimensions"]


@pytest.mark.django_db
def test_the_same_people_give_the_same_figure_quarter_after_quarter(db):
    advisors(40, start=date(2026, 4, 1), ethnic_group="white")
    advisors(9, start=date(2026, 4, 1), ethnic_group="asian")
    second = build()
    first = build(period="2026Q2", today=date(2026, 7, 15))
    # Nobody joined or left: the quarters count the same people, so their tables are identical.
    assert first.data["dimensions"] == second.data["dimensions"]
    assert first.data["population"] == second.data["population"]


@pytest.mark.django_db
def test_a_team_report_needs_enough_people_in_the_team_and_in_the_rest(population):
    advisors(4, team="Tiny", ethnic_group="black")
    with time_machine.travel(date(2026, 10, 15)):
        snapshot = services.snapshot_build(
            snapshot_id=services.snapshot_create(period=services.Period.parse(QUARTER), scope="Tiny").pk
        )
    assert snapshot.status == ReportSnapshot.Status.FAILED
    assert "at least 10 people in the team" in snapshot.error
    assert snapshot.data == {}
    assert build(scope="Outreach").status == ReportSnapshot.Status.DONE


@pytest.mark.django_db
def test_the_funnel_counts_how_far_each_applicant_got():
    opportunity = OpportunityFactory()
    with time_machine.travel(date(2026, 8, 1), tick=False):
        apps = {
            group: [submitted_application(opportunity=opportunity) for _ in range(n)]
            for group, n in (("white", 30), ("black", 20))
        }
        for group, rows in apps.items():
            for application in rows:
                answer(application.applicant, ethnic_group=group)
        for application in apps["white"][:14] + apps["black"][:12]:
            recruitment_services.application_move(
                application=application, to_stage=Stage.SHORTLISTED, by=application.applicant
            )
        for application in apps["white"][:9] + apps["black"][:8]:
            for stage in (Stage.OFFERED, Stage.APPOINTED):
                recruitment_services.application_move(application=application, to_stage=stage, by=application.applicant)
        # Not progressed after shortlisting still counts as shortlisted.
        recruitment_services.application_move(
            application=apps["black"][10], to_stage=Stage.NOT_PROGRESSED, by=apps["black"][10].applicant
        )
    snapshot = build()
    funnel = {row["key"]: row for row in snapshot.data["funnel"]["rows"]}
    people = {group: [a.applicant for a in rows] for group, rows in apps.items()}
    assert funnel["white"]["counts"] == [
        published(people["white"]),
        published(people["white"][:14]),
        published(people["white"][:9]),
        published(people["white"][:9]),
    ]
    assert funnel["black"]["counts"][1] == published(people["black"][:12])
    assert funnel["minority"]["counts"][0] == published(people["black"])
    white, black = funnel["white"], funnel["black"]
    assert white["conversion"] == share(white["counts"][3], white["counts"][0])
    assert black["conversion"] == share(black["counts"][3], black["counts"][0])
    best = max(white["conversion"], black["conversion"])
    assert snapshot.data["funnel"]["best_group"] == ("white" if white["conversion"] == best else "black")
    assert black["impact_ratio"] == round(black["conversion"] / best, 2)
    assert funnel["not_stated"]["impact_ratio"] is None


@pytest.mark.django_db
def test_no_output_holds_a_count_from_1_to_k_minus_1(population):
    advisors(2, ethnic_group="black", team="Outreach")
    advisors(1, ethnic_group="mixed", team="Outreach")
    opportunity = OpportunityFactory(team="Research")
    with time_machine.travel(date(2026, 8, 1)):
        for group in ("black", "black", "asian", "white"):
            answer(submitted_application(opportunity=opportunity).applicant, ethnic_group=group)
    snapshot = build()
    found = list(published_counts(snapshot.data))
    assert len(found) > 30  # the walk found the published counts
    assert [(where, n) for where, n in found if 1 <= n < K] == []
    assert [(where, n) for where, n in found if n < K] == []


@pytest.mark.django_db
def test_meetings_count_exactly_and_attendances_are_cells(recruiting_staff):
    from workshops.tests.factories import MeetingFactory, ParticipationFactory

    start = timezone.make_aware(datetime(2026, 8, 3, 10))
    attendees = {}
    for kind, people in (("workshop", 9), ("project_meeting", 2)):
        meeting = MeetingFactory(
            facilitator=recruiting_staff, kind=kind, title=kind, starts_at=start, ends_at=start + timedelta(hours=1)
        )
        attendees[kind] = UserFactory.create_batch(people)
        for person in attendees[kind]:
            ParticipationFactory(meeting=meeting, person=person)
    snapshot = build()
    rows = {row["key"]: row for row in snapshot.data["accountability"]["meetings"]}
    assert rows["workshop"]["meetings"] == 1
    assert rows["workshop"]["attendances"] == published(attendees["workshop"])
    assert rows["project_meeting"]["attendances"] is None
    # People who attended a meeting in the quarter count as involved in it.
    assert snapshot.data["population"]["involved"]["count"] == published(
        attendees["workshop"] + attendees["project_meeting"]
    )


def _earlier(period, minority, benchmark=0.183, profile=0.2, involved=100):
    ReportSnapshotFactory(
        period=period,
        status="done",
        data={
            "schema_version": SCHEMA_VERSION,
            "headline": {"minority_share": minority, "benchmark_share": benchmark},
            "profile": {"share": profile},
            "population": {"involved": {"count": involved}},
        },
    )


@pytest.mark.django_db
def test_the_trend_compares_with_the_last_quarter_and_a_year_ago(population):
    for period, minority in (("2025Q2", 0.10), ("2025Q3", 0.25), ("2026Q2", 0.35)):
        _earlier(period, minority)
    # An older build of another schema is not part of the trend.
    ReportSnapshotFactory(period="2026Q1", status="done", data={"headline": {"minority_share": 0.9}})
    snapshot = build()
    trend = snapshot.data["trend"]
    assert [point["period"] for point in trend] == ["2025Q2", "2025Q3", "2026Q2", QUARTER]
    headline = snapshot.data["headline"]
    assert trend[-1]["minority_share"] == headline["minority_share"]
    assert headline["change_since_previous"] == round(headline["minority_share"] - 0.35, 4)
    assert headline["previous_period"] == "2026Q2"
    assert headline["change_over_year"] == round(headline["minority_share"] - 0.25, 4)
    assert headline["year_ago_period"] == "2025Q3"


@pytest.mark.django_db
def test_the_typical_profile_is_a_cell_of_its_own(db):
    typical = advisors(7, ethnic_group="white", sex="female", qualification="degree", age_band="45_54")
    advisors(6, ethnic_group="white", sex="female", qualification="degree", age_band="35_44")
    advisors(5, ethnic_group="black", sex="female", qualification="degree", age_band="45_54")
    snapshot = build()
    profile = snapshot.data["profile"]
    assert profile["count"] == published(typical)
    assert profile["share"] == share(profile["count"], snapshot.data["population"]["involved"]["count"])


@pytest.mark.django_db
def test_a_failed_build_records_why_and_notifies(
    equality_lead, mailoutbox, django_capture_on_commit_callbacks, celery_eager
):
    snapshot = ReportSnapshotFactory(period="bad")
    with django_capture_on_commit_callbacks(execute=True):
        services.snapshot_build(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    assert snapshot.status == ReportSnapshot.Status.FAILED
    assert "2026Q3" in snapshot.error
    assert [message.to for message in mailoutbox] == [[equality_lead.email]]


def test_periods_are_quarters():
    period = services.Period.parse("2026q4")
    assert (period.label, period.start, period.end) == ("2026Q4", date(2026, 10, 1), date(2027, 1, 1))
    assert services.Period.last_complete(date(2026, 11, 26)).label == "2026Q3"
    assert services.Period.last_complete(date(2026, 2, 1)).label == "2025Q4"
    assert period.previous().label == "2026Q3"
    assert period.previous(4).label == "2025Q4"
    assert services.Period.parse("2026Q1").previous().label == "2025Q4"
    from django.core.exceptions import ValidationError

    for bad in ("2026Q5", "26Q1", "", "2026-Q1", "<script>"):
        with pytest.raises(ValidationError):
            services.Period.parse(bad)
