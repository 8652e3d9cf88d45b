from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.markdown import render_markdown
from core.permissions import staff_required

from . import selectors, services
from .forms import (
    ActionForm,
    ActionUpdateForm,
    AttachmentForm,
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
from .models import ActivityRate, Attachment, Claim, Expense, Meeting, Minutes, Participation


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the person may see; any other, closed sessions above all, does not exist for them."""
    meeting = selectors.meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def _managed(request: HttpRequest, pk: int) -> Meeting:
    meeting = _meeting(request, pk)
    if not selectors.can_manage(user=request.user, meeting=meeting):
        raise PermissionDenied
    return meeting


def _bound(request: HttpRequest) -> object:
    return request.POST if request.method == "POST" else None


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
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
def meeting_new(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting created. Now invite people."))
        return redirect("workshops:detail", pk=meeting.pk)
    return render(request, "workshops/form.html", {"form": form, "title": _("New meeting")})


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = MeetingForm(_bound(request), instance=meeting, initial={"joining_link": meeting.joining_link})
    if request.method == "POST" and form.is_valid():
        services.meeting_update(meeting=meeting, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting saved."))
        return redirect("workshops:detail", pk=pk)
    return render(request, "workshops/form.html", {"form": form, "title": meeting.title})


@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    manages = selectors.can_manage(user=request.user, meeting=meeting)
    mine = selectors.participation_of(user=request.user, meeting=meeting)
    action = request.POST.get("action") if request.method == "POST" else None
    reply_form = ReplyForm(
        request.POST if action == "reply" else None,
        instance=mine,
        initial={"services": mine.services} if mine else None,
    )
    invite_form = InviteForm(request.POST if action == "invite" else None)
    new_form = NewParticipantForm(request.POST if action == "add_new" else None)
    if action == "add_new" and manages and new_form.is_valid():
        services.participant_add_new(meeting=meeting, actor=request.user, **new_form.cleaned_data)
        messages.success(request, _("%(name)s is invited.") % {"name": new_form.cleaned_data["name"]})
        return redirect("workshops:detail", pk=pk)
    if action == "reply" and mine is not None and reply_form.is_valid():
        services.participation_reply(participation=mine, **reply_form.cleaned_data)
        messages.success(request, _("Thank you. We have your reply."))
        return redirect("workshops:detail", pk=pk)
    if action == "invite" and manages and invite_form.is_valid():
        count = services.participants_invite(
            meeting=meeting, people=invite_form.cleaned_data["emails"], actor=request.user
        )
        messages.success(request, _("Invited %(count)d people.") % {"count": count})
        return redirect("workshops:detail", pk=pk)
    if action == "attendance" and manages:
        choices = {
            int(key.split("-")[1]): value
            for key, value in request.POST.items()
            if key.startswith("attendance-") and key.split("-")[1].isdigit()
        }
        try:
            services.attendance_record(meeting=meeting, attendance=choices, actor=request.user)
            messages.success(request, _("Attendance saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("workshops:detail", pk=pk)
    participations = meeting.participations.select_related("person").order_by("person__name") if manages else []
    context = {
        "meeting": meeting,
        "manages": manages,
        "mine": mine,
        "reply_form": reply_form,
        "invite_form": invite_form,
        "new_form": new_form,
        "participations": participations,
        "attendance_choices": Participation.Attendance.choices,
        "can_claim": mine is not None
        and mine.attendance == Participation.Attendance.ATTENDED
        and not hasattr(mine, "claim"),
    }
    return render(request, "workshops/detail.html", context)


@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    manages = selectors.can_manage(user=request.user, meeting=meeting)
    record = Minutes.objects.filter(meeting=meeting).first()
    approved = record is not None and record.status == Minutes.Status.APPROVED
    if request.method == "POST" and not manages:
        raise PermissionDenied
    action = request.POST.get("action") if request.method == "POST" else None
    form = MinutesForm(request.POST if action == "save" else None, initial={"body": record.body if record else ""})
    facilitator_form = FacilitatorForm(
        request.POST if action == "facilitator" else None, initial={"facilitator": meeting.facilitator_id}
    )
    if manages and action == "facilitator" and facilitator_form.is_valid():
        services.meeting_facilitator_set(
            meeting=meeting, facilitator=facilitator_form.cleaned_data["facilitator"], actor=request.user
        )
        messages.success(
            request, _("%(name)s is now the facilitator.") % {"name": facilitator_form.cleaned_data["facilitator"]}
        )
        return redirect("workshops:minutes", pk=pk)
    if manages and action in {"approve", "save"}:
        try:
            if action == "approve":
                services.minutes_approve(meeting=meeting, actor=request.user)
                messages.success(request, _("Minutes approved."))
                return redirect("workshops:minutes", pk=pk)
            if form.is_valid():
                services.minutes_save(meeting=meeting, body=form.cleaned_data["body"], actor=request.user)
                messages.success(request, _("Minutes saved as a draft."))
                return redirect("workshops:minutes", pk=pk)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("workshops:minutes", pk=pk)
    # People who were there read the minutes once approved; until then they are told so.
    shown = manages or approved
    context = {
        "meeting": meeting,
        "record": record if shown else None,
        "approved": approved,
        "form": form,
        "facilitator_form": facilitator_form,
        "manages": manages,
        "body": render_markdown(record.body) if record and shown else "",
        "can_approve": record is not None and not approved and meeting.facilitator_id == request.user.pk,
    }
    return render(request, "workshops/minutes.html", context)


@require_http_methods(["GET", "POST"])
def insights(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    manages = selectors.can_manage(user=request.user, meeting=meeting)
    visible = selectors.insights_visible_to(user=request.user, meeting=meeting)
    if not manages and not visible.exists():
        raise Http404("No insights to show.")
    action = request.POST.get("action") if request.method == "POST" else None
    add_form = InsightForm(request.POST if action == "add" else None, meeting=meeting)
    if action and not manages:
        raise PermissionDenied
    try:
        if action == "add" and add_form.is_valid():
            services.insight_add(
                meeting=meeting,
                text=add_form.cleaned_data["text"],
                themes=add_form.theme_names(),
                raised_by=add_form.cleaned_data["raised_by"],
                anonymous=add_form.cleaned_data["anonymous"],
                actor=request.user,
            )
            messages.success(request, _("Insight added."))
            return redirect("workshops:insights", pk=pk)
        if action in {"respond", "action"}:
            insight = get_object_or_404(
                visible, pk=request.POST.get("insight") if str(request.POST.get("insight", "")).isdigit() else 0
            )
            if action == "respond":
                form = RespondForm(request.POST, instance=insight)
                if form.is_valid():
                    services.insight_respond(insight=insight, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("Response saved."))
                else:
                    messages.error(request, _("Choose a status."))
            else:
                form = ActionForm(request.POST)
                if form.is_valid():
                    services.action_create(meeting=meeting, insight=insight, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("Action added."))
                else:
                    messages.error(request, _("Give the action a title, an owner and a due date."))
            return redirect("workshops:insights", pk=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workshops:insights", pk=pk)
    context = {
        "meeting": meeting,
        "insights": visible,
        "manages": manages,
        "add_form": add_form,
        "respond_form": RespondForm(),
        "action_form": ActionForm(),
    }
    return render(request, "workshops/insights.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
def attachments(request: HttpRequest, pk: int) -> HttpResponse:
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
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    meeting = _meeting(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, meeting=meeting)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1]
    )


def _payments_area(request: HttpRequest) -> None:
    """Payments are for Finance and for staff, who see only the claims of the meetings they run."""
    if not selectors.can_use_payments(request.user):
        raise PermissionDenied


@require_GET
def receipt_download(request: HttpRequest, pk: int) -> FileResponse:
    _payments_area(request)
    visible = selectors.claims_visible_to(user=request.user)
    expense = get_object_or_404(Expense.objects.exclude(receipt="").filter(claim__in=visible), pk=pk)
    services.receipt_viewed(expense=expense, actor=request.user)
    return FileResponse(
        expense.receipt.open("rb"), as_attachment=True, filename=expense.receipt.name.rsplit("/", 1)[-1]
    )


@staff_required
@require_http_methods(["GET", "POST"])
def rates(request: HttpRequest) -> HttpResponse:
    form = RateForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        services.rate_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Rate saved."))
        return redirect("workshops:rates")
    return render(request, "workshops/rates.html", {"form": form, "rates": ActivityRate.objects.order_by("kind")})


@staff_required
@require_GET
def accountability(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workshops/accountability.html",
        {"groups": selectors.actions_accountability(user=request.user), "today": timezone.localdate()},
    )


@staff_required
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workshops/my_actions.html",
        {"actions": selectors.actions_of(owner=request.user), "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, pk: int) -> HttpResponse:
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


@require_http_methods(["GET", "POST"])
def payments(request: HttpRequest) -> HttpResponse:
    _payments_area(request)
    claims = selectors.claims_visible_to(user=request.user)
    if request.method == "POST":
        chosen = get_object_or_404(
            claims, pk=request.POST.get("claim") if str(request.POST.get("claim", "")).isdigit() else 0
        )
        try:
            if request.POST.get("action") == "approve":
                services.claim_approve(claim=chosen, actor=request.user)
            elif request.POST.get("action") == "paid":
                services.claim_mark_paid(claim=chosen, actor=request.user)
            messages.success(request, _("Claim updated."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("workshops:payments")
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
    }
    return render(request, "workshops/payments.html", context)


@require_GET
def payments_export(request: HttpRequest) -> HttpResponse:
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
