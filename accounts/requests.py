"""The person behind a request, for code that Django types loosely."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import User


def request_person(request: HttpRequest) -> User:
    """The signed-in person making a request that only signed-in people reach, such as an admin
    page: Django types `request.user` as possibly anonymous, and admin methods take a plain
    HttpRequest. Refuses rather than acting for nobody."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
