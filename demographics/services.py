"""Writes of equality data.

Nothing here records who did what when: a person's consents, answers, withdrawals and erasures
are counted per day and kind (EventCount), not written to the shared audit log, where each row
would sit in order among everyone's other events (an answer just after one person's
application) and keep which questions they answered. Consents keep only the day; answers keep
no date at all; every row has a random key, and the tables are rewritten in random order each
night (tables_rewrite_in_random_order), so neither time nor order links a row to a person.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.audit import audit_record
from core.languages import translations_of
from core.mail import send_once
from core.sealed import enqueue_sealed
from core.transitions import Transition, status_transition

from . import selectors, tasks
from .models import Answer, Consent, EventCount, Option, Question, QuestionSet, UsedInvitation
from .packing import options_pack
from .pseudonym import subject_key_for

logger = logging.getLogger("mind_involve.demographics")
PURPOSES = ["equality_monitoring", "diversity_reporting"]
INVITATION_SALT = "demographics.invitation"
INVITATION_MAX_AGE_DAYS = 60
# Rewritten in random order each night: every table whose rows come from people's own actions.
RANDOMLY_ORDERED = (Answer, Consent, UsedInvitation, EventCount)
# A draft is published, and the live version it replaces retired, once each.
QUESTION_SET_PUBLISH = Transition(
    QuestionSet.Status.PUBLISHED, {QuestionSet.Status.DRAFT}, gettext_noop("Only a draft can be published.")
)
QUESTION_SET_RETIRE = Transition(
    QuestionSet.Status.RETIRED, {QuestionSet.Status.PUBLISHED}, gettext_noop("Only the live version can be retired.")
)


class ConsentRequiredError(Exception):
    pass


def _event_count(kind: EventCount.Kind) -> None:
    """Adds one to today's count of this kind of equality event."""
    day = timezone.localdate()
    if EventCount.objects.filter(day=day, kind=kind).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            EventCount.objects.create(day=day, kind=kind, count=1)
    except IntegrityError:
        # Another request made today's row first.
        EventCount.objects.filter(day=day, kind=kind).update(count=F("count") + 1)


@transaction.atomic
def consent_give(*, user: User, question_set: QuestionSet) -> Consent:
    subject_key = subject_key_for(user.pk)
    existing = Consent.objects.select_for_update().filter(subject_key=subject_key, withdrawn_on__isnull=True).first()
    if existing is not None:
        return existing
    # A new consent starts with no answers: any left from before it have nothing to stand on.
    Answer.objects.filter(subject_key=subject_key).delete()
    consent = Consent.objects.create(
        subject_key=subject_key,
        privacy_notice_version=question_set.privacy_notice_version,
        purposes=PURPOSES,
        given_on=timezone.localdate(),
    )
    _event_count(EventCount.Kind.CONSENT_GIVEN)
    return consent


@transaction.atomic
def answer_save(*, user: User, question: Question, option: Option | None, free_text: str = "") -> Answer | None:
    """Saves one answer (or clears it when option is None), replacing any earlier answer to the
    same question key, whichever version it was given under."""
    subject_key = subject_key_for(user.pk)
    # The consent row is locked for the rest of the transaction, so two saves for the same
    # person (two tabs) take turns and its copy of the answers ends up as the answers do.
    consent = Consent.objects.select_for_update().filter(subject_key=subject_key, withdrawn_on__isnull=True).first()
    if consent is None:
        raise ConsentRequiredError
    if option is not None and option.question_id != question.pk:
        raise ValidationError(_("That answer does not belong to this question."))
    free_text = free_text.strip() if option is not None and option.allows_free_text else ""
    changed, _deleted = Answer.objects.filter(subject_key=subject_key, question_key=question.key).delete()
    answer = None
    if option is not None:
        answer = Answer.objects.create(
            subject_key=subject_key, question=question, question_key=question.key, option=option, free_text=free_text
        )
    _clear_follow_ups_that_no_longer_apply(subject_key=subject_key, question=question)
    Consent.objects.filter(pk=consent.pk).update(answer_options=_answer_options_packed(subject_key))
    if changed:
        _event_count(EventCount.Kind.ANSWER_CHANGED)
    elif answer is not None:
        _event_count(EventCount.Kind.ANSWER_GIVEN)
    return answer


