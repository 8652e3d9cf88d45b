from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import ProfileForm


def profile(request: HttpRequest) -> HttpResponse:
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
        "roles": selectors.user_role_names(user=user),
        "has_totp": selectors.user_has_totp(user=user),
        "needs_mfa": selectors.user_requires_mfa(user=user),
    }
    return render(request, "accounts/profile.html", context)


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, _("Your account and everything we held about you have been deleted."))
        return redirect("core:home")
    return render(request, "accounts/delete.html")
