"""Sessions in the Redis cache, for a deployment with REDIS_URL."""

from typing import Any

from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from redis.exceptions import RedisError


class SessionStore(CacheSessionStore):
    """Django's cache sessions, except that an unreachable Redis is an outage, not "no session":
    Django's own treats any error on reading as an empty session, which would sign a person out in
    the middle of what they were doing. Here they get the 503 "try again in a few minutes" page,
    and are still signed in when Redis is back."""

    unreachable: RedisError | None = None

    def load(self) -> dict[str, Any]:
        # Once Redis has failed this request, later reads (middleware asking who is signed in as
        # the response goes out) fail at once instead of each waiting for the timeout again.
        if self.unreachable is not None:
            raise self.unreachable
        try:
            session_data = self._cache.get(self.cache_key)  # type: ignore[attr-defined]  # Django's, set in __init__
        except RedisError as error:
            self.unreachable = error
            raise
        except Exception:  # noqa: BLE001 - as Django's: an invalid key is no session
            session_data = None
        if session_data is not None:
            return session_data
        self._session_key = None
        return {}
