"""The address a request came from, for limits keyed by IP and for the security log; and the
request type of signed-in views."""

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:
    from accounts.models import User

    class AuthenticatedHttpRequest(HttpRequest):
        """A request from a signed-in person: `request.user` is a User, never AnonymousUser.
        Only the type checker sees this class (core imports no app at run time); views still
        rely on the login middleware or a permission decorator to make it true."""

        user: User

else:
    AuthenticatedHttpRequest = HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, unless TRUSTED_PROXY_COUNT proxies of ours stand in front: then the address the
    outermost of them saw, read from the right of X-Forwarded-For (a client can write anything on
    the left). Counted the same way as allauth's ALLAUTH_TRUSTED_PROXY_COUNT."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = forwarded.split(",")
        if len(hops) >= count:
            return _address(hops[-count]) or remote
    return remote
