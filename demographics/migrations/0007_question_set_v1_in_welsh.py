"""The equality questions of version 1 in Welsh, in the wording of the Welsh-language 2021 Census
questionnaire for England and Wales where the census asked the question (ethnic group, sex, gender
identity, sexual orientation, religion, health and disability), and in plain Welsh for the rest.

Each question and answer keeps its key, so the reports count Welsh and English answers together.
The Welsh is written only where the English is still the wording of 0002 (and in any copy of it),
so a question an Equality lead has reworded is never given a Welsh text that no longer matches.
"""

from importlib import import_module

from django.db import migrations

PREFER_NOT_TO_SAY = "Mae'n well gen i beidio â dweud"

# question key: (text, hint, warning)
QUESTIONS = {
    "age_band": ("Beth yw eich oed?", "Dewiswch eich grŵp oedran.", ""),
    "ethnic_group": ("Beth yw eich grŵp ethnig?", "Dewiswch y grŵp sy'n eich disgrifio orau.", ""),
    "ethnic_background": ("Pa un o'r canlynol sy'n disgrifio eich cefndir orau?", "", ""),
    "sex": (
        "Beth yw eich rhyw?",
        "",
        "Mae'r ddau gwestiwn nesaf yn ymwneud â rhyw a hunaniaeth rhywedd. Rydyn ni'n eu gofyn i wneud yn siŵr "
        "bod pobl o bob rhyw a hunaniaeth rhywedd yn gallu cymryd rhan. Gallwch chi hepgor y naill gwestiwn neu'r "
        "llall, neu ddewis 'Mae'n well gen i beidio â dweud'.",
    ),
    "gender_identity": (
        "A yw'r rhywedd rydych chi'n uniaethu ag ef yr un peth â'r rhyw a gofrestrwyd i chi adeg eich geni?",
        "",
        "",
    ),
    "sexual_orientation": ("Pa un o'r canlynol sy'n disgrifio eich cyfeiriadedd rhywiol orau?", "", ""),
    "religion": ("Beth yw eich crefydd?", "", ""),
    "disability": (
        "Oes gennych chi unrhyw gyflyrau neu salwch iechyd corfforol neu feddyliol sydd wedi para, neu y "
        "disgwylir iddynt bara, 12 mis neu fwy?",
        "",
        "",
    ),
    "disability_impact": (
        "A yw eich cyflwr neu salwch yn lleihau eich gallu i gyflawni gweithgareddau o ddydd i ddydd?",
        "",
        "",
    ),
    "qualification": ("Beth yw eich cymhwyster uchaf?", "", ""),
    "region": ("Ble rydych chi'n byw?", "", ""),
}

