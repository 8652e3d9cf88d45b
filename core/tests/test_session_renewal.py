"""A session is renewed (its idle timeout restarted) at most once a minute by requests that leave
it as it was; a request that changes it always saves it."""

import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.cache import KEY_PREFIX
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from core.middleware import SESSION_RENEWAL_SECONDS, SESSION_RENEWED_AT, SessionMiddleware
from core.sessions import SessionStore


def _stored(client):
    return cache.get(KEY_PREFIX + client.cookies[settings.SESSION_COOKIE_NAME].value)


@pytest.mark.django_db
def test_a_session_is_renewed_once_a_minute_not_on_every_request(sign_in, applicant):
    client = sign_in(applicant)
    page = reverse("recruitment:my_applications")
    with time_machine.travel(time.time(), tick=False) as clock:
        assert client.get(page).status_code == 200
        renewed = _stored(client)[SESSION_RENEWED_AT]
        clock.shift(SESSION_RENEWAL_SECONDS - 5)
        assert client.get(page).status_code == 200
        assert _stored(client)[SESSION_RENEWED_AT] == renewed
        clock.shift(10)
        assert client.get(page).status_code == 200
        assert _stored(client)[SESSION_RENEWED_AT] == renewed + SESSION_RENEWAL_SECONDS + 5


@pytest.mark.django_db
def test_a_renewal_restarts_the_idle_timeout_in_redis(sign_in, applicant):
    client = sign_in(applicant)
    page = reverse("recruitment:my_applications")
    key = KEY_PREFIX + client.cookies[settings.SESSION_COOKIE_NAME].value
    redis = cache._cache.get_client()
    client.get(page)
    redis.expire(cache.make_key(key), 30)
    client.get(page)  # renewed a moment ago: left alone
    assert redis.ttl(cache.make_key(key)) <= 30
    with time_machine.travel(time.time() + SESSION_RENEWAL_SECONDS + 1, tick=False):
        client.get(page)
    assert redis.ttl(cache.make_key(key)) > settings.SESSION_COOKIE_AGE - 60


@pytest.mark.django_db
def test_a_changed_session_is_saved_however_recent_the_renewal(client, applicant):
    client.force_login(applicant)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    store = SessionStore(key)
    store[SESSION_RENEWED_AT] = int(time.time())
    store.save()
    request = RequestFactory().get("/")
    request.session = SessionStore(key)
    request.session["chosen"] = "cy"
    SessionMiddleware(lambda request: HttpResponse()).process_response(request, HttpResponse())
    assert SessionStore(key)["chosen"] == "cy"
