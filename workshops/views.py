from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import AuthenticatedHttpRequest
from core.markdown import render_markdown
from core.permissions import staff_required

from . import selectors, services
from .forms import (
    ActionForm,
    ActionUpdateForm,
    AttachmentForm,
    AttendanceFormSet,
    BaseAttendanceFormSet,
    ClaimForm,
    FacilitatorForm,
    InsightForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
    NewParticipantForm,
    RateForm,
    ReplyForm,
    RespondForm,
)
from .models import ActivityRate, Attachment, Claim, Expense, Insight, Meeting, Minutes, Participation


def _meeting(request: AuthenticatedHttpRequest, pk: int) -> Meeting:
    """A meeting the person may see; any other, closed sessions above all, does not exist for them."""
    meeting = selectors.meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def _managed(request: AuthenticatedHttpRequest, pk: int) -> Meeting:
    meeting = _meeting(request, pk)
    if not selectors.can_manage(user=request.user, meeting=meeting):
        raise PermissionDenied
    return meeting


def _bound(request: AuthenticatedHttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


@require_GET
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    meetings = selectors.meetings_visible_to(user=request.user)
    context = {
        "upcoming": meetings.filter(ends_at__gte=now).order_by("starts_at")[:50],
        "past": Paginator(meetings.filter(ends_at__lt=now).order_by("-starts_at"), 20).get_page(
            request.GET.get("page")
        ),
        "is_staff": selectors.is_staff(request.user),
    }
    return render(request, "workshops/list.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MeetingForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting created. Now invite people."))
        return redirect("workshops:detail", pk=meeting.pk)
    return render(request, "workshops/form.html", {"form": form, "title": _("New meeting")})


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = MeetingForm(_bound(request), instance=meeting, initial={"joining_link": meeting.joining_link})
    if request.method == "POST" and form.is_valid():
        services.meeting_update(meeting=meeting, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting saved."))
        return redirect("workshops:detail", pk=pk)
    return render(request, "workshops/form.html", {"form": form, "title": meeting.title})


def _reply_form(mine: Participation | None, data: QueryDict | None = None) -> ReplyForm:
    return ReplyForm(data, instance=mine, initial={"services": mine.services} if mine else None)


def _attendance_formset(meeting: Meeting, data: QueryDict | None = None) -> BaseAttendanceFormSet:
    people = meeting.participations.select_related("person").order_by("person__name")
    return AttendanceFormSet(data, queryset=people, prefix="attendance")


def _detail_page(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    *,
    reply_form: ReplyForm | None = None,
    invite_form: InviteForm | None = None,
    new_form: NewParticipantForm | None = None,
    attendance: BaseAttendanceFormSet | None = None,
) -> HttpResponse:
    """The meeting page; a form posted with mistakes comes back bound, with its errors and what
    the person typed, and every other form fresh."""
    manages = selectors.can_manage(user=request.user, meeting=meeting)
    mine = selectors.participation_of(user=request.user, meeting=meeting)
    invalid = next((form for form in (reply_form, invite_form, new_form) if form is not None), None)
    context = {
        "meeting": meeting,
        "manages": manages,
        "mine": mine,
        "form": invalid,  # base.html marks the title "Error:" while a posted form has errors
        "page_has_errors": attendance is not None and attendance.total_error_count() > 0,
        "reply_form": reply_form or _reply_form(mine),
        "invite_form": invite_form or InviteForm(),
        "new_form": new_form or NewParticipantForm(),
        # (A formset with no rows is falsy, so it is compared with None rather than or-ed.)
        "attendance": (attendance if attendance is not None else _attendance_formset(meeting)) if manages else None,
        "can_claim": mine is not None
        and mine.attendance == Participation.Attendance.ATTENDED
        and not hasattr(mine, "claim"),
    }
    return render(request, "workshops/detail.html", context)


@require_GET
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _meeting(request, pk))


