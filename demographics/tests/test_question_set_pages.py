"""The Equality lead's page for question-set versions: copy a version as a draft, change it,
publish it. Published versions are frozen, and the pages show how many people answered, never
who or what."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import ANONYMOUS
from core.models import AuditEvent
from demographics import selectors, services
from demographics.models import Question, QuestionSet
from demographics.pseudonym import subject_key_for
from tests.html_forms import form_values


def _set(version: int) -> str:
    return reverse("demographics:question_set", kwargs={"version": version})


def _question(version: int, key: str) -> str:
    return reverse("demographics:question_edit", kwargs={"version": version, "key": key})


def _copy(version: int) -> str:
    return reverse("demographics:question_set_copy", kwargs={"version": version})


def _publish(version: int) -> str:
    return reverse("demographics:question_set_publish", kwargs={"version": version})


def _details(version: int) -> str:
    return reverse("demographics:question_set_details", kwargs={"version": version})


def _delete(version: int, key: str) -> str:
    return reverse("demographics:question_delete", kwargs={"version": version, "key": key})


@pytest.fixture
def lead(client, equality_lead):
    client.force_login(equality_lead)
    return client


@pytest.mark.django_db
def test_the_lead_copies_a_version_changes_the_draft_and_publishes_it(lead, equality_lead):
    response = lead.post(_copy(1))
    assert response["Location"] == _set(2)
    draft = QuestionSet.objects.get(version=2)
    assert draft.status == QuestionSet.Status.DRAFT
    assert draft.questions.count() == 11

    # Change a question's wording, rename an answer, drop one and add one.
    data = form_values(lead.get(_question(2, "sex")).content.decode(), containing="text")
    data["text"] = ["What is your sex? (optional)"]
    forms = int(data["options-TOTAL_FORMS"][0])
    labels = {data[f"options-{i}-label"][0]: i for i in range(forms) if data.get(f"options-{i}-label", [""])[0]}
    data[f"options-{labels['Female']}-label"] = ["Woman or girl"]
    data[f"options-{labels['Male']}-DELETE"] = ["on"]
    spare = next(i for i in range(forms) if not data.get(f"options-{i}-label", [""])[0])
    data.update({f"options-{spare}-order": ["9"], f"options-{spare}-key": ["intersex"]})
    data[f"options-{spare}-label"] = ["Intersex"]
    response = lead.post(_question(2, "sex"), data)
    assert response.status_code == 302, response.content.decode()
    question = draft.questions.get(key="sex")
    assert question.text == "What is your sex? (optional)"
    assert set(question.options.values_list("label", flat=True)) >= {"Woman or girl", "Intersex"}
    assert not question.options.filter(key="male").exists()
    # The published version is untouched.
    assert QuestionSet.objects.get(version=1).questions.get(key="sex").options.filter(label="Male").exists()

    lead.post(_publish(2))
    assert list(QuestionSet.objects.order_by("version").values_list("status", flat=True)) == ["retired", "published"]
    assert selectors.question_set_current().version == 2
    assert AuditEvent.objects.filter(action="question_set_published", actor=equality_lead).exists()


@pytest.mark.django_db
def test_a_new_question_needs_prefer_not_to_say_before_publishing(lead):
    lead.post(_copy(1))
    url = reverse("demographics:question_new", kwargs={"version": 2})
    data = form_values(lead.get(url).content.decode(), containing="text")
    data.update({"key": ["caring"], "order": ["20"], "text": ["Do you look after someone?"]})
    data.update({"options-0-order": ["1"], "options-0-key": ["yes"], "options-0-label": ["Yes"]})
    assert lead.post(url, data).status_code == 302
    page = lead.post(_publish(2), follow=True).content.decode()
    assert "Every question needs a &#x27;Prefer not to say&#x27; option" in page
    assert QuestionSet.objects.get(version=2).status == QuestionSet.Status.DRAFT
    data = form_values(lead.get(_question(2, "caring")).content.decode(), containing="text")
    data.update({"options-1-order": ["2"], "options-1-key": ["prefer_not_to_say"]})
    data.update({"options-1-label": ["Prefer not to say"], "options-1-prefer_not_to_say": ["on"]})
    assert lead.post(_question(2, "caring"), data).status_code == 302
    lead.post(_publish(2))
    assert QuestionSet.objects.get(version=2).status == QuestionSet.Status.PUBLISHED


@pytest.mark.django_db
def test_bad_input_gets_a_clear_error_and_loses_nothing(lead):
    lead.post(_copy(1))
    data = form_values(lead.get(_question(2, "sex")).content.decode(), containing="text")
    data["key"] = ["age_band"]  # another question's key
    data["text"] = ["Changed wording"]
    page = lead.post(_question(2, "sex"), data).content.decode()
    assert "There is a problem" in page
    assert "Changed wording" in page
    assert "Another question in this version already has the key “age_band”" in page
    data["key"] = ["sex"]
    data["order"] = [str(QuestionSet.objects.get(version=2).questions.get(key="age_band").order)]
    assert "Choose another number for the order" in lead.post(_question(2, "sex"), data).content.decode()
    data = form_values(lead.get(_question(2, "sex")).content.decode(), containing="text")
    data["options-1-key"] = data["options-0-key"]
    page = lead.post(_question(2, "sex"), data).content.decode()
    assert "Please correct the duplicate data for key" in page or "Two answers have the key" in page
    assert QuestionSet.objects.get(version=2).questions.get(key="sex").text != "Changed wording"


@pytest.mark.django_db
def test_published_and_retired_versions_are_frozen(lead):
    before = list(Question.objects.filter(question_set__version=1).values_list("text", flat=True))
    response = lead.get(_question(1, "sex"), follow=True)
    assert "cannot change" in response.content.decode()
    data = {"text": ["Changed"], "key": ["sex"], "order": ["1"], "options-TOTAL_FORMS": ["0"]}
    data["options-INITIAL_FORMS"] = ["0"]
    lead.post(_question(1, "sex"), data)
    lead.post(_delete(1, "sex"))
    lead.post(_details(1), {"name": "Renamed", "privacy_notice_version": "9"})
    lead.post(_publish(1))
    assert list(Question.objects.filter(question_set__version=1).values_list("text", flat=True)) == before
    assert QuestionSet.objects.get(version=1).name != "Renamed"
    page = lead.get(_set(1)).content.decode()
    assert "This version is frozen" in page
    assert "Publish this draft" not in page
    with pytest.raises(Exception, match="cannot change"):
        services.question_delete(question=Question.objects.filter(question_set__version=1).first(), actor=None)


@pytest.mark.django_db
def test_the_pages_show_a_count_of_people_never_who_or_what(lead, applicant):
    question_set = selectors.question_set_current()
    services.consent_give(user=applicant, question_set=question_set)
    question = question_set.questions.get(key="ethnic_group")
    services.answer_save(user=applicant, question=question, option=question.options.get(key="black"))
    for url in (reverse("demographics:question_sets"), _set(1)):
        page = lead.get(url).content.decode()
        assert "People who answered" in page
        for secret in (applicant.email, applicant.name, subject_key_for(applicant.pk)):
            assert secret not in page
    assert ">1<" in lead.get(reverse("demographics:question_sets")).content.decode().replace(" ", "")


POSTS = {
    "copy": (lambda key: _copy(1), {}),
    "publish": (lambda key: _publish(2), {}),
    "details": (lambda key: _details(2), {"name": "New name", "privacy_notice_version": "2"}),
    "delete": (lambda key: _delete(2, key), {}),
}
# Each allowed role deletes a question of its own.
ALLOWED = {Role.EQUALITY_LEAD: "region", Role.ADMINISTRATOR: "religion"}


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(POSTS))
def test_every_change_is_for_the_equality_lead_and_administrators_only(action, users_by_role, equality_lead):
    draft = services.question_set_copy_as_draft(source=selectors.question_set_current(), actor=equality_lead)
    name = draft.name
    url, data = POSTS[action]
    for role, user in users_by_role.items():
        if role in ALLOWED:
            continue
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.post(url("region"), data)
        if role == ANONYMOUS:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == 403, role
    assert QuestionSet.objects.count() == 2
    draft.refresh_from_db()
    assert (draft.status, draft.name) == (QuestionSet.Status.DRAFT, name)
    assert draft.questions.filter(key="region").exists()
    for role, key in ALLOWED.items():
        client = Client()
        client.force_login(users_by_role[role])
        assert client.post(url(key), data).status_code == 302, role
    draft.refresh_from_db()
    if action == "copy":
        assert QuestionSet.objects.count() == 4
    if action == "publish":
        assert selectors.question_set_current() == draft
    if action == "details":
        assert draft.name == "New name"
    if action == "delete":
        assert not draft.questions.filter(key__in=ALLOWED.values()).exists()


@pytest.mark.django_db
def test_each_change_has_its_own_url_that_takes_only_a_post(lead, equality_lead):
    draft = services.question_set_copy_as_draft(source=selectors.question_set_current(), actor=equality_lead)
    for url in (_copy(1), _publish(2), _details(2), _delete(2, "region")):
        assert lead.get(url).status_code == 405, url
    # The pages themselves take no POST any more, whatever it names.
    assert lead.post(reverse("demographics:question_sets"), {"version": "1"}).status_code == 405
    assert lead.post(_set(2), {"action": "publish"}).status_code == 405
    assert QuestionSet.objects.count() == 2
    draft.refresh_from_db()
    assert draft.status == QuestionSet.Status.DRAFT


@pytest.mark.django_db
def test_details_with_mistakes_are_shown_again_with_what_was_typed(lead, equality_lead):
    draft = services.question_set_copy_as_draft(source=selectors.question_set_current(), actor=equality_lead)
    name = draft.name
    response = lead.post(_details(2), {"name": "", "privacy_notice_version": "7b"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "govuk-error-summary" in page
    assert 'value="7b"' in page
    draft.refresh_from_db()
    assert draft.name == name
    assert draft.privacy_notice_version != "7b"


@pytest.mark.django_db
def test_publishing_does_not_save_details_and_deleting_deletes_one_question(lead, equality_lead):
    draft = services.question_set_copy_as_draft(source=selectors.question_set_current(), actor=equality_lead)
    lead.post(_publish(2), {"name": "Not saved", "privacy_notice_version": "9"})
    draft.refresh_from_db()
    assert draft.status == QuestionSet.Status.PUBLISHED
    assert draft.name != "Not saved"
    copy = services.question_set_copy_as_draft(source=draft, actor=equality_lead)
    count = copy.questions.count()
    assert lead.post(_delete(copy.version, "religion"))["Location"] == _set(copy.version)
    assert copy.questions.count() == count - 1
    assert not copy.questions.filter(key="religion").exists()
    assert lead.post(_delete(copy.version, "no-such-question")).status_code == 404
