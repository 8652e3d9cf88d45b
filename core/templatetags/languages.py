"""Content staff write in English and Welsh (django-modeltranslation): on a Welsh page, a text
with no Welsh version yet shows in English, marked lang="en-gb" so a screen reader reads it as
English, and the page says in Welsh that it is showing the English."""

from django import template
from django.conf import settings
from django.db.models import Model
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

register = template.Library()


def _shows_english(obj: object, field: str) -> bool:
    """On a page not in English, this field has only its English text."""
    language = translation.get_language()
    if language == settings.LANGUAGE_CODE:
        return False
    own = getattr(obj, build_localized_fieldname(field, language), None)
    english = getattr(obj, build_localized_fieldname(field, settings.LANGUAGE_CODE), None)
    return not own and bool(english)


@register.simple_tag
def lang_attr(obj: object, field: str) -> SafeString:
    """` lang="en-gb"` where `obj.field` is shown in English on a page in another language."""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE) if _shows_english(obj, field) else SafeString("")


@register.filter
def lacks_translation(obj: Model) -> bool:
    """Some of `obj`'s text is shown in English on a page in another language."""
    try:
        fields = translator.get_options_for_model(type(obj)).all_fields
    except NotRegistered:
        return False
    return any(_shows_english(obj, field) for field in fields)
