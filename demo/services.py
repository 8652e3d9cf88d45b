"""Demo data for the embedded default and for benchmarks. Each app adds its part as it grows."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from faker import Faker

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role
from demographics import selectors as demographic_selectors
from demographics import services as demographic_services
from recruitment import services as recruitment_services
from recruitment.models import (
    Application,
    Channel,
    Format,
    Guidance,
    Involvement,
    Opportunity,
    Partner,
    Region,
    RoleTemplate,
    Stage,
    Video,
)
from reports import services as report_services
from reports.models import ReportSnapshot
from workshops import services as workshop_services
from workshops.models import ActivityRate, Meeting

DEMO_ACCOUNTS: tuple[tuple[str, str, Role], ...] = (
    ("admin@example.org", "Alex Admin", Role.ADMINISTRATOR),
    ("staff@example.org", "Sam Staff", Role.RECRUITING_STAFF),
    ("board@example.org", "Bola Board", Role.BOARD_MEMBER),
    ("equality@example.org", "Priya Equality", Role.EQUALITY_LEAD),
    ("applicant@example.org", "Ade Applicant", Role.APPLICANT),
)
PERSON_EMAIL = "person{:06d}@example.org"


@dataclass
class SeedResult:
    accounts_created: int
    passwords_reset: int
    people_created: int


@transaction.atomic
def demo_seed(*, password: str, reset_passwords: bool, people: int) -> SeedResult:
    created = reset = 0
    for email, name, role in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            account_services.user_create(email=email, name=name, roles=(role,), password=password, email_verified=True)
            created += 1
        elif reset_passwords:
            user.set_password(password)
            user.save(update_fields=["password"])
            reset += 1
    people_created = _seed_people(people)
    _seed_recruitment(people)
    _seed_workshops()
    _seed_equality_answers()
    _seed_reports()
    return SeedResult(created, reset, people_created)


DEMO_PARTNERS = (
    ("Black Minds Matter Network", Partner.Kind.USER_LED, "Black communities"),
    ("South Asian Wellbeing Collective", Partner.Kind.COMMUNITY_GROUP, "South Asian communities"),
    ("Open Door Peer Support", Partner.Kind.USER_LED, "People with lived experience across the region"),
)
# (team, title, format, region, days until it closes, anonymised screening)
DEMO_OPPORTUNITIES = (
    ("Research advisory group", "Research advisor", Format.HYBRID, Region.LONDON, 21, False),
    ("Campaigns panel", "Campaigns panel member", Format.ONLINE, Region.NATIONAL, 9, False),
    ("Service design workshops", "Service design co-producer", Format.IN_PERSON, Region.WEST_MIDLANDS, 40, False),
    # Reviewers see no names here until shortlisting; its newest applications wait to be triaged.
    ("Peer support network", "Peer support advisor", Format.ONLINE, Region.NATIONAL, 28, True),
)
DEMO_MEDIA = Path(__file__).resolve().parent / "demo_media"
DEMO_VIDEO_TITLE = "What being an advisor is like"
DEMO_VIDEO_GUIDANCE = "what-being-an-advisor-is-like"


QUARTERS_OF_HISTORY = 8  # seven complete quarters and the current one
# The organisation's story: long-standing advisors who mostly fit one profile (white women aged
# 45 to 54 with a degree), then newer cohorts who are more diverse, quarter by quarter.
LONG_STANDING_SHARE = 0.3
TYPICAL = {"ethnic_group": "white", "sex": "female", "qualification": "degree", "age_band": "45_54"}
# Each later cohort: more people from Black, Asian, Mixed and Other ethnic groups.
FIRST_COHORT = {"white": 72, "asian": 9, "black": 7, "mixed": 4, "other": 3, "prefer_not_to_say": 5}
LAST_COHORT = {"white": 42, "asian": 20, "black": 20, "mixed": 8, "other": 5, "prefer_not_to_say": 5}
# How far applicants get, by their place in a cohort: three in nine are appointed, and some reach
# every other stage of the pipeline.
OUTCOMES = (
    (Stage.SHORTLISTED, Stage.OFFERED, Stage.APPOINTED),
    (Stage.SHORTLISTED, Stage.INTERVIEW),
    (Stage.NOT_PROGRESSED,),
    (Stage.SHORTLISTED, Stage.OFFERED, Stage.APPOINTED),
    (Stage.SHORTLISTED,),
    (Stage.SHORTLISTED, Stage.OFFERED, Stage.APPOINTED),
    (Stage.SHORTLISTED, Stage.NOT_PROGRESSED),
    (Stage.WITHDRAWN,),
    (Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFERED),
)


def _quarter_starts(today: date) -> list[date]:
    """The first day of each quarter of the demo's history, oldest first, the current one last."""
    current = report_services.Period.containing(today)
    return [current.previous(back).start for back in range(QUARTERS_OF_HISTORY - 1, -1, -1)]


