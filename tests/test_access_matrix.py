"""Every URL pattern of the project, checked against anonymous and every role.

The expected outcome of each pattern is declared once in EXPECTED. A URL pattern with no
declaration fails `test_every_url_pattern_has_a_declared_expectation`, so each new page must say
who may reach it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import Role
from accounts.tests.factories import ANONYMOUS, ROLES
from recruitment.tests.factories import MATRIX_REFERENCE

OK = "ok"  # 200
LOGIN = "login"  # sent to the sign-in page
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not found"  # 404
REDIRECT = "redirect"  # sent somewhere other than sign-in, then shown
NOT_ALLOWED = "method not allowed"  # 405: the page only takes POST


STAFF_ROLES = (Role.RECRUITING_STAFF, Role.BOARD_MEMBER, Role.EQUALITY_LEAD, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class Row:
    outcomes: dict[str, str]
    kwargs: dict[str, str] = field(default_factory=dict)


def everyone(outcome: str, **kwargs: str) -> Row:
    return Row(dict.fromkeys(ROLES, outcome), kwargs)


def signed_in(outcome: str, anonymous: str = LOGIN, **kwargs: str) -> Row:
    return Row({ANONYMOUS: anonymous, **dict.fromkeys(Role.values, outcome)}, kwargs)


def by_role(anonymous: str, applicant: str, staff: str, **kwargs: str) -> Row:
    return Row({ANONYMOUS: anonymous, Role.APPLICANT: applicant, **dict.fromkeys(STAFF_ROLES, staff)}, kwargs)


def staff_only(outcome: str = OK, others: str = FORBIDDEN, **kwargs: str) -> Row:
    """Pages for roles with the staff area: Recruiting staff, Equality lead, Administrator."""
    staff = {Role.RECRUITING_STAFF, Role.EQUALITY_LEAD, Role.ADMINISTRATOR}
    outcomes = {ANONYMOUS: LOGIN, **{role: outcome if role in staff else others for role in Role.values}}
    return Row(outcomes, kwargs)


def dashboard_roles(outcome: str, **kwargs: str) -> Row:
    readers = {Role.BOARD_MEMBER, Role.EQUALITY_LEAD, Role.ADMINISTRATOR}
    return Row({ANONYMOUS: LOGIN, **{r: outcome if r in readers else FORBIDDEN for r in Role.values}}, kwargs)


def benchmark_roles(**kwargs: str) -> Row:
    outcomes = {ANONYMOUS: LOGIN, **dict.fromkeys(Role.values, FORBIDDEN)}
    outcomes.update({Role.EQUALITY_LEAD: OK, Role.ADMINISTRATOR: OK})
    return Row(outcomes, kwargs)


def question_set_roles(outcome: str, **kwargs: str) -> Row:
    """The Equality lead and Administrators manage question sets; nobody else reaches them."""
    outcomes = {ANONYMOUS: LOGIN, **dict.fromkeys(Role.values, FORBIDDEN)}
    outcomes.update({Role.EQUALITY_LEAD: outcome, Role.ADMINISTRATOR: outcome})
    return Row(outcomes, kwargs)


def invited_only(**kwargs: str) -> Row:
    """The matrix's closed workshop: only the applicant was invited."""
    return Row({ANONYMOUS: LOGIN, **dict.fromkeys(Role.values, NOT_FOUND), Role.APPLICANT: OK}, kwargs)


def own_application(outcome: str, **kwargs: str) -> Row:
    """An applicant's own application: everyone else gets a 404, never a hint it exists."""
    outcomes = {ANONYMOUS: LOGIN, **dict.fromkeys(Role.values, NOT_FOUND), Role.APPLICANT: outcome}
    return Row(outcomes, {"reference": MATRIX_REFERENCE, **kwargs})


def admin_site(admin: str, equality_lead: str, **kwargs: str) -> Row:
    """Django admin admits Administrators and, for question sets, the Equality lead."""
    outcomes = {ANONYMOUS: LOGIN, **dict.fromkeys(Role.values, FORBIDDEN)}
    outcomes[Role.ADMINISTRATOR] = admin
    outcomes[Role.EQUALITY_LEAD] = equality_lead
    return Row(outcomes, kwargs)


