import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.csv import csv_render
from core.http import AuthenticatedHttpRequest, client_ip
from core.markdown import render_markdown
from core.permissions import staff_required
from core.ranges import ranged_file_response

from . import selectors, services
from .filters import ApplicationFilter, OpportunityFilter
from .forms import (
    STEPS,
    BulkMoveForm,
    InterviewForm,
    MessageForm,
    MoveForm,
    NewOpportunityForm,
    NoteForm,
    OpportunityForm,
    OutreachForm,
    StepForm,
)
from .models import Application, Guidance, Opportunity, Stage, Video

PAGE_SIZE = 20


def _page(request: HttpRequest, queryset: QuerySet[Any]) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# Public pages --------------------------------------------------------------------------------


@login_not_required
@require_GET
def listing(request: HttpRequest) -> HttpResponse:
    filters = OpportunityFilter(request.GET, queryset=selectors.opportunities_open())
    page = _page(request, filters.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "recruitment/listing.html", {"filter": filters, "page": page, "query": query.urlencode()})


@login_not_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = selectors.opportunity_public(pk=pk)
    if opportunity is None:
        raise Http404("No such opportunity.")
    own = None
    if request.user.is_authenticated:
        own = opportunity.applications.filter(applicant=request.user).first()
    taking = opportunity.status == Opportunity.Status.OPEN and opportunity in selectors.opportunities_open()
    return render(request, "recruitment/detail.html", {"opportunity": opportunity, "own": own, "taking": taking})


@login_not_required
@require_GET
def guidance_list(request: HttpRequest) -> HttpResponse:
    return render(request, "recruitment/guidance_list.html", {"pages": selectors.guidance_for(user=request.user)})