def _seed_recruitment(people: int) -> None:
    """Partners, open opportunities, and people's history with the organisation: long-standing
    advisors, then a cohort of applicants each quarter, some of them appointed. The demo is made
    through the same services people use, then dated back into its quarter."""
    template = RoleTemplate.objects.order_by("pk").first()
    admin = User.objects.get(email="admin@example.org")
    for name, kind, communities in DEMO_PARTNERS:
        Partner.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "communities": communities, "contact_email": f"{kind}@partners.example.org"},
        )
    opportunities = []
    video = _seed_video()
    for team, title, format_, region, days, anonymised in DEMO_OPPORTUNITIES:
        opportunity = Opportunity.objects.filter(team=team).first()
        if opportunity is None and template is not None:
            opportunity = recruitment_services.opportunity_create_from_template(
                template=template,
                actor=admin,
                team=team,
                format=format_,
                region=region,
                closing_date=timezone.localdate() + timedelta(days=days),
                places=6,
                anonymised_screening=anonymised,
            )
            recruitment_services.opportunity_update(
                opportunity=opportunity, actor=admin, title=title, video=video, status=Opportunity.Status.OPEN
            )
        if opportunity is not None:
            opportunities.append(opportunity)
    if not opportunities:
        return
    fake = Faker("en_GB")
    Faker.seed(7)
    quarters = _quarter_starts(timezone.localdate())
    everyone = list(User.objects.filter(email__startswith="person").order_by("pk"))
    long_standing = int(len(everyone) * LONG_STANDING_SHARE)
    partners = list(Partner.objects.all())
    channels = list(Channel.values)
    involved = set(Involvement.objects.values_list("person_id", flat=True))
    applied = set(Application.objects.values_list("applicant_id", flat=True))
    for index, user in enumerate(everyone):
        if index < long_standing:
            if user.pk not in involved:
                opportunity = opportunities[index % len(opportunities)]
                Involvement.objects.create(
                    person=user,
                    role=opportunity.title,
                    team=opportunity.team,
                    start_date=quarters[0] - timedelta(days=400 + index),
                    # A few long-standing advisors step down along the way.
                    end_date=quarters[1 + index % (QUARTERS_OF_HISTORY - 1)] if index % 5 == 2 else None,
                )
            continue
        if user.pk in applied:
            continue
        cohort = (index - long_standing) * QUARTERS_OF_HISTORY // max(1, len(everyone) - long_standing)
        opportunity = opportunities[index % len(opportunities)]
        channel = channels[index % len(channels)]
        application = recruitment_services.application_start(opportunity=opportunity, applicant=user)
        recruitment_services.application_save_step(
            application=application,
            contact_method="email",
            lived_experience=fake.paragraph(nb_sentences=4),
            why_this_role=fake.paragraph(nb_sentences=2),
            channel=channel,
            partner=partners[index % len(partners)] if channel == Channel.PARTNER else None,
        )
        recruitment_services.application_submit(application=application, ip=None)
        # The current quarter's applicants are still waiting to be read.
        outcome = OUTCOMES[index % len(OUTCOMES)] if cohort < QUARTERS_OF_HISTORY - 1 else ()
        for stage in outcome:
            if stage == Stage.WITHDRAWN:
                recruitment_services.application_withdraw(application=application, by=user)
            else:
                recruitment_services.application_move(application=application, to_stage=stage, by=admin)
        _date_back(application, quarters[cohort] + timedelta(days=10 + index % 60))


def _seed_video() -> Video:
    """A few seconds of video with WebVTT captions and a transcript, shipped in demo/demo_media
    (made with ffmpeg; see the README there), on the guidance page about being an advisor."""
    video = Video.objects.filter(title=DEMO_VIDEO_TITLE).first()
    if video is None:
        video = Video(title=DEMO_VIDEO_TITLE, transcript=(DEMO_MEDIA / "advisor-transcript.txt").read_text())
        with (DEMO_MEDIA / "advisor.webm").open("rb") as clip, (DEMO_MEDIA / "advisor.vtt").open("rb") as captions:
            video.file.save("what-being-an-advisor-is-like.webm", File(clip), save=False)
            video.captions.save("what-being-an-advisor-is-like.vtt", File(captions), save=False)
        video.full_clean()
        video.save()
    Guidance.objects.filter(slug=DEMO_VIDEO_GUIDANCE, video__isnull=True).update(video=video)
    return video


def _date_back(application: Application, day: date) -> None:
    """Moves an application's history, and the advisor role it led to, to the day it happened."""
    moment = timezone.make_aware(datetime.combine(day, time(10)))
    Application.objects.filter(pk=application.pk).update(
        created_at=moment, submitted_at=moment, stage_changed_at=moment + timedelta(days=14)
    )
    application.stage_changes.update(at=moment)
    Involvement.objects.filter(application=application).update(start_date=day + timedelta(days=21))


def _seed_people(count: int) -> int:
    """Applicant accounts in bulk; ids are stable, so running again adds only the missing ones."""
    wanted = [PERSON_EMAIL.format(i) for i in range(count)]
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    missing = [email for email in wanted if email not in existing]
    if not missing:
        return 0
    fake = Faker("en_GB")
    Faker.seed(len(existing))
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(email=email, name=fake.name(), password=unusable) for email in missing], batch_size=5000
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users], batch_size=5000
    )
    applicant = Group.objects.get(name=Role.APPLICANT)
    membership = User.groups.through
    membership.objects.bulk_create(
        [membership(user_id=user.pk, group_id=applicant.pk) for user in users], batch_size=5000
    )
    return len(users)


