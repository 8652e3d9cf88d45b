"""Every form with a date or a time survives a round trip: the page shows the value in the format
the browser's date control reads (ISO), and sending the page back unchanged saves it unchanged."""

import importlib
import inspect
from datetime import date, datetime, timedelta

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from recruitment.models import Interview, Opportunity, RoleTemplate
from recruitment.tests.factories import OpportunityFactory, submitted_application
from reports.models import BenchmarkSet
from tests.html_forms import form_values
from workshops import services as workshop_services
from workshops.models import Action, Meeting
from workshops.tests.factories import make_meeting

PROJECT_APPS = ("accounts", "core", "recruitment", "demographics", "workshops", "reports")
DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.TimeField)
# What the constructors of forms with extra arguments need, for rendering alone.
EXTRA_ARGUMENTS = {"meeting": None, "references": [], "categories": {}}


def _project_forms() -> list[type[forms.BaseForm]]:
    found = []
    for label in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{apps.get_app_config(label).name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                found.append(value)
    return found


def _with_dates(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    return {name: field for name, field in form_class.base_fields.items() if isinstance(field, DATE_FIELDS)}


FORMS_WITH_DATES = [form_class for form_class in _project_forms() if _with_dates(form_class)]


def test_the_forms_with_dates_are_all_found():
    names = {form_class.__name__ for form_class in FORMS_WITH_DATES}
    assert {
        "OpportunityForm",
        "NewOpportunityForm",
        "InterviewForm",
        "MeetingForm",
        "ActionForm",
        "BenchmarkImportForm",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS_WITH_DATES, ids=lambda form_class: form_class.__name__)
def test_each_date_control_shows_its_value_as_iso_and_reads_it_back(form_class):
    fields = _with_dates(form_class)
    initial = {
        name: (
            date(2026, 12, 18)
            if isinstance(field, forms.DateField)
            else timezone.make_aware(datetime(2026, 12, 18, 18, 30))
        )
        for name, field in fields.items()
    }
    wanted = {name for name in inspect.signature(form_class.__init__).parameters if name in EXTRA_ARGUMENTS}
    form = form_class(initial=initial, **{name: EXTRA_ARGUMENTS[name] for name in wanted})
    for name, field in fields.items():
        bound = form[name]
        shown = form_values(f"<form>{bound.as_widget()}</form>", containing=bound.html_name)[bound.html_name][0]
        control = bound.field.widget.input_type
        expected = "2026-12-18" if control == "date" else "2026-12-18T18:30"
        assert control in {"date", "datetime-local"}, f"{form_class.__name__}.{name} is a {control} input"
        assert shown == expected, f"{form_class.__name__}.{name} shows {shown!r}"
        assert field.clean(shown) == initial[name]


def _round_trip(client, url: str, containing: str, changes: dict[str, str] | None = None):
    data = form_values(client.get(url).content.decode(), containing=containing)
    data.update({name: [value] for name, value in (changes or {}).items()})
    return client.post(url, data)


@pytest.mark.django_db
def test_an_opportunity_is_edited_and_saved_unchanged(client, recruiting_staff):
    opportunity = OpportunityFactory(closing_date=date.today() + timedelta(days=40))
    client.force_login(recruiting_staff)
    url = reverse("recruitment:staff_opportunity_edit", kwargs={"pk": opportunity.pk})
    response = _round_trip(client, url, "closing_date")
    assert response.status_code == 302, response.content.decode()
    saved = Opportunity.objects.get(pk=opportunity.pk)
    assert saved.closing_date == opportunity.closing_date
    assert [getattr(saved, f) for f in ("title", "team", "places", "status", "summary")] == [
        getattr(opportunity, f) for f in ("title", "team", "places", "status", "summary")
    ]


@pytest.mark.django_db
def test_a_new_opportunity_keeps_its_closing_date_through_an_error(client, recruiting_staff):
    client.force_login(recruiting_staff)
    url = reverse("recruitment:staff_opportunity_new")
    closing = (timezone.localdate() + timedelta(days=20)).isoformat()
    data = form_values(client.get(url).content.decode(), containing="closing_date")
    template = RoleTemplate.objects.get()
    data.update({"template": [str(template.pk)], "closing_date": [closing], "team": ["Research"], "format": ["online"]})
    page = client.post(url, data).content.decode()
    assert "This field is required." in page
    data = form_values(page, containing="closing_date")
    data["places"] = ["2"]
    assert client.post(url, data).status_code == 302
    assert Opportunity.objects.get().closing_date.isoformat() == closing


@pytest.mark.django_db
def test_a_meeting_is_edited_and_saved_unchanged(client, recruiting_staff):
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=5)
    meeting = workshop_services.meeting_create(
        actor=recruiting_staff,
        kind="workshop",
        title="Listening workshop",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        format="online",
        facilitator=recruiting_staff,
        purpose="Listen",
        visibility="open",
    )
    client.force_login(recruiting_staff)
    url = reverse("workshops:edit", kwargs={"pk": meeting.pk})
    response = _round_trip(client, url, "starts_at")
    assert response.status_code == 302, response.content.decode()
    saved = Meeting.objects.get(pk=meeting.pk)
    assert (saved.starts_at, saved.ends_at, saved.title) == (meeting.starts_at, meeting.ends_at, meeting.title)


@pytest.mark.django_db
def test_a_new_meeting_keeps_its_times_through_an_error(client, recruiting_staff):
    client.force_login(recruiting_staff)
    url = reverse("workshops:new")
    start = timezone.localtime().replace(second=0, microsecond=0) + timedelta(days=3)
    data = form_values(client.get(url).content.decode(), containing="starts_at")
    data.update(
        {
            "kind": ["workshop"],
            "title": [""],
            "starts_at": [start.strftime("%Y-%m-%dT%H:%M")],
            "ends_at": [(start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")],
            "format": ["online"],
            "facilitator": [str(recruiting_staff.pk)],
            "purpose": ["Listen"],
            "visibility": ["open"],
        }
    )
    page = client.post(url, data).content.decode()
    assert "This field is required." in page
    data = form_values(page, containing="starts_at")
    data["title"] = ["Planning meeting"]
    assert client.post(url, data).status_code == 302
    assert Meeting.objects.get().starts_at == start


@pytest.mark.django_db
def test_an_interview_keeps_its_time_through_an_error(client, recruiting_staff):
    application = submitted_application()
    client.force_login(recruiting_staff)
    page_url = reverse("recruitment:staff_application", kwargs={"reference": application.reference})
    url = reverse("recruitment:staff_application_interview", kwargs={"reference": application.reference})
    starts = timezone.localtime().replace(second=0, microsecond=0) + timedelta(days=4)
    data = form_values(client.get(page_url).content.decode(), containing="starts_at")
    data.update({"starts_at": [starts.strftime("%Y-%m-%dT%H:%M")], "format": ["nowhere"]})
    # The interview form sits on a page with others: a bad choice is reported, nothing is saved,
    # and the page shown again keeps the time.
    page = client.post(url, data).content.decode()
    assert not Interview.objects.exists()
    data = form_values(page, containing="starts_at")
    assert data["starts_at"] == [starts.strftime("%Y-%m-%dT%H:%M")]
    data["format"] = ["online"]
    assert client.post(url, data).status_code == 302
    assert Interview.objects.get().starts_at == starts


@pytest.mark.django_db
def test_an_action_from_an_insight_keeps_its_due_date(client, recruiting_staff):
    start = timezone.now() - timedelta(days=1)
    meeting = make_meeting(
        recruiting_staff,
        kind="project_meeting",
        title="Project meeting",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        format="online",
        venue="",
        purpose="Plan",
    )
    insight = workshop_services.insight_add(
        meeting=meeting, text="Fewer forms", themes=[], raised_by=None, anonymous=False, actor=recruiting_staff
    )
    client.force_login(recruiting_staff)
    page = client.get(reverse("workshops:insights", kwargs={"pk": meeting.pk})).content.decode()
    prefix = f"action-{insight.pk}"
    data = form_values(page, containing=f"{prefix}-due_date")
    due = timezone.localdate() + timedelta(days=7)
    data.update({f"{prefix}-title": ["Cut the form"], f"{prefix}-owner": [str(recruiting_staff.pk)]})
    data[f"{prefix}-due_date"] = [due.isoformat()]
    url = reverse("workshops:insight_action_add", kwargs={"pk": meeting.pk, "insight_pk": insight.pk})
    assert client.post(url, data).status_code == 302
    assert Action.objects.get().due_date == due


@pytest.mark.django_db
def test_benchmarks_keep_their_date_through_an_error(client, equality_lead):
    client.force_login(equality_lead)
    url = reverse("reports:benchmarks")
    data = form_values(client.get(url).content.decode(), containing="as_of")
    data.update({"name": ["Census 2031"], "as_of": ["2031-03-21"]})
    page = client.post(url, data).content.decode()  # no file: an error, and the date is kept
    assert "This field is required." in page
    data = form_values(page, containing="as_of")
    assert data["as_of"] == ["2031-03-21"]
    csv = "dimension,category,share_percent,source\nsex,Female,51.0,Census\nsex,Male,49.0,Census\n"
    response = client.post(url, {**data, "file": SimpleUploadedFile("b.csv", csv.encode())})
    assert response.status_code == 302, response.content.decode()
    assert BenchmarkSet.objects.get(name="Census 2031: sex").as_of == date(2031, 3, 21)
