import logging
import time
from collections.abc import Callable
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import BadRequest
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from redis.exceptions import RedisError

from .languages import WELSH, in_english_only
from .logging import user_ref

security_log = logging.getLogger("mind_involve.security")
availability_log = logging.getLogger("mind_involve.availability")


class RejectNulMiddleware:
    """A NUL character is never part of a real address. PostgreSQL refuses it in text, so one that
    reached a query or an audit row would be a 500; every request carrying one gets a 400 here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote_plus(query):
            raise BadRequest("NUL character in the path or query string.")
        return self.get_response(request)


class CrossOriginResourcePolicyMiddleware:
    """No other site may embed or fetch what this one serves (pages, files, static assets)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person can show personal data: no browser or proxy may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # An error page is never kept either, and asking who is signed in could fail again.
        if response.status_code >= 500 or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class DeniedAccessLogMiddleware:
    """Writes one structured line for every refused request (403), without any form data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            security_log.warning(
                "access_denied",
                extra={
                    "event": "access_denied",
                    "user_ref": user_ref(request.user.pk) if request.user.is_authenticated else None,
                    "method": request.method,
                    "path": request.path,
                },
            )
        return response


# A session untouched by a request is renewed (its idle timeout restarted) at most this often,
# not on every request: a write to Redis saved on most requests, for an idle timeout that is
# exact to within a minute.
SESSION_RENEWAL_SECONDS = 60
SESSION_RENEWED_AT = "_renewed_at"


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except when this request left the session as it was. Then saving it only renews
    the idle timeout: that happens at most once a minute, and a database or Redis blip at that
    moment must not turn a page whose work is done (an application sent, say) into an error: the
    person gets the page they asked for."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        renewal_only = session is not None and not session.modified
        if session is not None and renewal_only and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - session.get(SESSION_RENEWED_AT, 0) < SESSION_RENEWAL_SECONDS:
                patch_vary_headers(response, ("Cookie",))
                return response
            session[SESSION_RENEWED_AT] = now
        try:
            return super().process_response(request, response)
        except (SessionInterrupted, DatabaseError, RedisError):
            if not renewal_only:
                raise
            availability_log.warning("session_renewal_failed", extra={"event": "session_renewal_failed"})
            return response


class ServiceUnavailableMiddleware:
    """A view stopped by an outage (Redis down or frozen, the broker, the database) answers 503
    with a page saying to try again in a few minutes. The view's transaction has rolled back, so
    nothing is half-saved; what was saved before (a draft) is kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from .views import SERVICE_UNAVAILABLE_ERRORS, service_unavailable

        if isinstance(exception, SERVICE_UNAVAILABLE_ERRORS):
            return service_unavailable(request, exception)
        return None


class EnglishOnlyPagesMiddleware:
    """A staff page asked for at its Welsh address (/cy/...) is the English page: a GET is sent to
    the English address, and anything else is answered in English, so no page in English words
    calls itself Welsh."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        if translation.get_language() != WELSH or not in_english_only(request.resolver_match):
            return None
        if request.method in ("GET", "HEAD"):
            return HttpResponseRedirect(translate_url(request.get_full_path(), settings.LANGUAGE_CODE))
        translation.activate(settings.LANGUAGE_CODE)
        return None
