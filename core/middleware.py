import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from .logging import user_ref

security_log = logging.getLogger("mind_involve.security")


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person can show personal data: no browser or proxy may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
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
