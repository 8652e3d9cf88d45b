"""Receipts and meeting files: a size limit (UPLOAD_MAX_MB) and a type checked by the file's
content, not its name, with errors that say what to do."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from workshops import services
from workshops.models import ActivityRate, Attachment, Claim, Expense, Participation
from workshops.tests.factories import make_meeting

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
MB = 1024 * 1024


@pytest.fixture
def meeting(recruiting_staff):
    meeting = make_meeting(
        recruiting_staff,
        title="Workshop",
        starts_at=timezone.now() - timedelta(days=1),
        format="online",
        venue="",
        purpose="Listen",
    )
    ActivityRate.objects.create(kind="workshop", hourly_rate=Decimal("20"))
    return meeting


@pytest.fixture
def attendee(meeting, recruiting_staff):
    person = UserFactory(roles=(Role.APPLICANT,))
    services.participants_invite(meeting=meeting, people=[person], actor=recruiting_staff)
    Participation.objects.update(attendance="attended")
    return person


def _claim(client, meeting, receipt):
    data = {"hours": "2", "expense_description": "Bus", "expense_amount": "3.10", "receipt": receipt}
    return client.post(reverse("workshops:claim", kwargs={"pk": meeting.pk}), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("receipt.pdf", HTML, "not a PDF, PNG or JPEG"),
        ("receipt.png", PDF, "not a PDF, PNG or JPEG"),  # the name must match what the file is
        ("receipt.pdf", PDF + b"0" * (11 * MB), "up to 10 MB"),
    ],
)
def test_a_receipt_must_be_a_real_pdf_png_or_jpeg_within_the_size_limit(
    client, meeting, attendee, name, content, message
):
    client.force_login(attendee)
    response = _claim(client, meeting, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Claim.objects.exists()
    assert not Expense.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), [("receipt.pdf", PDF), ("receipt.png", PNG), ("receipt.jpg", JPEG)])
def test_real_receipts_are_accepted(client, meeting, attendee, name, content):
    client.force_login(attendee)
    assert _claim(client, meeting, SimpleUploadedFile(name, content)).status_code == 302
    assert Expense.objects.get().receipt.name.endswith(name.rsplit(".", 1)[1])


@pytest.mark.django_db
def test_the_size_limit_is_configurable(client, meeting, attendee, settings):
    settings.UPLOAD_MAX_MB = 1
    client.force_login(attendee)
    response = _claim(client, meeting, SimpleUploadedFile("receipt.pdf", PDF + b"0" * (2 * MB)))
    assert "up to 1 MB" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("slides.pdf", PDF + b"0" * (60 * MB), False),  # the 60 MB file the probe sent
        ("agenda.docx", HTML, False),
        ("agenda.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 40, False),
        ("agenda.txt", "Agenda: welcome, café, questions\n".encode(), True),
        ("agenda.pdf", PDF, True),
        ("photo.png", PNG, True),
    ],
)
def test_meeting_files_are_limited_in_size_and_checked_by_content(
    client, meeting, recruiting_staff, name, content, accepted
):
    client.force_login(recruiting_staff)
    response = client.post(
        reverse("workshops:attachments", kwargs={"pk": meeting.pk}),
        {"title": "Agenda", "file": SimpleUploadedFile(name, content)},
    )
    assert Attachment.objects.exists() == accepted
    if not accepted:
        assert response.status_code == 200
        page = response.content.decode()
        assert "up to 10 MB" in page or "not a PDF, Word, OpenDocument, PowerPoint, text, PNG or JPEG file" in page
