import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recruitment import services
from recruitment.models import Application, Opportunity, Partner, RoleTemplate, Stage
from recruitment.tests.factories import OpportunityFactory, submitted_application


@pytest.mark.django_db
def test_an_opportunity_keeps_the_template_text_it_was_made_with():
    opportunity = OpportunityFactory()
    template = RoleTemplate.objects.get()
    template.summary = "A completely new summary"
    template.save()
    opportunity.refresh_from_db()
    assert opportunity.summary != "A completely new summary"
    assert opportunity.summary.startswith("Lived-experience advisors")


@pytest.mark.django_db
def test_the_listing_shows_open_opportunities_and_filters_them(client):
    online = OpportunityFactory(team="Campaigns", format="online", region="national")
    OpportunityFactory(
        team="Research", format="in_person", region="london", closing_date=timezone.localdate() + timedelta(days=60)
    )
    OpportunityFactory(team="Hidden draft", status=Opportunity.Status.DRAFT)
    page = client.get(reverse("recruitment:listing")).content.decode()
    assert "2 opportunities" in page
    assert "Hidden draft" not in page
    page = client.get(reverse("recruitment:listing"), {"format": "online"}).content.decode()
    assert "1 opportunity" in page
    assert reverse("recruitment:detail", kwargs={"pk": online.pk}) in page
    page = client.get(reverse("recruitment:listing"), {"closing_soon": "on"}).content.decode()
    assert "0 opportunities" in page
    page = client.get(reverse("recruitment:listing"), {"team": "resea"}).content.decode()
    assert "1 opportunity" in page
    assert client.get(reverse("recruitment:listing"), {"format": "<script>"}).status_code == 200


