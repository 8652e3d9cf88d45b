from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from .languages import language_switch as switch_for
from .navigation import nav_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": [], "site_name": settings.SITE_NAME}
    items: list[dict[str, Any]] = [
        {"label": item.label, "url": reverse(item.url_name), "active": False}
        for item in nav_items()
        if item.shown_to(user)
    ]
    # The deepest matching link is the current section (/opportunities/staff/ over /opportunities/).
    matching = [item for item in items if request.path.startswith(item["url"]) and item["url"] != "/"]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items, "site_name": settings.SITE_NAME}


def language_switch(request: HttpRequest) -> dict[str, Any]:
    """The language switcher's link: this page in the other language, where there is one."""
    return {"language_switch": switch_for(request)}
