import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from core.csv import csv_render
from core.http import AuthenticatedHttpRequest
from core.permissions import QUESTION_SET_ADD, question_sets_required, staff_required

from . import selectors, services
from .forms import (
    AnswerForm,
    ConsentForm,
    InvitationForm,
    OptionFormSet,
    QuestionForm,
    QuestionSetDetailsForm,
)
from .models import Question, QuestionSet

RETURN_TO_SUMMARY = "summary"


def _current_set() -> QuestionSet:
    question_set = selectors.question_set_current()
    if question_set is None:
        raise Http404("No question set is published.")
    return question_set


@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Why we ask, who sees the answers, and the consent to go on."""
    question_set = _current_set()
    consent = selectors.consent_active(user=request.user)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and consent is None and form.is_valid():
        services.consent_give(user=request.user, question_set=question_set)
        first = selectors.question_next(question_set=question_set, after=None, answers={})
        return redirect("demographics:question", key=first.key) if first else redirect("demographics:done")
    if request.method == "POST" and consent is not None:
        return redirect("demographics:summary")
    return render(request, "demographics/start.html", {"form": form, "consent": consent})


@require_http_methods(["GET", "POST"])
def question(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    question_set = _current_set()
    if selectors.consent_active(user=request.user) is None:
        return redirect("demographics:start")
    current = get_object_or_404(question_set.questions.select_related("parent", "shown_if"), key=key)
    answers = selectors.answers_own(user=request.user)
    returning = request.GET.get("return") == RETURN_TO_SUMMARY
    if not selectors.question_applies(question=current, answers=answers):
        return _after(question_set, current, answers, returning)
    options = selectors.options_for(question=current, answers=answers)
    existing = answers.get(current.key)
    initial = {}
    if existing is not None:
        initial["option"] = existing.option.key
        initial[f"detail_{existing.option.key}"] = existing.free_text
    form = AnswerForm(
        request.POST if request.method == "POST" else None, question=current, options=options, initial=initial
    )
    if request.method == "POST":
        if request.POST.get("action") == "skip":
            return _after(question_set, current, answers, returning)
        if form.is_valid():
            services.answer_save(
                user=request.user, question=current, option=form.chosen_option(), free_text=form.free_text()
            )
            answers = selectors.answers_own(user=request.user)
            return _after(question_set, current, answers, returning)
    number, total = selectors.question_position(question_set=question_set, question=current)
    context = {
        "form": form,
        "question": current,
        "options": options,
        "number": number,
        "total": total,
        "returning": returning,
    }
    return render(request, "demographics/question.html", context)


def _after(question_set: QuestionSet, current: Question, answers: dict, returning: bool) -> HttpResponse:
    following = selectors.question_next(question_set=question_set, after=current, answers=answers)
    # A changed answer can open a follow-up (e.g. the second ethnic group step): ask it next.
    if following is not None and (not returning or following.parent_id == current.pk):
        url = reverse("demographics:question", kwargs={"key": following.key})
        return redirect(f"{url}?return={RETURN_TO_SUMMARY}" if returning else url)
    return redirect("demographics:summary" if returning else "demographics:done")


def done(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "demographics/done.html")


def summary(request: AuthenticatedHttpRequest) -> HttpResponse:
    question_set = _current_set()
    context = {
        "consent": selectors.consent_active(user=request.user),
        "rows": selectors.summary_own(user=request.user, question_set=question_set),
    }
    return render(request, "demographics/summary.html", context)


def download(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("json", "csv"):
        raise Http404("Downloads are JSON or CSV.")
    data = selectors.export_own(user=request.user)
    if fmt == "json":
        response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    else:
        rows = [
            (a["question_set_version"], a["question_key"], a["question"], a["answer"], a["description"])
            for a in data["answers"]
        ]
        header = ["question_set_version", "question_key", "question", "answer", "description"]
        response = HttpResponse(csv_render(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-equality-information.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
def withdraw(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        deleted = services.consent_withdraw(user=request.user)
        messages.success(
            request,
            _("We have deleted your equality information (%(count)d answers). We have sent you an e-mail to confirm.")
            % {"count": deleted},
        )
        return redirect("demographics:start")
    return render(request, "demographics/withdraw.html", {"consent": selectors.consent_active(user=request.user)})


def invitation(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    if not services.invitation_use(token=token, user=request.user):
        raise Http404("This invitation link does not work any more.")
    messages.info(request, _("Thank you for coming back. You can check, change or add to your answers here."))
    if selectors.consent_active(user=request.user) is not None:
        return redirect("demographics:summary")
    return redirect("demographics:start")


@staff_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        addresses = form.cleaned_data["emails"]
        recipients = list(User.objects.filter(email__in=addresses, is_active=True))
        unknown = sorted(set(addresses) - {user.email for user in recipients})
        sent = services.invitations_send(
            sender=request.user, recipients=recipients, base_url=request.build_absolute_uri("/")
        )
        messages.success(request, _("Invitations sent: %(count)d.") % {"count": sent})
        if unknown:
            messages.warning(
                request, _("No account uses these addresses, so nothing was sent: %s") % ", ".join(unknown)
            )
        return redirect("demographics:invite")
    return render(request, "demographics/invite.html", {"form": form})


# Question sets: the Equality lead's page, with the rules Django admin keeps ---------------------


def _version(version: int) -> QuestionSet:
    return get_object_or_404(selectors.question_sets_with_response_counts(), version=version)


# Copying makes a new version: the Equality lead and Administrators hold that permission.
question_set_add_required = permission_required(QUESTION_SET_ADD, raise_exception=True)


@question_sets_required
@require_GET
def question_sets(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every version with how many people answered it (a count, never who); any can be copied."""
    sets = selectors.question_sets_with_response_counts().order_by("-version")
    return render(request, "demographics/manage/question_sets.html", {"sets": sets})


