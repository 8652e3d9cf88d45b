"""The audit log's one writer. Callers pass ids and counts, never special-category values."""

from typing import TYPE_CHECKING, Any

from .models import AuditEvent

if TYPE_CHECKING:
    from accounts.models import User


def audit_record(
    *,
    action: str,
    actor: "User | None" = None,
    target_type: str = "",
    target_id: str | int = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail or {},
    )
