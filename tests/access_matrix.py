"""Every URL pattern of the project, checked against anonymous and every role, for GET and POST.

The expected outcome of each pattern is declared once in EXPECTED. A URL pattern with no
declaration fails `test_every_url_pattern_has_a_declared_expectation`, so each new page must say
who may reach it. Each row also says what a POST gives every role: `posting(...)` declares it, with
the data sent (a real action where the page has one); a page without that declaration takes no
POST (405 where a GET would be shown); admin pages answer a POST as they answer a GET. Every POST
runs in a transaction rolled back afterwards, so no role's POST changes what the next one meets.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

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


NOT_ALLOWED = "method not allowed"  # 405: the page does not take this method


NO_CONTENT = "no content"  # 204


STAFF_ROLES = (Role.RECRUITING_STAFF, Role.BOARD_MEMBER, Role.EQUALITY_LEAD, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class Row:
    outcomes: dict[str, str]
    kwargs: dict[str, str] = field(default_factory=dict)
    post: dict[str, str] | None = None  # what a POST gives each role; None: the page takes no POST
    data: dict[str, object] = field(default_factory=dict)  # what the POST sends ("@name" filled in)


def posting(row: Row, outcomes: Row | None = None, **data: object) -> Row:
    """`row`, with what a POST of `data` gives each role (by default what a GET gives)."""
    return replace(row, post=(outcomes or row).outcomes, data=data)


def post_only(row: Row, **data: object) -> Row:
    """A URL that only takes a POST (one action): a GET is refused (405) to anyone signed in, and
    a POST of `data` gives each role what `row` says (its kwargs fill in the URL)."""
    return replace(signed_in(NOT_ALLOWED, **row.kwargs), post=row.outcomes, data=data)


def everyone(outcome: str, **kwargs: str) -> Row:
    return Row(dict.fromkeys(ROLES, outcome), kwargs)


def signed_in(outcome: str, anonymous: str = LOGIN, **kwargs: str) -> Row:
    return Row({ANONYMOUS: anonymous, **dict.fromkeys(Role.values, outcome)}, kwargs)


def by_role(anonymous: str, applicant: str, staff: str, **kwargs: str) -> Row:
    return Row({ANONYMOUS: anonymous, Role.APPLICANT: applicant, **dict.fromkeys(STAFF_ROLES, staff)}, kwargs)


def staff_only(outcome: str = OK, others: str = FORBIDDEN, **kwargs: str) -> Row:
    """Pages for roles with the staff area: Recruiting staff and Administrators. The Equality lead
    has reports, benchmarks and question sets, not the recruitment pipeline (least privilege)."""
    staff = {Role.RECRUITING_STAFF, Role.ADMINISTRATOR}
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


def invited_only(outcome: str = OK, **kwargs: str) -> Row:
    """The matrix's closed workshop: only the applicant was invited."""
    return Row({ANONYMOUS: LOGIN, **dict.fromkeys(Role.values, NOT_FOUND), Role.APPLICANT: outcome}, kwargs)


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
    "core:keepalive": posting(signed_in(NOT_ALLOWED), signed_in(NO_CONTENT)),
    # Recruitment: public listing, adverts and guidance.
    "recruitment:listing": everyone(OK),
    "recruitment:detail": everyone(OK, pk="@opportunity"),
    "recruitment:guidance_list": everyone(OK),
    "recruitment:guidance": everyone(OK, slug="how-to-apply"),
    "recruitment:video_file": everyone(OK, pk="@video", part="captions"),
    # Applying: starting sends each person to their own draft.
    "recruitment:apply": posting(signed_in(REDIRECT, pk="@opportunity")),
    # Pages that only show what is there answer a POST as a GET, and change nothing.
    "recruitment:my_applications": posting(signed_in(OK)),
    "recruitment:my_application": posting(own_application(OK)),
    "recruitment:step": posting(own_application(REDIRECT, step="about"), name="Ade", email="ade@example.net"),
    "recruitment:check": posting(own_application(REDIRECT)),
    "recruitment:confirmation": posting(own_application(OK)),
    "recruitment:withdraw": posting(own_application(OK), own_application(REDIRECT)),
    "recruitment:delete": posting(own_application(OK), own_application(REDIRECT)),
    "recruitment:download": posting(own_application(OK)),
    # The staff pipeline. A POST with missing answers shows the form again (OK) to staff.
    "recruitment:staff_opportunities": posting(staff_only()),
    "recruitment:staff_opportunity_new": posting(staff_only()),
    "recruitment:staff_opportunity_edit": posting(staff_only(pk="@opportunity")),
    "recruitment:staff_outreach": posting(staff_only(pk="@opportunity")),
    "recruitment:staff_applications": posting(
        staff_only(), staff_only(REDIRECT), applications=[MATRIX_REFERENCE], stage="shortlisted"
    ),
    "recruitment:staff_export": staff_only(),
    "recruitment:staff_message_bulk": posting(
        staff_only(NOT_ALLOWED),
        staff_only(REDIRECT),
        template="@message_template",
        applications=[MATRIX_REFERENCE],
    ),
    # An application's page, and each action on it at its own URL, which takes only a POST.
    "recruitment:staff_application": posting(staff_only(reference=MATRIX_REFERENCE), staff_only(NOT_ALLOWED)),
    "recruitment:staff_application_move": posting(
        staff_only(NOT_ALLOWED, reference=MATRIX_REFERENCE), staff_only(REDIRECT), stage="shortlisted"
    ),
    "recruitment:staff_application_note": posting(
        staff_only(NOT_ALLOWED, reference=MATRIX_REFERENCE), staff_only(REDIRECT), text="Matrix note"
    ),
    # A time in the past: the form is shown again with the error (nothing is arranged).
    "recruitment:staff_application_interview": posting(
        staff_only(NOT_ALLOWED, reference=MATRIX_REFERENCE),
        staff_only(OK),
        starts_at="2000-01-01T10:00",
        format="online",
    ),
    "recruitment:staff_application_message": posting(
        staff_only(NOT_ALLOWED, reference=MATRIX_REFERENCE), staff_only(REDIRECT), template="@message_template"
    ),
    "recruitment:staff_guidance": staff_only(),
    # Meetings: a closed workshop is seen only by the people invited and its own staff; the rest
    # of the cast, Administrators included, get a 404 for it, its minutes and its insights.
    "workshops:list": signed_in(OK),
    "workshops:new": posting(staff_only()),
    # Each action on a meeting has its own URL, which takes only a POST. The matrix's staff run
    # the open project meeting (no cast member runs the closed workshop: the invited applicant
    # is refused its staff actions, everyone else is told it does not exist).
    "workshops:detail": posting(invited_only(pk="@closed_meeting"), signed_in(NOT_ALLOWED)),
    "workshops:meeting_reply": post_only(invited_only(REDIRECT, pk="@closed_meeting"), reply="accepted"),
    "workshops:meeting_invite": post_only(
        staff_only(REDIRECT, others=NOT_FOUND, pk="@open_meeting"), emails="applicant@example.net"
    ),
    "workshops:meeting_participant_add": post_only(
        staff_only(REDIRECT, others=NOT_FOUND, pk="@open_meeting"), name="Matrix Person", email="mp@example.net"
    ),
    "workshops:meeting_attendance": post_only(
        staff_only(REDIRECT, others=NOT_FOUND, pk="@open_meeting"),
        **{"attendance-TOTAL_FORMS": "0", "attendance-INITIAL_FORMS": "0"},
    ),
    "workshops:meeting_facilitator": post_only(invited_only(FORBIDDEN, pk="@closed_meeting"), facilitator="1"),
    "workshops:minutes_save": post_only(
        staff_only(REDIRECT, others=NOT_FOUND, pk="@open_meeting"), body="Matrix minutes"
    ),
    "workshops:minutes_approve": post_only(invited_only(FORBIDDEN, pk="@closed_meeting")),
    "workshops:insight_add": post_only(staff_only(REDIRECT, others=NOT_FOUND, pk="@open_meeting"), text="Said"),
    "workshops:insight_respond": post_only(
        invited_only(FORBIDDEN, pk="@closed_meeting", insight_pk="0"), **{"respond-0-status": "answered_after"}
    ),
    "workshops:insight_action_add": post_only(
        invited_only(FORBIDDEN, pk="@closed_meeting", insight_pk="0"), **{"action-0-title": "Book rooms"}
    ),
    # The invited applicant may read the closed workshop but not change it.
    "workshops:edit": posting(
        Row(
            {ANONYMOUS: LOGIN, **dict.fromkeys(Role.values, NOT_FOUND), Role.APPLICANT: FORBIDDEN},
            {"pk": "@closed_meeting"},
        ),
        title="Renamed",
    ),
    "workshops:minutes": posting(invited_only(pk="@closed_meeting"), signed_in(NOT_ALLOWED)),
    "workshops:insights": posting(invited_only(pk="@closed_meeting"), signed_in(NOT_ALLOWED)),
    # The applicant may claim (once: the matrix claim is made, so the form says so).
    "workshops:claim": posting(invited_only(pk="@closed_meeting"), hours="1"),
    "workshops:attachments": posting(invited_only(pk="@closed_meeting"), invited_only(FORBIDDEN), title="Another file"),
    "workshops:attachment": posting(
        invited_only(pk="@closed_meeting", attachment_pk="@attachment"), signed_in(NOT_ALLOWED)
    ),
    # Claims and receipts of the closed workshop are for its own staff and Finance (none of the
    # cast): other staff are told they do not exist, and cannot approve them.
    "workshops:receipt": posting(staff_only(NOT_FOUND, pk="@receipt"), signed_in(NOT_ALLOWED)),
    "workshops:rates": posting(staff_only(), staff_only(REDIRECT), kind="workshop", hourly_rate="30"),
    "workshops:action": posting(staff_only(pk="@action"), staff_only(REDIRECT), status="in_progress"),
    "workshops:accountability": staff_only(),
    "workshops:my_actions": staff_only(),
    "workshops:payments": posting(staff_only(), signed_in(NOT_ALLOWED)),
    "workshops:claim_approve": post_only(staff_only(NOT_FOUND, pk="@claim")),
    "workshops:claim_mark_paid": post_only(staff_only(NOT_FOUND, pk="@claim")),
    "workshops:payments_export": posting(staff_only(), signed_in(NOT_ALLOWED)),
    # Reports: the dashboard for Board members, Equality leads and Administrators; only the
    # Equality lead and Administrators build.
    "reports:dashboard": dashboard_roles(OK),
    "reports:build": posting(
        Row({**dashboard_roles(FORBIDDEN).outcomes, Role.EQUALITY_LEAD: NOT_ALLOWED, Role.ADMINISTRATOR: NOT_ALLOWED}),
        Row({**dashboard_roles(FORBIDDEN).outcomes, Role.EQUALITY_LEAD: REDIRECT, Role.ADMINISTRATOR: REDIRECT}),
    ),
    "reports:pdf": dashboard_roles(OK, pk="@snapshot"),
    "reports:json": dashboard_roles(OK, pk="@snapshot"),
    "reports:tables": dashboard_roles(OK, pk="@snapshot"),
    "reports:build_status": dashboard_roles(OK, pk="@snapshot"),
    "reports:benchmarks": posting(benchmark_roles()),
    "reports:benchmark_weight": posting(benchmark_roles(pk="@benchmark")),
    "reports:csv": dashboard_roles(OK, pk="@snapshot", key="ethnic_group-involved"),
    # Signed-in pages: each person changes only their own account.
    "accounts:profile": posting(signed_in(OK), signed_in(REDIRECT), name="A new name"),
    "accounts:delete": posting(signed_in(OK), signed_in(REDIRECT)),
    # The language switcher of a signed-in person, and the account page's language choice.
    "accounts:language": posting(signed_in(NOT_ALLOWED), signed_in(REDIRECT), language="cy", next="/"),
    # Equality monitoring: each person only ever reaches their own answers; no URL names anyone.
    "demographics:start": posting(signed_in(OK)),
    "demographics:question": posting(signed_in(REDIRECT, key="age_band")),
    "demographics:done": posting(signed_in(OK)),
    "demographics:summary": posting(signed_in(OK)),
    "demographics:download": posting(signed_in(OK, fmt="json")),
    "demographics:withdraw": posting(signed_in(OK), signed_in(REDIRECT)),
    "demographics:invitation": signed_in(NOT_FOUND, token="not-a-token"),
    # The Equality lead's question-set pages; the matrix's version 1 is published, so the pages
    # that change a draft send everyone who may use them back to it (a POST to copy or publish
    # does the same), and nobody else reaches them.
    "demographics:question_sets": posting(benchmark_roles(), question_set_roles(NOT_ALLOWED)),
    "demographics:question_set": posting(benchmark_roles(version="1"), question_set_roles(NOT_ALLOWED)),
    "demographics:question_set_copy": posting(
        question_set_roles(NOT_ALLOWED, version="1"), question_set_roles(REDIRECT)
    ),
    "demographics:question_set_details": posting(
        question_set_roles(NOT_ALLOWED, version="1"), question_set_roles(REDIRECT), name="Renamed"
    ),
    "demographics:question_set_publish": posting(
        question_set_roles(NOT_ALLOWED, version="1"), question_set_roles(REDIRECT)
    ),
    "demographics:question_new": posting(question_set_roles(REDIRECT, version="1"), text="New"),
    "demographics:question_edit": posting(question_set_roles(REDIRECT, version="1", key="age_band"), text="New"),
    "demographics:question_delete": posting(
        question_set_roles(NOT_ALLOWED, version="1", key="age_band"), question_set_roles(REDIRECT)
    ),
    "demographics:invite": posting(staff_only()),
    # allauth: sign-in, sign-up and recovery pages are for signed-out people, and send a signed-in
    # person on to their account.
    "account_login": posting(signed_in(REDIRECT, anonymous=OK)),
    "account_signup": posting(signed_in(REDIRECT, anonymous=OK)),
    "account_request_login_code": posting(signed_in(REDIRECT, anonymous=OK)),
    "account_confirm_login_code": posting(everyone(REDIRECT)),
    "account_reset_password": posting(everyone(OK)),
    "account_reset_password_done": everyone(OK),
    "account_reset_password_from_key": posting(everyone(OK, uidb36="0", key="not-a-key")),
    "account_reset_password_from_key_done": everyone(OK),
    "account_inactive": everyone(OK),
    "account_email_verification_sent": posting(signed_in(REDIRECT)),
    "account_logout": posting(signed_in(OK, anonymous=REDIRECT), everyone(REDIRECT)),
    # Adding an address asks the person to sign in again first (the cast's sessions were made
    # without signing in, so they are sent to reauthenticate).
    "account_email": posting(signed_in(OK), signed_in(REDIRECT), action_add="", email="added@example.org"),
    # Changing or setting a password likewise asks for reauthentication first.
    "account_change_password": posting(signed_in(REDIRECT)),
    "account_set_password": posting(signed_in(REDIRECT)),
    "account_reauthenticate": posting(by_role(LOGIN, applicant=REDIRECT, staff=OK)),
    "account_request_reauthentication_code": posting(signed_in(OK)),
    "account_confirm_reauthentication_code": posting(signed_in(REDIRECT)),
    "mfa_index": signed_in(OK),
    "mfa_authenticate": posting(signed_in(REDIRECT)),
    "mfa_reauthenticate": posting(by_role(LOGIN, applicant=REDIRECT, staff=OK)),
    "mfa_activate_totp": posting(signed_in(REDIRECT)),
    # Switching the authenticator off, or new recovery codes, need reauthentication too.
    "mfa_deactivate_totp": posting(by_role(LOGIN, applicant=NOT_FOUND, staff=REDIRECT)),
    "mfa_view_recovery_codes": posting(by_role(LOGIN, applicant=NOT_FOUND, staff=REDIRECT), signed_in(NOT_ALLOWED)),
    "mfa_generate_recovery_codes": posting(signed_in(REDIRECT)),
    "mfa_download_recovery_codes": posting(by_role(LOGIN, applicant=NOT_FOUND, staff=REDIRECT)),
    # Django admin signs in through allauth and admits Administrators, and the Equality lead for
    # the question sets alone.
    "admin:index": admin_site(OK, OK),
    "admin:login": posting(admin_site(REDIRECT, REDIRECT), admin_site(OK, OK)),
    "admin:logout": posting(admin_site(NOT_ALLOWED, NOT_ALLOWED), admin_site(REDIRECT, REDIRECT)),
    "admin:password_change": admin_site(OK, OK),
    "admin:password_change_done": posting(admin_site(OK, OK), admin_site(NOT_ALLOWED, NOT_ALLOWED)),
    "admin:autocomplete": posting(admin_site(FORBIDDEN, FORBIDDEN), admin_site(NOT_ALLOWED, NOT_ALLOWED)),
    "admin:jsi18n": posting(admin_site(OK, OK), admin_site(NOT_ALLOWED, NOT_ALLOWED)),
    "admin:view_on_site": admin_site(NOT_FOUND, NOT_FOUND, content_type_id="1", object_id="0"),
    "admin:app_list": admin_site(OK, NOT_FOUND, app_label="accounts"),
    "admin:auth_user_password_change": admin_site(NOT_FOUND, FORBIDDEN, id="0"),
    "admin/(?P<url>.*)$": admin_site(NOT_FOUND, NOT_FOUND),
    # The audit log is read-only, even for Administrators: a POST to change an event is refused.
    "admin:core_auditevent_add": admin_site(FORBIDDEN, FORBIDDEN),
    "admin:core_auditevent_delete": admin_site(FORBIDDEN, FORBIDDEN, object_id="0"),
    "admin:core_auditevent_change": posting(
        admin_site(REDIRECT, FORBIDDEN, object_id="0"), admin_site(FORBIDDEN, FORBIDDEN)
    ),
    # Daily counts of equality events are written by the services, never edited by hand.
    "admin:demographics_eventcount_add": admin_site(FORBIDDEN, FORBIDDEN),
    "admin:demographics_eventcount_delete": admin_site(FORBIDDEN, FORBIDDEN, object_id="0"),
    "admin:demographics_eventcount_change": posting(
        admin_site(REDIRECT, FORBIDDEN, object_id="0"), admin_site(FORBIDDEN, FORBIDDEN)
    ),
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
    "admin:reports_reportsnapshot_change": posting(
        admin_site(REDIRECT, FORBIDDEN, object_id="0"), admin_site(FORBIDDEN, FORBIDDEN)
    ),
    # Applications and messages are made by the pipeline, never added in admin.
    "admin:recruitment_application_add": admin_site(FORBIDDEN, FORBIDDEN),
    "admin:recruitment_message_add": admin_site(FORBIDDEN, FORBIDDEN),
    "admin:recruitment_application_change": posting(
        admin_site(REDIRECT, FORBIDDEN, object_id="0"), admin_site(FORBIDDEN, FORBIDDEN)
    ),
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


