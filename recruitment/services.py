"""Writes for recruitment. Every move of an application is recorded with who, when and why;
every staff view of an application and every export is audited."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.audit import audit_record
from core.languages import translations_of
from core.mail import send_once
from core.tasks import enqueue_on_commit
from core.transitions import Transition, status_transition
from core.updates import KEEP, Keep, given

from . import tasks
from .models import (
    CLOSED_STAGES,
    Application,
    Interview,
    Involvement,
    Message,
    MessageTemplate,
    Note,
    Opportunity,
    OutreachSend,
    Partner,
    RoleTemplate,
    Stage,
    StageChange,
    Video,
)
from .translation import ADVERT_TEXT

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
SUBMISSIONS_PER_HOUR = 5

# Which stage may follow which: a mistaken move can be put right, but nothing skips the record.
ALLOWED_MOVES: dict[str, set[str]] = {
    Stage.RECEIVED: {Stage.SHORTLISTED, Stage.NOT_PROGRESSED, Stage.WITHDRAWN},
    Stage.SHORTLISTED: {Stage.INTERVIEW, Stage.OFFERED, Stage.NOT_PROGRESSED, Stage.WITHDRAWN, Stage.RECEIVED},
    Stage.INTERVIEW: {Stage.OFFERED, Stage.NOT_PROGRESSED, Stage.WITHDRAWN, Stage.SHORTLISTED},
    Stage.OFFERED: {Stage.APPOINTED, Stage.NOT_PROGRESSED, Stage.WITHDRAWN, Stage.INTERVIEW},
    Stage.APPOINTED: set(),
    Stage.NOT_PROGRESSED: {Stage.RECEIVED, Stage.SHORTLISTED},
    Stage.WITHDRAWN: set(),
}


class RateLimitedError(Exception):
    pass


# Opportunities -------------------------------------------------------------------------------


@transaction.atomic
def opportunity_create_from_template(
    *,
    template: RoleTemplate,
    actor: User,
    team: str,
    format: str,
    region: str,
    closing_date: date,
    places: int,
    location: str = "",
    anonymised_screening: bool = False,
) -> Opportunity:
    """Copies the template's advert text into the opportunity, so later template edits leave it be."""
    advert = {field: getattr(template, field) for field in RoleTemplate.ADVERT_FIELDS}
    advert |= translations_of(template, ADVERT_TEXT)
    opportunity = Opportunity(
        template=template,
        created_by=actor,
        **advert,
        team=team,
        format=format,
        region=region,
        location=location,
        closing_date=closing_date,
        places=places,
        anonymised_screening=anonymised_screening,
    )
    opportunity.full_clean()
    opportunity.save()
    audit_record(action="opportunity_created", actor=actor, target_type="opportunity", target_id=opportunity.pk)
    return opportunity