@require_POST
def meeting_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An invited person says whether they can come, and what would help them take part."""
    meeting = _meeting(request, pk)
    mine = selectors.participation_of(user=request.user, meeting=meeting)
    if mine is None:
        raise Http404("You were not invited to this meeting.")
    form = _reply_form(mine, request.POST)
    if not form.is_valid():
        return _detail_page(request, meeting, reply_form=form)
    services.participation_reply(
        participation=mine,
        reply=form.cleaned_data["reply"],
        access_needs=form.cleaned_data["access_needs"],
        services=form.cleaned_data["services"],
    )
    messages.success(request, _("Thank you. We have your reply."))
    return redirect("workshops:detail", pk=pk)


@require_POST
def meeting_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, meeting, invite_form=form)
    count = services.participants_invite(meeting=meeting, people=form.cleaned_data["emails"], actor=request.user)
    messages.success(request, _("Invited %(count)d people.") % {"count": count})
    return redirect("workshops:detail", pk=pk)


@require_POST
def meeting_participant_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Someone who came another way (no account yet): an account is made and they are invited."""
    meeting = _managed(request, pk)
    form = NewParticipantForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, meeting, new_form=form)
    services.participant_add_new(
        meeting=meeting, name=form.cleaned_data["name"], email=form.cleaned_data["email"], actor=request.user
    )
    messages.success(request, _("%(name)s is invited.") % {"name": form.cleaned_data["name"]})
    return redirect("workshops:detail", pk=pk)


@require_POST
def meeting_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    formset = _attendance_formset(meeting, request.POST)
    if formset.is_valid():
        try:
            services.attendance_record(
                meeting=meeting,
                attendance={form.instance.pk: form.cleaned_data["attendance"] for form in formset.initial_forms},
                actor=request.user,
            )
        except ValidationError as error:
            formset.add_non_form_error(error)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("workshops:detail", pk=pk)
    return _detail_page(request, meeting, attendance=formset)


def _minutes_page(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    *,
    form: MinutesForm | None = None,
    facilitator_form: FacilitatorForm | None = None,
) -> HttpResponse:
    manages = selectors.can_manage(user=request.user, meeting=meeting)
    record = Minutes.objects.filter(meeting=meeting).first()
    approved = record is not None and record.status == Minutes.Status.APPROVED
    # People who were there read the minutes once approved; until then they are told so.
    shown = manages or approved
    context = {
        "meeting": meeting,
        "record": record if shown else None,
        "approved": approved,
        "form": form or MinutesForm(initial={"body": record.body if record else ""}),
        "facilitator_form": facilitator_form or FacilitatorForm(initial={"facilitator": meeting.facilitator_id}),
        "page_has_errors": facilitator_form is not None,
        "manages": manages,
        "body": render_markdown(record.body) if record and shown else "",
        "can_approve": record is not None and not approved and meeting.facilitator_id == request.user.pk,
    }
    return render(request, "workshops/minutes.html", context)


@require_GET
def minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _minutes_page(request, _meeting(request, pk))


