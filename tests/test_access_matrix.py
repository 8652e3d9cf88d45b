"""The access matrix (tests/access_matrix.py) checked against every URL, role and method."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

from accounts.roles import Role
from accounts.tests.factories import ANONYMOUS
from tests.access_matrix import (
    ALL_PATTERNS,
    EXPECTED,
    _declaration,
    _outcome,
    _path_for,
    _post_declaration,
    _resolve_data,
    _walk,
)


def test_every_url_pattern_has_a_declared_expectation():
    undeclared = [key for key, route in ALL_PATTERNS if _declaration(key, route) is None]
    assert not undeclared, f"Declare who may reach these URLs in EXPECTED: {undeclared}"


def test_every_declaration_matches_a_url_pattern():
    keys = {key for key, _ in ALL_PATTERNS}
    stale = [key for key in EXPECTED if key not in keys]
    assert not stale, f"These declarations match no URL any more: {stale}"


@pytest.mark.django_db
def test_each_url_answers_each_role_as_declared(users_by_role, matrix_objects):
    mismatches = []
    for key, route in ALL_PATTERNS:
        row = _declaration(key, route)
        assert row is not None
        path = _path_for(key, route, row, matrix_objects)
        for role, user in users_by_role.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            actual = _outcome(client, path)
            if actual != row.outcomes[role]:
                mismatches.append(f"{key} ({path}) as {role}: expected {row.outcomes[role]}, got {actual}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
def test_each_url_answers_a_post_from_each_role_as_declared(users_by_role, matrix_objects):
    """Every state-changing POST, for every role. Each runs in a transaction rolled back after it."""
    mismatches = []
    for key, route in ALL_PATTERNS:
        row = _declaration(key, route)
        assert row is not None
        path = _path_for(key, route, row, matrix_objects)
        expected = _post_declaration(key, row)
        data = _resolve_data(row.data, matrix_objects)
        for role, user in users_by_role.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            with transaction.atomic():
                actual = _outcome(client, path, data)
                transaction.set_rollback(True)
            if actual != expected[role]:
                mismatches.append(f"POST {key} ({path}) as {role}: expected {expected[role]}, got {actual}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(users_by_role):
    from accounts.tests.factories import UserFactory

    user = UserFactory(roles=(Role.BOARD_MEMBER,))
    client = Client()
    client.force_login(user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_new_url_without_a_declaration_is_caught(settings):
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    import mind_involve.urls

    new_view = path("brand-new-page/", lambda request: HttpResponse("hi"), name="brand_new_page")
    settings.ROOT_URLCONF = type("Urls", (), {"urlpatterns": [*mind_involve.urls.urlpatterns, new_view]})
    clear_url_caches()
    try:
        patterns = [(key, route) for key, route, _ in _walk(get_resolver().url_patterns)]
        undeclared = [key for key, route in patterns if _declaration(key, route) is None]
    finally:
        clear_url_caches()
    assert undeclared == ["brand_new_page"]


@pytest.mark.django_db
def test_an_administrator_without_an_authenticator_app_cannot_reach_admin():
    from accounts.tests.factories import TEST_PASSWORD, UserFactory

    user = UserFactory(roles=(Role.ADMINISTRATOR,), password=TEST_PASSWORD)
    client = Client()
    client.force_login(user)
    for path in (reverse("admin:index"), reverse("admin:accounts_user_changelist")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_navigation_shows_each_role_only_what_it_may_use(users_by_role):
    for role, user in users_by_role.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        html = client.get(reverse("core:home")).content.decode()
        admin_roles = {Role.ADMINISTRATOR, Role.EQUALITY_LEAD}
        staff_roles = {Role.RECRUITING_STAFF, Role.ADMINISTRATOR}
        assert (f'href="{reverse("admin:index")}"' in html) == (role in admin_roles), role
        assert (f'href="{reverse("demographics:invite")}"' in html) == (role in staff_roles), role
        assert (f'href="{reverse("accounts:profile")}"' in html) == (role != ANONYMOUS), role
