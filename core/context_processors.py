from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .navigation import NAV_ITEMS


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    current = request.path
    items = []
    for item in NAV_ITEMS:
        if item.shown_to(user):
            url = reverse(item.url_name)
            items.append({"label": item.label, "url": url, "active": current.startswith(url)})
    return {"nav_items": items}