def _answer_options_packed(subject_key: str) -> bytes:
    return options_pack(Answer.objects.filter(subject_key=subject_key).values_list("option_id", flat=True))


def _clear_follow_ups_that_no_longer_apply(*, subject_key: str, question: Question) -> None:
    answers = {a.question_key: a for a in Answer.objects.filter(subject_key=subject_key).select_related("option")}
    for follow_up in question.follow_ups.select_related("parent", "shown_if").prefetch_related("options"):
        applies = selectors.question_applies(question=follow_up, answers=answers)
        kept = answers.get(follow_up.key)
        still_valid = kept is not None and kept.option in selectors.options_for(question=follow_up, answers=answers)
        if kept is not None and not (applies and still_valid):
            Answer.objects.filter(pk=kept.pk).delete()


@transaction.atomic
def consent_withdraw(*, user: User) -> int:
    """Deletes every answer at once and marks the consent withdrawn. Returns how many answers went."""
    subject_key = subject_key_for(user.pk)
    # Locked first, as answer_save locks it: an answer being saved meanwhile is either deleted
    # here or refused there, never left behind.
    list(Consent.objects.select_for_update().filter(subject_key=subject_key, withdrawn_on__isnull=True))
    deleted, _ = Answer.objects.filter(subject_key=subject_key).delete()
    withdrawn = Consent.objects.filter(subject_key=subject_key, withdrawn_on__isnull=True).update(
        withdrawn_on=timezone.localdate(), answer_options=b""
    )
    if withdrawn or deleted:
        _event_count(EventCount.Kind.CONSENT_WITHDRAWN)
        transaction.on_commit(lambda: enqueue_sealed(tasks.withdrawal_confirmation_send, user.pk))
    return deleted


@transaction.atomic
def subject_erase(*, user: User) -> None:
    """Erases the person's answers and consent records, e.g. when their account is deleted."""
    subject_key = subject_key_for(user.pk)
    # Locked first, as answer_save locks them: an answer being saved meanwhile is either erased
    # here or refused there.
    list(Consent.objects.select_for_update().filter(subject_key=subject_key))
    answers, _ = Answer.objects.filter(subject_key=subject_key).delete()
    consents, _ = Consent.objects.filter(subject_key=subject_key).delete()
    if answers or consents:
        _event_count(EventCount.Kind.DATA_ERASED)


