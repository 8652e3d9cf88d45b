"""`make bench` only: the project's settings with a URL for a bare view beside the project's own
(see scripts/bench_urls.py), so both are served by the same gunicorn, settings and database."""

from mind_involve.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_urls"