@transaction.atomic
def opportunity_update(
    *,
    opportunity: Opportunity,
    actor: User,
    title: str | Keep = KEEP,
    title_cy: str | Keep = KEEP,
    summary: str | Keep = KEEP,
    summary_cy: str | Keep = KEEP,
    duties: str | Keep = KEEP,
    duties_cy: str | Keep = KEEP,
    time_commitment: str | Keep = KEEP,
    time_commitment_cy: str | Keep = KEEP,
    payment_rate: Decimal | Keep = KEEP,
    payment_method: str | Keep = KEEP,
    payment_method_cy: str | Keep = KEEP,
    benefits_advice: str | Keep = KEEP,
    benefits_advice_cy: str | Keep = KEEP,
    can_decline_payment: bool | Keep = KEEP,
    support_offered: str | Keep = KEEP,
    support_offered_cy: str | Keep = KEEP,
    who_we_welcome: str | Keep = KEEP,
    who_we_welcome_cy: str | Keep = KEEP,
    accessibility: str | Keep = KEEP,
    accessibility_cy: str | Keep = KEEP,
    video: Video | Keep | None = KEEP,
    team: str | Keep = KEEP,
    team_cy: str | Keep = KEEP,
    format: str | Keep = KEEP,
    region: str | Keep = KEEP,
    location: str | Keep = KEEP,
    location_cy: str | Keep = KEEP,
    closing_date: date | Keep = KEEP,
    places: int | Keep = KEEP,
    status: str | Keep = KEEP,
    anonymised_screening: bool | Keep = KEEP,
) -> Opportunity:
    """Changes the fields given (the staff form gives them all); the others keep their value."""
    changes = given(
        {
            "title": title,
            "title_cy": title_cy,
            "summary": summary,
            "summary_cy": summary_cy,
            "duties": duties,
            "duties_cy": duties_cy,
            "time_commitment": time_commitment,
            "time_commitment_cy": time_commitment_cy,
            "payment_rate": payment_rate,
            "payment_method": payment_method,
            "payment_method_cy": payment_method_cy,
            "benefits_advice": benefits_advice,
            "benefits_advice_cy": benefits_advice_cy,
            "can_decline_payment": can_decline_payment,
            "support_offered": support_offered,
            "support_offered_cy": support_offered_cy,
            "who_we_welcome": who_we_welcome,
            "who_we_welcome_cy": who_we_welcome_cy,
            "accessibility": accessibility,
            "accessibility_cy": accessibility_cy,
            "video": video,
            "team": team,
            "team_cy": team_cy,
            "format": format,
            "region": region,
            "location": location,
            "location_cy": location_cy,
            "closing_date": closing_date,
            "places": places,
            "status": status,
            "anonymised_screening": anonymised_screening,
        }
    )
    for field, value in changes.items():
        setattr(opportunity, field, value)
    return _opportunity_save(opportunity=opportunity, actor=actor)


def _opportunity_save(*, opportunity: Opportunity, actor: User, detail: dict[str, Any] | None = None) -> Opportunity:
    created = opportunity.pk is None
    if created:
        opportunity.created_by = actor
    if opportunity.status == Opportunity.Status.OPEN and opportunity.published_at is None:
        opportunity.published_at = timezone.now()
    opportunity.full_clean()
    opportunity.save()
    audit_record(
        action="opportunity_created" if created else "opportunity_updated",
        actor=actor,
        target_type="opportunity",
        target_id=opportunity.pk,
        detail=detail,
    )
    return opportunity


@transaction.atomic
def opportunity_save_edited(*, opportunity: Opportunity, actor: User, fields: list[str]) -> Opportunity:
    """Saves an opportunity whose fields a form has set, such as Django admin's (which edits every
    language's text), naming the fields in the audit log."""
    return _opportunity_save(opportunity=opportunity, actor=actor, detail={"fields": sorted(fields)})


@transaction.atomic
def opportunity_delete(*, opportunity: Opportunity, actor: User) -> None:
    """Only an opportunity nobody applied to can go: applications keep theirs (PROTECT)."""
    opportunity_id = opportunity.pk
    opportunity.delete()
    audit_record(action="opportunity_deleted", actor=actor, target_type="opportunity", target_id=opportunity_id)


@transaction.atomic
def outreach_send(*, opportunity: Opportunity, partners: list[Partner], actor: User, base_url: str) -> int:
    for partner in partners:
        send = OutreachSend.objects.create(opportunity=opportunity, partner=partner, sent_by=actor)
        enqueue_on_commit(tasks.outreach_email_send, send.pk, base_url)
    audit_record(
        action="opportunity_sent_to_partners",
        actor=actor,
        target_type="opportunity",
        target_id=opportunity.pk,
        detail={"partners": [p.pk for p in partners]},
    )
    return len(partners)


def outreach_email_send(*, send_id: int, base_url: str) -> None:
    send = OutreachSend.objects.select_related("opportunity", "partner").filter(pk=send_id).first()
    if send is None:
        return
    link = base_url.rstrip("/") + reverse("recruitment:detail", kwargs={"pk": send.opportunity.pk})
    context = {"partner": send.partner, "opportunity": send.opportunity, "link": link}
    send_once(
        subject=_("An opportunity to share: %(title)s") % {"title": send.opportunity.title},
        message=render_to_string("recruitment/email/outreach.txt", context),
        recipient_list=[send.partner.contact_email],
    )


