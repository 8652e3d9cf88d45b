import csv
import io
import json
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from core.models import AuditEvent
from demographics import selectors
from demographics.models import Answer, Consent, EventCount


@pytest.fixture
def consented(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("demographics:start"), {"agree": "on"})
    assert response.status_code == 302
    return client


def answer(client, key, option, **extra):
    data = {"action": "save", **({"option": option} if option is not None else {}), **extra}
    return client.post(reverse("demographics:question", kwargs={"key": key}), data)


def own(user):
    return {key: a.option.key for key, a in selectors.answers_own(user=user).items()}


@pytest.mark.django_db
def test_questions_need_consent_first(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("demographics:question", kwargs={"key": "age_band"}))
    assert response["Location"] == reverse("demographics:start")


@pytest.mark.django_db
def test_consent_must_be_ticked(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("demographics:start"), {})
    assert response.status_code == 200
    assert "Tick the box to say you agree" in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_consent_is_a_dated_record_and_leads_to_the_first_question(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("demographics:start"), {"agree": "on"})
    assert response["Location"] == reverse("demographics:question", kwargs={"key": "age_band"})
    consent = Consent.objects.get()
    assert consent.privacy_notice_version == "2026-1"
    assert consent.purposes == ["equality_monitoring", "diversity_reporting"]
    assert consent.withdrawn_on is None
    assert consent.given_on == timezone.localdate()
    assert isinstance(consent.pk, uuid.UUID)
    assert EventCount.objects.get(kind="consent_given").count == 1
    assert not AuditEvent.objects.filter(action__startswith="equality_").exists()


@pytest.mark.django_db
def test_each_answer_is_saved_as_it_is_given_and_skipping_leaves_not_answered(consented, applicant):
    response = answer(consented, "age_band", "45_54")
    assert response["Location"] == reverse("demographics:question", kwargs={"key": "ethnic_group"})
    response = consented.post(reverse("demographics:question", kwargs={"key": "ethnic_group"}), {"action": "skip"})
    assert response["Location"] == reverse("demographics:question", kwargs={"key": "sex"})
    answer(consented, "sex", "prefer_not_to_say")
    assert own(applicant) == {"age_band": "45_54", "sex": "prefer_not_to_say"}
    states = {
        row.question.key: row.state
        for row in selectors.summary_own(user=applicant, question_set=selectors.question_set_current())
    }
    assert states["age_band"] == "answered"
    assert states["sex"] == "prefer_not_to_say"
    assert states["ethnic_group"] == "not_answered"
    assert "ethnic_background" not in states  # a follow-up is only asked after its first step


@pytest.mark.django_db
def test_ethnic_group_is_asked_in_two_steps(consented, applicant):
    response = answer(consented, "ethnic_group", "black")
    assert response["Location"] == reverse("demographics:question", kwargs={"key": "ethnic_background"})
    page = consented.get(reverse("demographics:question", kwargs={"key": "ethnic_background"})).content.decode()
    assert "Caribbean" in page
    assert "African" in page
    assert "Prefer not to say" in page
    assert "Irish" not in page
    assert "Pakistani" not in page
    response = answer(consented, "ethnic_background", "white_irish")
    assert response.status_code == 200
    assert "Choose one of the answers" in response.content.decode()
    answer(consented, "ethnic_background", "black_other", detail_black_other="Somali")
    assert own(applicant) == {"ethnic_group": "black", "ethnic_background": "black_other"}
    assert Answer.objects.get(question_key="ethnic_background").free_text == "Somali"


@pytest.mark.django_db
def test_prefer_not_to_say_on_the_first_step_skips_the_second(consented):
    response = answer(consented, "ethnic_group", "prefer_not_to_say")
    assert response["Location"] == reverse("demographics:question", kwargs={"key": "sex"})


@pytest.mark.django_db
def test_changing_a_first_step_answer_removes_a_follow_up_that_no_longer_fits(consented, applicant):
    answer(consented, "disability", "yes")
    answer(consented, "disability_impact", "yes_a_little")
    answer(consented, "ethnic_group", "asian")
    answer(consented, "ethnic_background", "asian_indian")
    answer(consented, "disability", "no")
    answer(consented, "ethnic_group", "mixed")
    assert own(applicant) == {"disability": "no", "ethnic_group": "mixed"}


@pytest.mark.django_db
def test_changing_one_answer_from_the_summary_keeps_the_others(consented, applicant):
    answer(consented, "age_band", "25_34")
    answer(consented, "religion", "none")
    url = reverse("demographics:question", kwargs={"key": "age_band"}) + "?return=summary"
    response = consented.post(url, {"action": "save", "option": "35_44"})
    assert response["Location"] == reverse("demographics:summary")
    assert own(applicant) == {"age_band": "35_44", "religion": "none"}
    counts = dict(EventCount.objects.values_list("kind", "count"))
    assert counts == {"consent_given": 1, "answer_given": 2, "answer_changed": 1}
    assert not AuditEvent.objects.filter(action__startswith="equality_").exists()


