"""Writes for meetings, insights, actions and involvement payments."""

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role
from core.audit import audit_record
from core.csv import csv_render
from core.mail import send_once
from core.tasks import enqueue_on_commit
from core.transitions import Transition, status_transition

from . import selectors, tasks
from .models import Action, ActivityRate, Attachment, Claim, Expense, Insight, Meeting, Minutes, Participation, Theme

PENNY = Decimal("0.01")
# Statuses that answer an insight; each one, with a response, tells the people who attended.
ANSWERED = {
    Insight.Status.WILL_ACT,
    Insight.Status.ACTED_ON,
    Insight.Status.NOT_IN_REMIT,
    Insight.Status.ANSWERED_AFTER,
}
MINUTES_FROZEN = gettext_noop("These minutes are approved, so they can no longer be changed.")
# The status machines: (to, allowed from, what people see when refused).
MINUTES_APPROVE = Transition(Minutes.Status.APPROVED, {Minutes.Status.DRAFT}, MINUTES_FROZEN)
CLAIM_APPROVE = Transition(
    Claim.Status.APPROVED, {Claim.Status.CLAIMED}, gettext_noop("Only a new claim can be approved.")
)
CLAIM_PAY = Transition(
    Claim.Status.PAID, {Claim.Status.APPROVED}, gettext_noop("Only an approved claim can be marked paid.")
)


def _require_manager(*, user: User, meeting: Meeting) -> None:
    if not selectors.can_manage(user=user, meeting=meeting):
        raise PermissionDenied


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    format: str,
    facilitator: User,
    purpose: str,
    visibility: str,
    venue: str = "",
    joining_link: str = "",
    agenda: str = "",
    community: str = "",
    team: str = "",
    staff: list[User] | None = None,
) -> Meeting:
    meeting = Meeting(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        format=format,
        facilitator=facilitator,
        purpose=purpose,
        visibility=visibility,
        venue=venue,
        joining_link=joining_link,
        agenda=agenda,
        community=community,
        team=team,
    )
    meeting.full_clean()
    meeting.save()
    meeting.staff.set([actor, *(staff or [])])
    audit_record(action="meeting_created", actor=actor, target_type="meeting", target_id=meeting.pk)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: User,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    format: str,
    facilitator: User,
    purpose: str,
    visibility: str,
    venue: str,
    joining_link: str,
    agenda: str,
    community: str,
    team: str,
) -> Meeting:
    """Every field of the meeting form, so a field the form gains is an error here until saved."""
    _require_manager(user=actor, meeting=meeting)
    meeting.kind = kind
    meeting.title = title
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.format = format
    meeting.facilitator = facilitator
    meeting.purpose = purpose
    meeting.visibility = visibility
    meeting.venue = venue
    meeting.joining_link = joining_link
    meeting.agenda = agenda
    meeting.community = community
    meeting.team = team
    meeting.full_clean()
    meeting.save()
    audit_record(action="meeting_updated", actor=actor, target_type="meeting", target_id=meeting.pk)
    return meeting


@transaction.atomic
def meeting_facilitator_set(*, meeting: Meeting, facilitator: User, actor: User) -> Meeting:
    """The meeting's staff hand the meeting (and approving its minutes) to another member of staff."""
    _require_manager(user=actor, meeting=meeting)
    if not selectors.is_staff(facilitator):
        raise ValidationError(_("The facilitator must be a member of staff."))
    meeting.facilitator = facilitator
    meeting.save(update_fields=["facilitator"])
    audit_record(
        action="meeting_facilitator_changed",
        actor=actor,
        target_type="meeting",
        target_id=meeting.pk,
        detail={"facilitator": facilitator.pk},
    )
    return meeting


@transaction.atomic
def participants_invite(*, meeting: Meeting, people: list[User], actor: User) -> int:
    _require_manager(user=actor, meeting=meeting)
    invited = 0
    for person in people:
        participation, created = Participation.objects.get_or_create(meeting=meeting, person=person)
        if created:
            invited += 1
            enqueue_on_commit(tasks.invitation_send, participation.pk)
    return invited


@transaction.atomic
def participant_add_new(*, meeting: Meeting, name: str, email: str, actor: User) -> Participation:
    """Someone who came another way (not through recruitment): an account is made for them, with
    no password, and they are invited; they sign in with a code sent to their e-mail."""
    _require_manager(user=actor, meeting=meeting)
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        person = account_services.user_create(email=email, name=name, roles=(Role.APPLICANT,))
        audit_record(action="participant_account_created", actor=actor, target_type="user", target_id=person.pk)
    participants_invite(meeting=meeting, people=[person], actor=actor)
    return meeting.participations.get(person=person)


