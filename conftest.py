import os
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone, translation

from accounts.roles import Role
from accounts.tests.factories import ANONYMOUS, TEST_PASSWORD, UserFactory
from mind_involve.celery import app as celery_app
from recruitment.tests.factories import MATRIX_REFERENCE, InvolvementFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from live-server
# tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Staff roles sign in with a password and an authenticator app.
STAFF = {"password": TEST_PASSWORD, "with_totp": True}
MIGRATION_DATA: list[str] = []


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # A request to a Welsh address leaves Welsh active in the test's thread (LocaleMiddleware
    # activates a language and nothing resets it): the next test starts in English again.
    yield
    translation.deactivate()


@pytest.fixture
def empty_cache():
    """Starts the test with nothing in the (real, Redis) cache: no rate-limit counter or session
    left by an earlier test. Given to every test that reaches the cache (below); a test that uses
    it some other way asks for it by name."""
    cache.clear()


# What reaches the cache: requests (sessions live there, and allauth's rate-limit counters) and
# services that count (applications submitted per hour), all of which go through the database,
# the test client or the live server. Tests with none of these (settings, checks, pure functions)
# leave Redis alone, and run without it.
CACHE_USERS = {"db", "transactional_db", "client", "async_client", "admin_client", "live_server"}


@pytest.fixture(autouse=True)
def _empty_cache_for_tests_that_use_it(request):
    # Autouse fixtures run first, so the cache is emptied before any fixture signs someone in.
    if request.node.get_closest_marker("django_db") or CACHE_USERS & set(request.fixturenames):
        request.getfixturevalue("empty_cache")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keeps what the migrations put in the test database (roles, question sets), to restore it
    after a transactional test empties the tables. Django's serialized_rollback does the same,
    but keeps the copy on a connection object that Playwright's greenlet cannot see."""
    with django_db_blocker.unblock():
        MIGRATION_DATA.append(connection.creation.serialize_db_to_string())
    yield


