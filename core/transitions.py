"""The one way a status changes: under a row lock, from a named set of statuses, or refused.

Two people pressing the same button at once (two approvals of a claim, a move of an application
from two tabs) each read the row before either writes; without the lock both would win. Here
the second waits for the first to commit, then reads the new status and is refused.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext

M = TypeVar("M", bound=models.Model)


class TransitionNotAllowedError(ValidationError):
    """The row is not in a status the change may start from; the message is shown to people."""


@dataclass(frozen=True)
class Transition:
    """One move of a status machine: `field` becomes `to`, from any status in allowed_from.
    refused is the message people see otherwise, marked with gettext_noop where it is declared
    and translated when it is shown; it may name "%(from)s" and "%(to)s", the statuses' labels."""

    to: str
    allowed_from: Collection[str]
    refused: str
    field: str = "status"


def status_transition(
    *,
    instance: M,
    transition: Transition,
    changes: Mapping[str, Any] | None = None,
    check: Callable[[M], None] | None = None,
    then: Callable[[M, str], object] | None = None,
) -> M:
    """Locks instance's row and reloads it, refuses (TransitionNotAllowedError) unless it is in a
    status the transition may start from, runs check on it (which raises to refuse), then sets the
    status and the other changes and saves just those (and any auto_now field). then(instance,
    previous status) runs after the save, still under the lock, for what follows the change (a
    history row). Call inside transaction.atomic: the lock lasts until it ends. The instance is
    the caller's own, so it shows the new status (or, refused, the current one) afterwards."""
    model = type(instance)
    # Only this row: a joined row (select_related) is read, not locked.
    instance.refresh_from_db(from_queryset=model._default_manager.select_for_update(of=("self",)))
    field = transition.field
    previous = getattr(instance, field)
    if previous not in transition.allowed_from:
        labels = {"from": _label(model, field, previous), "to": _label(model, field, transition.to)}
        raise TransitionNotAllowedError(gettext(transition.refused) % labels)
    if check is not None:
        check(instance)
    changes = {field: transition.to, **(changes or {})}
    for name in changes:
        # A misspelt field is an error here, not a value silently left unsaved.
        model._meta.get_field(name)
    for name, value in changes.items():
        setattr(instance, name, value)
    auto_now = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    instance.save(update_fields=[*changes, *auto_now])
    if then is not None:
        then(instance, previous)
    return instance


def _label(model: type[models.Model], field: str, value: str) -> str:
    choices = cast(models.Field, model._meta.get_field(field)).flatchoices
    return str(dict(choices).get(value, value))
