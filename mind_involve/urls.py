from allauth.account.decorators import reauthentication_required, secure_admin_login
from allauth.account.views import PasswordChangeView
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

# Admin signs in through allauth, so it cannot skip two-step sign-in or the rate limits.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("Mind Involve administration")
admin.site.site_title = _("Mind Involve admin")

# The board's reports (pages and their PDF, CSV and JSON files) and Django admin are in English
# only, with one address each. Every other page is English at its unprefixed address and Welsh
# under /cy/; the staff pages among them lead from /cy/ to English (core.languages).
urlpatterns = [
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    *i18n_patterns(
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
        prefix_default_language=False,
    ),
]

handler500 = "core.views.server_error"
