from allauth.account.decorators import reauthentication_required, secure_admin_login
from allauth.account.views import PasswordChangeView
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

# Admin signs in through allauth, so it cannot skip two-step sign-in or the rate limits.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("Mind Involve administration")
admin.site.site_title = _("Mind Involve admin")

urlpatterns = [
    path("", include("core.urls")),
    path("account/", include("accounts.urls")),
    # allauth asks only for the old password here; reauthentication also asks for the second factor.
    path(
        "auth/password/change/",
        reauthentication_required(PasswordChangeView.as_view()),
        name="account_change_password",
    ),
    path("auth/", include("allauth.urls")),
    path("opportunities/", include("recruitment.urls")),
    path("equality/", include("demographics.urls")),
    path("workshops/", include("workshops.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "core.views.server_error"
