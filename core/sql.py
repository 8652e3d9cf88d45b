"""Helpers for the few raw queries on the busiest requests (see accounts.selectors.user_for_request)."""

from django.db import connection, models


def model_columns(model: type[models.Model]) -> str:
    """The model's columns by name, table-qualified, for a raw SELECT. Not `*`: with server-side
    binding a prepared `SELECT *` fails once a migration adds a column while old workers still
    serve requests."""
    table = connection.ops.quote_name(model._meta.db_table)
    return ", ".join(f"{table}.{connection.ops.quote_name(field.column)}" for field in model._meta.concrete_fields)
