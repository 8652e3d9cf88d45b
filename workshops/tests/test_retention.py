"""Workshop records are kept for their configured periods, then the daily job erases them: tested
on a frozen clock, a day before and a day after each period ends."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from core import services as core_services
from core.audit import audit_record
from core.checks import check_retention_periods
from core.models import AuditEvent
from workshops import services, tasks
from workshops.models import ActivityRate, Attachment, Claim, Expense, Minutes, Participation

MEETING_ENDS = timezone.make_aware(datetime(2019, 1, 10, 12))
PAID = timezone.make_aware(datetime(2019, 1, 20, 9))


def _day(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 4))


@pytest.fixture
def records(db, recruiting_staff):
    """A workshop held in January 2019, with minutes, a file and a paid claim with a receipt."""
    advisor = UserFactory(roles=(Role.APPLICANT,))
    ActivityRate.objects.create(kind="workshop", hourly_rate=Decimal("25.00"))
    with time_machine.travel(MEETING_ENDS, tick=False):
        meeting = services.meeting_create(
            actor=recruiting_staff,
            kind="workshop",
            title="Listening workshop",
            starts_at=MEETING_ENDS - timedelta(hours=2),
            ends_at=MEETING_ENDS,
            format="online",
            facilitator=recruiting_staff,
            purpose="Listen",
            visibility="open",
        )
        services.participants_invite(meeting=meeting, people=[advisor], actor=recruiting_staff)
        Participation.objects.filter(meeting=meeting).update(attendance="attended")
        services.minutes_save(meeting=meeting, body="We talked.", actor=recruiting_staff)
        services.minutes_approve(meeting=meeting, actor=recruiting_staff)
        attachment = services.attachment_add(
            meeting=meeting, title="Agenda", file=SimpleUploadedFile("agenda.txt", b"Agenda"), actor=recruiting_staff
        )
        claim = services.claim_make(
            participation=meeting.participations.get(),
            hours=Decimal("2"),
            declined_payment=False,
            expenses=[
                {"description": "Bus", "amount": Decimal("3.10"), "receipt": SimpleUploadedFile("b.pdf", b"%PDF")}
            ],
            by=advisor,
        )
        # Finance approves and pays, and never one person both.
        approver, payer = UserFactory.create_batch(2)
        for person in (approver, payer):
            person.user_permissions.add(Permission.objects.get(codename="approve_and_pay_claims"))
        services.claim_approve(claim=claim, actor=approver)
    with time_machine.travel(PAID, tick=False):
        services.claim_mark_paid(claim=claim, actor=payer)
    return {
        "file": attachment.file.name,
        "receipt": claim.expenses.get().receipt.name,
        "storage": attachment.file.storage,
    }


def _run_on(day: datetime, django_capture_on_commit_callbacks) -> dict[str, int]:
    with time_machine.travel(day, tick=False), django_capture_on_commit_callbacks(execute=True):
        return tasks.records_erase_expired.apply().get()


@pytest.mark.django_db
def test_each_record_goes_the_day_after_its_period_ends(records, django_capture_on_commit_callbacks):
    storage = records["storage"]
    # Meeting files: 24 months from the meeting.
    assert _run_on(_day(2021, 1, 9), django_capture_on_commit_callbacks)["meeting_files"] == 0
    assert Attachment.objects.exists()
    assert storage.exists(records["file"])
    erased = _run_on(_day(2021, 1, 11), django_capture_on_commit_callbacks)
    assert erased == {"minutes": 0, "meeting_files": 1, "receipts": 0, "claims": 0}
    assert not Attachment.objects.exists()
    assert not storage.exists(records["file"])
    assert Minutes.objects.exists()
    assert Claim.objects.exists()
    assert storage.exists(records["receipt"])

    # Minutes: 72 months from the meeting; claims and receipts: 72 months from payment.
    assert _run_on(_day(2025, 1, 9), django_capture_on_commit_callbacks) == dict.fromkeys(erased, 0)
    assert _run_on(_day(2025, 1, 11), django_capture_on_commit_callbacks)["minutes"] == 1
    assert not Minutes.objects.exists()
    assert Claim.objects.exists()
    assert _run_on(_day(2025, 1, 21), django_capture_on_commit_callbacks) == {
        "minutes": 0,
        "meeting_files": 0,
        "receipts": 1,
        "claims": 1,
    }
    assert not Claim.objects.exists()
    assert not Expense.objects.exists()
    assert not storage.exists(records["receipt"])
    event = AuditEvent.objects.filter(action="workshop_records_erased_by_retention").first()
    assert event.detail == {"minutes": 0, "meeting_files": 0, "receipts": 1, "claims": 1}


@pytest.mark.django_db
def test_receipts_can_go_before_the_claim_they_prove(records, settings, django_capture_on_commit_callbacks):
    settings.RECEIPTS_RETENTION_MONTHS = 36
    assert _run_on(_day(2022, 1, 21), django_capture_on_commit_callbacks)["receipts"] == 1
    expense = Expense.objects.get()
    assert (expense.receipt.name, expense.amount) == ("", Decimal("3.10"))
    assert not records["storage"].exists(records["receipt"])
    assert Claim.objects.get().status == Claim.Status.PAID


@pytest.mark.django_db
def test_nothing_goes_while_the_transaction_fails(records, django_capture_on_commit_callbacks, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(services, "audit_record", broken)
    with (
        time_machine.travel(_day(2030, 1, 1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
    ):
        services.records_erase_expired()
    assert Attachment.objects.exists()
    assert Minutes.objects.exists()
    assert Claim.objects.exists()
    assert records["storage"].exists(records["file"])
    assert records["storage"].exists(records["receipt"])


@pytest.mark.django_db
def test_audit_events_go_after_their_period(recruiting_staff):
    with time_machine.travel(_day(2019, 3, 1), tick=False):
        old = audit_record(action="application_viewed", actor=recruiting_staff)
    with time_machine.travel(_day(2020, 6, 1), tick=False):
        newer = audit_record(action="application_viewed", actor=recruiting_staff)
    with time_machine.travel(_day(2021, 2, 28), tick=False):
        assert core_services.audit_events_erase_expired() == 0
    with time_machine.travel(_day(2021, 3, 2), tick=False):
        assert core_services.audit_events_erase_expired() == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=newer.pk).exists()
    assert AuditEvent.objects.filter(action="audit_events_erased_by_retention").exists()


def test_the_retention_jobs_run_daily_at_a_time_of_day():
    for name, task in (
        ("erase-expired-workshop-records", "workshops.tasks.records_erase_expired"),
        ("erase-expired-audit-events", "core.tasks.audit_events_erase_expired"),
    ):
        entry = settings.CELERY_BEAT_SCHEDULE[name]
        assert entry["task"] == task
        assert isinstance(entry["schedule"], crontab)
        assert entry["schedule"].hour == {3}
        assert len(entry["schedule"].minute) == 1


def test_periods_must_be_positive_and_payment_records_kept_six_years_by_default(settings):
    assert check_retention_periods(None) == []
    assert settings.CLAIMS_RETENTION_MONTHS == settings.RECEIPTS_RETENTION_MONTHS == 72
    settings.MINUTES_RETENTION_MONTHS = 0
    settings.CLAIMS_RETENTION_MONTHS = 12
    assert [message.id for message in check_retention_periods(None)] == ["mind_involve.E020", "mind_involve.W020"]
    with pytest.raises(Exception, match="MINUTES_RETENTION_MONTHS"):
        call_command("check")
