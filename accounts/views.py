from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.http import AuthenticatedHttpRequest

from . import selectors, services
from .forms import LanguageForm, ProfileForm


def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.user_update(user=user, name=form.cleaned_data["name"])
            messages.success(request, _("Your name has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(initial={"name": user.name})
    context = {
        "form": form,
        "language_form": LanguageForm(initial={"language": user.language}),
        "roles": selectors.user_role_names(user=user),
        "has_totp": selectors.user_has_totp(user=user),
        "needs_mfa": selectors.user_requires_mfa(user=user),
    }
    return render(request, "accounts/profile.html", context)


@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, _("Your account and everything we held about you have been deleted."))
        return redirect("core:home")
    return render(request, "accounts/delete.html")


@require_POST
def language(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The language switcher and the account page: the same page (`next`) in the language chosen,
    which is kept on the account for the e-mails we send."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("accounts:profile")
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form.errors["language"][0]))
        return redirect(next_url)
    chosen = form.cleaned_data["language"]
    services.user_language_set(user=request.user, language=chosen)
    return redirect(translate_url(next_url, chosen))