# Keyed by "namespace:name", or by the route for unnamed patterns.
EXPECTED: dict[str, Row] = {
    # Public pages.
    "core:home": everyone(OK),
    "core:healthz": everyone(OK),
    "core:keepalive": signed_in(NOT_ALLOWED),
    # Recruitment: public listing, adverts and guidance.
    "recruitment:listing": everyone(OK),
    "recruitment:detail": everyone(OK, pk="@opportunity"),
    "recruitment:guidance_list": everyone(OK),
    "recruitment:guidance": everyone(OK, slug="how-to-apply"),
    "recruitment:video_file": everyone(OK, pk="@video", part="captions"),
    # Applying: starting sends each person to their own draft.
    "recruitment:apply": signed_in(REDIRECT, pk="@opportunity"),
    "recruitment:my_applications": signed_in(OK),
    "recruitment:my_application": own_application(OK),
    "recruitment:step": own_application(REDIRECT, step="about"),
    "recruitment:check": own_application(REDIRECT),
    "recruitment:confirmation": own_application(OK),
    "recruitment:withdraw": own_application(OK),
    "recruitment:delete": own_application(OK),
    "recruitment:download": own_application(OK),
    # The staff pipeline.
    "recruitment:staff_opportunities": staff_only(),
    "recruitment:staff_opportunity_new": staff_only(),
    "recruitment:staff_opportunity_edit": staff_only(pk="@opportunity"),
    "recruitment:staff_outreach": staff_only(pk="@opportunity"),
    "recruitment:staff_applications": staff_only(),
    "recruitment:staff_export": staff_only(),
    "recruitment:staff_message_bulk": staff_only(NOT_ALLOWED),
    "recruitment:staff_application": staff_only(reference=MATRIX_REFERENCE),
    "recruitment:staff_guidance": staff_only(),
    # Meetings: a closed workshop is seen only by the people invited and its own staff; the rest
    # of the cast, Administrators included, get a 404 for it, its minutes and its insights.
    "workshops:list": signed_in(OK),
    "workshops:new": staff_only(),
    "workshops:detail": invited_only(pk="@closed_meeting"),
    # The invited applicant may read the closed workshop but not change it.
    "workshops:edit": Row(
        {ANONYMOUS: LOGIN, **dict.fromkeys(Role.values, NOT_FOUND), Role.APPLICANT: FORBIDDEN},
        {"pk": "@closed_meeting"},
    ),
    "workshops:minutes": invited_only(pk="@closed_meeting"),
    "workshops:insights": invited_only(pk="@closed_meeting"),
    "workshops:claim": invited_only(pk="@closed_meeting"),
    "workshops:attachments": invited_only(pk="@closed_meeting"),
    "workshops:attachment": invited_only(pk="@closed_meeting", attachment_pk="@attachment"),
    "workshops:receipt": staff_only(pk="@receipt"),
    "workshops:rates": staff_only(),
    "workshops:action": staff_only(pk="@action"),
    "workshops:accountability": staff_only(),
    "workshops:my_actions": staff_only(),
    "workshops:payments": staff_only(),
    "workshops:payments_export": staff_only(),
    # Reports: the dashboard for Board members, Equality leads and Administrators; only the
    # Equality lead and Administrators build.
    "reports:dashboard": dashboard_roles(OK),
    "reports:build": Row(
        {**dashboard_roles(FORBIDDEN).outcomes, Role.EQUALITY_LEAD: NOT_ALLOWED, Role.ADMINISTRATOR: NOT_ALLOWED}
    ),
    "reports:pdf": dashboard_roles(OK, pk="@snapshot"),
    "reports:json": dashboard_roles(OK, pk="@snapshot"),
    "reports:tables": dashboard_roles(OK, pk="@snapshot"),
    "reports:build_status": dashboard_roles(OK, pk="@snapshot"),
    "reports:benchmarks": benchmark_roles(),
    "reports:benchmark_weight": benchmark_roles(pk="@benchmark"),
    "reports:csv": dashboard_roles(OK, pk="@snapshot", key="ethnic_group-involved"),
    # Signed-in pages.
    "accounts:profile": signed_in(OK),
    "accounts:delete": signed_in(OK),
    # Equality monitoring: each person only ever reaches their own answers; no URL names anyone.
    "demographics:start": signed_in(OK),
    "demographics:question": signed_in(REDIRECT, key="age_band"),
    "demographics:done": signed_in(OK),
    "demographics:summary": signed_in(OK),
    "demographics:download": signed_in(OK, fmt="json"),
    "demographics:withdraw": signed_in(OK),
    "demographics:invitation": signed_in(NOT_FOUND, token="not-a-token"),
    # The Equality lead's question-set pages; the matrix's version 1 is published, so the pages
    # that change a draft send everyone who may use them back to it.
    "demographics:question_sets": benchmark_roles(),
    "demographics:question_set": benchmark_roles(version="1"),
    "demographics:question_new": question_set_roles(REDIRECT, version="1"),
    "demographics:question_edit": question_set_roles(REDIRECT, version="1", key="age_band"),
    "demographics:invite": Row(
        {
            ANONYMOUS: LOGIN,
            Role.APPLICANT: FORBIDDEN,
            Role.RECRUITING_STAFF: OK,
            Role.BOARD_MEMBER: FORBIDDEN,
            Role.EQUALITY_LEAD: OK,
            Role.ADMINISTRATOR: OK,
        }
    ),
    # allauth: sign-in, sign-up and recovery pages are for signed-out people, and send a signed-in
    # person on to their account.
    "account_login": signed_in(REDIRECT, anonymous=OK),
    "account_signup": signed_in(REDIRECT, anonymous=OK),
    "account_request_login_code": signed_in(REDIRECT, anonymous=OK),
    "account_confirm_login_code": everyone(REDIRECT),
    "account_reset_password": everyone(OK),
    "account_reset_password_done": everyone(OK),
    "account_reset_password_from_key": everyone(OK, uidb36="0", key="not-a-key"),
    "account_reset_password_from_key_done": everyone(OK),
    "account_inactive": everyone(OK),
    "account_email_verification_sent": signed_in(REDIRECT),
    "account_logout": signed_in(OK, anonymous=REDIRECT),
    "account_email": signed_in(OK),
    "account_change_password": by_role(LOGIN, applicant=REDIRECT, staff=OK),
    "account_set_password": by_role(LOGIN, applicant=OK, staff=REDIRECT),
    "account_reauthenticate": by_role(LOGIN, applicant=REDIRECT, staff=OK),
    "account_request_reauthentication_code": signed_in(OK),
    "account_confirm_reauthentication_code": signed_in(REDIRECT),
    "mfa_index": signed_in(OK),
    "mfa_authenticate": signed_in(REDIRECT),
    "mfa_reauthenticate": by_role(LOGIN, applicant=REDIRECT, staff=OK),
    "mfa_activate_totp": signed_in(REDIRECT),
    "mfa_deactivate_totp": by_role(LOGIN, applicant=NOT_FOUND, staff=REDIRECT),
    "mfa_view_recovery_codes": by_role(LOGIN, applicant=NOT_FOUND, staff=REDIRECT),
    "mfa_generate_recovery_codes": signed_in(REDIRECT),
    "mfa_download_recovery_codes": by_role(LOGIN, applicant=NOT_FOUND, staff=REDIRECT),
    # Django admin signs in through allauth and admits Administrators, and the Equality lead for
    # the question sets alone.
    "admin:index": admin_site(OK, OK),
    "admin:login": admin_site(REDIRECT, REDIRECT),
    "admin:logout": admin_site(NOT_ALLOWED, NOT_ALLOWED),
    "admin:password_change": admin_site(OK, OK),
    "admin:password_change_done": admin_site(OK, OK),
    "admin:autocomplete": admin_site(FORBIDDEN, FORBIDDEN),
    "admin:jsi18n": admin_site(OK, OK),
    "admin:view_on_site": admin_site(NOT_FOUND, NOT_FOUND, content_type_id="1", object_id="0"),
    "admin:app_list": admin_site(OK, NOT_FOUND, app_label="accounts"),
    "admin:auth_user_password_change": admin_site(NOT_FOUND, FORBIDDEN, id="0"),
    "admin/(?P<url>.*)$": admin_site(NOT_FOUND, NOT_FOUND),
    # The audit log is read-only, even for Administrators.
    "admin:core_auditevent_add": admin_site(FORBIDDEN, FORBIDDEN),
    "admin:core_auditevent_delete": admin_site(FORBIDDEN, FORBIDDEN, object_id="0"),
    # Question sets: new versions are copies (an admin action), never added blank.
    "admin:demographics_questionset_changelist": admin_site(OK, OK),
    "admin:demographics_questionset_add": admin_site(FORBIDDEN, FORBIDDEN),
    "admin:demographics_question_changelist": admin_site(OK, OK),
    "admin:demographics_question_add": admin_site(OK, OK),
    "admin:demographics_option_changelist": admin_site(OK, OK),
    "admin:demographics_option_add": admin_site(OK, OK),
    # The Equality lead manages benchmarks; snapshots are made by builds, never in admin.
    "admin:reports_benchmarkset_changelist": admin_site(OK, OK),
    "admin:reports_benchmarkset_add": admin_site(OK, OK),
    "admin:reports_benchmarkset_change": admin_site(REDIRECT, REDIRECT, object_id="0"),
    "admin/reports/benchmarkset/<path:object_id>/": admin_site(REDIRECT, REDIRECT, object_id="0"),
    "admin:reports_reportsnapshot_add": admin_site(FORBIDDEN, FORBIDDEN),
    # Applications and messages are made by the pipeline, never added in admin.
    "admin:recruitment_application_add": admin_site(FORBIDDEN, FORBIDDEN),
    "admin:recruitment_message_add": admin_site(FORBIDDEN, FORBIDDEN),
    "admin:demographics_questionset_change": admin_site(REDIRECT, REDIRECT, object_id="0"),
    "admin/demographics/questionset/<path:object_id>/": admin_site(REDIRECT, REDIRECT, object_id="0"),
    "admin:demographics_question_change": admin_site(REDIRECT, REDIRECT, object_id="0"),
    "admin:demographics_question_delete": admin_site(REDIRECT, REDIRECT, object_id="0"),
    "admin/demographics/question/<path:object_id>/": admin_site(REDIRECT, REDIRECT, object_id="0"),
    "admin:demographics_option_change": admin_site(REDIRECT, REDIRECT, object_id="0"),
    "admin:demographics_option_delete": admin_site(REDIRECT, REDIRECT, object_id="0"),
    "admin/demographics/option/<path:object_id>/": admin_site(REDIRECT, REDIRECT, object_id="0"),
}

