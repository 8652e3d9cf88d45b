import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.models import AuditEvent
from recruitment import services
from recruitment.models import Application, Involvement, MessageTemplate, Partner, Stage
from recruitment.tests.factories import OpportunityFactory, submitted_application


def _detail(reference):
    return reverse("recruitment:staff_application", kwargs={"reference": reference})


def _act(reference, action):
    """The URL of one action on an application: move, note, interview or message."""
    return reverse(f"recruitment:staff_application_{action}", kwargs={"reference": reference})


@pytest.mark.django_db
def test_every_move_is_recorded_with_who_when_and_why(staff_client, recruiting_staff):
    application = submitted_application()
    response = staff_client.post(_act(application.reference, "move"), {"stage": "shortlisted", "reason": "Strong"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.SHORTLISTED
    change = application.stage_changes.last()
    assert (change.from_stage, change.to_stage, change.by, change.reason) == (
        "received",
        "shortlisted",
        recruiting_staff,
        "Strong",
    )


@pytest.mark.django_db
def test_a_move_that_skips_the_pipeline_is_refused_with_a_reason(staff_client):
    application = submitted_application()
    response = staff_client.post(_act(application.reference, "move"), {"stage": "appointed"}, follow=True)
    assert "cannot move from Received to Appointed" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED


@pytest.mark.django_db
def test_appointing_makes_the_applicant_an_advisor(staff_client):
    application = submitted_application()
    for stage in ("shortlisted", "offered", "appointed"):
        staff_client.post(_act(application.reference, "move"), {"stage": stage})
    involvement = Involvement.objects.get()
    assert involvement.person == application.applicant
    assert involvement.role == application.opportunity.title
    assert involvement.team == application.opportunity.team
    assert involvement.start_date == timezone.localdate()


@pytest.mark.django_db
def test_bulk_moves_report_what_could_not_move(staff_client):
    first, second = submitted_application(), submitted_application()
    services.application_move(application=second, to_stage=Stage.WITHDRAWN, by=second.applicant)
    response = staff_client.post(
        reverse("recruitment:staff_applications"),
        {"applications": [first.reference, second.reference], "stage": "shortlisted", "reason": "Round 1"},
        follow=True,
    )
    page = response.content.decode()
    assert f"Moved: {first.reference}" in page
    assert f"Could not move these from their stage: {second.reference}" in page
    first.refresh_from_db()
    assert first.stage == Stage.SHORTLISTED


@pytest.mark.django_db
def test_notes_and_interviews(staff_client):
    application = submitted_application()
    services.application_move(application=application, to_stage=Stage.SHORTLISTED, by=application.applicant)
    staff_client.post(_act(application.reference, "note"), {"text": "Lovely application"})
    when = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    staff_client.post(
        _act(application.reference, "interview"),
        {
            "starts_at": when,
            "format": "online",
            "place": "Video link",
            "adjustments": "Captions",
        },
    )
    application.refresh_from_db()
    assert application.notes.get().text == "Lovely application"
    assert application.interviews.get().adjustments == "Captions"
    assert application.stage == Stage.INTERVIEW
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post(_act(application.reference, "interview"), {"starts_at": past, "format": "online"})
    assert response.status_code == 200
    assert "Choose a date and time in the future." in response.content.decode()
    assert application.interviews.count() == 1


@pytest.mark.django_db
def test_templated_messages_are_sent_by_celery_and_logged(
    staff_client, django_capture_on_commit_callbacks, celery_eager
):
    application = submitted_application(name="Nia")
    template = MessageTemplate.objects.get(name="Invitation to interview")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        staff_client.post(_act(application.reference, "message"), {"template": template.pk})
    assert len(callbacks) == 1
    message = application.messages.get()
    assert message.sent_at is not None
    assert mail.outbox[-1].subject == f"Your application {application.reference}: invitation to interview"
    assert mail.outbox[-1].body.startswith("Dear Nia,")


@pytest.mark.django_db
def test_staff_views_and_exports_are_audited(staff_client, recruiting_staff):
    application = submitted_application(channel="service")
    submitted_application(channel="website")  # filtered out of the export below
    staff_client.get(_detail(application.reference))
    assert AuditEvent.objects.filter(
        action="application_viewed", actor=recruiting_staff, target_id=application.reference
    ).exists()
    response = staff_client.get(reverse("recruitment:staff_export"), {"channel": "service"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == [application.reference]
    exported = AuditEvent.objects.get(action="applications_exported")
    assert exported.actor == recruiting_staff
    assert exported.detail == {"rows": 1, "filters": {"channel": "service"}}


@pytest.mark.django_db
def test_csv_export_neutralises_formulas(staff_client):
    # In both free-text columns: the name the applicant typed and the organisation staff named.
    partner = Partner.objects.create(name='=HYPERLINK("evil")', kind="other", contact_email="p@example.org")
    submitted_application(name="=cmd|' /C calc'!A0", channel="partner", partner=partner)
    rows = list(csv.reader(io.StringIO(staff_client.get(reverse("recruitment:staff_export")).content.decode())))
    assert rows[0][4] == "name"
    assert rows[1][4] == "'=cmd|' /C calc'!A0"
    assert rows[0][7] == "organisation"
    assert rows[1][7] == '\'=HYPERLINK("evil")'


@pytest.mark.django_db
def test_anonymised_screening_hides_identity_until_shortlisting(staff_client):
    opportunity = OpportunityFactory(anonymised_screening=True)
    application = submitted_application(opportunity=opportunity, name="Zainab Quartermaine", email="zq@example.net")
    for url in (_detail(application.reference), reverse("recruitment:staff_applications")):
        page = staff_client.get(url).content.decode()
        assert "Zainab" not in page
        assert "zq@example.net" not in page
    rows = list(csv.reader(io.StringIO(staff_client.get(reverse("recruitment:staff_export")).content.decode())))
    assert rows[1][4:6] == ["", ""]
    search = staff_client.get(reverse("recruitment:staff_applications"), {"q": "Quartermaine"}).content.decode()
    assert application.reference not in search
    services.application_move(application=application, to_stage=Stage.SHORTLISTED, by=application.applicant)
    assert "Zainab Quartermaine" in staff_client.get(_detail(application.reference)).content.decode()


@pytest.mark.django_db
def test_staff_filter_and_search_applications(staff_client):
    first = submitted_application(name="Kwame Mensah", channel="partner")
    submitted_application(name="Someone Else", channel="website")
    page = staff_client.get(reverse("recruitment:staff_applications"), {"q": "kwame"}).content.decode()
    assert first.reference in page
    assert "Someone Else" not in page
    page = staff_client.get(reverse("recruitment:staff_applications"), {"channel": "website"}).content.decode()
    assert "Someone Else" in page
    assert "Kwame" not in page
    page = staff_client.get(reverse("recruitment:staff_applications"), {"stage": "nonsense"}).content.decode()
    assert "Select a valid choice" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_staff_list_pages_run_the_same_number_of_queries_for_10_and_200_applications(staff_client):
    opportunity = OpportunityFactory()
    urls = [
        reverse("recruitment:staff_applications"),
        reverse("recruitment:staff_opportunities"),
        reverse("recruitment:staff_applications") + "?stage=received&q=a",
    ]
    for person in UserFactory.create_batch(10):
        submitted_application(opportunity=opportunity, applicant=person)
    with_ten = [_queries(staff_client, url) for url in urls]
    for person in UserFactory.create_batch(190):
        submitted_application(opportunity=opportunity, applicant=person)
    assert Application.objects.count() == 200
    assert [_queries(staff_client, url) for url in urls] == with_ten
    # 14, and two for the menu: whether this member of staff has applications or equality answers.
    assert max(with_ten) <= 16


@pytest.mark.django_db
def test_staff_make_an_opportunity_from_a_template_and_send_it_to_partners(
    staff_client,
    django_capture_on_commit_callbacks,
    celery_eager,
):
    from recruitment.models import Opportunity, RoleTemplate

    partner = Partner.objects.create(name="Open Door", kind="user_led", contact_email="hello@opendoor.example.org")
    response = staff_client.post(
        reverse("recruitment:staff_opportunity_new"),
        {
            "template": RoleTemplate.objects.get().pk,
            "team": "Research",
            "format": "hybrid",
            "region": "london",
            "closing_date": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "places": 4,
        },
    )
    opportunity = Opportunity.objects.get()
    assert response["Location"] == reverse("recruitment:staff_opportunity_edit", kwargs={"pk": opportunity.pk})
    assert opportunity.status == Opportunity.Status.DRAFT
    assert opportunity.title == "Lived-experience advisor"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("recruitment:staff_outreach", kwargs={"pk": opportunity.pk}), {"partners": [partner.pk]}
        )
    assert mail.outbox[-1].to == ["hello@opendoor.example.org"]
    assert reverse("recruitment:detail", kwargs={"pk": opportunity.pk}) in mail.outbox[-1].body


@pytest.mark.django_db
def test_bad_opportunity_input_gets_clear_errors(staff_client):
    response = staff_client.post(
        reverse("recruitment:staff_opportunity_new"), {"closing_date": "2001-01-01", "places": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The closing date must be today or later." in page
    assert "greater than or equal to 1" in page


@pytest.mark.django_db
def test_retention_erases_unsuccessful_and_withdrawn_applications_after_the_period(settings):
    settings.RETENTION_MONTHS = 12
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        kept_open = submitted_application()
        unsuccessful = submitted_application()
        withdrawn = submitted_application()
        appointed = submitted_application()
        services.application_move(application=unsuccessful, to_stage=Stage.NOT_PROGRESSED, by=unsuccessful.applicant)
        services.application_move(application=withdrawn, to_stage=Stage.WITHDRAWN, by=withdrawn.applicant)
        for stage in (Stage.SHORTLISTED, Stage.OFFERED, Stage.APPOINTED):
            services.application_move(application=appointed, to_stage=stage, by=appointed.applicant)
    with time_machine.travel(start + timedelta(days=360), tick=False):
        assert services.applications_erase_expired() == 0
    with time_machine.travel(start + timedelta(days=370), tick=False):
        assert services.applications_erase_expired() == 2
    remaining = set(Application.objects.values_list("pk", flat=True))
    assert remaining == {kept_open.pk, appointed.pk}
    assert AuditEvent.objects.get(action="applications_erased_by_retention").detail["count"] == 2


@pytest.mark.django_db
def test_a_message_goes_to_every_chosen_applicant(staff_client, django_capture_on_commit_callbacks, celery_eager):
    first, second = submitted_application(), submitted_application()
    template = MessageTemplate.objects.get(name="Not progressing")
    assert (
        "Send the chosen applicants a message"
        in staff_client.get(reverse("recruitment:staff_applications")).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("recruitment:staff_message_bulk"),
            {"template": template.pk, "applications": [first.reference, second.reference]},
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    assert all(m.sent_at for m in [*first.messages.all(), *second.messages.all()])


@pytest.mark.django_db
def test_videos_must_be_mp4_or_webm_with_webvtt_captions():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from recruitment.models import Video

    bad = Video(
        title="Clip",
        file=SimpleUploadedFile("clip.exe", b"x"),
        captions=SimpleUploadedFile("clip.srt", b"x"),
        transcript="Words",
    )
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert set(error.value.message_dict) == {"file", "captions"}
    good = Video(
        title="Clip",
        file=SimpleUploadedFile("clip.webm", b"x"),
        captions=SimpleUploadedFile("clip.vtt", b"WEBVTT"),
        transcript="Words",
    )
    good.full_clean()


@pytest.mark.django_db
def test_the_spam_trap_is_out_of_sight_and_out_of_the_tab_order(client, applicant):
    opportunity = OpportunityFactory()
    client.force_login(applicant)
    response = client.get(reverse("recruitment:apply", kwargs={"pk": opportunity.pk}), follow=True)
    page = response.content.decode()
    assert '<div class="mi-honeypot" aria-hidden="true">' in page
    assert 'name="website"' in page
    assert 'tabindex="-1"' in page


@pytest.mark.django_db
def test_typing_keeps_the_session_alive_but_only_for_signed_in_people(client, applicant):
    assert client.post(reverse("core:keepalive")).status_code == 302
    client.force_login(applicant)
    assert client.post(reverse("core:keepalive")).status_code == 204
