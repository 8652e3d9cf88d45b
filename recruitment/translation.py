"""The Welsh fields of what staff write for the public (django-modeltranslation): each field listed
here gets `<field>_en_gb` and `<field>_cy`, and reads in the language of the page, falling back to
English where the Welsh is not written yet (core.templatetags.languages says so on the page)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Guidance, Opportunity, RoleTemplate, Video

ADVERT_TEXT = (
    "title",
    "summary",
    "duties",
    "time_commitment",
    "payment_method",
    "benefits_advice",
    "support_offered",
    "who_we_welcome",
    "accessibility",
)


@register(RoleTemplate)
class RoleTemplateTranslation(TranslationOptions):
    fields = ADVERT_TEXT


@register(Opportunity)
class OpportunityTranslation(TranslationOptions):
    fields = (*ADVERT_TEXT, "team", "location")


@register(Guidance)
class GuidanceTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(Video)
class VideoTranslation(TranslationOptions):
    fields = ("title", "transcript")