# Every other registered admin model gets the same declaration: Administrators only.
ADMIN_MODEL_VIEWS = {
    "changelist": admin_site(OK, FORBIDDEN),
    "add": admin_site(OK, FORBIDDEN),
    # A missing object sends an Administrator back to the index; history looks for the object
    # before it checks permissions.
    "change": admin_site(REDIRECT, FORBIDDEN, object_id="0"),
    "delete": admin_site(REDIRECT, FORBIDDEN, object_id="0"),
    "history": admin_site(REDIRECT, REDIRECT, object_id="0"),
}


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            route = prefix + str(pattern.pattern)
            key = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or route)
            yield key, route, pattern


def _declaration(key: str, route: str) -> Row | None:
    if key in EXPECTED:
        return EXPECTED[key]
    if key.startswith("admin:"):
        view = key.rsplit("_", 1)[-1]
        return ADMIN_MODEL_VIEWS.get(view)
    if key == route and route.startswith("admin/") and route.endswith("<path:object_id>/"):
        # admin/<app>/<model>/<id>/: the unnamed redirect to that object's change page.
        return ADMIN_MODEL_VIEWS["change"]
    return None


ALL_PATTERNS = [
    (key, route) for key, route, _ in _walk(get_resolver().url_patterns) if not route.startswith(settings.MEDIA_URL)
]


