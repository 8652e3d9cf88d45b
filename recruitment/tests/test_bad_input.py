"""Every apply step and the raw staff endpoints, fed hostile values: a clear page or a redirect,
never a server error, and nothing half-saved."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruitment.forms import STEPS
from recruitment.models import Application
from recruitment.tests.factories import OpportunityFactory, submitted_application

NASTY = st.one_of(
    st.text(max_size=40),
    st.text(min_size=1, max_size=5).map(lambda s: s * 25_000),  # far past every limit
    st.sampled_from(
        ["", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "🙂" * 100, "=1+1", "0", "-1", "999999999999"]
    ),
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
STEP_FIELDS = sorted({field for _name, form in STEPS for field in form._meta.fields} | {"website", "action"})


@pytest.mark.django_db
@FUZZ
@given(
    step=st.sampled_from([name for name, _form in STEPS]),
    values=st.fixed_dictionaries({}, optional=dict.fromkeys(STEP_FIELDS, NASTY)),
)
def test_apply_steps_never_fail_and_never_half_save(applicant, step, values):
    opportunity = OpportunityFactory()
    client = Client()
    client.force_login(applicant)
    client.get(reverse("recruitment:apply", kwargs={"pk": opportunity.pk}))
    application = Application.objects.get(opportunity=opportunity)
    before = Application.objects.filter(pk=application.pk).values().get()
    response = client.post(
        reverse("recruitment:step", kwargs={"reference": application.reference, "step": step}), values
    )
    assert response.status_code in (200, 302)
    after = Application.objects.filter(pk=application.pk).values().get()
    if response.status_code == 200:
        assert after == before
    for value in after.values():
        assert not (isinstance(value, str) and "\x00" in value)


@pytest.mark.django_db
@FUZZ
@given(action=NASTY, stage=NASTY, text=NASTY, when=NASTY, template=NASTY, references=st.lists(NASTY, max_size=3))
def test_staff_endpoints_never_fail_on_bad_input(recruiting_staff, action, stage, text, when, template, references):
    application = submitted_application()
    client = Client()
    client.force_login(recruiting_staff)
    everything = {
        "action": action,
        "stage": stage,
        "reason": text,
        "text": text,
        "starts_at": when,
        "format": stage,
        "template": template,
    }
    for name in ("move", "note", "interview", "message"):
        url = reverse(f"recruitment:staff_application_{name}", kwargs={"reference": application.reference})
        assert client.post(url, everything).status_code in (200, 302)
    move = reverse("recruitment:staff_application_move", kwargs={"reference": application.reference})
    assert client.post(move, {"stage": stage, "reason": text}).status_code in (200, 302)
    interview = reverse("recruitment:staff_application_interview", kwargs={"reference": application.reference})
    assert client.post(interview, {"starts_at": when, "format": stage, "place": text}).status_code in (200, 302)
    bulk = {"applications": references, "stage": stage, "reason": text}
    assert client.post(reverse("recruitment:staff_applications"), bulk).status_code in (200, 302)
    assert (
        client.post(
            reverse("recruitment:staff_message_bulk"), {"template": template, "applications": references}
        ).status_code
        == 302
    )
    query = {"q": text, "opportunity": template, "page": when}
    # A NUL in a query string is refused before any view; anything else lists applications.
    expected = 400 if any("\x00" in value for value in query.values()) else 200
    assert client.get(reverse("recruitment:staff_applications"), query).status_code == expected