@pytest.mark.django_db
def test_the_listing_paginates_with_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(25):
        OpportunityFactory()
    with django_assert_max_num_queries(4):
        page = client.get(reverse("recruitment:listing"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in page


@pytest.mark.django_db
def test_a_draft_opportunity_is_not_public(client):
    draft = OpportunityFactory(status=Opportunity.Status.DRAFT)
    assert client.get(reverse("recruitment:detail", kwargs={"pk": draft.pk})).status_code == 404


@pytest.mark.django_db
def test_guidance_is_sanitised_and_staff_guidance_is_for_staff(client, recruiting_staff):
    from recruitment.models import Guidance

    Guidance.objects.filter(slug="how-to-apply").update(body="Hello <script>alert(1)</script> [x](javascript:alert(1))")
    page = client.get(reverse("recruitment:guidance", kwargs={"slug": "how-to-apply"})).content.decode()
    assert "<script>alert" not in page
    assert "javascript:" not in page
    assert client.get(reverse("recruitment:guidance", kwargs={"slug": "recruiting-inclusively"})).status_code == 404
    client.force_login(recruiting_staff)
    assert client.get(reverse("recruitment:guidance", kwargs={"slug": "recruiting-inclusively"})).status_code == 200


def _steps(client, application, data_by_step):
    for step, data in data_by_step:
        response = client.post(
            reverse("recruitment:step", kwargs={"reference": application.reference, "step": step}),
            {"action": "continue", **data},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


FULL = [
    ("about", {"name": "Ade A", "email": "ade@example.net", "contact_method": "email"}),
    ("experience", {"lived_experience": "I have lived with anxiety."}),
    ("why", {"why_this_role": "To help others."}),
    ("availability", {"availability": ""}),
    ("access", {"access_needs": "Breaks, please."}),
    ("heard", {"channel": "partner", "partner": ""}),
]


@pytest.mark.django_db
def test_an_applicant_applies_step_by_step_and_gets_a_reference_by_email(
    client,
    applicant,
    django_capture_on_commit_callbacks,
    celery_eager,
):
    opportunity = OpportunityFactory()
    partner = Partner.objects.create(name="Black Minds", kind="user_led", contact_email="p@example.org")
    client.force_login(applicant)
    response = client.get(reverse("recruitment:apply", kwargs={"pk": opportunity.pk}))
    application = Application.objects.get()
    assert application.is_draft
    assert response["Location"] == reverse(
        "recruitment:step", kwargs={"reference": application.reference, "step": "about"}
    )
    steps = [*FULL[:-1], ("heard", {"channel": "partner", "partner": partner.pk})]
    response = _steps(client, application, steps)
    assert response["Location"] == reverse("recruitment:check", kwargs={"reference": application.reference})
    application.refresh_from_db()
    assert (application.name, application.access_needs, application.partner) == ("Ade A", "Breaks, please.", partner)
    page = client.get(response["Location"]).content.decode()
    assert "Send application" in page
    assert "Breaks, please." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recruitment:check", kwargs={"reference": application.reference}))
    assert response["Location"] == reverse("recruitment:confirmation", kwargs={"reference": application.reference})
    application.refresh_from_db()
    assert application.submitted_at is not None
    assert application.stage == Stage.RECEIVED
    assert mail.outbox[-1].to == ["ade@example.net"]
    assert application.reference in mail.outbox[-1].subject
    assert application.reference in mail.outbox[-1].body
    page = client.get(response["Location"]).content.decode()
    assert application.reference in page
    assert reverse("demographics:start") in page


@pytest.mark.django_db
def test_a_draft_is_kept_when_the_applicant_leaves_and_picks_up_where_they_stopped(client, applicant):
    opportunity = OpportunityFactory()
    client.force_login(applicant)
    client.get(reverse("recruitment:apply", kwargs={"pk": opportunity.pk}))
    application = Application.objects.get()
    _steps(client, application, FULL[:1])
    response = client.post(
        reverse("recruitment:step", kwargs={"reference": application.reference, "step": "experience"}),
        {"action": "later", "lived_experience": "Half of my story"},
    )
    assert response["Location"] == reverse("recruitment:my_applications")
    client.logout()
    client.force_login(applicant)
    response = client.get(reverse("recruitment:apply", kwargs={"pk": opportunity.pk}))
    assert response["Location"].endswith("/step/why/")  # the step after the last one saved
    application.refresh_from_db()
    assert application.lived_experience == "Half of my story"


@pytest.mark.django_db
def test_check_answers_refuses_to_send_with_answers_missing(client, applicant):
    opportunity = OpportunityFactory()
    client.force_login(applicant)
    client.get(reverse("recruitment:apply", kwargs={"pk": opportunity.pk}))
    application = Application.objects.get()
    url = reverse("recruitment:check", kwargs={"reference": application.reference})
    assert "Needed" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == url
    application.refresh_from_db()
    assert application.is_draft


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("about", {"name": "", "email": "x@example.net", "contact_method": "email"}, "Enter your name."),
        ("about", {"name": "A", "email": "nope", "contact_method": "email"}, "Enter an e-mail address like"),
        ("about", {"name": "A", "email": "a@example.net", "contact_method": "phone"}, "Enter a phone number"),
        ("about", {"name": "A" * 151, "email": "a@example.net", "contact_method": "email"}, "at most 150"),
        ("experience", {"lived_experience": ""}, "There is no minimum length."),
        ("experience", {"lived_experience": "a\x00b"}, "Null characters are not allowed."),
        ("experience", {"lived_experience": "x", "website": "http://spam"}, "Please leave this empty."),
        ("heard", {"channel": "telepathy"}, "Select a valid choice"),
    ],
)
def test_bad_step_input_gets_a_clear_error_and_saves_nothing(client, applicant, step, data, message):
    opportunity = OpportunityFactory()
    client.force_login(applicant)
    client.get(reverse("recruitment:apply", kwargs={"pk": opportunity.pk}))
    application = Application.objects.get()
    before = Application.objects.values().get()
    response = client.post(
        reverse("recruitment:step", kwargs={"reference": application.reference, "step": step}),
        {"action": "continue", **data},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert Application.objects.values().get() == before


@pytest.mark.django_db
def test_submissions_are_rate_limited_per_email(client, applicant):
    services.SUBMISSIONS_PER_HOUR  # noqa: B018 - the limit under test
    client.force_login(applicant)
    refused = None
    for _ in range(services.SUBMISSIONS_PER_HOUR + 1):
        opportunity = OpportunityFactory()
        client.get(reverse("recruitment:apply", kwargs={"pk": opportunity.pk}))
        application = Application.objects.get(opportunity=opportunity)
        _steps(client, application, FULL[:3])
        response = client.post(reverse("recruitment:check", kwargs={"reference": application.reference}))
        refused = response["Location"].endswith("/check/")
    assert refused
    assert Application.objects.filter(submitted_at__isnull=False).count() == services.SUBMISSIONS_PER_HOUR


@pytest.mark.django_db
def test_an_applicant_sees_withdraws_downloads_and_deletes_their_own_application(client, applicant):
    application = submitted_application(applicant=applicant)
    client.force_login(applicant)
    page = client.get(reverse("recruitment:my_applications")).content.decode()
    assert application.reference in page
    assert "Received" in page
    data = json.loads(client.get(reverse("recruitment:download", kwargs={"reference": application.reference})).content)
    assert data["lived_experience"] == "My story."
    assert data["status"] == "Received"
    client.post(reverse("recruitment:withdraw", kwargs={"reference": application.reference}))
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN
    assert application.stage_changes.last().reason == "Withdrawn by the applicant"
    client.post(reverse("recruitment:delete", kwargs={"reference": application.reference}))
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_someone_elses_application_is_not_found(client, applicant, board_member):
    application = submitted_application(applicant=board_member)
    client.force_login(applicant)
    for name in ("my_application", "withdraw", "delete", "download", "check", "confirmation"):
        assert (
            client.get(reverse(f"recruitment:{name}", kwargs={"reference": application.reference})).status_code == 404
        )
    assert client.post(reverse("recruitment:withdraw", kwargs={"reference": application.reference})).status_code == 404
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED


@pytest.mark.django_db
def test_a_closed_opportunity_takes_no_applications(client, applicant):
    opportunity = OpportunityFactory(status=Opportunity.Status.CLOSED)
    client.force_login(applicant)
    response = client.get(reverse("recruitment:apply", kwargs={"pk": opportunity.pk}))
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_references_are_easy_to_read_aloud():
    reference = services._new_reference()
    assert re.fullmatch(r"MI-[A-HJ-NP-Z2-9]{8}", reference)


@pytest.mark.django_db
def test_videos_and_captions_are_served_from_this_site(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from recruitment.models import Video

    video = Video.objects.create(
        title="Being an advisor",
        file=SimpleUploadedFile("advisor.mp4", b"mp4-bytes"),
        captions=SimpleUploadedFile("advisor.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello"),
        transcript="Hello",
    )
    opportunity = OpportunityFactory()
    Opportunity.objects.filter(pk=opportunity.pk).update(video=video)
    page = client.get(reverse("recruitment:detail", kwargs={"pk": opportunity.pk})).content.decode()
    assert reverse("recruitment:video_file", kwargs={"pk": video.pk, "part": "captions"}) in page
    assert "Read the transcript" in page
    response = client.get(reverse("recruitment:video_file", kwargs={"pk": video.pk, "part": "captions"}))
    assert response["Content-Type"] == "text/vtt"
    assert b"".join(response.streaming_content).startswith(b"WEBVTT")
    response = client.get(reverse("recruitment:video_file", kwargs={"pk": video.pk, "part": "video"}))
    assert response["Content-Type"] == "video/mp4"
    assert client.get(reverse("recruitment:video_file", kwargs={"pk": video.pk, "part": "secret"})).status_code == 404


@pytest.mark.django_db
def test_saving_a_step_is_one_statement_and_a_saved_step_posts_with_a_fixed_number_of_queries(
    client, applicant, django_assert_num_queries
):
    # application_save_step runs without a transaction because it is a single UPDATE; a second
    # write there must bring transaction.atomic back (see its comment).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = services.application_start(opportunity=OpportunityFactory(), applicant=applicant)
    with CaptureQueriesContext(connection) as queries:
        services.application_save_step(application=application, why_this_role="To help", last_step="why")
    assert [query["sql"].split()[0] for query in queries] == ["UPDATE"]
    application.refresh_from_db()
    assert application.why_this_role == "To help"
    client.force_login(applicant)
    url = reverse("recruitment:step", kwargs={"reference": application.reference, "step": "why"})
    # The person, the application, the save: nothing more on the busiest request.
    with django_assert_num_queries(3):
        response = client.post(url, {"why_this_role": "Because I care", "website": ""})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_step_saved_from_a_stale_page_cannot_change_a_sent_application(applicant):
    sent = submitted_application(applicant=applicant)
    stale = Application.objects.get(pk=sent.pk)
    stale.submitted_at = None  # as a second tab read it, before the application was sent
    with pytest.raises(ValidationError):
        services.application_save_step(application=stale, why_this_role="Changed after sending")
    sent.refresh_from_db()
    assert sent.why_this_role != "Changed after sending"
