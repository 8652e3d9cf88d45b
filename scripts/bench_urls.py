"""The floor the apply path is measured against: a bare Django view that inserts one row. It lives
in the bench harness, never in the project's URLs."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mind_involve.urls import urlpatterns as project_urlpatterns

BENCH_TABLE = "bench_row"


@csrf_exempt
@login_not_required
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {BENCH_TABLE} (body) VALUES (%s)", [request.POST.get("body", "")])  # noqa: S608
    return HttpResponse("ok")


urlpatterns = [path("bench/bare-insert/", bare_insert), *project_urlpatterns]
