from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import selectors


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
