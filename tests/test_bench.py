"""`make bench` at a small scale, so that it cannot quietly measure nothing again: for a whole
session its seed put the answers under a pseudonym key the build did not hold, and the build it
timed joined no answers at all. Here the seed, the floor and the builds run for real on a
database of their own; a build whose people match no answers stops the bench. No timing is
judged here: that is `make bench`'s, at full scale."""

import importlib
import os

import psycopg
import pytest

BENCH_DB = f"mi_bench_check_{os.getpid()}"  # two suites at once never share it


@pytest.fixture(scope="module")
def bench():
    """One small bench database for the module (migrating it takes most of the time); the test
    that breaks it comes last."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BENCH_DB", BENCH_DB)
        patch.setenv("BENCH_PEOPLE", "300")
        patch.delenv("BENCH_SECRETS", raising=False)
        import scripts.bench

        module = importlib.reload(scripts.bench)
        module.prepare()
        yield module
        module.drop_database()
    importlib.reload(scripts.bench)


def test_the_bench_builds_reports_that_join_the_seeded_answers(bench):
    figures = bench.floor_and_build()
    assert figures["sql_floor_seconds"] > 0
    assert figures["build_seconds"] > 0
    assert figures["build_to_floor"] > 0
    assert figures["first_build_to_floor"] > 0
    assert {"people_seconds", "answers_seconds", "record_keys_seconds"} <= set(figures["build_phases"])


def test_the_seed_writes_what_it_says(bench):
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{BENCH_DB}") as conn:
        people = conn.execute("SELECT count(*) FROM accounts_user WHERE email LIKE 'bench%'").fetchone()[0]
        answers = conn.execute("SELECT count(*) FROM demographics_answer").fetchone()[0]
        copies = conn.execute("SELECT sum(length(answer_options)) / 4 FROM demographics_consent").fetchone()[0]
    assert people == 300
    assert answers == 300 * bench.QUESTIONS_PER_PERSON
    assert copies == answers


def test_a_build_that_joins_no_answers_stops_the_bench(bench):
    # What the broken seed did: answers kept under keys no one's subject key matches.
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{BENCH_DB}", autocommit=True) as conn:
        conn.execute("UPDATE demographics_consent SET subject_key = md5(subject_key) || md5(id::text)")
    with pytest.raises(SystemExit, match="joined no answers"):
        bench.floor_and_build()
