from datetime import timedelta

import factory
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from recruitment import services
from recruitment.models import Application, Involvement, Opportunity, RoleTemplate

# The access matrix's application has a known reference; other objects are named by "@key".
MATRIX_REFERENCE = "MI-MATRIX01"


class OpportunityFactory(factory.django.DjangoModelFactory):
    """An open opportunity made from the shipped role template, as staff would make it."""

    class Meta:
        model = Opportunity

    team = factory.Sequence(lambda n: f"Team {n}")
    format = "online"
    region = "national"
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    places = 3
    status = Opportunity.Status.OPEN

    @classmethod
    def _create(cls, model_class: type[Opportunity], *args: object, **kwargs: object) -> Opportunity:
        status = kwargs.pop("status")
        template = RoleTemplate.objects.order_by("pk").first()
        actor = UserFactory()
        opportunity = services.opportunity_create_from_template(template=template, actor=actor, **kwargs)
        return services.opportunity_update(opportunity=opportunity, actor=actor, status=status)


def submitted_application(
    opportunity: Opportunity | None = None, applicant: object = None, **answers: object
) -> Application:
    opportunity = opportunity or OpportunityFactory()
    applicant = applicant or UserFactory()
    application = services.application_start(opportunity=opportunity, applicant=applicant)
    data = {"contact_method": "email", "lived_experience": "My story.", "why_this_role": "I care.", **answers}
    services.application_save_step(application=application, **data)
    return services.application_submit(application=application, ip=None)


class InvolvementFactory(factory.django.DjangoModelFactory):
    """An advisor: someone involved with a team since today (`InvolvementFactory().person`)."""

    class Meta:
        model = Involvement

    person = factory.SubFactory(UserFactory, roles=(Role.APPLICANT,))
    role = "Advisor"
    team = "Research"
    start_date = factory.LazyFunction(timezone.localdate)
