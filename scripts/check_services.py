"""Fails fast, with the commands to fix it, when the test suite's PostgreSQL or Redis is down."""

import os
import socket
import sys
from urllib.parse import urlparse

SERVICES = {
    "PostgreSQL": (
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mind_involve"),
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "Redis": (
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    ),
}


def reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 0), timeout=2):
            return True
    except OSError:
        return False


def main() -> int:
    down = [(name, url, fix) for name, (url, fix) in SERVICES.items() if not reachable(url)]
    for name, url, fix in down:
        print(f"{name} is not reachable at {url}. Start it with:\n    {fix}", file=sys.stderr)
    if down:
        print("The tests run against real PostgreSQL and Redis; nothing was run.", file=sys.stderr)
    return 1 if down else 0


if __name__ == "__main__":
    sys.exit(main())