@require_POST
def minutes_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_save(meeting=meeting, body=form.cleaned_data["body"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Minutes saved as a draft."))
            return redirect("workshops:minutes", pk=pk)
    return _minutes_page(request, meeting, form=form)


@require_POST
def minutes_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Only the facilitator approves (anyone else is refused by the service: 403)."""
    meeting = _managed(request, pk)
    if not Minutes.objects.filter(meeting=meeting).exists():
        messages.error(request, _("Write the minutes before approving them."))
        return redirect("workshops:minutes", pk=pk)
    try:
        services.minutes_approve(meeting=meeting, actor=request.user)
    except ValidationError as error:  # already approved: a second click, or another tab
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Minutes approved."))
    return redirect("workshops:minutes", pk=pk)


@require_POST
def meeting_facilitator(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = FacilitatorForm(request.POST)
    if not form.is_valid():
        return _minutes_page(request, meeting, facilitator_form=form)
    facilitator = form.cleaned_data["facilitator"]
    try:
        services.meeting_facilitator_set(meeting=meeting, facilitator=facilitator, actor=request.user)
    except ValidationError as error:
        form.add_error("facilitator", error)
        return _minutes_page(request, meeting, facilitator_form=form)
    messages.success(request, _("%(name)s is now the facilitator.") % {"name": facilitator})
    return redirect("workshops:minutes", pk=pk)


def _insights_page(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    *,
    add_form: InsightForm | None = None,
    bound: RespondForm | ActionForm | None = None,
) -> HttpResponse:
    """The insights page; `bound` is a respond or action form posted with mistakes, shown again
    under its own insight. Each insight's forms have their own prefix, so no id repeats."""
    manages = selectors.can_manage(user=request.user, meeting=meeting)
    visible = selectors.insights_visible_to(user=request.user, meeting=meeting)
    if not manages and not visible.exists():
        raise Http404("No insights to show.")
    cards: list[tuple[Insight, RespondForm | None, ActionForm | None]] = []
    for insight in visible:
        respond_form = action_form = None
        if manages:
            respond_form = RespondForm(instance=insight, prefix=f"respond-{insight.pk}")
            action_form = ActionForm(prefix=f"action-{insight.pk}")
            if isinstance(bound, RespondForm) and bound.prefix == respond_form.prefix:
                respond_form = bound
            if isinstance(bound, ActionForm) and bound.prefix == action_form.prefix:
                action_form = bound
        cards.append((insight, respond_form, action_form))
    context = {
        "meeting": meeting,
        "cards": cards,
        "manages": manages,
        "add_form": add_form or InsightForm(meeting=meeting),
        "form": add_form or bound,
    }
    return render(request, "workshops/insights.html", context)


@require_GET
def insights(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _insights_page(request, _meeting(request, pk))


@require_POST
def insight_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = InsightForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _insights_page(request, meeting, add_form=form)
    services.insight_add(
        meeting=meeting,
        text=form.cleaned_data["text"],
        themes=form.theme_names(),
        raised_by=form.cleaned_data["raised_by"],
        anonymous=form.cleaned_data["anonymous"],
        actor=request.user,
    )
    messages.success(request, _("Insight added."))
    return redirect("workshops:insights", pk=pk)


def _managed_insight(request: AuthenticatedHttpRequest, pk: int, insight_pk: int) -> tuple[Meeting, Insight]:
    meeting = _managed(request, pk)
    return meeting, get_object_or_404(meeting.insights, pk=insight_pk)


@require_POST
def insight_respond(request: AuthenticatedHttpRequest, pk: int, insight_pk: int) -> HttpResponse:
    meeting, insight = _managed_insight(request, pk, insight_pk)
    form = RespondForm(request.POST, instance=insight, prefix=f"respond-{insight.pk}")
    if form.is_valid():
        try:
            services.insight_respond(
                insight=insight,
                status=form.cleaned_data["status"],
                response=form.cleaned_data["response"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Response saved."))
            return redirect("workshops:insights", pk=pk)
    return _insights_page(request, meeting, bound=form)


@require_POST
def insight_action_add(request: AuthenticatedHttpRequest, pk: int, insight_pk: int) -> HttpResponse:
    meeting, insight = _managed_insight(request, pk, insight_pk)
    form = ActionForm(request.POST, prefix=f"action-{insight.pk}")
    if not form.is_valid():
        return _insights_page(request, meeting, bound=form)
    try:
        services.action_create(
            meeting=meeting,
            insight=insight,
            title=form.cleaned_data["title"],
            owner=form.cleaned_data["owner"],
            due_date=form.cleaned_data["due_date"],
            actor=request.user,
        )
    except ValidationError as error:  # e.g. an owner who cannot see this closed meeting
        form.add_error("owner", error)
        return _insights_page(request, meeting, bound=form)
    messages.success(request, _("Action added."))
    return redirect("workshops:insights", pk=pk)


@staff_required
@require_http_methods(["GET", "POST"])
def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(selectors.actions_visible_to(user=request.user), pk=pk)
    form = ActionUpdateForm(_bound(request), instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Action updated."))
            return redirect("workshops:action", pk=pk)
        except ValidationError as error:
            form.add_error("completion_note", error)
    return render(request, "workshops/action.html", {"action": action, "form": form, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def attachments(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Files for a meeting: anyone who can see the meeting reads them; its staff add them."""
    meeting = _meeting(request, pk)
    manages = selectors.can_manage(user=request.user, meeting=meeting)
    form = AttachmentForm(_bound(request), request.FILES or None)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        if form.is_valid():
            services.attachment_add(meeting=meeting, actor=request.user, **form.cleaned_data)
            messages.success(request, _("File added."))
            return redirect("workshops:attachments", pk=pk)
    context = {"meeting": meeting, "files": meeting.attachments.all(), "form": form, "manages": manages}
    return render(request, "workshops/attachments.html", context)


@require_GET
def attachment_download(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    meeting = _meeting(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, meeting=meeting)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1]
    )


def _payments_area(request: AuthenticatedHttpRequest) -> None:
    """Payments are for Finance and for staff, who see only the claims of the meetings they run."""
    if not selectors.can_use_payments(request.user):
        raise PermissionDenied


@require_GET
def receipt_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    _payments_area(request)
    visible = selectors.claims_visible_to(user=request.user)
    expense = get_object_or_404(Expense.objects.exclude(receipt="").filter(claim__in=visible), pk=pk)
    services.receipt_viewed(expense=expense, actor=request.user)
    return FileResponse(
        expense.receipt.open("rb"), as_attachment=True, filename=expense.receipt.name.rsplit("/", 1)[-1]
    )


@staff_required
@require_http_methods(["GET", "POST"])
def rates(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RateForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        services.rate_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Rate saved."))
        return redirect("workshops:rates")
    return render(request, "workshops/rates.html", {"form": form, "rates": ActivityRate.objects.order_by("kind")})


@staff_required
@require_GET
def accountability(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "workshops/accountability.html",
        {"groups": selectors.actions_accountability(user=request.user), "today": timezone.localdate()},
    )


@staff_required
@require_GET
def my_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "workshops/my_actions.html",
        {"actions": selectors.actions_of(owner=request.user), "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def claim(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    mine = selectors.participation_of(user=request.user, meeting=meeting)
    if mine is None:
        raise Http404("You were not part of this meeting.")
    form = ClaimForm(_bound(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_make(
                participation=mine,
                hours=form.cleaned_data["hours"],
                declined_payment=form.cleaned_data["declined_payment"],
                expenses=form.expenses(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Claim sent. We will let you know when it is approved."))
            return redirect("workshops:detail", pk=pk)
    return render(request, "workshops/claim.html", {"meeting": meeting, "form": form})


@require_GET
def payments(request: AuthenticatedHttpRequest) -> HttpResponse:
    _payments_area(request)
    claims = selectors.claims_visible_to(user=request.user)
    status = request.GET.get("status", "")
    if status in Claim.Status.values:
        claims = claims.filter(status=status)
    page = Paginator(claims, 25).get_page(request.GET.get("page"))
    rows = [(c, services.claim_time_amount(c), services.claim_total(c)) for c in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "statuses": Claim.Status.choices,
        "finance": selectors.has_finance(request.user),
        "is_staff": selectors.is_staff(request.user),
        "query": _list_query(request),
    }
    return render(request, "workshops/payments.html", context)


def _visible_claim(request: AuthenticatedHttpRequest, pk: int) -> Claim:
    """A claim of the payments area; one the person may not see does not exist for them."""
    _payments_area(request)
    return get_object_or_404(selectors.claims_visible_to(user=request.user), pk=pk)


def _list_query(request: AuthenticatedHttpRequest) -> str:
    """The filter and page of the payments list, carried through a button's POST and back."""
    return urlencode({key: request.GET[key] for key in ("status", "page") if request.GET.get(key)})


def _back_to_payments(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = _list_query(request)
    return redirect(f"{reverse('workshops:payments')}?{query}" if query else reverse("workshops:payments"))


@require_POST
def claim_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    claim = _visible_claim(request, pk)
    try:
        services.claim_approve(claim=claim, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Claim approved."))
    return _back_to_payments(request)


@require_POST
def claim_mark_paid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    claim = _visible_claim(request, pk)
    try:
        services.claim_mark_paid(claim=claim, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Claim marked paid."))
    return _back_to_payments(request)


@require_GET
def payments_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    _payments_area(request)
    claims = selectors.claims_visible_to(user=request.user)
    status = request.GET.get("status", "")
    if status in Claim.Status.values:
        claims = claims.filter(status=status)
    response = HttpResponse(
        services.claims_export(claims=list(claims), actor=request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="involvement-payments.csv"'
    return response