# question key: {option key: label}; every question's "Prefer not to say" is added below.
OPTIONS = {
    "age_band": {
        "16_24": "16 i 24",
        "25_34": "25 i 34",
        "35_44": "35 i 44",
        "45_54": "45 i 54",
        "55_64": "55 i 64",
        "65_74": "65 i 74",
        "75_plus": "75 neu'n hŷn",
    },
    "ethnic_group": {
        "white": "Gwyn",
        "mixed": "Cymysg neu grwpiau ethnig lluosog",
        "asian": "Asiaidd, Asiaidd Prydeinig neu Asiaidd Cymreig",
        "black": "Du, Du Prydeinig, Du Cymreig, Caribïaidd neu Affricanaidd",
        "other": "Grŵp ethnig arall",
    },
    "ethnic_background": {
        "white_british": "Cymreig, Seisnig, Albanaidd, Gwyddelig Gogledd Iwerddon neu Brydeinig",
        "white_irish": "Gwyddelig",
        "white_gypsy_traveller": "Sipsi neu Deithiwr Gwyddelig",
        "white_roma": "Roma",
        "white_other": "Unrhyw gefndir Gwyn arall",
        "mixed_white_black_caribbean": "Gwyn a Du Caribïaidd",
        "mixed_white_black_african": "Gwyn a Du Affricanaidd",
        "mixed_white_asian": "Gwyn ac Asiaidd",
        "mixed_other": "Unrhyw gefndir Cymysg neu ethnig lluosog arall",
        "asian_indian": "Indiaidd",
        "asian_pakistani": "Pacistanaidd",
        "asian_bangladeshi": "Bangladeshaidd",
        "asian_chinese": "Tsieineaidd",
        "asian_other": "Unrhyw gefndir Asiaidd arall",
        "black_caribbean": "Caribïaidd",
        "black_african": "Affricanaidd",
        "black_other": "Unrhyw gefndir Du, Du Prydeinig neu Garibïaidd arall",
        "other_arab": "Arabaidd",
        "other_any": "Unrhyw grŵp ethnig arall",
    },
    "sex": {"female": "Benyw", "male": "Gwryw"},
    "gender_identity": {"yes": "Ydy", "no": "Nac ydy"},
    "sexual_orientation": {
        "straight": "Syth neu Heterorywiol",
        "gay_lesbian": "Hoyw neu Lesbiaidd",
        "bisexual": "Deurywiol",
        "other": "Cyfeiriadedd rhywiol arall",
    },
    "religion": {
        "none": "Dim crefydd",
        "christian": "Cristnogol",
        "buddhist": "Bwdhaidd",
        "hindu": "Hindŵaidd",
        "jewish": "Iddewig",
        "muslim": "Mwslimaidd",
        "sikh": "Sikhaidd",
        "other": "Unrhyw grefydd arall",
    },
    "disability": {"yes": "Oes", "no": "Nac oes"},
    "disability_impact": {"yes_a_lot": "Ydy, llawer", "yes_a_little": "Ydy, ychydig", "not_at_all": "Ddim o gwbl"},
    "qualification": {
        "none": "Dim cymwysterau",
        "gcse": "TGAU neu gymhwyster cyfatebol",
        "a_level": "Safon Uwch neu gymhwyster cyfatebol",
        "vocational": "Prentisiaeth neu gymhwyster galwedigaethol",
        "degree": "Gradd neu uwch",
        "other": "Arall",
    },
    "region": {
        "north_east": "Gogledd-ddwyrain Lloegr",
        "north_west": "Gogledd-orllewin Lloegr",
        "yorkshire": "Swydd Efrog a'r Humber",
        "east_midlands": "Dwyrain Canolbarth Lloegr",
        "west_midlands": "Gorllewin Canolbarth Lloegr",
        "east": "Dwyrain Lloegr",
        "london": "Llundain",
        "south_east": "De-ddwyrain Lloegr",
        "south_west": "De-orllewin Lloegr",
        "wales": "Cymru",
    },
}


def _english_of_version_1():
    """Question texts, hints, warnings and answer labels in English, as 0002 wrote them."""
    v1 = import_module("demographics.migrations.0002_question_set_v1")
    questions = {key: (text, hint, warning) for key, text, hint, warning, _options, _follows in v1.QUESTIONS}
    labels = {}
    for key, _text, _hint, _warning, options, _follows in v1.QUESTIONS:
        labels[key] = {option_key: label for option_key, label, _free in options or []}
        labels[key][v1.PNTS[0]] = v1.PNTS[1]
    labels["ethnic_group"] = {key: label for key, label, _ in v1.ETHNIC_GROUPS} | {v1.PNTS[0]: v1.PNTS[1]}
    labels["ethnic_background"] = {
        key: label for _group, _label, categories in v1.ETHNIC_GROUPS for key, label in categories
    } | {v1.PNTS[0]: v1.PNTS[1]}
    return questions, labels


def write_welsh(apps, schema_editor):
    Question = apps.get_model("demographics", "Question")
    Option = apps.get_model("demographics", "Option")
    english_questions, english_labels = _english_of_version_1()
    for question in Question.objects.filter(key__in=list(QUESTIONS)):
        english = english_questions[question.key]
        welsh = QUESTIONS[question.key]
        changed = []
        for field, english_text, welsh_text in zip(("text", "hint", "warning"), english, welsh, strict=True):
            if getattr(question, f"{field}_en_gb") == english_text and welsh_text:
                setattr(question, f"{field}_cy", welsh_text)
                changed.append(f"{field}_cy")
        question.save(update_fields=changed)
    for option in Option.objects.select_related("question").filter(question__key__in=list(QUESTIONS)):
        labels = OPTIONS[option.question.key] | {"prefer_not_to_say": PREFER_NOT_TO_SAY}
        english = english_labels[option.question.key].get(option.key)
        if option.key in labels and english is not None and option.label_en_gb == english:
            option.label_cy = labels[option.key]
            option.save(update_fields=["label_cy"])


def clear_welsh(apps, schema_editor):
    apps.get_model("demographics", "Question").objects.update(text_cy=None, hint_cy=None, warning_cy=None)
    apps.get_model("demographics", "Option").objects.update(label_cy=None)


class Migration(migrations.Migration):
    dependencies = [("demographics", "0006_welsh_fields")]

    operations = [migrations.RunPython(write_welsh, clear_welsh)]