@question_sets_required
@question_set_add_required
@require_POST
def question_set_copy(request: AuthenticatedHttpRequest, version: int) -> HttpResponse:
    draft = services.question_set_copy_as_draft(source=_version(version), actor=request.user)
    messages.success(request, _("Version %(v)d is a new draft. Change it, then publish it.") % {"v": draft.version})
    return redirect("demographics:question_set", version=draft.version)


def _question_set_page(
    request: AuthenticatedHttpRequest, chosen: QuestionSet, *, details: QuestionSetDetailsForm | None = None
) -> HttpResponse:
    context = {
        "question_set": chosen,
        "draft": chosen.status == QuestionSet.Status.DRAFT,
        "details": details or QuestionSetDetailsForm(instance=chosen),
        "form": details,
        "questions": selectors.questions_of(question_set=chosen),
    }
    return render(request, "demographics/manage/question_set.html", context)


@question_sets_required
@require_GET
def question_set(request: AuthenticatedHttpRequest, version: int) -> HttpResponse:
    return _question_set_page(request, _version(version))


def _frozen(request: AuthenticatedHttpRequest, version: int) -> HttpResponse:
    messages.error(request, _("Published and retired versions cannot change. Copy this one as a new draft."))
    return redirect("demographics:question_set", version=version)


def _draft(version: int) -> QuestionSet | None:
    """The version if it is a draft; None if it is published or retired (frozen)."""
    chosen = _version(version)
    return chosen if chosen.status == QuestionSet.Status.DRAFT else None


@question_sets_required
@require_POST
def question_set_details(request: AuthenticatedHttpRequest, version: int) -> HttpResponse:
    chosen = _draft(version)
    if chosen is None:
        return _frozen(request, version)
    form = QuestionSetDetailsForm(request.POST, instance=chosen)
    if form.is_valid():
        try:
            services.question_set_update(
                question_set=chosen,
                name=form.cleaned_data["name"],
                privacy_notice_version=form.cleaned_data["privacy_notice_version"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("demographics:question_set", version=version)
    # The model form has written what was typed onto the version: show the saved one above it.
    return _question_set_page(request, _version(version), details=form)


@question_sets_required
@require_POST
def question_set_publish(request: AuthenticatedHttpRequest, version: int) -> HttpResponse:
    """Publishing takes nothing typed, so a refusal is said on the version's page."""
    chosen = _draft(version)
    if chosen is None:
        return _frozen(request, version)
    try:
        services.question_set_publish(question_set=chosen, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(v)d is now live.") % {"v": version})
    return redirect("demographics:question_set", version=version)


@question_sets_required
@require_POST
def question_delete(request: AuthenticatedHttpRequest, version: int, key: str) -> HttpResponse:
    chosen = _draft(version)
    if chosen is None:
        return _frozen(request, version)
    try:
        services.question_delete(question=get_object_or_404(chosen.questions, key=key), actor=request.user)
    except ValidationError:  # published in the meantime
        return _frozen(request, version)
    messages.success(request, _("Question deleted."))
    return redirect("demographics:question_set", version=version)


@question_sets_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedHttpRequest, version: int, key: str | None = None) -> HttpResponse:
    chosen = _draft(version)
    if chosen is None:
        return _frozen(request, version)
    question = get_object_or_404(chosen.questions, key=key) if key else None
    bound = request.POST if request.method == "POST" else None
    form = QuestionForm(bound, instance=question, question_set=chosen)
    options = OptionFormSet(
        bound,
        instance=question or Question(question_set=chosen),
        prefix="options",
        form_kwargs={"question_set": chosen},
    )
    if bound is not None and form.is_valid() and options.is_valid():
        answers = [
            services.OptionChange(
                pk=each.instance.pk,
                delete=bool(each.cleaned_data.get("DELETE")),
                order=each.cleaned_data.get("order") or 0,
                key=each.cleaned_data.get("key", ""),
                label=each.cleaned_data.get("label", ""),
                label_cy=each.cleaned_data.get("label_cy"),
                prefer_not_to_say=bool(each.cleaned_data.get("prefer_not_to_say")),
                allows_free_text=bool(each.cleaned_data.get("allows_free_text")),
                group=each.cleaned_data.get("group"),
            )
            for each in options.forms
            if each.instance.pk or each.has_changed()
        ]
        data = form.cleaned_data
        try:
            services.question_save(
                question_set=chosen,
                question=question,
                options=answers,
                actor=request.user,
                key=data["key"],
                order=data["order"],
                text=data["text"],
                text_cy=data["text_cy"],
                hint=data["hint"],
                hint_cy=data["hint_cy"],
                warning=data["warning"],
                warning_cy=data["warning_cy"],
                parent=data["parent"],
                shown_if=data["shown_if"],
            )
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, _("Question saved."))
            return redirect("demographics:question_set", version=version)
    context = {"question_set": chosen, "question": question, "form": form, "options": options}
    return render(request, "demographics/manage/question.html", context)
