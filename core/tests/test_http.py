import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_is_unhealthy_when_the_broker_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_public_pages_for_anonymous_visitors_may_be_cached(client):
    response = client.get(reverse("core:home"))
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_pages_for_a_signed_in_person_are_never_stored(client, applicant):
    client.force_login(applicant)
    for name in ("core:home", "accounts:profile"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_layout_is_accessible_by_construction(client):
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en-gb"' in html
    assert 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert html.count("<h1") == 1
    assert "<header" in html
    assert "<main" in html
    assert "<footer" in html
    assert "<nav" in html
    # No third-party requests: every asset is served from this site.
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html


@pytest.mark.django_db
def test_unknown_pages_get_the_friendly_404(client, applicant):
    client.force_login(applicant)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/opportunities/staff/applications/export.csv?q=%00",
        "/opportunities/staff/applications/export.csv?stage=received%00",
        "/opportunities/%00/",
        "/opportunities/?team=a\x00b",
    ],
)
def test_a_nul_in_the_path_or_query_string_gets_a_400_not_a_500(path, recruiting_staff):
    # PostgreSQL refuses U+0000, so the export's audit row (which keeps the filters) used to fail.
    client = Client(raise_request_exception=False)
    client.force_login(recruiting_staff)
    response = client.get(path)
    assert response.status_code == 400
    assert "Sorry" in response.content.decode()


@pytest.mark.django_db
def test_permissions_policy_and_cross_origin_resource_policy_on_every_response(client):
    for path in (reverse("core:home"), reverse("account_login"), "/static/dist/main.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy, (path, feature)
        assert response["Cross-Origin-Resource-Policy"] == "same-origin", path


@pytest.mark.django_db
def test_the_csrf_cookie_lasts_no_longer_than_the_session(client):
    response = client.get(reverse("account_login"))
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    # No Max-Age or Expires: the browser drops it when it closes, like the session cookie.
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