@pytest.mark.django_db
def test_a_changed_first_step_asks_its_follow_up_before_returning_to_the_summary(consented):
    answer(consented, "ethnic_group", "white")
    url = reverse("demographics:question", kwargs={"key": "ethnic_group"}) + "?return=summary"
    response = consented.post(url, {"action": "save", "option": "asian"})
    assert (
        response["Location"]
        == reverse("demographics:question", kwargs={"key": "ethnic_background"}) + "?return=summary"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"option": "not-an-option"}, "Choose one of the answers"),
        ({"option": "other", "detail_other": "x" * 201}, "200 characters or fewer"),
        ({"option": "other", "detail_other": "a\x00b"}, "cannot contain"),
    ],
)
def test_bad_answers_get_a_clear_error_and_save_nothing(consented, data, message):
    response = consented.post(reverse("demographics:question", kwargs={"key": "religion"}), {"action": "save", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_free_text_is_only_kept_for_an_any_other_answer(consented):
    answer(consented, "religion", "christian", detail_other="should not be kept")
    assert Answer.objects.get().free_text == ""


@pytest.mark.django_db
def test_an_unknown_question_is_not_found(consented):
    assert consented.get(reverse("demographics:question", kwargs={"key": "shoe_size"})).status_code == 404


@pytest.mark.django_db
def test_withdrawal_deletes_every_answer_at_once_and_confirms_by_email(
    consented, applicant, django_capture_on_commit_callbacks, celery_eager
):
    answer(consented, "age_band", "45_54")
    answer(consented, "sex", "female")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = consented.post(reverse("demographics:withdraw"))
    assert len(callbacks) == 1
    assert response["Location"] == reverse("demographics:start")
    assert not Answer.objects.exists()
    consent = Consent.objects.get()
    assert consent.withdrawn_on == timezone.localdate()
    assert EventCount.objects.get(kind="consent_withdrawn").count == 1
    assert mail.outbox[-1].to == [applicant.email]
    assert "deleted all of your answers" in mail.outbox[-1].body
    assert "female" not in mail.outbox[-1].body.lower()
    page = consented.get(response["Location"]).content.decode()
    assert "We have deleted your equality information (2 answers)" in page


@pytest.mark.django_db
def test_consenting_again_starts_afresh(consented, applicant):
    answer(consented, "age_band", "45_54")
    consented.post(reverse("demographics:withdraw"))
    consented.post(reverse("demographics:start"), {"agree": "on"})
    assert Consent.objects.filter(withdrawn_on__isnull=True).count() == 1
    assert Consent.objects.count() == 2
    assert own(applicant) == {}


@pytest.mark.django_db
def test_deleting_the_account_erases_the_answers_and_consent(consented, applicant):
    answer(consented, "age_band", "45_54")
    response = consented.post(reverse("accounts:delete"))
    assert response["Location"] == reverse("core:home")
    assert not Answer.objects.exists()
    assert not Consent.objects.exists()
    assert EventCount.objects.get(kind="data_erased").count == 1
    assert not AuditEvent.objects.filter(action__startswith="equality_").exists()
    from accounts.models import User

    assert not User.objects.filter(pk=applicant.pk).exists()


@pytest.mark.django_db
def test_an_administrator_deleting_an_account_erases_the_answers_too(consented, applicant, administrator):
    answer(consented, "age_band", "45_54")
    account_services.user_delete(user=applicant, actor=administrator)
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_a_person_downloads_their_own_answers(consented, applicant):
    answer(consented, "religion", "other", detail_other='=HYPERLINK("x")')
    data = json.loads(consented.get(reverse("demographics:download", kwargs={"fmt": "json"})).content)
    assert data["answers"] == [
        {
            "question": "What is your religion?",
            "question_key": "religion",
            "question_set_version": 1,
            "answer": "Any other religion",
            "description": '=HYPERLINK("x")',
        }
    ]
    assert data["consents"] == [
        {
            "privacy_notice_version": "2026-1",
            "purposes": ["equality_monitoring", "diversity_reporting"],
            "given_on": timezone.localdate().isoformat(),
            "withdrawn_on": None,
        }
    ]
    response = consented.get(reverse("demographics:download", kwargs={"fmt": "csv"}))
    assert response["Content-Disposition"] == 'attachment; filename="my-equality-information.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][3:] == ["Any other religion", '\'=HYPERLINK("x")']
    assert consented.get(reverse("demographics:download", kwargs={"fmt": "xml"})).status_code == 404


@pytest.mark.django_db
def test_the_summary_is_only_ever_the_persons_own(client, consented, applicant, recruiting_staff):
    answer(consented, "age_band", "45_54")
    client.force_login(recruiting_staff)
    page = client.get(reverse("demographics:summary")).content.decode()
    assert "45 to 54" not in page
    assert "You have not shared any equality information" in page


@pytest.mark.django_db
def test_the_first_two_events_of_a_day_arriving_at_once_count_twice(monkeypatch):
    from django.db.models import QuerySet

    from demographics import services

    # The other request made today's row between this one's update (which found none) and its insert.
    EventCount.objects.create(day=timezone.localdate(), kind=EventCount.Kind.CONSENT_GIVEN, count=1)
    original_update = QuerySet.update
    calls = []

    def update_that_lost_the_race(self, **kwargs):
        calls.append(kwargs)
        return 0 if len(calls) == 1 else original_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update_that_lost_the_race)
    services._event_count(EventCount.Kind.CONSENT_GIVEN)
    monkeypatch.undo()
    assert EventCount.objects.get().count == 2
    assert len(calls) == 2
