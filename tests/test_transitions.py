"""Every status machine (claims, minutes, question sets, application stages) moves through one
locked transition: two people making the same move at once cannot both win, and a move from a
status it may not start from is refused and changes nothing.

The races run on two real PostgreSQL connections: the first move holds its transaction open
until the second has started, so without the row lock the second would read the old status too."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from core.transitions import TransitionNotAllowedError, status_transition
from demographics import selectors as demographic_selectors
from demographics import services as demographic_services
from demographics.models import QuestionSet
from recruitment import services as recruitment_services
from recruitment.models import Stage, StageChange
from recruitment.tests.factories import OpportunityFactory, submitted_application
from tests.html_forms import form_values
from tests.races import race
from workshops import services as workshop_services
from workshops.models import ActivityRate, Claim, Minutes, Participation
from workshops.tests.factories import make_meeting


def _own(instance):
    """The row read afresh, so each side of a race has its own object, as two requests would."""
    return type(instance).objects.get(pk=instance.pk)


def _finance(**kwargs: object) -> object:
    person = UserFactory(**kwargs)
    person.user_permissions.add(Permission.objects.get(codename="approve_and_pay_claims"))
    return person


@pytest.fixture
def meeting_with_claim(db):
    staff = UserFactory(roles=(Role.RECRUITING_STAFF,))
    claimant = UserFactory(roles=(Role.APPLICANT,))
    meeting = make_meeting(
        staff,
        title="Listening session",
        starts_at=timezone.now() - timedelta(days=1),
        format="online",
        venue="",
        purpose="Listen",
    )
    workshop_services.participants_invite(meeting=meeting, people=[claimant], actor=staff)
    Participation.objects.update(attendance=Participation.Attendance.ATTENDED)
    ActivityRate.objects.create(kind="workshop", hourly_rate=Decimal("20"))
    claim = workshop_services.claim_make(
        participation=meeting.participations.get(), hours=Decimal("2"), declined_payment=False, expenses=[], by=claimant
    )
    workshop_services.minutes_save(meeting=meeting, body="We listened.", actor=staff)
    return meeting, claim


def _refused(result: object) -> bool:
    return isinstance(result, TransitionNotAllowedError)


# Races ----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("step", "before", "after", "stamp"),
    [
        ("claim_approve", None, Claim.Status.APPROVED, "approved_by"),
        ("claim_mark_paid", "claim_approve", Claim.Status.PAID, "paid_by"),
    ],
)
def test_two_people_in_finance_cannot_both_take_the_same_step_of_a_claim(
    meeting_with_claim, step, before, after, stamp
):
    _meeting, claim = meeting_with_claim
    if before:
        getattr(workshop_services, before)(claim=claim, actor=_finance())
    one, two = _finance(), _finance()
    service = getattr(workshop_services, step)
    first, second = race(lambda: service(claim=_own(claim), actor=one), lambda: service(claim=_own(claim), actor=two))
    assert isinstance(first, Claim)
    assert _refused(second)
    claim.refresh_from_db()
    assert claim.status == after
    assert getattr(claim, stamp) == one


@pytest.mark.django_db(transaction=True)
def test_minutes_approved_twice_at_once_are_approved_once(meeting_with_claim):
    meeting, _claim = meeting_with_claim
    approve = lambda: workshop_services.minutes_approve(meeting=_own(meeting), actor=meeting.facilitator)  # noqa: E731
    first, second = race(approve, approve)
    assert isinstance(first, Minutes)
    assert _refused(second)
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.APPROVED


@pytest.mark.django_db(transaction=True)
def test_two_moves_of_one_application_cannot_both_win():
    application = submitted_application()
    one, two = UserFactory(roles=(Role.RECRUITING_STAFF,)), UserFactory(roles=(Role.RECRUITING_STAFF,))
    first, second = race(
        lambda: recruitment_services.application_move(
            application=_own(application), to_stage=Stage.SHORTLISTED, by=one
        ),
        lambda: recruitment_services.application_move(
            application=_own(application), to_stage=Stage.SHORTLISTED, by=two
        ),
    )
    assert not isinstance(first, Exception)
    assert _refused(second)
    application.refresh_from_db()
    assert application.stage == Stage.SHORTLISTED
    assert list(application.stage_changes.filter(to_stage=Stage.SHORTLISTED).values_list("by", flat=True)) == [one.pk]


@pytest.mark.django_db(transaction=True)
def test_an_application_sent_from_two_tabs_at_once_is_received_once(applicant):
    application = recruitment_services.application_start(opportunity=OpportunityFactory(), applicant=applicant)
    recruitment_services.application_save_step(
        application=application, contact_method="email", lived_experience="My story.", why_this_role="I care."
    )
    send = lambda: recruitment_services.application_submit(application=_own(application), ip=None)  # noqa: E731
    first, second = race(send, send)
    assert not isinstance(first, Exception)
    assert not isinstance(second, Exception)
    assert StageChange.objects.filter(application=application).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_draft_published_twice_at_once_is_published_once(equality_lead):
    draft = demographic_services.question_set_copy_as_draft(
        source=demographic_selectors.question_set_current(), actor=equality_lead
    )
    publish = lambda: demographic_services.question_set_publish(question_set=_own(draft), actor=equality_lead)  # noqa: E731
    first, second = race(publish, publish)
    assert isinstance(first, QuestionSet)
    assert _refused(second)
    draft.refresh_from_db()
    assert draft.status == QuestionSet.Status.PUBLISHED


@pytest.mark.django_db(transaction=True)
def test_two_drafts_published_at_once_leave_one_version_live(equality_lead):
    current = demographic_selectors.question_set_current()
    one = demographic_services.question_set_copy_as_draft(source=current, actor=equality_lead)
    two = demographic_services.question_set_copy_as_draft(source=current, actor=equality_lead)
    first, second = race(
        lambda: demographic_services.question_set_publish(question_set=_own(one), actor=equality_lead),
        lambda: demographic_services.question_set_publish(question_set=_own(two), actor=equality_lead),
    )
    assert isinstance(first, QuestionSet)
    assert isinstance(second, QuestionSet)
    assert list(QuestionSet.objects.filter(status=QuestionSet.Status.PUBLISHED)) == [two]


# Refusals -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_claim_not_yet_approved_cannot_be_paid(meeting_with_claim):
    _meeting, claim = meeting_with_claim
    with pytest.raises(TransitionNotAllowedError, match="Only an approved claim can be marked paid"):
        workshop_services.claim_mark_paid(claim=claim, actor=_finance())
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CLAIMED
    assert claim.paid_by is None


@pytest.mark.django_db
def test_approved_minutes_cannot_be_approved_again(meeting_with_claim):
    meeting, _claim = meeting_with_claim
    workshop_services.minutes_approve(meeting=meeting, actor=meeting.facilitator)
    approved_at = Minutes.objects.get(meeting=meeting).approved_at
    with pytest.raises(TransitionNotAllowedError):
        workshop_services.minutes_approve(meeting=meeting, actor=meeting.facilitator)
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_at == approved_at


@pytest.mark.django_db
def test_a_live_version_cannot_be_published_again(equality_lead):
    live = demographic_selectors.question_set_current()
    published_at = live.published_at
    with pytest.raises(TransitionNotAllowedError, match="Only a draft can be published"):
        demographic_services.question_set_publish(question_set=live, actor=equality_lead)
    live.refresh_from_db()
    assert live.status == QuestionSet.Status.PUBLISHED
    assert live.published_at == published_at


@pytest.mark.django_db
def test_an_application_cannot_skip_to_appointed_and_says_why(recruiting_staff):
    application = submitted_application()
    with pytest.raises(TransitionNotAllowedError, match="cannot move from Received to Appointed"):
        recruitment_services.application_move(application=application, to_stage=Stage.APPOINTED, by=recruiting_staff)
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED
    assert not StageChange.objects.filter(application=application, to_stage=Stage.APPOINTED).exists()


@pytest.mark.django_db
def test_a_misspelt_change_is_an_error_and_saves_nothing(meeting_with_claim):
    _meeting, claim = meeting_with_claim
    with pytest.raises(FieldDoesNotExist), transaction.atomic():
        status_transition(
            instance=claim,
            transition=workshop_services.CLAIM_APPROVE,
            changes={"aproved_by": _finance()},
        )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CLAIMED


@pytest.mark.django_db
def test_a_status_cannot_be_set_by_hand_in_admin(client, administrator, meeting_with_claim):
    meeting, claim = meeting_with_claim
    client.force_login(administrator)
    for url, containing in (
        (reverse("admin:workshops_claim_change", args=[claim.pk]), "hours"),
        (reverse("admin:workshops_minutes_change", args=[meeting.minutes.pk]), "body"),
    ):
        data = form_values(client.get(url).content.decode(), containing=containing)
        assert "status" not in data
        data |= {"status": ["paid"], "approved_by": [str(administrator.pk)]}
        assert client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CLAIMED
    assert claim.approved_by is None
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.DRAFT


@pytest.mark.django_db
def test_approved_minutes_and_an_approved_claim_cannot_be_edited_in_admin(client, administrator, meeting_with_claim):
    meeting, claim = meeting_with_claim
    workshop_services.minutes_approve(meeting=meeting, actor=meeting.facilitator)
    workshop_services.claim_approve(claim=claim, actor=_finance())
    client.force_login(administrator)
    hours = claim.hours
    claim_url = reverse("admin:workshops_claim_change", args=[claim.pk])
    minutes_url = reverse("admin:workshops_minutes_change", args=[meeting.minutes.pk])
    # Shown, but read-only: the form cannot be saved.
    assert client.get(claim_url).status_code == 200
    assert client.post(claim_url, {"hours": "99", "hourly_rate": "1"}).status_code == 403
    assert client.post(minutes_url, {"body": "Rewritten"}).status_code == 403
    claim.refresh_from_db()
    assert claim.hours == hours
    assert Minutes.objects.get(meeting=meeting).body != "Rewritten"
