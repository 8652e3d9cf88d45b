"""Consent.answer_options, the packed copy of a person's answers the report build reads, stays
equal to the Answer rows through every write, and report_aggregates sums the same cells as a
plain count over the Answer and Consent rows themselves."""

import importlib
import random

import numpy as np
import pandas as pd
import pytest
from django.apps import apps

from accounts.tests.factories import UserFactory
from demographics import selectors, services
from demographics.models import Answer, Consent
from demographics.packing import options_pack, options_unpack
from demographics.pseudonym import subject_key_digests, subject_key_for
from demographics.tests.factories import answers_give
from tests.races import race

PROFILE = {"sex": "female", "age_band": "45_54"}


def copy_of(person) -> list[int]:
    consent = Consent.objects.get(subject_key=subject_key_for(person.pk), withdrawn_on__isnull=True)
    return options_unpack(bytes(consent.answer_options))


def answer_ids(person) -> list[int]:
    return sorted(Answer.objects.filter(subject_key=subject_key_for(person.pk)).values_list("option_id", flat=True))


def save(person, key: str, option_key: str | None) -> None:
    question = selectors.question_set_current().questions.get(key=key)
    option = question.options.get(key=option_key) if option_key else None
    services.answer_save(user=person, question=question, option=option)


def test_packing_round_trips_in_ascending_order():
    assert options_unpack(options_pack([30, 2, 17])) == [2, 17, 30]
    assert options_pack([]) == b""


@pytest.mark.django_db
def test_the_copy_follows_every_save_change_clear_and_follow_up():
    person = UserFactory()
    answers_give(person)
    assert copy_of(person) == []
    save(person, "age_band", "45_54")
    save(person, "ethnic_group", "asian")
    save(person, "ethnic_background", "asian_indian")
    assert copy_of(person) == answer_ids(person)
    assert len(copy_of(person)) == 3
    # A new group clears the background that belonged to the old one.
    save(person, "ethnic_group", "white")
    assert not Answer.objects.filter(question_key="ethnic_background").exists()
    assert copy_of(person) == answer_ids(person)
    assert len(copy_of(person)) == 2
    save(person, "age_band", None)
    assert copy_of(person) == answer_ids(person)
    assert len(copy_of(person)) == 1


@pytest.mark.django_db
def test_withdrawing_empties_the_copy_and_consenting_again_starts_afresh():
    person = UserFactory()
    answers_give(person, sex="female", age_band="45_54")
    services.consent_withdraw(user=person)
    withdrawn = Consent.objects.get(subject_key=subject_key_for(person.pk))
    assert withdrawn.withdrawn_on is not None
    assert bytes(withdrawn.answer_options) == b""
    answers_give(person, sex="male")
    assert copy_of(person) == answer_ids(person)
    assert len(copy_of(person)) == 1


@pytest.mark.django_db
def test_the_migration_fills_the_copy_of_consents_in_force_only():
    people = [UserFactory() for _ in range(3)]
    answers_give(people[0], sex="female", age_band="45_54")
    answers_give(people[1], religion="none")
    answers_give(people[2], sex="male")
    services.consent_withdraw(user=people[2])
    Consent.objects.update(answer_options=b"")
    migration = importlib.import_module("demographics.migrations.0008_consent_answer_options")
    migration.answer_options_fill(apps, None)
    assert copy_of(people[0]) == answer_ids(people[0])
    assert copy_of(people[1]) == answer_ids(people[1])
    assert len(copy_of(people[0])) == 2
    assert bytes(Consent.objects.get(subject_key=subject_key_for(people[2].pk)).answer_options) == b""


