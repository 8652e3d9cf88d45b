"""Structured sign-in logs. They name people by HMAC refs under LOG_HMAC_KEY (never an id or an
address) and hold no personal answers."""

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from core.http import client_ip
from core.logging import login_ref, user_ref

security_log = logging.getLogger("mind_involve.security")


def _client_ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def log_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    security_log.info("sign_in", extra={"event": "sign_in", "user_ref": user_ref(user.pk), "ip": _client_ip(request)})


@receiver(user_logged_out)
def log_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    security_log.info("sign_out", extra={"event": "sign_out", "user_ref": user_ref(getattr(user, "pk", None))})


@receiver(user_login_failed)
def log_sign_in_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    login = str(credentials.get("email") or credentials.get("username") or "")
    security_log.warning(
        "sign_in_failed", extra={"event": "sign_in_failed", "login_ref": login_ref(login), "ip": _client_ip(request)}
    )