def resolve_kwargs(kwargs: dict[str, str], objects: dict[str, object]) -> dict[str, str]:
    """Fills "@name" values with the ids of the matrix_objects fixture."""
    return {k: str(objects[v[1:]]) if v.startswith("@") else v for k, v in kwargs.items()}


def _resolve_data(data: dict[str, object], objects: dict[str, object]) -> dict[str, object]:
    return {k: str(objects[v[1:]]) if isinstance(v, str) and v.startswith("@") else v for k, v in data.items()}


def _post_declaration(key: str, row: Row) -> dict[str, str]:
    """What a POST gives each role: as declared; for admin pages, what a GET gives (they take
    POST under the same checks); otherwise the page takes no POST, so whoever may see it is
    told 405 and everyone else is refused as for a GET."""
    if row.post is not None:
        return row.post
    if key.startswith("admin"):
        return row.outcomes
    return {role: NOT_ALLOWED if outcome in (OK, REDIRECT) else outcome for role, outcome in row.outcomes.items()}


def _path_for(key: str, route: str, row: Row, objects: dict[str, object]) -> str:
    if key != route:
        return reverse(key, kwargs=resolve_kwargs(row.kwargs, objects) or None)
    # An unnamed pattern: fill in its route by hand.
    return "/" + route.replace("<path:object_id>", row.kwargs.get("object_id", "0")).replace(
        "(?P<url>.*)$", "nothing-here/"
    )


def _outcome(client: Client, path: str, data: dict[str, object] | None = None) -> str:
    response = client.get(path, follow=True) if data is None else client.post(path, data, follow=True)
    login_path = reverse("account_login")
    if response.redirect_chain and response.request["PATH_INFO"] == login_path:
        return LOGIN
    status_names = {204: NO_CONTENT, 403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}
    if response.status_code in status_names:
        return status_names[response.status_code]
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return REDIRECT if response.redirect_chain else OK
