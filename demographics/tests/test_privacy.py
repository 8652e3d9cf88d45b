"""The privacy architecture: answers cannot be linked to people from the database alone, and
nothing in recruitment can see them."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.db.models import Model, QuerySet
from django.test import Client, override_settings
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.models import AuditEvent
from demographics import selectors, services
from demographics.models import Answer, Consent, EventCount
from demographics.pseudonym import subject_key_for
from demographics.tests.factories import answers_give

ROOT = Path(settings.BASE_DIR)
DEMOGRAPHIC_MODELS = ("demographics.",)


@pytest.fixture
def people(db):
    people = [UserFactory(email=f"distinctive{i}@example.net", name=f"Zebedee Quill {i}") for i in range(3)]
    for person in people:
        answers_give(person, age_band="45_54", religion="sikh")
    return people


@pytest.mark.django_db
def test_no_table_links_an_answer_to_a_person(people):
    subject_keys = set(Answer.objects.values_list("subject_key", flat=True)) | set(
        Consent.objects.values_list("subject_key", flat=True)
    )
    assert subject_keys == {subject_key_for(p.pk) for p in people}
    demographic_tables = {t for t in connection.introspection.table_names() if t.startswith("demographics_")}
    assert {"demographics_answer", "demographics_consent"} <= demographic_tables
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names come from introspection
            columns = [column.name for column in cursor.description]
            rows = cursor.fetchall()
            if table in demographic_tables:
                assert not any(
                    c in {"user_id", "email", "application_id"} or c.endswith("_user_id") for c in columns
                ), table
                for row in rows:
                    texts = {str(value) for value in row if isinstance(value, str)}
                    assert not texts & ({p.email for p in people} | {p.name for p in people}), table
            else:
                for row in rows:
                    for value in row:
                        assert not (isinstance(value, str) and any(key in value for key in subject_keys)), (
                            f"{table} holds a subject key"
                        )


@pytest.mark.django_db
def test_equality_events_are_counted_per_day_not_written_to_the_audit_log(people):
    assert not AuditEvent.objects.filter(action__startswith="equality_").exists()
    counts = {(c.day, c.kind): c.count for c in EventCount.objects.all()}
    today = timezone.localdate()
    assert counts == {(today, "consent_given"): 3, (today, "answer_given"): 6}


def _demographics_imports(source: str) -> list[str]:
    """Every way a module can import demographics: import, from-import, or by name at runtime."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "demographics"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "demographics":
            found.append(node.module or "")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in {
            "__import__",
            "import_module",
        }:
            found += [str(a.value) for a in node.args if isinstance(a, ast.Constant) and "demographics" in str(a.value)]
    return found


def test_recruitment_never_imports_demographics():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in (ROOT / "recruitment").rglob("*.py")
        if (found := _demographics_imports(path.read_text()))
    }
    assert not offenders


@pytest.mark.parametrize(
    "source",
    [
        "import demographics.selectors",
        "from demographics import selectors",
        "from demographics.models import Answer",
        "import importlib\nimportlib.import_module('demographics.selectors')",
        "__import__('demographics')",
    ],
)
def test_the_import_check_catches_every_form_of_import(source):
    assert _demographics_imports(source)


def _holds_equality_data(value, subject_keys, depth=0) -> bool:
    if depth > 3:
        return False
    if isinstance(value, Model):
        return value._meta.label.startswith(DEMOGRAPHIC_MODELS)
    if isinstance(value, QuerySet):
        return value.model._meta.label.startswith(DEMOGRAPHIC_MODELS)
    if isinstance(value, str):
        return any(key in value for key in subject_keys)
    if isinstance(value, dict):
        return any(_holds_equality_data(v, subject_keys, depth + 1) for v in value.values())
    if isinstance(value, list | tuple | set):
        return any(_holds_equality_data(v, subject_keys, depth + 1) for v in list(value)[:50])
    return False