def invitation_send(*, participation_id: int) -> None:
    participation = Participation.objects.select_related("meeting", "person").filter(pk=participation_id).first()
    if participation is None:
        return
    with translation.override(participation.person.language):
        send_once(
            subject=_("You are invited: %(title)s") % {"title": participation.meeting.title},
            message=render_to_string("workshops/email/invitation.txt", {"participation": participation}),
            recipient_list=[participation.person.email],
        )


@transaction.atomic
def participation_reply(
    *, participation: Participation, reply: str, access_needs: str, services: list[str]
) -> Participation:
    participation.reply = reply
    participation.access_needs = access_needs.strip()
    participation.services = sorted(set(services))
    participation.full_clean()
    participation.save(update_fields=["reply", "access_needs", "services"])
    return participation


@transaction.atomic
def attendance_record(*, meeting: Meeting, attendance: dict[int, str], actor: User) -> None:
    _require_manager(user=actor, meeting=meeting)
    valid = set(Participation.Attendance.values)
    for participation in meeting.participations.filter(pk__in=list(attendance)):
        if attendance[participation.pk] not in valid:
            raise ValidationError(_("Choose an attendance for everyone."))
        participation.attendance = attendance[participation.pk]
        participation.save(update_fields=["attendance"])


@transaction.atomic
def minutes_save(*, meeting: Meeting, body: str, actor: User) -> Minutes:
    _require_manager(user=actor, meeting=meeting)
    # Locked, so an approval that commits first is seen here, not overwritten after it.
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting, defaults={"body": body})
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError(_(MINUTES_FROZEN))
    minutes.body = body
    minutes.save(update_fields=["body"])
    return minutes


@transaction.atomic
def minutes_approve(*, meeting: Meeting, actor: User) -> Minutes:
    if meeting.facilitator_id != actor.pk:
        raise PermissionDenied(_("Only the facilitator can approve the minutes."))
    minutes = status_transition(
        instance=Minutes.objects.get(meeting=meeting),
        transition=MINUTES_APPROVE,
        changes={"approved_by": actor, "approved_at": timezone.now()},
    )
    audit_record(action="minutes_approved", actor=actor, target_type="meeting", target_id=meeting.pk)
    return minutes


@transaction.atomic
def insight_add(
    *, meeting: Meeting, text: str, themes: list[str], raised_by: User | None, anonymous: bool, actor: User
) -> Insight:
    _require_manager(user=actor, meeting=meeting)
    # An anonymous insight keeps no record of who raised it, so nobody can look it up later.
    insight = Insight.objects.create(
        meeting=meeting, text=text.strip(), raised_by=None if anonymous else raised_by, anonymous=anonymous
    )
    names = {name.strip()[:80] for name in themes if name.strip()}
    insight.themes.set([Theme.objects.get_or_create(name=name)[0] for name in sorted(names)])
    return insight


@transaction.atomic
def insight_respond(*, insight: Insight, status: str, response: str, actor: User) -> Insight:
    _require_manager(user=actor, meeting=insight.meeting)
    if status in ANSWERED and not response.strip():
        raise ValidationError(_("Write the response people will see."))
    newly_answered = status in ANSWERED and insight.responded_at is None
    insight.status = status
    insight.response = response.strip()
    if status in ANSWERED and insight.responded_at is None:
        insight.responded_at = timezone.now()
    insight.full_clean()
    insight.save()
    if newly_answered:
        enqueue_on_commit(tasks.insight_answered_notify, insight.pk)
    return insight


def insight_answered_notify(*, insight_id: int) -> int:
    insight = Insight.objects.select_related("meeting").filter(pk=insight_id).first()
    if insight is None:
        return 0
    attendees = insight.meeting.participations.filter(attendance=Participation.Attendance.ATTENDED).select_related(
        "person"
    )
    for participation in attendees:
        with translation.override(participation.person.language):
            send_once(
                subject=_("You said, we did: %(title)s") % {"title": insight.meeting.title},
                message=render_to_string(
                    "workshops/email/insight_answered.txt", {"insight": insight, "person": participation.person}
                ),
                recipient_list=[participation.person.email],
                part=participation.person_id,
            )
    return len(attendees)


