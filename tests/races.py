"""Two writes racing on two real PostgreSQL connections, for the tests of row locks."""

import threading
from collections.abc import Callable

from django.db import connection, transaction

# How long the second move is given to get past a lock that is not there.
BLOCKED_FOR = 0.5


def race(first: Callable[[], object], second: Callable[[], object]) -> tuple[object, object]:
    """Runs first in a transaction kept open until second (on another connection) has had time
    to finish; returns what each returned or raised."""
    outcome: dict[str, object] = {}
    first_done, release, second_done = threading.Event(), threading.Event(), threading.Event()

    def run_first() -> None:
        try:
            with transaction.atomic():
                outcome["first"] = first()
                first_done.set()
                release.wait(10)
        except Exception as error:  # noqa: BLE001 - the test reads it
            outcome["first"] = error
            first_done.set()
        finally:
            connection.close()

    def run_second() -> None:
        try:
            outcome["second"] = second()
        except Exception as error:  # noqa: BLE001 - the test reads it
            outcome["second"] = error
        finally:
            second_done.set()
            connection.close()

    one = threading.Thread(target=run_first)
    one.start()
    assert first_done.wait(10)
    two = threading.Thread(target=run_second)
    two.start()
    waited = not second_done.wait(BLOCKED_FOR)
    release.set()
    one.join(10)
    two.join(10)
    assert waited, "the second move did not wait for the first one's lock"
    return outcome["first"], outcome["second"]