def plain_aggregates(people: pd.DataFrame, profile: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The same sums counted the plain way, from the Answer rows of each person in turn."""
    answers, consent, matching = [], [], []
    for person, record_key, segment in people[["person", "record_key", "segment"]].itertuples(index=False):
        subject_key = subject_key_for(person)
        if not Consent.objects.filter(subject_key=subject_key, withdrawn_on__isnull=True).exists():
            continue
        consent.append((segment, record_key))
        given = dict(Answer.objects.filter(subject_key=subject_key).values_list("question_key", "option__key"))
        answers += [(question, option, segment, record_key) for question, option in given.items()]
        if all(given.get(question) == option for question, option in profile.items()):
            matching.append((segment, record_key))

    def cells(rows: list[tuple], by: list[str]) -> pd.DataFrame:
        frame = pd.DataFrame(rows, columns=[*by, "keysum"])
        summed = frame.groupby(by, as_index=False).agg(count=("keysum", "size"), keysum=("keysum", "sum"))
        return summed.astype({"count": "int64", "keysum": "int64", "segment": "int64"})

    return {
        "answers": cells(answers, ["question", "option", "segment"]),
        "consent": cells(consent, ["segment"]),
        "profile": cells(matching, ["segment"]),
    }


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


@pytest.mark.django_db
def test_report_aggregates_equal_a_plain_count_of_the_answers():
    rng = random.Random(7)
    question_set = selectors.question_set_current()
    questions = {q.key: [o.key for o in q.options.all()] for q in question_set.questions.filter(parent=None)}
    people = []
    for n in range(40):
        person = UserFactory()
        if n % 7 == 0:
            people.append(person)  # never consented
            continue
        chosen = {key: rng.choice(keys) for key, keys in questions.items() if rng.random() < 0.7}
        if n % 3 == 0:
            chosen.update(PROFILE)
        answers_give(person, **chosen)
        if n % 11 == 0:
            services.consent_withdraw(user=person)
        if n % 5 != 0:  # the rest answered but are not in this report
            people.append(person)
    frame = pd.DataFrame(
        {
            "person": [p.pk for p in people],
            "record_key": [rng.randrange(256) for _ in people],
            "segment": [rng.randrange(3) for _ in people],
        }
    )
    fast = selectors.report_aggregates(people=frame, profile=PROFILE)
    plain = plain_aggregates(frame, PROFILE)
    assert len(plain["profile"]) > 0
    assert plain["consent"]["count"].sum() < len(people)
    pd.testing.assert_frame_equal(ordered(fast.answers), ordered(plain["answers"]))
    pd.testing.assert_frame_equal(ordered(fast.consent), ordered(plain["consent"]))
    pd.testing.assert_frame_equal(ordered(fast.profile), ordered(plain["profile"]))


@pytest.mark.django_db
def test_report_aggregates_of_nobody_are_empty():
    answers_give(UserFactory(), sex="female")
    empty = pd.DataFrame({"person": [], "record_key": [], "segment": []}, dtype="int64")
    result = selectors.report_aggregates(people=empty, profile=PROFILE)
    assert result.answers.empty
    assert result.consent.empty
    assert result.profile.empty


def test_digests_sharing_a_first_word_are_told_apart_by_the_rest():
    stored = np.array([[1, 2, 3, 4], [1, 9, 9, 9], [5, 6, 7, 8]], dtype=np.uint64)
    wanted = np.array([[1, 9, 9, 9], [5, 6, 7, 0], [1, 2, 3, 4], [2, 0, 0, 0]], dtype=np.uint64)
    assert selectors._rows_of(stored, wanted).tolist() == [1, -1, 0, -1]
    unique = stored[[0, 2]]
    assert selectors._rows_of(unique, wanted).tolist() == [-1, -1, 0, -1]


def test_the_digests_are_the_subject_keys_in_bytes():
    assert subject_key_digests([3, 12]).hex() == subject_key_for(3) + subject_key_for(12)


def race_save(person, key: str, option_key: str):
    question = selectors.question_set_current().questions.get(key=key)
    return services.answer_save(user=person, question=question, option=question.options.get(key=option_key))


@pytest.mark.django_db(transaction=True)
def test_erasing_while_an_answer_is_saved_leaves_nothing():
    person = UserFactory()
    answers_give(person, age_band="45_54")
    race(lambda: race_save(person, "sex", "female"), lambda: services.subject_erase(user=person))
    assert not Consent.objects.filter(subject_key=subject_key_for(person.pk)).exists()
    assert answer_ids(person) == []


@pytest.mark.django_db(transaction=True)
def test_withdrawing_while_an_answer_is_saved_leaves_nothing():
    person = UserFactory()
    answers_give(person, age_band="45_54")
    race(lambda: race_save(person, "sex", "female"), lambda: services.consent_withdraw(user=person))
    assert answer_ids(person) == []
    assert bytes(Consent.objects.get(subject_key=subject_key_for(person.pk)).answer_options) == b""


@pytest.mark.django_db(transaction=True)
def test_a_save_while_withdrawing_is_refused():
    person = UserFactory()
    answers_give(person, age_band="45_54")
    _first, second = race(lambda: services.consent_withdraw(user=person), lambda: race_save(person, "sex", "female"))
    assert isinstance(second, services.ConsentRequiredError)
    assert answer_ids(person) == []


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_keep_the_copy_whole():
    person = UserFactory()
    answers_give(person)
    race(lambda: race_save(person, "sex", "female"), lambda: race_save(person, "age_band", "45_54"))
    assert copy_of(person) == answer_ids(person)
    assert len(answer_ids(person)) == 2


@pytest.mark.django_db
def test_answers_under_an_older_version_are_the_same_answers():
    admin = UserFactory()
    old, new = UserFactory(), UserFactory()
    answers_give(old, sex="female", age_band="45_54")
    first_version = selectors.question_set_current()
    draft = services.question_set_copy_as_draft(source=first_version, actor=admin)
    services.question_set_publish(question_set=draft, actor=admin)
    assert selectors.question_set_current().pk != first_version.pk
    answers_give(new, sex="female", age_band="45_54")
    race_save(old, "religion", "none")  # one answer under the new version beside two under the old
    frame = pd.DataFrame({"person": [old.pk, new.pk], "record_key": [3, 5], "segment": [0, 0]})
    fast = selectors.report_aggregates(people=frame, profile=PROFILE)
    plain = plain_aggregates(frame, PROFILE)
    pd.testing.assert_frame_equal(ordered(fast.answers), ordered(plain["answers"]))
    assert fast.profile["count"].tolist() == [2]


@pytest.mark.django_db
def test_the_nightly_repair_deletes_answers_without_consent_and_rewrites_stale_copies():
    kept, withdrawn, stale = UserFactory(), UserFactory(), UserFactory()
    answers_give(kept, sex="female")
    answers_give(withdrawn, sex="male")
    answers_give(stale, sex="female", age_band="45_54")
    services.consent_withdraw(user=withdrawn)
    # What a process running older code, or a hand-made correction, could leave behind.
    question = selectors.question_set_current().questions.get(key="sex")
    Answer.objects.create(
        subject_key=subject_key_for(withdrawn.pk),
        question=question,
        question_key="sex",
        option=question.options.first(),
    )
    Consent.objects.filter(subject_key=subject_key_for(stale.pk)).update(answer_options=b"")
    assert services.answer_copies_repair() == {"orphan_answers_deleted": 1, "answer_copies_repaired": 1}
    assert answer_ids(withdrawn) == []
    assert copy_of(stale) == answer_ids(stale)
    assert len(copy_of(stale)) == 2
    assert copy_of(kept) == answer_ids(kept)
    assert services.answer_copies_repair() == {"orphan_answers_deleted": 0, "answer_copies_repaired": 0}


@pytest.mark.django_db
def test_consenting_again_starts_without_answers_left_from_before():
    person = UserFactory()
    answers_give(person, sex="female")
    services.consent_withdraw(user=person)
    question = selectors.question_set_current().questions.get(key="sex")
    Answer.objects.create(
        subject_key=subject_key_for(person.pk), question=question, question_key="sex", option=question.options.first()
    )
    answers_give(person)
    assert answer_ids(person) == []
    assert copy_of(person) == []


def test_a_key_of_the_wrong_length_is_refused_rather_than_shifting_the_rest():
    with pytest.raises(ValueError, match="32-byte"):
        selectors._digests(bytes(32 * 2 + 31))
    with pytest.raises(ValueError, match="32-byte"):
        selectors._digests(bytes(32 * 3), count=2)
    assert selectors._digests(bytes(32 * 2), count=2).shape == (2, 4)
