"""Redis unreachable: pages that need it (every rate limit lives there) answer 503 with a clear
"try again in a few minutes", never a 500, and save nothing half-way. Limits fail closed."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from recruitment import services
from recruitment.models import Application, StageChange
from recruitment.tests.factories import OpportunityFactory

TRY_AGAIN = "try again in a few minutes"


def redis_goes_away(settings) -> None:
    # Nothing listens on port 1: the same ConnectionError a stopped Redis gives. Rate limits and
    # sessions both live in this cache.
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}


@pytest.fixture
def redis_unreachable(settings):
    redis_goes_away(settings)


def _outage_page(response) -> None:
    assert response.status_code == 503
    assert TRY_AGAIN in response.content.decode()
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_signing_in_and_up_while_redis_is_down_gets_a_503_page(redis_unreachable, applicant):
    client = Client(raise_request_exception=False)
    response = client.post(reverse("account_login"), {"login": applicant.email})
    _outage_page(response)
    assert not response.cookies  # no session begun
    _outage_page(client.post(reverse("account_signup"), {"email": "new@example.net", "name": "Nia New"}))
    assert not User.objects.filter(email="new@example.net").exists()


@pytest.mark.django_db
def test_sending_an_application_while_redis_is_down_keeps_the_draft_and_saves_nothing(
    settings, applicant, django_capture_on_commit_callbacks
):
    application = services.application_start(opportunity=OpportunityFactory(), applicant=applicant)
    data = {"contact_method": "email", "lived_experience": "My story.", "why_this_role": "I care."}
    services.application_save_step(application=application, **data)
    client = Client(raise_request_exception=False)
    client.force_login(applicant)
    check = reverse("recruitment:check", kwargs={"reference": application.reference})
    redis_goes_away(settings)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(check)
    _outage_page(response)
    assert "draft" in response.content.decode()
    application.refresh_from_db()
    assert application.is_draft
    assert application.lived_experience == "My story."
    assert not StageChange.objects.filter(application=application).exists()
    assert callbacks == []  # no confirmation e-mail queued
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_a_signed_in_person_is_not_signed_out_by_an_outage(settings, applicant):
    """Sessions live in Redis too: while it is away a signed-in person gets the 503 page (not the
    sign-in page, as if they had been signed out), and is still signed in when it is back."""
    client = Client(raise_request_exception=False)
    client.force_login(applicant)
    location = settings.CACHES["default"]["LOCATION"]
    redis_goes_away(settings)
    _outage_page(client.get(reverse("recruitment:my_applications")))
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": location}}
    assert client.get(reverse("recruitment:my_applications")).status_code == 200


@pytest.mark.django_db
def test_the_redis_client_gives_up_within_about_a_second(settings):
    options = settings.CACHES["default"]["OPTIONS"]
    assert options["socket_connect_timeout"] <= 1
    assert options["socket_timeout"] <= 1


def test_an_outage_met_outside_a_view_is_a_503_too(rf):
    """A middleware (a session kept in Redis, say) meets the outage before or after any view: the
    project's 500 handler turns it into the same 503 page; any other error stays a 500."""
    from django.urls import get_resolver
    from redis.exceptions import ConnectionError as RedisConnectionError

    handler = get_resolver().resolve_error_handler(500)
    request = rf.get("/")
    try:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    except RedisConnectionError:
        _outage_page(handler(request))
    try:
        raise ValueError("a bug")
    except ValueError:
        assert handler(request).status_code == 500


@pytest.mark.django_db
def test_an_action_that_queues_an_email_while_the_broker_is_away_saves_nothing(settings, recruiting_staff):
    """Were the message saved and its e-mail never queued, it would never go, and a second try
    would make a second message: the broker is checked before anything is written."""
    from recruitment.models import Message, MessageTemplate
    from recruitment.tests.factories import submitted_application

    application = submitted_application()
    client = Client(raise_request_exception=False)
    client.force_login(recruiting_staff)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # the broker only; the cache (and session) stay up
    template = MessageTemplate.objects.get(name="Invitation to interview")
    response = client.post(
        reverse("recruitment:staff_application_message", kwargs={"reference": application.reference}),
        {"template": template.pk},
    )
    _outage_page(response)
    assert not Message.objects.exists()