@transaction.atomic
def action_create(
    *, meeting: Meeting, title: str, owner: User, due_date: Any, actor: User, insight: Insight | None = None
) -> Action:
    _require_manager(user=actor, meeting=meeting)
    if not selectors.is_staff(owner):
        raise ValidationError(_("The owner must be a member of staff."))
    if selectors.meeting_for(user=owner, pk=meeting.pk) is None:
        raise ValidationError(_("The owner must be someone who can see this meeting: add them to its staff first."))
    action = Action(meeting=meeting, insight=insight, title=title.strip(), owner=owner, due_date=due_date)
    action.full_clean()
    action.save()
    if insight is not None:
        # One conditional write, so a response given meanwhile is not overwritten.
        Insight.objects.filter(pk=insight.pk, status=Insight.Status.OPEN).update(status=Insight.Status.WILL_ACT)
    return action


@transaction.atomic
def action_update(*, action: Action, status: str, completion_note: str, actor: User) -> Action:
    if action.owner_id != actor.pk:
        _require_manager(user=actor, meeting=action.meeting)
    if status == Action.Status.DONE and not completion_note.strip():
        raise ValidationError(_("Say what was done."))
    action.status = status
    action.completion_note = completion_note.strip()
    action.completed_at = timezone.now() if status == Action.Status.DONE else None
    action.full_clean()
    action.save()
    return action


def overdue_actions_remind() -> int:
    """Weekly: one e-mail to each owner listing their overdue actions (those they may still see)."""
    by_owner: dict[User, list[Action]] = defaultdict(list)
    for owner in {action.owner for action in selectors.actions_overdue()}:
        by_owner[owner] = list(selectors.actions_overdue_of(owner=owner))
    by_owner = {owner: actions for owner, actions in by_owner.items() if actions}
    for owner, actions in by_owner.items():
        with translation.override(owner.language):
            send_once(
                subject=_("Overdue actions: %(count)d") % {"count": len(actions)},
                message=render_to_string("workshops/email/overdue.txt", {"owner": owner, "actions": actions}),
                recipient_list=[owner.email],
                part=owner.pk,
            )
    return len(by_owner)


@transaction.atomic
def attachment_add(*, meeting: Meeting, title: str, file: Any, actor: User) -> Attachment:
    _require_manager(user=actor, meeting=meeting)
    attachment = Attachment(meeting=meeting, title=title, file=file)
    attachment.full_clean()
    attachment.save()
    return attachment


# Retention -------------------------------------------------------------------------------------


def _cutoff(today: date, months: int) -> datetime:
    return timezone.make_aware(datetime.combine(today - relativedelta(months=months), time.min))


def _files_delete_after_commit(files: list[Any]) -> None:
    """Stored files go once the rows that named them are gone for good, not before."""
    for stored in files:
        if stored:
            transaction.on_commit(partial(stored.storage.delete, stored.name))


@transaction.atomic
def records_erase_expired(*, today: date | None = None) -> dict[str, int]:
    """Erases workshop records past their retention period (settings *_RETENTION_MONTHS): minutes
    and meeting files counted from the meeting's end, claims and receipts from payment (or from
    the claim when it was never paid). Returns how many of each went."""
    today = today or timezone.localdate()
    minutes = Minutes.objects.filter(meeting__ends_at__lt=_cutoff(today, settings.MINUTES_RETENTION_MONTHS))
    files = Attachment.objects.filter(meeting__ends_at__lt=_cutoff(today, settings.MEETING_FILES_RETENTION_MONTHS))
    settled = Coalesce("paid_at", "claimed_at")
    claims = Claim.objects.alias(settled=settled).filter(settled__lt=_cutoff(today, settings.CLAIMS_RETENTION_MONTHS))
    receipts = (
        Expense.objects.alias(settled=Coalesce("claim__paid_at", "claim__claimed_at"))
        .filter(settled__lt=_cutoff(today, settings.RECEIPTS_RETENTION_MONTHS))
        .exclude(receipt="")
    )
    erased = {"minutes": minutes.count()}
    minutes.delete()
    attachments = list(files)
    _files_delete_after_commit([attachment.file for attachment in attachments])
    erased["meeting_files"] = Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()[0]
    # The receipts of claims that go, and receipts past their own period on claims that stay.
    expenses = {e.pk: e for e in [*Expense.objects.filter(claim__in=claims).exclude(receipt=""), *receipts]}
    _files_delete_after_commit([expense.receipt for expense in expenses.values()])
    erased["receipts"] = Expense.objects.filter(pk__in=list(expenses)).update(receipt="")
    claim_ids = list(claims.values_list("pk", flat=True))
    Claim.objects.filter(pk__in=claim_ids).delete()
    erased["claims"] = len(claim_ids)
    if any(erased.values()):
        audit_record(action="workshop_records_erased_by_retention", detail=erased)
    return erased


