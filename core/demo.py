"""Demo data for the embedded default and for benchmarks. Each app adds its part as it grows."""

import random
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from faker import Faker

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role
from demographics import selectors as demographic_selectors
from demographics import services as demographic_services
from recruitment import services as recruitment_services
from recruitment.models import Channel, Format, Opportunity, Partner, Region, RoleTemplate, Stage
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
    _seed_report()
    return SeedResult(created, reset, people_created)


DEMO_PARTNERS = (
    ("Black Minds Matter Network", Partner.Kind.USER_LED, "Black communities"),
    ("South Asian Wellbeing Collective", Partner.Kind.COMMUNITY_GROUP, "South Asian communities"),
    ("Open Door Peer Support", Partner.Kind.USER_LED, "People with lived experience across the region"),
)
DEMO_OPPORTUNITIES = (
    ("Research advisory group", Format.HYBRID, Region.LONDON, 21),
    ("Campaigns panel", Format.ONLINE, Region.NATIONAL, 9),
    ("Service design workshops", Format.IN_PERSON, Region.WEST_MIDLANDS, 40),
)


def _seed_recruitment(people: int) -> None:
    """Partners, open opportunities and submitted applications from the demo people."""
    template = RoleTemplate.objects.order_by("pk").first()
    admin = User.objects.get(email="admin@example.org")
    for name, kind, communities in DEMO_PARTNERS:
        Partner.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "communities": communities, "contact_email": f"{kind}@partners.example.org"},
        )
    opportunities = []
    for team, format_, region, days in DEMO_OPPORTUNITIES:
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
            )
            recruitment_services.opportunity_update(
                opportunity=opportunity, actor=admin, status=Opportunity.Status.OPEN
            )
        if opportunity is not None:
            opportunities.append(opportunity)
    if not opportunities:
        return
    fake = Faker("en_GB")
    Faker.seed(7)
    applicants = User.objects.filter(email__startswith="person").exclude(applications__isnull=False).order_by("pk")
    partners = list(Partner.objects.all())
    channels = list(Channel.values)
    for index, user in enumerate(applicants.iterator()):
        opportunity = opportunities[index % len(opportunities)]
        channel = channels[index % len(channels)]
        application = recruitment_services.application_start(opportunity=opportunity, applicant=user)
        recruitment_services.application_save_step(
            application=application,
            data={
                "contact_method": "email",
                "lived_experience": fake.paragraph(nb_sentences=4),
                "why_this_role": fake.paragraph(nb_sentences=2),
                "channel": channel,
                "partner": partners[index % len(partners)] if channel == Channel.PARTNER else None,
            },
        )
        recruitment_services.application_submit(application=application, ip=None)
        # About a third get through, so the reports have advisors and a funnel to show.
        for stage in (Stage.SHORTLISTED, Stage.OFFERED, Stage.APPOINTED)[: (3 if index % 3 == 0 else index % 3)]:
            recruitment_services.application_move(application=application, to_stage=stage, by=admin)


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
    common = {"format": Meeting.Format.IN_PERSON, "venue": "Community centre", "facilitator": staff}
    workshop = workshop_services.meeting_create(
        actor=staff,
        kind=Meeting.Kind.WORKSHOP,
        title="Listening workshop",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        purpose="Hear what would make our services feel safe.",
        visibility=Meeting.Visibility.CLOSED,
        community="People from Black, Asian and minority ethnic communities",
        **common,
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
        **common,
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


ETHNIC_WEIGHTS = {"white": 60, "asian": 14, "black": 12, "mixed": 6, "other": 4, "prefer_not_to_say": 4}


def _seed_equality_answers() -> None:
    """Consent and a few answers from most demo applicants, through the same service people use."""
    question_set = demographic_selectors.question_set_current()
    if question_set is None:
        return
    questions = {q.key: q for q in question_set.questions.prefetch_related("options")}
    rng = random.Random(11)
    people = User.objects.filter(email__startswith="person").order_by("pk")
    for index, person in enumerate(people.iterator()):
        if index % 5 == 4 or demographic_selectors.consent_active(user=person) is not None:
            continue  # some people choose not to answer
        demographic_services.consent_give(user=person, question_set=question_set)
        group = rng.choices(list(ETHNIC_WEIGHTS), weights=list(ETHNIC_WEIGHTS.values()))[0]
        chosen = {
            "ethnic_group": group,
            "sex": rng.choice(["female", "male"]),
            "age_band": rng.choice(["25_34", "35_44", "45_54"]),
        }
        for key, option_key in chosen.items():
            question = questions[key]
            demographic_services.answer_save(
                user=person, question=question, option=question.options.get(key=option_key)
            )


def _seed_report() -> None:
    """One report of the current quarter, so the dashboard has something to show."""
    if ReportSnapshot.objects.exists():
        return
    period = report_services.Period.containing(timezone.localdate())
    report_services.snapshot_build(snapshot_id=report_services.snapshot_create(period=period).pk)
