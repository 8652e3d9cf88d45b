"""Reads for meetings. A closed session is seen only by the people invited and the meeting's staff."""

from datetime import date, datetime
from statistics import median

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User

from .models import Action, Claim, Insight, Meeting, Participation


def is_staff(user: User) -> bool:
    return user.has_perm("accounts.use_staff_area")


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


def actions_accountability(*, today: date | None = None) -> dict[str, QuerySet[Action]]:
    today = today or timezone.localdate()
    base = Action.objects.filter(meeting__kind=Meeting.Kind.PROJECT_MEETING).select_related(
        "owner", "meeting", "insight"
    )
    return {
        "overdue": base.exclude(status=Action.Status.DONE).filter(due_date__lt=today),
        "open": base.exclude(status=Action.Status.DONE).filter(due_date__gte=today),
        "done": base.filter(status=Action.Status.DONE).order_by("-completed_at")[:20],
    }


def actions_of(*, owner: User) -> QuerySet[Action]:
    return Action.objects.filter(owner=owner).exclude(status=Action.Status.DONE).select_related("meeting", "owner")


def actions_overdue(*, today: date | None = None) -> QuerySet[Action]:
    today = today or timezone.localdate()
    return (
        Action.objects.exclude(status=Action.Status.DONE).filter(due_date__lt=today).select_related("owner", "meeting")
    )


def claims_for_staff() -> QuerySet[Claim]:
    return Claim.objects.select_related("participation__person", "participation__meeting").prefetch_related("expenses")


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
    days = [(responded - created).total_seconds() / 86400 for created, responded in rows]
    return round(median(days), 1) if days else None


def report_overdue_actions(*, today: date | None = None) -> int:
    return actions_overdue(today=today).count()


def report_participants(*, start: datetime, end: datetime, team: str = "") -> QuerySet[Participation]:
    """The people who took part in a period, in a team's meetings when a team is given: the user
    ids the involved population is built from."""
    attended = Participation.objects.filter(
        attendance=Participation.Attendance.ATTENDED, meeting__starts_at__gte=start, meeting__starts_at__lt=end
    )
    if team:
        attended = attended.filter(meeting__team=team)
    return attended.values_list("person_id", flat=True).distinct()