# Payments --------------------------------------------------------------------------------------


def claim_time_amount(claim: Claim) -> Decimal:
    if claim.declined_payment:
        return Decimal("0.00")
    return (claim.hours * claim.hourly_rate).quantize(PENNY, rounding=ROUND_HALF_UP)


def claim_total(claim: Claim) -> Decimal:
    return claim_time_amount(claim) + sum((e.amount for e in claim.expenses.all()), Decimal("0.00"))


@transaction.atomic
def claim_make(
    *, participation: Participation, hours: Decimal, declined_payment: bool, expenses: list[dict[str, Any]], by: User
) -> Claim:
    if participation.person_id != by.pk:
        raise PermissionDenied
    if participation.attendance != Participation.Attendance.ATTENDED:
        raise ValidationError(_("You can claim for a meeting once your attendance is recorded."))
    if Claim.objects.filter(participation=participation).exists():
        raise ValidationError(_("You have already claimed for this meeting."))
    rate = ActivityRate.objects.filter(kind=participation.meeting.kind).first()
    if rate is None:
        raise ValidationError(_("There is no payment rate for this kind of meeting yet. Please ask the team."))
    claim = Claim(
        participation=participation, hours=hours, hourly_rate=rate.hourly_rate, declined_payment=declined_payment
    )
    claim.full_clean()
    claim.save()
    for expense in expenses:
        item = Expense(claim=claim, **expense)
        item.full_clean()
        item.save()
    return claim


def _require_finance(*, user: User) -> None:
    if not selectors.has_finance(user):
        raise PermissionDenied(_("Only people in finance approve and pay claims."))


def _require_another_payer(claim: Claim, *, actor: User) -> None:
    # Two people see every payment through: one approves, another pays.
    if claim.approved_by_id == actor.pk:
        raise ValidationError(_("You approved this claim. Someone else in finance must mark it paid."))


def _claim_step(
    *, claim: Claim, actor: User, transition: Transition, stamp: str, check: Callable[[Claim], None] | None = None
) -> Claim:
    """Moves the claim on, stamping who did it and when (`approved_by`, `approved_at`...)."""
    _require_finance(user=actor)
    claim = status_transition(
        instance=claim,
        transition=transition,
        changes={f"{stamp}_by": actor, f"{stamp}_at": timezone.now()},
        check=check,
    )
    audit_record(action=f"claim_{stamp}", actor=actor, target_type="claim", target_id=claim.pk)
    return claim


@transaction.atomic
def claim_approve(*, claim: Claim, actor: User) -> Claim:
    return _claim_step(claim=claim, actor=actor, transition=CLAIM_APPROVE, stamp="approved")


@transaction.atomic
def claim_mark_paid(*, claim: Claim, actor: User) -> Claim:
    check = partial(_require_another_payer, actor=actor)
    return _claim_step(claim=claim, actor=actor, transition=CLAIM_PAY, stamp="paid", check=check)


@transaction.atomic
def rate_set(*, kind: str, hourly_rate: Decimal, actor: User) -> ActivityRate:
    rate, _created = ActivityRate.objects.update_or_create(kind=kind, defaults={"hourly_rate": hourly_rate})
    audit_record(action="payment_rate_set", actor=actor, detail={"kind": kind, "hourly_rate": str(hourly_rate)})
    return rate


def receipt_viewed(*, expense: Expense, actor: User) -> None:
    audit_record(action="receipt_viewed", actor=actor, target_type="expense", target_id=expense.pk)


def claims_export(*, claims: list[Claim], actor: User) -> str:
    header = ["claim", "name", "email", "meeting", "date", "hours", "rate", "time", "expenses", "total", "status"]
    rows = []
    for claim in claims:
        expenses = sum((e.amount for e in claim.expenses.all()), Decimal("0.00"))
        rows.append(
            [
                claim.pk,
                claim.participation.person.name,
                claim.participation.person.email,
                claim.participation.meeting.title,
                claim.participation.meeting.starts_at.date().isoformat(),
                claim.hours,
                claim.hourly_rate,
                claim_time_amount(claim),
                expenses,
                claim_total(claim),
                claim.get_status_display(),
            ]
        )
    audit_record(action="claims_exported", actor=actor, detail={"rows": len(rows)})
    return csv_render(header, rows)
