"""The equality questions in Welsh: every question and answer of the published set has its Welsh,
in the 2021 Census's Welsh wording; an answer given on the Welsh pages is the same answer (one key)
as on the English ones, so the reports count them together, and the reports stay in English."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from demographics import selectors, services
from demographics.models import Answer, Option, QuestionSet
from tests.html_forms import form_values


def _welsh(path: str) -> str:
    return "/cy" + path


@pytest.mark.django_db
def test_every_question_and_answer_of_the_published_set_has_its_welsh():
    question_set = selectors.question_set_current()
    missing = []
    for question in selectors.questions_of(question_set=question_set):
        for field in ("text", "hint", "warning"):
            if getattr(question, f"{field}_en_gb") and not getattr(question, f"{field}_cy"):
                missing.append(f"{question.key}.{field}")
        missing += [f"{question.key}:{option.key}" for option in question.options.all() if not option.label_cy]
    assert missing == []


@pytest.mark.django_db
def test_the_census_wording_in_welsh():
    with translation.override("cy"):
        ethnic = selectors.question_set_current().questions.get(key="ethnic_group")
        assert ethnic.text == "Beth yw eich grŵp ethnig?"
        assert [option.label for option in ethnic.options.order_by("order")] == [
            "Gwyn",
            "Cymysg neu grwpiau ethnig lluosog",
            "Asiaidd, Asiaidd Prydeinig neu Asiaidd Cymreig",
            "Du, Du Prydeinig, Du Cymreig, Caribïaidd neu Affricanaidd",
            "Grŵp ethnig arall",
            "Mae'n well gen i beidio â dweud",
        ]


@pytest.mark.django_db
def test_the_reports_read_the_questions_in_english_whatever_the_language():
    with translation.override("cy"):
        questions = {question.key: question for question in selectors.report_questions()}
    assert questions["ethnic_group"].text == "What is your ethnic group?"
    assert questions["ethnic_group"].options["white"] == "White"
    assert selectors.report_labels()["sex"] == {"female": "Female", "male": "Male"}


@pytest.mark.django_db
def test_an_answer_on_the_welsh_pages_is_the_same_answer_as_on_the_english(applicant):
    client = Client()
    client.force_login(applicant)
    start = _welsh(reverse("demographics:start"))
    html = client.get(start).content.decode()
    assert '<html lang="cy"' in html
    response = client.post(start, {"agree": "on"})
    with translation.override("cy"):
        assert response["Location"] == reverse("demographics:question", kwargs={"key": "age_band"})
        page = client.get(reverse("demographics:question", kwargs={"key": "ethnic_group"})).content.decode()
        assert "Beth yw eich grŵp ethnig?" in page
        assert "Asiaidd, Asiaidd Prydeinig neu Asiaidd Cymreig" in page
        client.post(reverse("demographics:question", kwargs={"key": "ethnic_group"}), {"option": "asian"})
    english = Client()
    english.force_login(applicant)
    with translation.override("en-gb"):
        summary = english.get(reverse("demographics:summary")).content.decode()
    assert "Asian, Asian British or Asian Welsh" in summary
    answer = Answer.objects.get()
    assert answer.option == Option.objects.get(
        question__question_set__version=1, question__key="ethnic_group", key="asian"
    )


@pytest.mark.django_db
def test_a_copied_version_keeps_its_welsh_and_the_lead_can_change_it(client, equality_lead):
    draft = services.question_set_copy_as_draft(source=QuestionSet.objects.get(version=1), actor=equality_lead)
    sex = draft.questions.get(key="sex")
    assert sex.text_cy == "Beth yw eich rhyw?"
    assert sex.warning_cy.startswith("Mae'r ddau gwestiwn nesaf")
    assert sex.options.get(key="female").label_cy == "Benyw"

    client.force_login(equality_lead)
    edit = reverse("demographics:question_edit", kwargs={"version": draft.version, "key": "sex"})
    html = client.get(edit).content.decode()
    assert 'lang="cy"' in html
    data = form_values(html, containing="text")
    data["text_cy"] = ["Beth yw eich rhyw, os hoffech chi ddweud?"]
    answers = [key for key in data if key.endswith("-label_cy") and data[key] == ["Benyw"]]
    data[answers[0]] = ["Menyw"]
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()
    sex.refresh_from_db()
    assert sex.text_cy == "Beth yw eich rhyw, os hoffech chi ddweud?"
    assert sex.text_en_gb == "What is your sex?"
    assert sex.options.get(key="female").label_cy == "Menyw"
