"""Reads for recruitment. List pages run a fixed number of queries whatever the data size."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.languages import translation_fields
from core.permissions import STAFF_AREA
from core.sql import model_columns

from .models import Application, Channel, Guidance, Involvement, Opportunity, Stage, StageChange

CLOSING_SOON_DAYS = 14


def opportunities_open() -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(status=Opportunity.Status.OPEN, closing_date__gte=timezone.localdate())


def opportunities_closing_soon(queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    return queryset.filter(closing_date__lte=timezone.localdate() + timedelta(days=CLOSING_SOON_DAYS))


def opportunity_public(*, pk: int) -> Opportunity | None:
    """Open, closed and filled opportunities can be read by anyone; drafts only by staff."""
    return Opportunity.objects.exclude(status=Opportunity.Status.DRAFT).select_related("video").filter(pk=pk).first()


def opportunities_for_staff() -> QuerySet[Opportunity]:
    submitted = Q(applications__submitted_at__isnull=False)
    return Opportunity.objects.annotate(
        received=Count("applications", filter=submitted),
        in_progress=Count(
            "applications",
            filter=submitted & Q(applications__stage__in=[Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFERED]),
        ),
        appointed=Count("applications", filter=submitted & Q(applications__stage=Stage.APPOINTED)),
    ).order_by("-created_at")


def applications_for_staff() -> QuerySet[Application]:
    """Submitted applications only: drafts belong to the applicant until they send them."""
    return Application.objects.filter(submitted_at__isnull=False).select_related("opportunity", "partner")


def applications_for_staff_list() -> QuerySet[Application]:
    """What the staff list shows, and no more: the long answers stay in the database."""
    return applications_for_staff().only(
        "reference",
        "stage",
        "submitted_at",
        "created_at",
        "name",
        "opportunity__title",
        *translation_fields("opportunity__title"),
        "opportunity__anonymised_screening",
        "partner__name",
    )


def applications_own(*, user: User) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).select_related("opportunity").order_by("-created_at")


def application_own(*, user: User, reference: str, with_title: bool = True) -> Application | None:
    """An applicant's own application, or None: someone else's is indistinguishable from none.
    Of the opportunity, only the title the applicant's pages show (its advert text in every
    language is most of a row), and not even that for saving a step, which shows no page: on the
    busiest request of all, reading and compiling it cost more than the save itself."""
    if not with_title:
        # One raw query: the ORM would compile this one afresh on every save, at more cost than
        # running it (the same reasoning as accounts.selectors.user_for_request).
        table = connection.ops.quote_name(Application._meta.db_table)
        sql = f"SELECT {model_columns(Application)} FROM {table} WHERE applicant_id = %s AND reference = %s"  # noqa: S608
        return next(iter(Application.objects.raw(sql, [user.pk, reference])), None)
    return (
        Application.objects.filter(applicant=user, reference=reference)
        .select_related("opportunity")
        .only(
            *(field.attname for field in Application._meta.concrete_fields),
            "opportunity__title",
            *translation_fields("opportunity__title"),
        )
        .first()
    )


def application_for_staff(*, reference: str) -> Application | None:
    return (
        applications_for_staff()
        .select_related("applicant")
        .prefetch_related("stage_changes__by", "notes__author", "interviews", "messages")
        .filter(reference=reference)
        .first()
    )


HIDDEN = "[hidden]"


def _identity_pattern(application: Application) -> re.Pattern[str] | None:
    """Everything that could say who applied: name and contact details as typed on the form and on
    the account, and each part of a name, so "Dear Ade" is caught as well as "Ade Applicant"."""
    applicant = application.applicant
    names = {application.name, applicant.name}
    clues = {application.email, applicant.email, application.phone, *names}
    clues |= {part for name in names for part in re.split(r"\W+", name or "") if len(part) >= 3}
    clues = {clue.strip() for clue in clues if clue and clue.strip()}
    if not clues:
        return None
    alternatives = [rf"(?<!\w){re.escape(clue)}(?!\w)" for clue in sorted(clues, key=len, reverse=True)]
    return re.compile("|".join(alternatives), re.IGNORECASE)


@dataclass(frozen=True)
class ReviewerEntry:
    at: datetime
    title: str
    by: str = ""
    text: str = ""
    pending: bool = False


@dataclass(frozen=True)
class ReviewerView:
    """What a reviewer sees of an application's record. Under anonymised screening, until
    shortlisting, the name and contact details are taken out of every free text shown."""

    history: list[ReviewerEntry]
    notes: list[ReviewerEntry]
    interviews: list[ReviewerEntry]
    messages: list[ReviewerEntry]


def application_reviewer_view(*, application: Application) -> ReviewerView:
    pattern = _identity_pattern(application) if application.identity_hidden else None

    def shown(text: str) -> str:
        return pattern.sub(HIDDEN, text) if pattern and text else text

    def who(user: User | None) -> str:
        if user is None:
            return ""
        return _("the applicant") if user.pk == application.applicant_id else shown(str(user))

    return ReviewerView(
        history=[
            ReviewerEntry(change.at, change.get_to_stage_display(), who(change.by), shown(change.reason))
            for change in application.stage_changes.all()
        ],
        notes=[
            ReviewerEntry(note.created_at, "", who(note.author), shown(note.text)) for note in application.notes.all()
        ],
        interviews=[
            ReviewerEntry(interview.starts_at, interview.get_format_display(), "", shown(interview.adjustments))
            for interview in application.interviews.all()
        ],
        messages=[
            ReviewerEntry(message.queued_at, shown(message.subject), pending=message.sent_at is None)
            for message in application.messages.all()
        ],
    )


def application_export_own(*, application: Application) -> dict[str, object]:
    return {
        "reference": application.reference,
        "opportunity": application.opportunity.title,
        "status": str(Stage(application.stage).label) if not application.is_draft else "Draft",
        "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
        "name": application.name,
        "email": application.email,
        "phone": application.phone,
        "contact_method": application.contact_method,
        "lived_experience": application.lived_experience,
        "why_this_role": application.why_this_role,
        "availability": application.availability,
        "access_needs": application.access_needs,
        "how_you_heard": application.get_channel_display() if application.channel else "",
        "organisation": application.partner.name if application.partner else "",
        "stage_history": [
            {"stage": str(Stage(change.to_stage).label), "at": change.at.isoformat()}
            for change in application.stage_changes.all()
        ],
    }


def guidance_for(*, user: User | AnonymousUser) -> QuerySet[Guidance]:
    pages = Guidance.objects.filter(is_published=True)
    if not (user.is_authenticated and user.has_perm(STAFF_AREA)):
        pages = pages.filter(audience=Guidance.Audience.APPLICANTS)
    return pages.select_related("video")


# For the report build ----------------------------------------------------------------------


def report_involved_people(*, start: date, end: date, team: str = "") -> set[int]:
    """People with an advisor involvement at any time in [start, end)."""
    involvements = Involvement.objects.filter(start_date__lt=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    if team:
        involvements = involvements.filter(team=team)
    return set(involvements.values_list("person_id", flat=True))


# The furthest stage an application reached decides which funnel steps it counts in: 1 applied,
# 2 shortlisted, 3 interviewed, 4 appointed. An offer counts as an interview reached.
FUNNEL_STEPS = ("applied", "shortlisted", "interview", "appointed")
_STEP_OF_STAGE: dict[str, int] = {
    Stage.SHORTLISTED: 2,
    Stage.INTERVIEW: 3,
    Stage.OFFERED: 3,
    Stage.APPOINTED: 4,
}


def report_applicants(*, start: date, end: date, team: str = "") -> dict[int, tuple[int, str]]:
    """Each person with an application submitted in [start, end): the furthest step any of those
    applications reached, and the channel of the first (how they heard about us first). The step
    comes from the stage history, so a later 'not progressed' keeps how far it got."""
    # Local midnights as moments, rather than the date of each moment, so the index on
    # submitted_at serves the range.
    since, until = (timezone.make_aware(datetime.combine(day, time.min)) for day in (start, end))
    applications = Application.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
    if team:
        applications = applications.filter(opportunity__team=team)
    # Two plain reads and a loop: at 20,000 applications this takes half the time of one query
    # that joins the history and takes the furthest step per application with MAX(CASE ...).
    furthest: dict[int, int] = {}
    reached = StageChange.objects.filter(
        application__in=applications.values("pk"), to_stage__in=list(_STEP_OF_STAGE)
    ).values_list("application_id", "to_stage")
    for application, stage in reached:
        furthest[application] = max(furthest.get(application, 1), _STEP_OF_STAGE[stage])
    applicants: dict[int, tuple[int, str]] = {}
    oldest_first = applications.order_by("submitted_at", "pk").values_list("pk", "applicant_id", "channel")
    for application, person, channel in oldest_first:
        step = furthest.get(application, 1)
        if person in applicants:
            applicants[person] = (max(step, applicants[person][0]), applicants[person][1])
        else:
            applicants[person] = (step, channel or "not_said")
    return applicants


def report_channel_labels() -> dict[str, str]:
    return {**{key: str(label) for key, label in Channel.choices}, "not_said": str(_("Not said"))}