@pytest.fixture(autouse=True)
def _migration_data_after_flush(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        # The flush let post_migrate recreate content types and permissions under new ids;
        # replace them with the originals that the kept data refers to.
        ContentType.objects.all().delete()
        connection.creation.deserialize_db_from_string(MIGRATION_DATA[0])
        ContentType.objects.clear_cache()
    yield


@pytest.fixture
def celery_eager():
    """Runs enqueued tasks in-process, so a test (or the live server) sees their effect."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.net", name="Ade Applicant", roles=(Role.APPLICANT,))


@pytest.fixture
def recruiting_staff(db):
    return UserFactory(email="staff@example.net", name="Sam Staff", roles=(Role.RECRUITING_STAFF,), **STAFF)


@pytest.fixture
def board_member(db):
    return UserFactory(email="board@example.net", name="Bola Board", roles=(Role.BOARD_MEMBER,), **STAFF)


@pytest.fixture
def equality_lead(db):
    return UserFactory(email="equality@example.net", name="Priya Lead", roles=(Role.EQUALITY_LEAD,), **STAFF)


@pytest.fixture
def administrator(db):
    return UserFactory(email="admin@example.net", name="Alex Admin", roles=(Role.ADMINISTRATOR,), **STAFF)


@pytest.fixture
def advisor(db):
    """An applicant who became an advisor: involved with the Research team since today."""
    return InvolvementFactory().person


@pytest.fixture
def sign_in(client):
    """Signs a user in on the test client and returns the client: `sign_in(board_member)`. Staff
    in the cast have an authenticator app, so the two-step requirement is met; tests of the
    sign-in pages themselves go through them (tests/sign_in.py)."""

    def signed_in(user):
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def staff_client(sign_in, recruiting_staff):
    """The test client, signed in as the cast's Recruiting staff."""
    return sign_in(recruiting_staff)


@pytest.fixture
def users_by_role(applicant, recruiting_staff, board_member, equality_lead, administrator):
    """The fixed cast: one user per role, staff roles with an authenticator app set up."""
    return {
        ANONYMOUS: None,
        Role.APPLICANT.value: applicant,
        Role.RECRUITING_STAFF.value: recruiting_staff,
        Role.BOARD_MEMBER.value: board_member,
        Role.EQUALITY_LEAD.value: equality_lead,
        Role.ADMINISTRATOR.value: administrator,
    }


@pytest.fixture
def matrix_objects(applicant):
    """The objects the access matrix reaches: an open opportunity with a submitted application
    of the applicant's, a closed workshop the applicant attended and an open project meeting."""
    from recruitment import services as recruitment_services
    from recruitment.models import MessageTemplate, Opportunity, RoleTemplate

    template = RoleTemplate.objects.get()
    opportunity = recruitment_services.opportunity_create_from_template(
        template=template,
        actor=applicant,
        team="Matrix team",
        format="online",
        region="national",
        closing_date=timezone.localdate() + timedelta(days=30),
        places=2,
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(status="open")
    opportunity.refresh_from_db()
    application = recruitment_services.application_start(opportunity=opportunity, applicant=applicant)
    application.reference = MATRIX_REFERENCE
    application.save()
    recruitment_services.application_save_step(
        application=application,
        **{"contact_method": "email", "lived_experience": "Some", "why_this_role": "Because"},
    )
    recruitment_services.application_submit(application=application, ip=None)
    from recruitment.models import Video
    from reports import services as report_services

    snapshot = report_services.snapshot_request(period=report_services.Period.last_complete())
    report_services.snapshot_build(snapshot_id=snapshot.pk)
    from reports.models import BenchmarkSet

    video = Video.objects.create(
        title="What it is like",
        file=SimpleUploadedFile("clip.webm", b"webm"),
        captions=SimpleUploadedFile("clip.vtt", b"WEBVTT"),
        transcript="Hello",
    )
    return {
        "video": video.pk,
        "benchmark": BenchmarkSet.objects.get(dimension="ethnic_group", is_default=True).pk,
        "snapshot": snapshot.pk,
        "opportunity": opportunity.pk,
        "reference": MATRIX_REFERENCE,
        "message_template": MessageTemplate.objects.get(name="Invitation to interview").pk,
        "application": application,
        **_matrix_meetings(applicant),
    }


def _matrix_meetings(applicant):
    """A closed workshop the applicant attended (approved minutes, an insight), run by staff
    who are none of the cast; and an open project meeting with an action."""
    from workshops import services as workshop_services
    from workshops.models import ActivityRate, Participation

    facilitator = UserFactory(roles=(Role.RECRUITING_STAFF,))
    start = timezone.now() - timedelta(days=2)
    common = {"starts_at": start, "ends_at": start + timedelta(hours=2), "format": "online", "purpose": "Listening"}
    closed = workshop_services.meeting_create(
        actor=facilitator,
        kind="workshop",
        title="Closed workshop",
        facilitator=facilitator,
        visibility="closed",
        community="People from Black, Asian and minority ethnic communities",
        **common,
    )
    workshop_services.participants_invite(meeting=closed, people=[applicant], actor=facilitator)
    Participation.objects.filter(meeting=closed).update(attendance="attended")
    workshop_services.minutes_save(meeting=closed, body="We talked.", actor=facilitator)
    workshop_services.minutes_approve(meeting=closed, actor=facilitator)
    workshop_services.insight_add(
        meeting=closed, text="More evening sessions", themes=[], raised_by=None, anonymous=True, actor=facilitator
    )
    ActivityRate.objects.get_or_create(kind="workshop", defaults={"hourly_rate": "25.00"})
    opened = workshop_services.meeting_create(
        actor=facilitator,
        kind="project_meeting",
        title="Project meeting",
        facilitator=facilitator,
        visibility="open",
        **common,
    )
    action = workshop_services.action_create(
        meeting=opened, title="Book rooms", owner=facilitator, due_date=timezone.localdate(), actor=facilitator
    )
    attachment = workshop_services.attachment_add(
        meeting=closed, title="Agenda", file=SimpleUploadedFile("agenda.txt", b"Agenda"), actor=facilitator
    )
    claim = workshop_services.claim_make(
        participation=closed.participations.get(),
        hours=Decimal("2"),
        declined_payment=False,
        expenses=[{"description": "Bus", "amount": Decimal("3.10"), "receipt": SimpleUploadedFile("bus.pdf", b"%PDF")}],
        by=applicant,
    )
    return {
        "closed_meeting": closed.pk,
        "open_meeting": opened.pk,
        "action": action.pk,
        "attachment": attachment.pk,
        "claim": claim.pk,
        "receipt": claim.expenses.get().pk,
    }


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
