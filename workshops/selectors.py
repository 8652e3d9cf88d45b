"""Reads for meetings. A closed session is seen only by the people invited and the meeting's staff."""

from datetime import date, datetime
from statistics import median

from django.contrib.auth.models import Permission
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from core.permissions import CLAIMS_APPROVE_AND_PAY_CODENAME, STAFF_AREA

from .models import Action, Claim, Insight, Meeting, Participation


def is_staff(user: User) -> bool:
    return user.has_perm(STAFF_AREA)


def meetings_visible_to(*, user: User) -> QuerySet[Meeting]:
    mine = Q(participations__person=user) | Q(facilitator=user) | Q(staff=user)
    if is_staff(user):
        mine |= Q(visibility__in=[Meeting.Visibility.OPEN, Meeting.Visibility.INVITED])
    elif user.involvements.exists():
        mine |= Q(visibility=Meeting.Visibility.OPEN)
    ids = Meeting.objects.filter(mine).values("pk")
    return Meeting.objects.filter(pk__in=ids).select_related("facilitator")


def meeting_for(*, user: User, pk: int) -> Meeting | None:
    return meetings_visible_to(user=user).filter(pk=pk).first()


def can_manage(*, user: User, meeting: Meeting) -> bool:
    """Staff run open and invited meetings; a closed session only its own staff."""
    if meeting.facilitator_id == user.pk or meeting.staff.filter(pk=user.pk).exists():
        return True
    return is_staff(user) and meeting.visibility != Meeting.Visibility.CLOSED


def participation_of(*, user: User, meeting: Meeting) -> Participation | None:
    return meeting.participations.filter(person=user).first()


def insights_visible_to(*, user: User, meeting: Meeting) -> QuerySet[Insight]:
    """Staff who run the meeting see every insight; advisors see those of meetings they attended."""
    insights = meeting.insights.prefetch_related("themes", "actions__owner")
    if can_manage(user=user, meeting=meeting):
        return insights
    attended = meeting.participations.filter(person=user, attendance=Participation.Attendance.ATTENDED).exists()
    return insights if attended else insights.none()


def actions_visible_to(*, user: User) -> QuerySet[Action]:
    """Actions of the meetings the person may see: every list of actions goes through this, so a
    closed meeting's actions and title never show to someone who would get a 404 on it."""
    visible = meetings_visible_to(user=user).values("pk")
    return Action.objects.filter(meeting__in=visible).select_related("owner", "meeting", "insight")


def actions_accountability(*, user: User, today: date | None = None) -> dict[str, QuerySet[Action]]:
    today = today or timezone.localdate()
    base = actions_visible_to(user=user).filter(meeting__kind=Meeting.Kind.PROJECT_MEETING)
    return {
        "overdue": base.exclude(status=Action.Status.DONE).filter(due_date__lt=today),
        "open": base.exclude(status=Action.Status.DONE).filter(due_date__gte=today),
        "done": base.filter(status=Action.Status.DONE).order_by("-completed_at")[:20],
    }


def actions_of(*, owner: User) -> QuerySet[Action]:
    return actions_visible_to(user=owner).filter(owner=owner).exclude(status=Action.Status.DONE)


def actions_overdue(*, today: date | None = None) -> QuerySet[Action]:
    """Every overdue action, for the weekly reminders and the report's count (a number only)."""
    today = today or timezone.localdate()
    return (
        Action.objects.exclude(status=Action.Status.DONE).filter(due_date__lt=today).select_related("owner", "meeting")
    )


def actions_overdue_of(*, owner: User, today: date | None = None) -> QuerySet[Action]:
    """An owner's overdue actions that they may still see, for their reminder."""
    today = today or timezone.localdate()
    return actions_of(owner=owner).filter(due_date__lt=today)


def has_finance(user: User) -> bool:
    """Given the Finance permission, to the person or one of their groups. Being a superuser
    (Administrators are) does not count: closed-session payments stay with who needs them."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user),
        content_type__app_label="workshops",
        codename=CLAIMS_APPROVE_AND_PAY_CODENAME,
    ).exists()


def can_use_payments(user: User) -> bool:
    return has_finance(user) or is_staff(user)


def claims_visible_to(*, user: User) -> QuerySet[Claim]:
    """Finance sees every claim; anyone else only the claims of meetings they run (facilitate or
    staff), whatever the meeting's visibility."""
    claims = Claim.objects.select_related("participation__person", "participation__meeting").prefetch_related(
        "expenses"
    )
    if has_finance(user):
        return claims
    own = Meeting.objects.filter(Q(facilitator=user) | Q(staff=user)).values("pk")
    return claims.filter(participation__meeting__in=own)


# For the report build --------------------------------------------------------------------------


def report_attendances(*, start: datetime, end: datetime) -> list[tuple[str, int, int]]:
    """(meeting kind, meeting, person) for each attendance at a meeting that started in [start, end)."""
    return list(
        Participation.objects.filter(
            attendance=Participation.Attendance.ATTENDED, meeting__starts_at__gte=start, meeting__starts_at__lt=end
        ).values_list("meeting__kind", "meeting_id", "person_id")
    )


def report_meeting_counts(*, start: datetime, end: datetime) -> dict[str, int]:
    """Meetings held in [start, end) by kind: counts of meetings, not of people."""
    rows = Meeting.objects.filter(starts_at__gte=start, starts_at__lt=end).values_list("kind").annotate(n=Count("id"))
    return dict(rows)


def report_meeting_kind_labels() -> dict[str, str]:
    return {key: str(label) for key, label in Meeting.Kind.choices}


def report_insights_by_status() -> list[dict[str, object]]:
    """Insights by what was done about them: every status, in order, with its count."""
    counts = dict(Insight.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [{"key": key, "label": str(label), "count": counts.get(key, 0)} for key, label in Insight.Status.choices]


def report_median_days_to_response() -> float | None:
    rows = Insight.objects.filter(responded_at__isnull=False).values_list("created_at", "responded_at")
    days = [(responded - created).total_seconds() / 86400 for created, responded in rows if responded is not None]
    return round(median(days), 1) if days else None


def report_overdue_actions(*, today: date | None = None) -> int:
    return actions_overdue(today=today).count()


def report_participants(*, start: datetime, end: datetime, team: str = "") -> "QuerySet[Participation, int]":
    """The people who took part in a period, in a team's meetings when a team is given: the user
    ids the involved population is built from."""
    attended = Participation.objects.filter(
        attendance=Participation.Attendance.ATTENDED, meeting__starts_at__gte=start, meeting__starts_at__lt=end
    )
    if team:
        attended = attended.filter(meeting__team=team)
    return attended.values_list("person_id", flat=True).distinct()
