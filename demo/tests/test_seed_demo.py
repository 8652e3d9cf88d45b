import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from demo.services import DEMO_ACCOUNTS


@pytest.mark.django_db
def test_seed_demo_creates_one_account_per_role_and_is_idempotent(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-passphrase-for-tests")
    call_command("seed_demo", people=12)
    call_command("seed_demo", people=12)
    for email, _name, role in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.check_password("demo-passphrase-for-tests")
        assert user.emailaddress_set.get().verified
    assert User.objects.get(email="admin@example.org").is_staff
    assert User.objects.filter(groups__name=Role.APPLICANT).count() == 1 + 12


@pytest.mark.django_db
def test_seed_demo_prints_a_generated_password_once(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", people=0)
    first = capsys.readouterr().out
    assert "Demo password (generated):" in first
    password = first.split("Demo password (generated):")[1].split()[0]
    assert User.objects.get(email="staff@example.org").check_password(password)
    call_command("seed_demo", people=0)
    assert "passwords unchanged" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_scales_with_people():
    call_command("seed_demo", people=300)
    assert User.objects.filter(email__startswith="person").count() == 300


def test_seed_demo_refuses_a_negative_count():
    with pytest.raises(CommandError):
        call_command("seed_demo", people=-1)


@pytest.mark.django_db
def test_every_demo_account_can_sign_in_on_the_embedded_default(client, monkeypatch, settings):
    settings.DEBUG = True
    settings.MFA_REQUIRED = False
    monkeypatch.setenv("DEMO_PASSWORD", "demo-passphrase-for-tests")
    call_command("seed_demo", people=0)
    for email, _name, _role in DEMO_ACCOUNTS:
        client.logout()
        response = client.post(reverse("account_login"), {"login": email, "password": "demo-passphrase-for-tests"})
        assert response.status_code == 302, email
        assert client.get(reverse("accounts:profile")).status_code == 200, email


@pytest.mark.django_db
def test_the_demo_tells_a_story_a_new_user_can_work_with(client, monkeypatch):
    from recruitment.models import Application, Guidance, Opportunity, Stage, Video

    monkeypatch.setenv("DEMO_PASSWORD", "demo-passphrase-for-tests")
    call_command("seed_demo", people=120)
    call_command("seed_demo", people=120)

    titles = list(Opportunity.objects.filter(status="open").values_list("title", flat=True))
    assert len(titles) >= 4, titles
    assert len(set(titles)) == len(titles), titles
    assert set(Application.objects.exclude(submitted_at=None).values_list("stage", flat=True)) == set(Stage.values)
    anonymised = Opportunity.objects.get(anonymised_screening=True, status="open")
    assert anonymised.applications.filter(stage=Stage.RECEIVED).count() >= 3

    video = Video.objects.get()
    assert video.captions.open("rb").read().startswith(b"WEBVTT")
    assert video.transcript.strip()
    assert video.file.size < 100_000
    page = Guidance.objects.get(video=video)
    html = client.get(reverse("recruitment:guidance", kwargs={"slug": page.slug})).content.decode()
    assert '<track kind="captions"' in html
    assert "Read the transcript" in html
    response = client.get(reverse("recruitment:video_file", kwargs={"pk": video.pk, "part": "video"}))
    assert response["Content-Type"] == "video/webm"
    assert b"".join(response.streaming_content).startswith(b"\x1a\x45\xdf\xa3")  # a WebM (EBML) file


def test_seed_demo_says_what_is_missing_where_faker_is_not_installed(monkeypatch):
    import sys

    # As in a production image, which installs only requirements/base.txt.
    monkeypatch.delitem(sys.modules, "demo.services")
    monkeypatch.setitem(sys.modules, "faker", None)
    with pytest.raises(CommandError, match="Demo data needs faker"):
        call_command("seed_demo", people=0)
