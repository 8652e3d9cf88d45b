"""Behind the TLS proxy every request comes from the proxy's address: IP-keyed limits must read
the client's address from X-Forwarded-For, trusting only as many hops as there are proxies."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.http import client_ip
from recruitment import services
from recruitment.models import Application
from recruitment.tests.factories import OpportunityFactory

PROXY = "10.0.0.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.7", PROXY),  # no proxy trusted: the header is anyone's to write
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.9, 198.51.100.7", "198.51.100.7"),  # a client cannot push a made-up address in front
        (2, "203.0.113.9, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "198.51.100.7", PROXY),  # fewer hops than proxies: the request did not come through them
        (1, "not an address", PROXY),
        (1, None, PROXY),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    headers = {"REMOTE_ADDR": PROXY} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    assert client_ip(RequestFactory().get("/", **headers)) == expected


def _draft(applicant):
    application = services.application_start(opportunity=OpportunityFactory(), applicant=applicant)
    data = {"contact_method": "email", "lived_experience": "My story.", "why_this_role": "I care."}
    return services.application_save_step(application=application, **data)


@pytest.mark.django_db
def test_applicants_behind_the_proxy_do_not_share_one_submission_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    limit = services.SUBMISSIONS_PER_HOUR
    for number in range(limit + 1):
        application = _draft(UserFactory())
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.{number + 1}")
        client.force_login(application.applicant)
        client.post(reverse("recruitment:check", kwargs={"reference": application.reference}))
    assert Application.objects.filter(submitted_at__isnull=False).count() == limit + 1

    # One client is still held to the limit, whatever it writes in front of the proxy's entry.
    for number in range(limit + 1):
        application = _draft(UserFactory())
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}, 192.0.2.50")
        client.force_login(application.applicant)
        client.post(reverse("recruitment:check", kwargs={"reference": application.reference}))
    assert Application.objects.filter(submitted_at__isnull=False).count() == 2 * limit + 1