@login_not_required
@require_GET
def guidance(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(selectors.guidance_for(user=request.user), slug=slug)
    return render(request, "recruitment/guidance.html", {"page": page, "body": render_markdown(page.body)})


@login_not_required
@require_GET
def video_file(request: HttpRequest, pk: int, part: str) -> HttpResponseBase:
    """The 'what it's like' videos and their captions, from this site (no third-party embeds)."""
    video = get_object_or_404(Video, pk=pk)
    if part not in ("video", "captions"):
        raise Http404("No such file.")
    stored = video.file if part == "video" else video.captions
    content_type = (
        "text/vtt" if part == "captions" else ("video/webm" if stored.name.endswith(".webm") else "video/mp4")
    )
    # Sent in parts on request (206 Partial Content), so a browser can seek in the video.
    response = ranged_file_response(request, stored.open("rb"), size=stored.size, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


# Applying ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(Opportunity, pk=pk, status=Opportunity.Status.OPEN)
    try:
        application = services.application_start(opportunity=opportunity, applicant=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("recruitment:detail", pk=pk)
    if not application.is_draft:
        return redirect("recruitment:my_application", reference=application.reference)
    resume = _resume_step(application)
    if resume is None:
        return redirect("recruitment:check", reference=application.reference)
    return redirect("recruitment:step", reference=application.reference, step=resume)


def _resume_step(application: Application) -> str | None:
    """The step after the last one saved, so a person carries on where they stopped."""
    names = [name for name, _form in STEPS]
    if application.last_step not in names:
        return names[0]
    following = names.index(application.last_step) + 1
    return names[following] if following < len(names) else None


def _own_draft(request: AuthenticatedHttpRequest, reference: str, *, with_title: bool = True) -> Application:
    application = selectors.application_own(user=request.user, reference=reference, with_title=with_title)
    if application is None:
        raise Http404("No such application.")
    return application


@require_http_methods(["GET", "POST"])
def step(request: AuthenticatedHttpRequest, reference: str, step: str) -> HttpResponse:
    # A saved step redirects, so its title is read only if the answers come back with a mistake.
    application = _own_draft(request, reference, with_title=request.method == "GET")
    if not application.is_draft:
        return redirect("recruitment:my_application", reference=reference)
    names = [name for name, _form in STEPS]
    if step not in names:
        raise Http404("No such step.")
    form_class = dict(STEPS)[step]
    form = form_class(request.POST if request.method == "POST" else None, instance=application)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in form_class.field_names()}
        services.application_save_step(application=application, **data, last_step=step)
        if request.POST.get("action") == "language":
            # The language switcher posts what the person typed to this step's other-language
            # address: it is saved, and the step shown again in that language.
            return redirect(request.get_full_path())
        if request.POST.get("action") == "later":
            messages.success(request, _("Saved. Sign in again whenever you are ready, and carry on from here."))
            return redirect("recruitment:my_applications")
        following = names.index(step) + 1
        if request.GET.get("return") == "check" or following == len(names):
            return redirect("recruitment:check", reference=reference)
        return redirect("recruitment:step", reference=reference, step=names[following])
    index = names.index(step)
    context = {
        "application": application,
        "form": form,
        "title": form_class.title,
        "number": index + 1,
        "total": len(names),
        "back": names[index - 1] if index else None,
    }
    return render(request, "recruitment/step.html", context)


@require_http_methods(["GET", "POST"])
def check(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    application = _own_draft(request, reference)
    if not application.is_draft:
        return redirect("recruitment:my_application", reference=reference)
    missing = services.application_missing(application=application)
    if request.method == "POST":
        try:
            services.application_submit(application=application, ip=client_ip(request))
        except services.RateLimitedError:
            messages.error(request, _("We have had a lot of applications from you today. Please try again in an hour."))
            return redirect("recruitment:check", reference=reference)
        except ValidationError:
            messages.error(request, _("Some answers are missing. Please fill in the ones marked below."))
            return redirect("recruitment:check", reference=reference)
        return redirect("recruitment:confirmation", reference=reference)
    sections = [(name, form_class.title, form_class.field_names()) for name, form_class in STEPS]
    rows = [
        (name, title, StepForm.field_label(field), _display(application, field), field in missing)
        for name, title, fields in sections
        for field in fields
    ]
    return render(request, "recruitment/check.html", {"application": application, "rows": rows, "missing": missing})


def _display(application: Application, field: str) -> str:
    getter = getattr(application, f"get_{field}_display", None)
    value = getter() if getter and getattr(application, field) else getattr(application, field)
    return str(value) if value else ""


def confirmation(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    application = _own_draft(request, reference)
    if application.is_draft:
        return redirect("recruitment:check", reference=reference)
    return render(request, "recruitment/confirmation.html", {"application": application})


def my_applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "recruitment/my_applications.html", {"applications": selectors.applications_own(user=request.user)}
    )


def my_application(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    application = _own_draft(request, reference)
    return render(request, "recruitment/my_application.html", {"application": application})


@require_http_methods(["GET", "POST"])
def withdraw(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    application = _own_draft(request, reference)
    if request.method == "POST":
        try:
            services.application_withdraw(application=application, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("recruitment:my_application", reference=reference)
        messages.success(request, _("Your application has been withdrawn."))
        return redirect("recruitment:my_applications")
    return render(request, "recruitment/confirm.html", {"application": application, "action": "withdraw"})


@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    application = _own_draft(request, reference)
    if request.method == "POST":
        services.application_delete_own(application=application)
        messages.success(request, _("Your application and everything in it have been deleted."))
        return redirect("recruitment:my_applications")
    return render(request, "recruitment/confirm.html", {"application": application, "action": "delete"})


def download(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    application = _own_draft(request, reference)
    data = selectors.application_export_own(application=application)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="application-{application.reference}.json"'
    return response


# Staff ---------------------------------------------------------------------------------------


@staff_required
def staff_opportunities(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = _page(request, selectors.opportunities_for_staff())
    return render(request, "recruitment/staff/opportunities.html", {"page": page})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_opportunity_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NewOpportunityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        details = {key: value for key, value in form.cleaned_data.items() if key != "template"}
        opportunity = services.opportunity_create_from_template(
            template=form.cleaned_data["template"], actor=request.user, **details
        )
        messages.success(request, _("Draft opportunity made. Check the advert, then set it to Open."))
        return redirect("recruitment:staff_opportunity_edit", pk=opportunity.pk)
    return render(request, "recruitment/staff/form.html", {"form": form, "title": _("New opportunity")})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_opportunity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(Opportunity, pk=pk)
    form = OpportunityForm(request.POST if request.method == "POST" else None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        services.opportunity_update(opportunity=opportunity, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Opportunity saved."))
        return redirect("recruitment:staff_opportunities")
    return render(
        request, "recruitment/staff/form.html", {"form": form, "title": opportunity.title, "opportunity": opportunity}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_outreach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(Opportunity, pk=pk)
    form = OutreachForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        count = services.outreach_send(
            opportunity=opportunity,
            partners=list(form.cleaned_data["partners"]),
            actor=request.user,
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(request, _("Sent to %(count)d partners.") % {"count": count})
        return redirect("recruitment:staff_opportunities")
    sent = opportunity.outreach_sends.select_related("partner").order_by("-sent_at")
    return render(request, "recruitment/staff/outreach.html", {"form": form, "opportunity": opportunity, "sent": sent})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = ApplicationFilter(request.GET, queryset=selectors.applications_for_staff_list())
    page = _page(request, filters.qs)
    references = [application.reference for application in page.object_list]
    bulk = BulkMoveForm(request.POST if request.method == "POST" else None, references=references)
    if request.method == "POST" and bulk.is_valid():
        chosen = list(selectors.applications_for_staff().filter(reference__in=bulk.cleaned_data["applications"]))
        result = services.applications_move_bulk(
            applications=chosen,
            to_stage=bulk.cleaned_data["stage"],
            by=request.user,
            reason=bulk.cleaned_data["reason"],
        )
        if result.moved:
            messages.success(request, _("Moved: %(refs)s.") % {"refs": ", ".join(result.moved)})
        if result.refused:
            messages.error(
                request, _("Could not move these from their stage: %(refs)s.") % {"refs": ", ".join(result.refused)}
            )
        return redirect(request.get_full_path())
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filters, "page": page, "bulk": bulk, "message": MessageForm(), "query": query.urlencode()}
    return render(request, "recruitment/staff/applications.html", context)


@staff_required
@require_GET
def staff_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = ApplicationFilter(request.GET, queryset=selectors.applications_for_staff())
    header = ["reference", "opportunity", "stage", "submitted", "name", "email", "heard through", "organisation"]
    rows = []
    for application in filters.qs:
        hidden = application.identity_hidden
        rows.append(
            [
                application.reference,
                application.opportunity.title,
                application.get_stage_display(),
                application.submitted_at.date().isoformat(),
                "" if hidden else application.name,
                "" if hidden else application.email,
                application.get_channel_display() if application.channel else "",
                application.partner.name if application.partner else "",
            ]
        )
    services.applications_exported(count=len(rows), by=request.user, filters=dict(request.GET.items()))
    response = HttpResponse(csv_render(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="applications.csv"'
    return response


def _staff_application(reference: str) -> Application:
    application = selectors.application_for_staff(reference=reference)
    if application is None:
        raise Http404("No such application.")
    return application


def _staff_application_page(
    request: AuthenticatedHttpRequest, application: Application, *, invalid: tuple[str, Form] | None = None
) -> HttpResponse:
    """The application with its four forms; `invalid` is the one posted with mistakes, shown
    again bound (its errors and what was typed), the others fresh."""
    forms: dict[str, Form] = {
        "move": MoveForm(),
        "note": NoteForm(),
        "interview": InterviewForm(),
        "message": MessageForm(),
    }
    if invalid is not None:
        name, form = invalid
        forms[name] = form
    # Showing the page again shows the application again: that is a view, recorded like any other.
    services.application_viewed(application=application, by=request.user)
    context = {
        "application": application,
        "record": selectors.application_reviewer_view(application=application),
        "forms": forms,
        "form": invalid[1] if invalid else None,
    }
    return render(request, "recruitment/staff/application.html", context)


@staff_required
@require_GET
def staff_application(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    return _staff_application_page(request, _staff_application(reference))


@staff_required
@require_POST
def staff_application_move(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    application = _staff_application(reference)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.application_move(
                application=application,
                to_stage=form.cleaned_data["stage"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Moved to %(stage)s.") % {"stage": Stage(form.cleaned_data["stage"]).label})
            return redirect("recruitment:staff_application", reference=reference)
    return _staff_application_page(request, application, invalid=("move", form))


@staff_required
@require_POST
def staff_application_note(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    application = _staff_application(reference)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _staff_application_page(request, application, invalid=("note", form))
    services.note_add(application=application, author=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Note added."))
    return redirect("recruitment:staff_application", reference=reference)


@staff_required
@require_POST
def staff_application_interview(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    application = _staff_application(reference)
    form = InterviewForm(request.POST)
    if form.is_valid():
        try:
            services.interview_schedule(
                application=application,
                by=request.user,
                starts_at=form.cleaned_data["starts_at"],
                format=form.cleaned_data["format"],
                place=form.cleaned_data["place"],
                adjustments=form.cleaned_data["adjustments"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Interview arranged."))
            return redirect("recruitment:staff_application", reference=reference)
    return _staff_application_page(request, application, invalid=("interview", form))


@staff_required
@require_POST
def staff_application_message(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    application = _staff_application(reference)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _staff_application_page(request, application, invalid=("message", form))
    services.message_send(applications=[application], template=form.cleaned_data["template"], by=request.user)
    messages.success(request, _("Message sent."))
    return redirect("recruitment:staff_application", reference=reference)


@staff_required
@require_POST
def staff_message_bulk(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MessageForm(request.POST)
    references = request.POST.getlist("applications")
    if form.is_valid() and references:
        chosen = list(selectors.applications_for_staff().filter(reference__in=references))
        count = services.message_send(applications=chosen, template=form.cleaned_data["template"], by=request.user)
        messages.success(request, _("Message sent to %(count)d applicants.") % {"count": count})
    else:
        messages.error(request, _("Choose a message and at least one application."))
    return redirect("recruitment:staff_applications")


@staff_required
@require_GET
def staff_guidance(request: AuthenticatedHttpRequest) -> HttpResponse:
    pages = Guidance.objects.filter(is_published=True, audience=Guidance.Audience.STAFF)
    return render(request, "recruitment/guidance_list.html", {"pages": pages, "staff": True})