# Applying ------------------------------------------------------------------------------------


def _new_reference() -> str:
    return "MI-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


@transaction.atomic
def application_start(*, opportunity: Opportunity, applicant: User) -> Application:
    """Returns the person's application for this opportunity, starting a draft if there is none."""
    existing = Application.objects.filter(opportunity=opportunity, applicant=applicant).first()
    if existing is not None:
        return existing
    if opportunity.status != Opportunity.Status.OPEN or opportunity.closing_date < timezone.localdate():
        raise ValidationError(_("This opportunity is not taking applications."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Application.objects.create(
                    reference=_new_reference(),
                    opportunity=opportunity,
                    applicant=applicant,
                    name=applicant.name,
                    email=applicant.email,
                )
        except IntegrityError:
            existing = Application.objects.filter(opportunity=opportunity, applicant=applicant).first()
            if existing is not None:
                return existing
    raise IntegrityError("Could not make a unique reference.")


# Not wrapped in transaction.atomic, unlike the other writes: it is one UPDATE statement, atomic on
# its own, and the busiest write of all, where BEGIN and COMMIT cost a sixth of the request. A
# test holds it to one statement; a second write here must bring the transaction back.
def application_save_step(
    *,
    application: Application,
    last_step: str | Keep = KEEP,
    name: str | Keep = KEEP,
    email: str | Keep = KEEP,
    phone: str | Keep = KEEP,
    contact_method: str | Keep = KEEP,
    lived_experience: str | Keep = KEEP,
    why_this_role: str | Keep = KEEP,
    availability: str | Keep = KEEP,
    access_needs: str | Keep = KEEP,
    channel: str | Keep = KEEP,
    partner: Partner | Keep | None = KEEP,
    channel_detail: str | Keep = KEEP,
) -> Application:
    """Saves the answers of one step of a draft (the fields given). Sent applications are not edited."""
    if not application.is_draft:
        raise ValidationError(_("This application has been sent, so it can no longer be changed."))
    changes = given(
        {
            "last_step": last_step,
            "name": name,
            "email": email,
            "phone": phone,
            "contact_method": contact_method,
            "lived_experience": lived_experience,
            "why_this_role": why_this_role,
            "availability": availability,
            "access_needs": access_needs,
            "channel": channel,
            "partner": partner,
            "channel_detail": channel_detail,
        }
    )
    now = timezone.now()
    # One statement that changes only a draft: a step saved from another tab while the
    # application is being sent finds it sent, instead of changing what was sent.
    saved = Application.objects.filter(pk=application.pk, submitted_at__isnull=True).update(**changes, updated_at=now)
    if not saved:
        raise ValidationError(_("This application has been sent, so it can no longer be changed."))
    for field, value in changes.items():
        setattr(application, field, value)
    application.updated_at = now
    return application


REQUIRED_TO_SUBMIT = ("name", "email", "contact_method", "lived_experience", "why_this_role")


def application_missing(*, application: Application) -> list[str]:
    return [field for field in REQUIRED_TO_SUBMIT if not getattr(application, field)]


@transaction.atomic
def application_submit(*, application: Application, ip: str | None) -> Application:
    # Sent from two tabs at once, the second waits for the first and then finds it sent.
    application.refresh_from_db(from_queryset=Application.objects.select_for_update(of=("self",)))
    if not application.is_draft:
        return application
    if application_missing(application=application):
        raise ValidationError(_("Some answers are missing."))
    _rate_limit(f"submit:email:{application.email.lower()}")
    if ip:
        _rate_limit(f"submit:ip:{ip}")
    now = timezone.now()
    application.submitted_at = now
    application.stage = Stage.RECEIVED
    application.stage_changed_at = now
    application.save(update_fields=["submitted_at", "stage", "stage_changed_at", "updated_at"])
    StageChange.objects.create(application=application, to_stage=Stage.RECEIVED, by=application.applicant)
    enqueue_on_commit(tasks.application_confirmation_send, application.pk)
    return application


def _rate_limit(key: str) -> None:
    cache_key = f"recruitment:{key}"
    cache.add(cache_key, 0, timeout=3600)
    if cache.incr(cache_key) > SUBMISSIONS_PER_HOUR:
        raise RateLimitedError


def application_confirmation_send(*, application_id: int) -> None:
    application = Application.objects.select_related("opportunity", "applicant").filter(pk=application_id).first()
    if application is None or not application.email:
        return
    # In the language the applicant chose, whichever language the task runs in.
    with translation.override(application.applicant.language):
        send_once(
            subject=_("We have your application: %(reference)s") % {"reference": application.reference},
            message=render_to_string("recruitment/email/confirmation.txt", {"application": application}),
            recipient_list=[application.email],
        )


@transaction.atomic
def application_withdraw(*, application: Application, by: User) -> Application:
    # Read again under a lock: a draft being sent from another tab is sent, not deleted as a draft.
    current = Application.objects.select_for_update().get(pk=application.pk)
    application.submitted_at = current.submitted_at
    application.stage = current.stage
    if application.stage in CLOSED_STAGES and not application.is_draft:
        raise ValidationError(_("This application is already closed."))
    if application.is_draft:
        application.delete()
        return application
    return application_move(
        application=application, to_stage=Stage.WITHDRAWN, by=by, reason=_("Withdrawn by the applicant")
    )


@transaction.atomic
def application_delete_own(*, application: Application) -> None:
    """The applicant erases their application and everything in it."""
    _application_erase(application=application, action="application_deleted_by_applicant", actor=None)


@transaction.atomic
def application_erase(*, application: Application, actor: User) -> None:
    """Staff (an Administrator, in admin) erase an application and everything in it: its history,
    notes, interviews and messages. An advisor's involvement stays, without the application."""
    _application_erase(application=application, action="application_erased", actor=actor)


def _application_erase(*, application: Application, action: str, actor: User | None) -> None:
    reference = application.reference
    application.delete()
    # The reference only: the row that named the person is gone.
    audit_record(action=action, actor=actor, target_type="application", target_id=reference)


# The staff pipeline --------------------------------------------------------------------------


# Each stage as a locked transition: from the stages that may lead to it.
MOVES: dict[str, Transition] = {
    stage: Transition(
        stage,
        {before for before, after in ALLOWED_MOVES.items() if stage in after},
        gettext_noop("An application cannot move from %(from)s to %(to)s."),
        field="stage",
    )
    for stage in Stage
}


def _require_sent(application: Application) -> None:
    if application.is_draft:
        raise ValidationError(_("A draft has not been sent yet."))


def _involvement_start(*, application: Application) -> Involvement:
    involvement, _created = Involvement.objects.get_or_create(
        application=application,
        defaults={
            "person": application.applicant,
            "role": application.opportunity.title,
            "team": application.opportunity.team,
            "start_date": timezone.localdate(),
        },
    )
    return involvement


@transaction.atomic
def application_move(*, application: Application, to_stage: str, by: User, reason: str = "") -> Application:
    def record(moved: Application, from_stage: str) -> None:
        StageChange.objects.create(application=moved, from_stage=from_stage, to_stage=to_stage, by=by, reason=reason)
        if to_stage == Stage.APPOINTED:
            _involvement_start(application=moved)

    return status_transition(
        instance=application,
        transition=MOVES[to_stage],
        check=_require_sent,
        changes={"stage_changed_at": timezone.now()},
        then=record,
    )


@dataclass
class BulkResult:
    moved: list[str]
    refused: list[str]


@transaction.atomic
def applications_move_bulk(*, applications: list[Application], to_stage: str, by: User, reason: str) -> BulkResult:
    result = BulkResult(moved=[], refused=[])
    for application in applications:
        try:
            application_move(application=application, to_stage=to_stage, by=by, reason=reason)
            result.moved.append(application.reference)
        except ValidationError:
            result.refused.append(application.reference)
    return result


@transaction.atomic
def note_add(*, application: Application, author: User, text: str) -> Note:
    return Note.objects.create(application=application, author=author, text=text.strip())


@transaction.atomic
def interview_schedule(
    *, application: Application, by: User, starts_at: datetime, format: str, place: str, adjustments: str
) -> Interview:
    interview = Interview.objects.create(
        application=application, created_by=by, starts_at=starts_at, format=format, place=place, adjustments=adjustments
    )
    if application.stage == Stage.SHORTLISTED:
        application_move(application=application, to_stage=Stage.INTERVIEW, by=by, reason=_("Interview arranged"))
    _interview_audit(interview=interview, action="interview_arranged", by=by)
    return interview


@transaction.atomic
def interview_update(
    *, interview: Interview, by: User, starts_at: datetime, format: str, place: str, adjustments: str
) -> Interview:
    interview.starts_at = starts_at
    interview.format = format
    interview.place = place
    interview.adjustments = adjustments
    interview.full_clean()
    interview.save(update_fields=["starts_at", "format", "place", "adjustments"])
    _interview_audit(interview=interview, action="interview_changed", by=by)
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview, by: User) -> None:
    _interview_audit(interview=interview, action="interview_deleted", by=by)
    interview.delete()


def _interview_audit(*, interview: Interview, action: str, by: User) -> None:
    audit_record(
        action=action,
        actor=by,
        target_type="application",
        target_id=interview.application.reference,
        detail={"interview": interview.pk},
    )


def message_fill(*, template: MessageTemplate, application: Application) -> tuple[str, str]:
    values = {
        "name": application.name or _("there"),
        "opportunity": application.opportunity.title,
        "reference": application.reference,
    }

    def fill(text: str) -> str:
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text

    return fill(template.subject), fill(template.body)


@transaction.atomic
def message_send(*, applications: list[Application], template: MessageTemplate, by: User) -> int:
    for application in applications:
        subject, body = message_fill(template=template, application=application)
        message = Message.objects.create(application=application, subject=subject, body=body, sent_by=by)
        enqueue_on_commit(tasks.message_deliver, message.pk)
    return len(applications)


def message_deliver(*, message_id: int) -> None:
    message = Message.objects.select_related("application").filter(pk=message_id, sent_at__isnull=True).first()
    if message is None or not message.application.email:
        return
    send_once(subject=message.subject, message=message.body, recipient_list=[message.application.email])
    Message.objects.filter(pk=message.pk).update(sent_at=timezone.now())


def application_viewed(*, application: Application, by: User) -> None:
    audit_record(action="application_viewed", actor=by, target_type="application", target_id=application.reference)


def applications_exported(*, count: int, by: User, filters: dict[str, Any]) -> None:
    audit_record(action="applications_exported", actor=by, detail={"rows": count, "filters": filters})


# Retention -----------------------------------------------------------------------------------


@transaction.atomic
def applications_erase_expired(*, today: date | None = None) -> int:
    """Erases unsuccessful and withdrawn applications, and abandoned drafts, once they are older
    than RETENTION_MONTHS. Appointed advisors' applications are kept with their involvement."""
    today = today or timezone.localdate()
    cutoff = timezone.make_aware(
        datetime.combine(today - relativedelta(months=settings.RETENTION_MONTHS), datetime.min.time())
    )
    expired = Application.objects.filter(
        Q(stage__in=[Stage.NOT_PROGRESSED, Stage.WITHDRAWN], stage_changed_at__lt=cutoff)
        | Q(submitted_at__isnull=True, updated_at__lt=cutoff)
    )
    count = expired.count()
    if count:
        expired.delete()
        audit_record(action="applications_erased_by_retention", detail={"count": count, "before": cutoff.isoformat()})
    return count