@pytest.mark.django_db
def test_no_page_outside_equality_monitoring_carries_equality_data(people, recruiting_staff, matrix_objects):
    """Every page a reviewer can open (recruitment's included, as they are added) is rendered and
    its template context searched for equality models and subject keys."""
    from tests.access_matrix import ALL_PATTERNS, EXPECTED

    # The reviewer's pages about an applicant who has answered the equality questions.
    answers_give(matrix_objects["application"].applicant, ethnic_group="asian")

    subject_keys = {subject_key_for(p.pk) for p in people}
    contexts = []

    rendered_pages = [0]

    def capture(sender, context, **kwargs):
        contexts.append(context)
        rendered_pages[0] += 1

    template_rendered.connect(capture)
    try:
        applicant = matrix_objects["application"].applicant
        subject_keys.add(subject_key_for(applicant.pk))
        for viewer in (recruiting_staff, applicant):
            client = Client()
            client.force_login(viewer)
            for key, _route in ALL_PATTERNS:
                if (
                    key.startswith(("demographics:", "admin:"))
                    or key not in EXPECTED
                    or EXPECTED[key].kwargs
                    or "/" in key
                ):
                    continue
                contexts.clear()
                client.get(reverse(key))
                for context in contexts:
                    flat = {k: v for layer in context.dicts for k, v in layer.items()}
                    leaking = [k for k, v in flat.items() if _holds_equality_data(v, subject_keys)]
                    assert not leaking, f"{key} shows {leaking}"
    finally:
        template_rendered.disconnect(capture)
    assert rendered_pages[0] > 20  # the check above really saw the recruitment pages


def test_admin_shows_no_answers_or_consents():
    assert Answer not in admin.site._registry
    assert Consent not in admin.site._registry


@pytest.mark.django_db
def test_admin_shows_response_counts_only(people, equality_lead, client):
    client.force_login(equality_lead)
    page = client.get(reverse("admin:demographics_questionset_changelist")).content.decode()
    assert "UK harmonised equality questions" in page
    assert selectors.question_sets_with_response_counts().get(version=1).respondents == 3
    assert "Zebedee" not in page
    assert "distinctive" not in page


@pytest.mark.django_db
def test_key_rotation_keeps_every_answer_reachable_under_the_new_key_only(people, settings):
    old_key = settings.DEMOGRAPHICS_PSEUDONYM_KEY
    new_key = "a-brand-new-pseudonym-key-for-the-rotation-test-0123"
    orphan = UserFactory()
    answers_give(orphan, sex="male")
    orphan_key = subject_key_for(orphan.pk)
    result = services.pseudonym_key_rotate(old_key=old_key, new_key=new_key, user_ids=[p.pk for p in people])
    assert result == {"subjects_rekeyed": 3, "subjects_unmatched": 1}
    with override_settings(DEMOGRAPHICS_PSEUDONYM_KEY=new_key):
        for person in people:
            assert set(selectors.answers_own(user=person)) == {"age_band", "religion"}
            assert selectors.consent_active(user=person) is not None
    for person in people:
        assert selectors.answers_own(user=person) == {}
    assert Answer.objects.filter(subject_key=orphan_key).exists()
    assert AuditEvent.objects.filter(action="pseudonym_key_rotated").get().detail == result


@pytest.mark.django_db
def test_rotate_command_reads_keys_from_the_environment(people, settings, monkeypatch):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("rotate_pseudonym_key", yes=True)
    monkeypatch.setenv("DEMOGRAPHICS_PSEUDONYM_KEY_OLD", settings.DEMOGRAPHICS_PSEUDONYM_KEY)
    with pytest.raises(CommandError):
        call_command("rotate_pseudonym_key", yes=True)
    settings.DEMOGRAPHICS_PSEUDONYM_KEY = "another-new-pseudonym-key-for-the-command-test-0123"
    call_command("rotate_pseudonym_key", yes=True)
    assert set(selectors.answers_own(user=people[0])) == {"age_band", "religion"}


def test_the_subject_key_depends_on_the_key_in_the_environment(settings):
    first = subject_key_for(42)
    settings.DEMOGRAPHICS_PSEUDONYM_KEY = "some-other-key-entirely-0123456789abcdef"
    assert subject_key_for(42) != first
    assert len(first) == 64
    assert "42" not in first