def _seed_workshops() -> None:
    """A closed workshop and a project meeting, with insights, a response and an action."""
    staff = User.objects.get(email="staff@example.org")
    if Meeting.objects.filter(title="Listening workshop").exists():
        return
    ActivityRate.objects.get_or_create(kind=Meeting.Kind.WORKSHOP, defaults={"hourly_rate": "25.00"})
    ActivityRate.objects.get_or_create(kind=Meeting.Kind.PROJECT_MEETING, defaults={"hourly_rate": "25.00"})
    start = timezone.now() - timedelta(days=14)
    workshop = workshop_services.meeting_create(
        actor=staff,
        kind=Meeting.Kind.WORKSHOP,
        title="Listening workshop",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        purpose="Hear what would make our services feel safe.",
        visibility=Meeting.Visibility.CLOSED,
        community="People from Black, Asian and minority ethnic communities",
        format=Meeting.Format.IN_PERSON,
        venue="Community centre",
        facilitator=staff,
    )
    people = list(User.objects.filter(applications__stage="received").order_by("pk")[:6])
    workshop_services.participants_invite(meeting=workshop, people=people, actor=staff)
    workshop.participations.update(attendance="attended", reply="accepted")
    workshop_services.minutes_save(
        meeting=workshop, body="## What we heard\n\n- Evening sessions\n- Fewer forms", actor=staff
    )
    workshop_services.minutes_approve(meeting=workshop, actor=staff)
    evenings = workshop_services.insight_add(
        meeting=workshop, text="Meet in the evenings", themes=["Access"], raised_by=None, anonymous=True, actor=staff
    )
    workshop_services.insight_respond(
        insight=evenings, status="answered_after", response="From May, two sessions a month start at 6pm.", actor=staff
    )
    project = workshop_services.meeting_create(
        actor=staff,
        kind=Meeting.Kind.PROJECT_MEETING,
        title="Recruitment template project meeting",
        starts_at=start + timedelta(days=7),
        ends_at=start + timedelta(days=7, hours=1),
        purpose="Agree the new recruitment template.",
        visibility=Meeting.Visibility.OPEN,
        format=Meeting.Format.IN_PERSON,
        venue="Community centre",
        facilitator=staff,
    )
    forms = workshop_services.insight_add(
        meeting=project, text="Fewer forms", themes=["Process"], raised_by=None, anonymous=False, actor=staff
    )
    workshop_services.action_create(
        meeting=project,
        insight=forms,
        title="Cut the sign-up form to one page",
        owner=staff,
        due_date=timezone.localdate() - timedelta(days=2),
        actor=staff,
    )


def _cohort_weights(position: float) -> dict[str, float]:
    """Ethnic group weights for a cohort `position` of the way from the first to the last."""
    return {
        group: FIRST_COHORT[group] + (LAST_COHORT[group] - FIRST_COHORT[group]) * position for group in FIRST_COHORT
    }


def _seed_equality_answers() -> None:
    """Consent and answers from most demo people, through the same service people use."""
    question_set = demographic_selectors.question_set_current()
    if question_set is None:
        return
    questions = {q.key: q for q in question_set.questions.prefetch_related("options")}
    options = {key: {option.key: option for option in question.options.all()} for key, question in questions.items()}
    rng = random.Random(11)
    people = list(User.objects.filter(email__startswith="person").order_by("pk"))
    long_standing = int(len(people) * LONG_STANDING_SHARE)
    for index, person in enumerate(people):
        if index % 6 == 5 or demographic_selectors.consent_active(user=person) is not None:
            continue  # some people choose not to answer
        demographic_services.consent_give(user=person, question_set=question_set)
        if index < long_standing and rng.random() < 0.4:
            chosen = dict(TYPICAL)
        else:
            position = max(0, index - long_standing) / max(1, len(people) - long_standing)
            weights = _cohort_weights(position if index >= long_standing else 0.0)
            chosen = {
                "ethnic_group": rng.choices(list(weights), weights=list(weights.values()))[0],
                "sex": rng.choice(["female", "female", "male", "prefer_not_to_say"]),
                "qualification": rng.choice(["degree", "a_level", "gcse", "vocational", "none"]),
                "age_band": rng.choice(["16_24", "25_34", "35_44", "45_54", "55_64", "65_74"]),
            }
        chosen["disability"] = rng.choice(["yes", "no", "no"])
        for key, option_key in chosen.items():
            demographic_services.answer_save(user=person, question=questions[key], option=options[key][option_key])


def _seed_reports() -> None:
    """A report for each complete quarter of the demo's history, so the dashboard opens on a
    headline figure with its trend."""
    if ReportSnapshot.objects.exists():
        return
    current = report_services.Period.containing(timezone.localdate())
    for back in range(QUARTERS_OF_HISTORY - 1, 0, -1):
        period = current.previous(back)
        report_services.snapshot_build(snapshot_id=report_services.snapshot_create(period=period).pk)
