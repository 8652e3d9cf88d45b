import os
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache

from accounts.roles import Role
from accounts.tests.factories import ANONYMOUS, TEST_PASSWORD, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from live-server
# tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Staff roles sign in with a password and an authenticator app.
STAFF = {"password": TEST_PASSWORD, "with_totp": True}


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters live in the (real, Redis) cache: each test starts with none.
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _roles_after_flush(request):
    """Transactional tests empty every table between tests, including the roles that a data
    migration made; put them back exactly as that migration does."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        import_module("accounts.migrations.0002_roles").create_roles(django_apps, None)
    yield


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