def withdrawal_confirmation_send(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    context = {"name": user.name}
    with translation.override(user.language):
        send_once(
            subject=_("Your equality information has been deleted"),
            message=render_to_string("demographics/email/withdrawn.txt", context),
            recipient_list=[user.email],
        )


@transaction.atomic
def answer_copies_repair() -> dict[str, int]:
    """Puts right what the services keep in step, in case something wrote around them (a web
    process still running older code while a deployment migrates, a correction made by hand):
    deletes answers with no consent in force, which reports never count and nothing should
    keep, and rewrites any consent's copy of its answers that differs from them. Run nightly;
    returns how many of each it found."""
    in_force = Consent.objects.select_for_update().filter(withdrawn_on__isnull=True)
    copies = {
        subject_key: bytes(packed) for subject_key, packed in in_force.values_list("subject_key", "answer_options")
    }
    in_force_keys = Consent.objects.filter(withdrawn_on__isnull=True).values("subject_key")
    orphans, _ = Answer.objects.exclude(subject_key__in=in_force_keys).delete()
    given: dict[str, list[int]] = {}
    for subject_key, option_id in Answer.objects.values_list("subject_key", "option_id").iterator(chunk_size=10_000):
        given.setdefault(subject_key, []).append(option_id)
    repaired = 0
    for subject_key, packed in copies.items():
        expected = options_pack(given.get(subject_key, []))
        if packed != expected:
            Consent.objects.filter(subject_key=subject_key, withdrawn_on__isnull=True).update(answer_options=expected)
            repaired += 1
    found = {"orphan_answers_deleted": orphans, "answer_copies_repaired": repaired}
    if orphans or repaired:
        logger.warning("equality answers out of step, put right", extra=found)
    return found


def tables_rewrite_in_random_order() -> dict[str, int]:
    """Gives every row of the equality tables a new random key and rewrites each table in the
    order of those keys, so that neither keys nor the physical order of rows (which a dump
    keeps) says in what order they were written.

    On PostgreSQL each table, in a transaction of its own and locked meanwhile, is rewritten
    twice in bulk: ALTER COLUMN ... USING gen_random_uuid() gives new keys (and every row the
    same transaction id, which a copy of the data files would otherwise show in write order),
    then CLUSTER puts the rows in the order of the keys. Elsewhere (SQLite, the embedded
    default) the rows are re-inserted in random order. Returns the rows rewritten per table."""
    rewritten = {}
    for model in RANDOMLY_ORDERED:
        table = connection.ops.quote_name(model._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # CLUSTER refuses to run while deferred foreign-key checks are pending in the
                # same transaction (as when the caller has just written answers); check them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
                constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
                primary_key = next(name for name, spec in constraints.items() if spec["primary_key"])
                cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id TYPE uuid USING gen_random_uuid()")
                cursor.execute(f"CLUSTER {table} USING {connection.ops.quote_name(primary_key)}")
                cursor.execute(f"ANALYZE {table}")
            else:
                cursor.execute(f"CREATE TEMPORARY TABLE shuffled AS SELECT * FROM {table} ORDER BY random()")  # noqa: S608
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
                cursor.execute(f"INSERT INTO {table} SELECT * FROM shuffled")  # noqa: S608
                cursor.execute("DROP TABLE shuffled")
            rewritten[model._meta.db_table] = model.objects.count()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # A rewritten table has no visibility map until it is vacuumed, and without one every
            # index-only read (the reports' profile count) goes back to the table.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM {table}")
    return rewritten


# Invitations ---------------------------------------------------------------------------------


def invitation_make(*, user: User) -> str:
    """A signed, one-off token for a link in an e-mail. Nothing about it is stored until used."""
    return signing.dumps({"u": user.pk, "n": secrets.token_urlsafe(16)}, salt=INVITATION_SALT)


def _nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def _invitation_payload(token: str) -> dict[str, Any] | None:
    """The link's contents, or None if it is broken, expired or already used."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if UsedInvitation.objects.filter(nonce_hash=_nonce_hash(payload["n"])).exists():
        return None
    return payload


@transaction.atomic
def invitation_use(*, token: str, user: User) -> bool:
    payload = _invitation_payload(token)
    if payload is None or int(payload["u"]) != user.pk:
        return False
    UsedInvitation.objects.create(nonce_hash=_nonce_hash(payload["n"]))
    return True


@transaction.atomic
def invitations_send(*, sender: User, recipients: list[User], base_url: str) -> int:
    for recipient in recipients:
        audit_record(action="equality_invitation_sent", actor=sender, target_type="user", target_id=recipient.pk)
        transaction.on_commit(partial(enqueue_sealed, tasks.invitation_email_send, recipient.pk, base_url))
    return len(recipients)


def invitation_email_send(*, user_id: int, base_url: str) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    # In the person's language, the link to the Welsh or English page included.
    with translation.override(user.language):
        link = base_url.rstrip("/") + reverse("demographics:invitation", kwargs={"token": invitation_make(user=user)})
        send_once(
            subject=_("Would you update your equality information?"),
            message=render_to_string("demographics/email/invitation.txt", {"name": user.name, "link": link}),
            recipient_list=[user.email],
        )


# Question sets -------------------------------------------------------------------------------


@transaction.atomic
def question_set_copy_as_draft(*, source: QuestionSet, actor: User) -> QuestionSet:
    """A new draft version with the same questions and options, to edit before publishing."""
    latest = QuestionSet.objects.select_for_update().order_by("-version").first()
    draft = QuestionSet.objects.create(
        version=(latest.version if latest else 0) + 1,
        name=source.name,
        privacy_notice_version=source.privacy_notice_version,
    )
    question_map: dict[int, Question] = {}
    option_map: dict[int, Option] = {}
    for question in source.questions.order_by("order"):
        old_pk = question.pk
        question_map[old_pk] = Question.objects.create(
            question_set=draft,
            key=question.key,
            order=question.order,
            **translations_of(question, ("text", "hint", "warning")),
        )
        for option in Option.objects.filter(question_id=old_pk).order_by("order"):
            old_option_pk = option.pk
            option_map[old_option_pk] = Option.objects.create(
                question=question_map[old_pk],
                key=option.key,
                order=option.order,
                **translations_of(option, ("label",)),
                prefer_not_to_say=option.prefer_not_to_say,
                allows_free_text=option.allows_free_text,
            )
    for question in source.questions.all():
        copy = question_map[question.pk]
        copy.parent = question_map.get(question.parent_id) if question.parent_id else None
        copy.shown_if = option_map.get(question.shown_if_id) if question.shown_if_id else None
        copy.save(update_fields=["parent", "shown_if"])
        for option in question.options.filter(group__isnull=False):
            if option.group_id is not None:
                Option.objects.filter(pk=option_map[option.pk].pk).update(group=option_map[option.group_id])
    audit_record(action="question_set_drafted", actor=actor, target_type="question_set", target_id=draft.pk)
    return draft


def _require_draft(question_set: QuestionSet) -> None:
    if question_set.status != QuestionSet.Status.DRAFT:
        raise ValidationError(
            _("Version %(v)d is published or retired, so it cannot change: answers given under it keep their meaning.")
            % {"v": question_set.version}
        )


@transaction.atomic
def question_set_update(
    *, question_set: QuestionSet, name: str, privacy_notice_version: str, actor: User
) -> QuestionSet:
    question_set = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    _require_draft(question_set)
    question_set.name = name.strip()
    question_set.privacy_notice_version = privacy_notice_version.strip()
    question_set.full_clean()
    question_set.save(update_fields=["name", "privacy_notice_version"])
    audit_record(action="question_set_changed", actor=actor, target_type="question_set", target_id=question_set.pk)
    return question_set


@dataclass(frozen=True, kw_only=True)
class OptionChange:
    """One answer of a question being saved: pk names an existing one (None for a new one), and
    delete removes it."""

    pk: int | None
    delete: bool = False
    order: int
    key: str
    label: str
    label_cy: str | None = ""
    prefer_not_to_say: bool = False
    allows_free_text: bool = False
    group: Option | None = None


@transaction.atomic
def question_save(
    *,
    question_set: QuestionSet,
    actor: User,
    question: Question | None = None,
    options: list[OptionChange],
    key: str,
    order: int,
    text: str,
    text_cy: str | None = "",
    hint: str = "",
    hint_cy: str | None = "",
    warning: str = "",
    warning_cy: str | None = "",
    parent: Question | None = None,
    shown_if: Option | None = None,
) -> Question:
    """Adds or changes a question of a draft, with its options."""
    question_set = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    _require_draft(question_set)
    if question is not None and question.question_set_id != question_set.pk:
        raise ValidationError(_("That question belongs to another version."))
    question = question or Question(question_set=question_set)
    question.key = key.strip()
    question.order = order
    question.text = text.strip()
    question.text_cy = _stripped(text_cy)
    question.hint = hint.strip()
    question.hint_cy = _stripped(hint_cy)
    question.warning = warning.strip()
    question.warning_cy = _stripped(warning_cy)
    question.parent = parent
    question.shown_if = shown_if
    for linked in (question.parent, question.shown_if.question if question.shown_if else None):
        if linked is not None and linked.question_set_id != question_set.pk:
            raise ValidationError(_("A question can only follow a question of the same version."))
    others = question_set.questions.exclude(pk=question.pk or 0)
    if others.filter(key=question.key).exists():
        raise ValidationError(
            _("Another question in this version already has the key “%(key)s”. Choose another.") % {"key": question.key}
        )
    if others.filter(order=question.order).exists():
        raise ValidationError(
            _("Another question in this version is number %(n)d. Choose another number for the order.")
            % {"n": question.order}
        )
    kept = [change.key for change in options if not change.delete]
    repeated = sorted({key for key in kept if kept.count(key) > 1})
    if repeated:
        raise ValidationError(_("Two answers have the key “%(key)s”. Give each its own.") % {"key": repeated[0]})
    question.full_clean()
    question.save()
    existing = {option.pk: option for option in question.options.all()}
    for change in options:
        option = existing.get(change.pk) if change.pk else Option(question=question)
        if option is None:
            raise ValidationError(_("That answer belongs to another question."))
        if change.delete:
            if option.pk:
                option.delete()
            continue
        option.order = change.order
        option.key = change.key.strip()
        option.label = change.label.strip()
        option.label_cy = _stripped(change.label_cy)
        option.prefer_not_to_say = change.prefer_not_to_say
        option.allows_free_text = change.allows_free_text
        option.group = change.group
        if option.group is not None and option.group.question.question_set_id != question_set.pk:
            raise ValidationError(_("An answer can only be grouped under an answer of the same version."))
        option.full_clean()
        option.save()
    audit_record(action="question_saved", actor=actor, target_type="question_set", target_id=question_set.pk)
    return question


def _stripped(text: str | None) -> str | None:
    return text.strip() if isinstance(text, str) else text


@transaction.atomic
def question_delete(*, question: Question, actor: User) -> None:
    question_set = QuestionSet.objects.select_for_update().get(pk=question.question_set_id)
    _require_draft(question_set)
    question.delete()
    audit_record(action="question_deleted", actor=actor, target_type="question_set", target_id=question_set.pk)


def _require_publishable(question_set: QuestionSet) -> None:
    if not question_set.questions.exists():
        raise ValidationError(_("A question set needs at least one question."))
    missing = [q.text for q in question_set.questions.all() if not q.options.filter(prefer_not_to_say=True).exists()]
    if missing:
        raise ValidationError(_("Every question needs a 'Prefer not to say' option: %s") % "; ".join(missing))


@transaction.atomic
def question_set_publish(*, question_set: QuestionSet, actor: User) -> QuestionSet:
    # Every version is locked, not just this one, so two drafts published at once cannot both
    # end up live: the second waits, then retires the first.
    list(QuestionSet.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    question_set = status_transition(
        instance=question_set,
        transition=QUESTION_SET_PUBLISH,
        check=_require_publishable,
        changes={"published_at": timezone.now()},
    )
    for live in QuestionSet.objects.filter(status=QuestionSet.Status.PUBLISHED).exclude(pk=question_set.pk):
        status_transition(instance=live, transition=QUESTION_SET_RETIRE)
    audit_record(action="question_set_published", actor=actor, target_type="question_set", target_id=question_set.pk)
    return question_set


# Key rotation --------------------------------------------------------------------------------


@transaction.atomic
def pseudonym_key_rotate(*, old_key: str, new_key: str, user_ids: list[int]) -> dict[str, int]:
    """Re-keys every subject from old_key to new_key in one transaction. Subjects that match no
    current user (which erasure should have removed) are left as they are and counted."""
    mapping = {subject_key_for(uid, key=old_key): subject_key_for(uid, key=new_key) for uid in user_ids}
    stored = set(Answer.objects.values_list("subject_key", flat=True).distinct()) | set(
        Consent.objects.values_list("subject_key", flat=True).distinct()
    )
    pairs = [(old, mapping[old]) for old in stored if old in mapping]
    for table in (Answer._meta.db_table, Consent._meta.db_table):
        for start in range(0, len(pairs), 500):
            batch = pairs[start : start + 500]
            cases = " ".join("WHEN %s THEN %s" for _ in batch)
            placeholders = ", ".join("%s" for _ in batch)
            params: list[str] = [value for pair in batch for value in pair] + [old for old, _ in batch]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET subject_key = CASE subject_key {cases} END "  # noqa: S608 - table names are ours
                    f"WHERE subject_key IN ({placeholders})",
                    params,
                )
    result = {"subjects_rekeyed": len(pairs), "subjects_unmatched": len(stored) - len(pairs)}
    audit_record(action="pseudonym_key_rotated", detail=result)
    return result