def test_every_url_pattern_has_a_declared_expectation():
    undeclared = [key for key, route in ALL_PATTERNS if _declaration(key, route) is None]
    assert not undeclared, f"Declare who may reach these URLs in EXPECTED: {undeclared}"


def test_every_declaration_matches_a_url_pattern():
    keys = {key for key, _ in ALL_PATTERNS}
    stale = [key for key in EXPECTED if key not in keys]
    assert not stale, f"These declarations match no URL any more: {stale}"


def resolve_kwargs(kwargs: dict[str, str], objects: dict[str, object]) -> dict[str, str]:
    """Fills "@name" values with the ids of the matrix_objects fixture."""
    return {k: str(objects[v[1:]]) if v.startswith("@") else v for k, v in kwargs.items()}


def _path_for(key: str, route: str, row: Row, objects: dict[str, object]) -> str:
    if key != route:
        return reverse(key, kwargs=resolve_kwargs(row.kwargs, objects) or None)
    # An unnamed pattern: fill in its route by hand.
    return "/" + route.replace("<path:object_id>", row.kwargs.get("object_id", "0")).replace(
        "(?P<url>.*)$", "nothing-here/"
    )


def _outcome(client: Client, path: str) -> str:
    response = client.get(path, follow=True)
    login_path = reverse("account_login")
    if response.redirect_chain and response.request["PATH_INFO"] == login_path:
        return LOGIN
    status_names = {403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}
    if response.status_code in status_names:
        return status_names[response.status_code]
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return REDIRECT if response.redirect_chain else OK


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
        staff_roles = {Role.RECRUITING_STAFF, Role.EQUALITY_LEAD, Role.ADMINISTRATOR}
        assert (f'href="{reverse("admin:index")}"' in html) == (role in admin_roles), role
        assert (f'href="{reverse("demographics:invite")}"' in html) == (role in staff_roles), role
        assert (f'href="{reverse("accounts:profile")}"' in html) == (role != ANONYMOUS), role


