"""Line breaks and other control characters are refused in every single-line field, in one place:
a name or a title ends up in e-mail headers and greetings, where a line break forges new lines."""

import importlib
import inspect
from datetime import timedelta

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from workshops.models import Meeting

BAD_VALUES = ["Ade\r\nClick here: https://evil.example", "Title\nBcc: victim@example.org", "a\tb", "a\x1bb", "a\u2028b"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_VALUES)
def test_a_sign_up_name_with_a_line_break_is_refused_with_a_clear_error(client, name):
    response = client.post(reverse("account_signup"), {"email": "new@example.net", "name": name})
    assert response.status_code == 200
    assert "one line" in response.content.decode()
    assert not User.objects.filter(email="new@example.net").exists()


@pytest.mark.django_db
def test_a_meeting_title_with_a_line_break_is_refused(client, recruiting_staff):
    client.force_login(recruiting_staff)
    start = timezone.localtime() + timedelta(days=3)
    data = {
        "kind": "workshop",
        "title": "Workshop\r\nBcc: everyone@example.org",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "format": "online",
        "facilitator": recruiting_staff.pk,
        "purpose": "Listen",
        "visibility": "open",
    }
    response = client.post(reverse("workshops:new"), data)
    assert response.status_code == 200
    assert "one line" in response.content.decode()
    assert not Meeting.objects.exists()
    data["title"] = "Workshop"
    assert client.post(reverse("workshops:new"), data).status_code == 302


def test_text_areas_keep_their_line_breaks():
    assert forms.CharField(widget=forms.Textarea).clean("First line\r\nSecond line") == "First line\r\nSecond line"


def _project_forms() -> list[type[forms.BaseForm]]:
    found = []
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in {"core", "accounts", "recruitment", "demographics", "workshops", "reports"}:
            continue
        for module_name in ("forms", "auth_forms", "filters"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                    found.append(value)
    return found


@pytest.mark.django_db
def test_every_single_line_field_of_every_form_refuses_control_characters():
    forms_found = _project_forms()
    assert len(forms_found) > 15
    checked = []
    for form_class in forms_found:
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.Textarea):
                continue
            for value in BAD_VALUES:
                with pytest.raises(forms.ValidationError):
                    field.clean(value)
            checked.append(f"{form_class.__name__}.{name}")
    assert "SignupForm.name" in checked
    assert "MeetingForm.title" in checked
