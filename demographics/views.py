import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from core.csv import csv_render

from . import selectors, services
from .forms import AnswerForm, ConsentForm, InvitationForm
from .models import QuestionSet

RETURN_TO_SUMMARY = "summary"


def _current_set() -> QuestionSet:
    question_set = selectors.question_set_current()
    if question_set is None:
        raise Http404("No question set is published.")
    return question_set


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
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
def question(request: HttpRequest, key: str) -> HttpResponse:
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


def _after(question_set: QuestionSet, current: object, answers: dict, returning: bool) -> HttpResponse:
    following = selectors.question_next(question_set=question_set, after=current, answers=answers)
    # A changed answer can open a follow-up (e.g. the second ethnic group step): ask it next.
    if following is not None and (not returning or following.parent_id == current.pk):
        url = reverse("demographics:question", kwargs={"key": following.key})
        return redirect(f"{url}?return={RETURN_TO_SUMMARY}" if returning else url)
    return redirect("demographics:summary" if returning else "demographics:done")


def done(request: HttpRequest) -> HttpResponse:
    return render(request, "demographics/done.html")


def summary(request: HttpRequest) -> HttpResponse:
    question_set = _current_set()
    context = {
        "consent": selectors.consent_active(user=request.user),
        "rows": selectors.summary_own(user=request.user, question_set=question_set),
    }
    return render(request, "demographics/summary.html", context)


def download(request: HttpRequest, fmt: str) -> HttpResponse:
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
def withdraw(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        deleted = services.consent_withdraw(user=request.user)
        messages.success(
            request,
            _("We have deleted your equality information (%(count)d answers). We have sent you an e-mail to confirm.")
            % {"count": deleted},
        )
        return redirect("demographics:start")
    return render(request, "demographics/withdraw.html", {"consent": selectors.consent_active(user=request.user)})


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    if not services.invitation_use(token=token, user=request.user):
        raise Http404("This invitation link does not work any more.")
    messages.info(request, _("Thank you for coming back. You can check, change or add to your answers here."))
    if selectors.consent_active(user=request.user) is not None:
        return redirect("demographics:summary")
    return redirect("demographics:start")


@permission_required("accounts.use_staff_area", raise_exception=True)
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
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
