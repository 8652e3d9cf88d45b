import logging
import sys

import kombu.exceptions
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from redis.exceptions import RedisError

from . import selectors

availability_log = logging.getLogger("mind_involve.availability")

# A service we depend on is away for a moment (Redis, which holds every rate limit, the broker, or
# the database): that is a 503 to try again shortly, never a 500. Rate limits fail closed: with
# Redis unreachable nothing that is limited goes through, so an outage cannot switch them off.
SERVICE_UNAVAILABLE_ERRORS = (RedisError, kombu.exceptions.OperationalError, OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 120


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = "ok" if selectors.database_is_reachable() else "unreachable"
    broker = selectors.broker_status()
    healthy = database == "ok" and broker != "unreachable"
    return JsonResponse({"database": database, "broker": broker}, status=200 if healthy else 503)


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """Renews the session (every request does) while someone types into a long form."""
    return HttpResponse(status=204)


def service_unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The "try again in a few minutes" page. Rendered without the request: the session, the
    messages and the navigation may all need the service that is away."""
    availability_log.warning(
        "service_unavailable",
        extra={"event": "service_unavailable", "error": type(error).__name__, "path": request.path},
    )
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an outage that surfaced outside a view (in a middleware, say) is a 503 too."""
    error = sys.exc_info()[1]
    if isinstance(error, SERVICE_UNAVAILABLE_ERRORS):
        return service_unavailable(request, error)
    return defaults.server_error(request)
