"""Meetings, the people at them and what they said, made through the services as staff make them."""

from datetime import timedelta

import factory
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import TEST_PASSWORD, UserFactory
from workshops import services
from workshops.models import Insight, Meeting, Participation


class MeetingFactory(factory.django.DjangoModelFactory):
    """An open workshop a week from now, run by its facilitator (who is also its staff)."""

    class Meta:
        model = Meeting

    kind = Meeting.Kind.WORKSHOP
    title = "Co-production workshop"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + timedelta(hours=2))
    format = Meeting.Format.IN_PERSON
    venue = "Community centre"
    facilitator = factory.SubFactory(UserFactory, roles=(Role.RECRUITING_STAFF,))
    purpose = "Shape the new service"
    visibility = Meeting.Visibility.OPEN

    @classmethod
    def _create(cls, model_class: type[Meeting], *args: object, **kwargs: object) -> Meeting:
        actor = kwargs.pop("actor", None) or kwargs["facilitator"]
        return services.meeting_create(actor=actor, **kwargs)


def make_meeting(facilitator: User, **overrides: object) -> Meeting:
    return MeetingFactory(facilitator=facilitator, **overrides)


class ParticipationFactory(factory.django.DjangoModelFactory):
    """Someone at a meeting. Made directly, without the invitation e-mail participants_invite sends."""

    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(UserFactory, roles=(Role.APPLICANT,))
    attendance = Participation.Attendance.ATTENDED


class InsightFactory(factory.django.DjangoModelFactory):
    """Something said at a meeting, recorded by the meeting's facilitator."""

    class Meta:
        model = Insight

    meeting = factory.SubFactory(MeetingFactory)
    text = "More evening sessions, please"
    themes: list[str] = []
    raised_by = None
    anonymous = False

    @classmethod
    def _create(cls, model_class: type[Insight], *args: object, **kwargs: object) -> Insight:
        meeting = kwargs["meeting"]
        actor = kwargs.pop("actor", None) or meeting.facilitator
        return services.insight_add(actor=actor, **kwargs)


def finance_person(**kwargs: object) -> User:
    """Someone in finance: approves and pays claims, signs in with a password and an authenticator."""
    person = UserFactory(password=TEST_PASSWORD, with_totp=True, **kwargs)
    person.user_permissions.add(Permission.objects.get(codename="approve_and_pay_claims"))
    return person
