"""English and Welsh: which pages have a Welsh version, and the address of a page in the other language.

Every page a member of the public, an applicant or an advisor reads is in both languages: English at
its unprefixed address, Welsh under /cy/ (mind_involve/urls.py). The staff and board pages listed
here are in English only; their /cy/ address leads to the English page, so no page says it is Welsh
while its words are English.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import ResolverMatch, translate_url
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

WELSH = "cy"

# URL names (namespace:name) of the staff pages under the language prefix.
ENGLISH_ONLY_PAGES = frozenset(
    {
        "recruitment:staff_opportunities",
        "recruitment:staff_opportunity_new",
        "recruitment:staff_opportunity_edit",
        "recruitment:staff_outreach",
        "recruitment:staff_applications",
        "recruitment:staff_export",
        "recruitment:staff_message_bulk",
        "recruitment:staff_application",
        "recruitment:staff_application_move",
        "recruitment:staff_application_note",
        "recruitment:staff_application_interview",
        "recruitment:staff_application_message",
        "recruitment:staff_guidance",
        "workshops:new",
        "workshops:edit",
        "workshops:meeting_invite",
        "workshops:meeting_participant_add",
        "workshops:meeting_attendance",
        "workshops:meeting_facilitator",
        "workshops:minutes_save",
        "workshops:minutes_approve",
        "workshops:insight_add",
        "workshops:insight_respond",
        "workshops:insight_action_add",
        "workshops:claim_approve",
        "workshops:claim_mark_paid",
        "workshops:action",
        "workshops:accountability",
        "workshops:my_actions",
        "workshops:payments",
        "workshops:payments_export",
        "workshops:receipt",
        "workshops:rates",
        "demographics:invite",
        "demographics:question_sets",
        "demographics:question_set",
        "demographics:question_set_copy",
        "demographics:question_set_details",
        "demographics:question_set_publish",
        "demographics:question_delete",
        "demographics:question_new",
        "demographics:question_edit",
    }
)
# Two-step sign-in with an authenticator app: every role but Applicant needs it, so it is a staff page.
ENGLISH_ONLY_PREFIXES = ("mfa_",)


def in_english_only(match: ResolverMatch | None) -> bool:
    if match is None:
        return False
    name = match.view_name
    return name in ENGLISH_ONLY_PAGES or name.startswith(ENGLISH_ONLY_PREFIXES)


def name_of(code: str) -> str:
    """A language's name in that language ("Cymraeg", "English")."""
    return dict(settings.LANGUAGES)[code]


@dataclass(frozen=True)
class LanguageSwitch:
    """The same page in the other language: the current language's name, the other's, and its address."""

    current: str
    current_name: str
    code: str
    name: str
    url: str


def language_switch(request: HttpRequest) -> LanguageSwitch | None:
    """None where the page has no other-language version (admin, the board's reports, staff pages)."""
    match = getattr(request, "resolver_match", None)
    if match is None or in_english_only(match):
        return None
    current = translation.get_language()
    other = settings.LANGUAGE_CODE if current == WELSH else WELSH
    here = request.get_full_path()
    there = translate_url(here, other)
    if there == here:
        return None
    return LanguageSwitch(current=current, current_name=name_of(current), code=other, name=name_of(other), url=there)


def translation_fields(field: str) -> list[str]:
    """The fields holding `field` in each language (`title_en_gb`, `title_cy`): what a query that
    loads only some columns must load for a translated field to read without another query."""
    return [build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES]


def translations_of(instance: object, fields: tuple[str, ...]) -> dict[str, object]:
    """Each translated field of `instance` in every language (`text_en_gb`, `text_cy`...), to copy
    content with its Welsh as well as its English."""
    names = [build_localized_fieldname(field, code) for field in fields for code, _name in settings.LANGUAGES]
    return {name: getattr(instance, name) for name in names}
