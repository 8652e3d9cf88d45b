"""The equality questions in Welsh (django-modeltranslation): each question's text, hint and warning
and each answer's label have an English and a Welsh field, shown in the language of the page. An
answer keeps one key whatever the language, so the reports count English and Welsh answers together."""

from modeltranslation.translator import TranslationOptions, register

from .models import Option, Question


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "hint", "warning")


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("label",)
