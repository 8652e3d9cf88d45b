from django.conf import settings
from django.db import connection
from redis import Redis
from redis.exceptions import RedisError


def database_is_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not reachable" to a load balancer
        return False


def broker_status() -> str:
    """'ok', 'unreachable', or 'eager' when there is no broker (the embedded default)."""
    if not settings.REDIS_URL:
        return "eager"
    try:
        client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        return "ok" if client.ping() else "unreachable"
    except RedisError:
        return "unreachable"