# What each role gets when it sends the form of a page added or changed by issue 12 (a POST). The
# version is the published one, which stays frozen whoever asks.
POST_EXPECTED: dict[str, tuple[Row, dict[str, str]]] = {
    "demographics:question_sets": (question_set_roles(REDIRECT), {"version": "1"}),
    "demographics:question_set": (question_set_roles(REDIRECT, version="1"), {"action": "publish"}),
    "demographics:question_new": (question_set_roles(REDIRECT, version="1"), {"text": "New"}),
    "demographics:question_edit": (
        question_set_roles(REDIRECT, version="1", key="age_band"),
        {"action": "delete"},
    ),
    # Reassigning the facilitator of the closed workshop: the invited applicant may read its
    # minutes but not change it; to everyone else it does not exist.
    "workshops:minutes": (
        Row(
            {ANONYMOUS: LOGIN, **dict.fromkeys(Role.values, NOT_FOUND), Role.APPLICANT: FORBIDDEN},
            {"pk": "@closed_meeting"},
        ),
        {"action": "facilitator", "facilitator": "@facilitator"},
    ),
}


def _post_outcome(client: Client, path: str, data: dict[str, str]) -> str:
    response = client.post(path, data, follow=True)
    if response.redirect_chain and response.request["PATH_INFO"] == reverse("account_login"):
        return LOGIN
    status_names = {403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}
    if response.status_code in status_names:
        return status_names[response.status_code]
    assert response.status_code == 200, f"POST {path} answered {response.status_code}"
    return REDIRECT if response.redirect_chain else OK


def test_every_post_declaration_matches_a_url_pattern():
    keys = {key for key, _ in ALL_PATTERNS}
    assert [key for key in POST_EXPECTED if key not in keys] == []


@pytest.mark.django_db
def test_each_new_form_answers_each_role_as_declared(users_by_role, matrix_objects):
    from demographics.models import Question, QuestionSet
    from workshops.models import Meeting

    closed = Meeting.objects.get(pk=matrix_objects["closed_meeting"])
    objects = {**matrix_objects, "facilitator": closed.facilitator_id}
    before = list(Question.objects.values_list("pk", "text"))
    mismatches = []
    for key, (row, data) in POST_EXPECTED.items():
        path = reverse(key, kwargs=resolve_kwargs(row.kwargs, objects) or None)
        data = resolve_kwargs(data, objects)
        for role, user in users_by_role.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            actual = _post_outcome(client, path, data)
            if actual != row.outcomes[role]:
                mismatches.append(f"POST {key} ({path}) as {role}: expected {row.outcomes[role]}, got {actual}")
    assert not mismatches, "\n".join(mismatches)
    # Version 1 stayed as it was; the two allowed copies are drafts.
    assert list(Question.objects.filter(question_set__version=1).values_list("pk", "text")) == [
        (pk, text) for pk, text in before
    ]
    assert QuestionSet.objects.get(version=1).status == QuestionSet.Status.PUBLISHED
    assert set(QuestionSet.objects.exclude(version=1).values_list("status", flat=True)) == {"draft"}
