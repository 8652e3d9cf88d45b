"""The default question set, version 1: the UK harmonised equality questions.

Wording and categories follow shared/reference/equality-questions.md (GSS harmonised standards,
2021 Census for England and Wales). Kept here as data so that later versions change data, not code.
"""

from django.db import migrations
from django.utils import timezone

PNTS = ("prefer_not_to_say", "Prefer not to say")

ETHNIC_GROUPS = [
    ("white", "White", [
        ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
        ("white_irish", "Irish"),
        ("white_gypsy_traveller", "Gypsy or Irish Traveller"),
        ("white_roma", "Roma"),
        ("white_other", "Any other White background"),
    ]),
    ("mixed", "Mixed or Multiple ethnic groups", [
        ("mixed_white_black_caribbean", "White and Black Caribbean"),
        ("mixed_white_black_african", "White and Black African"),
        ("mixed_white_asian", "White and Asian"),
        ("mixed_other", "Any other Mixed or Multiple ethnic background"),
    ]),
    ("asian", "Asian, Asian British or Asian Welsh", [
        ("asian_indian", "Indian"),
        ("asian_pakistani", "Pakistani"),
        ("asian_bangladeshi", "Bangladeshi"),
        ("asian_chinese", "Chinese"),
        ("asian_other", "Any other Asian background"),
    ]),
    ("black", "Black, Black British, Black Welsh, Caribbean or African", [
        ("black_caribbean", "Caribbean"),
        ("black_african", "African"),
        ("black_other", "Any other Black, Black British, or Caribbean background"),
    ]),
    ("other", "Other ethnic group", [
        ("other_arab", "Arab"),
        ("other_any", "Any other ethnic group"),
    ]),
]

SEX_GENDER_WARNING = (
    "The next two questions are about sex and gender identity. We ask them to check that people of "
    "every sex and gender identity can take part. You can skip either question, or choose "
    "'Prefer not to say'."
)

# key, text, hint, warning, options [(key, label, free_text)], follows (key, shown_if option key)
QUESTIONS = [
    ("age_band", "What is your age?", "Choose your age group.", "", [
        ("16_24", "16 to 24", False), ("25_34", "25 to 34", False), ("35_44", "35 to 44", False),
        ("45_54", "45 to 54", False), ("55_64", "55 to 64", False), ("65_74", "65 to 74", False),
        ("75_plus", "75 or over", False),
    ], None),
    ("ethnic_group", "What is your ethnic group?", "Choose the group that best describes you.", "",
        [(key, label, False) for key, label, _ in ETHNIC_GROUPS], None),
    ("ethnic_background", "Which of the following best describes your background?", "", "", None,
        ("ethnic_group", None)),
    ("sex", "What is your sex?", "", SEX_GENDER_WARNING, [("female", "Female", False), ("male", "Male", False)], None),
    ("gender_identity", "Is the gender you identify with the same as your sex registered at birth?", "", "", [
        ("yes", "Yes", False), ("no", "No", True),
    ], None),
    ("sexual_orientation", "Which of the following best describes your sexual orientation?", "", "", [
        ("straight", "Straight or Heterosexual", False), ("gay_lesbian", "Gay or Lesbian", False),
        ("bisexual", "Bisexual", False), ("other", "Other sexual orientation", True),
    ], None),
    ("religion", "What is your religion?", "", "", [
        ("none", "No religion", False), ("christian", "Christian", False), ("buddhist", "Buddhist", False),
        ("hindu", "Hindu", False), ("jewish", "Jewish", False), ("muslim", "Muslim", False),
        ("sikh", "Sikh", False), ("other", "Any other religion", True),
    ], None),
    ("disability", "Do you have any physical or mental health conditions or illnesses lasting or expected "
        "to last 12 months or more?", "", "", [("yes", "Yes", False), ("no", "No", False)], None),
    ("disability_impact", "Does your condition or illness reduce your ability to carry out day-to-day "
        "activities?", "", "", [
        ("yes_a_lot", "Yes, a lot", False), ("yes_a_little", "Yes, a little", False),
        ("not_at_all", "Not at all", False),
    ], ("disability", "yes")),
    ("qualification", "What is your highest qualification?", "", "", [
        ("none", "No qualifications", False), ("gcse", "GCSE or equivalent", False),
        ("a_level", "A level or equivalent", False), ("vocational", "Apprenticeship or vocational", False),
        ("degree", "Degree or above", False), ("other", "Other", False),
    ], None),
    ("region", "Where do you live?", "", "", [
        ("north_east", "North East", False), ("north_west", "North West", False),
        ("yorkshire", "Yorkshire and The Humber", False), ("east_midlands", "East Midlands", False),
        ("west_midlands", "West Midlands", False), ("east", "East of England", False),
        ("london", "London", False), ("south_east", "South East", False),
        ("south_west", "South West", False), ("wales", "Wales", False),
    ], None),
]


def create_question_set(apps, schema_editor):
    QuestionSet = apps.get_model("demographics", "QuestionSet")
    Question = apps.get_model("demographics", "Question")
    Option = apps.get_model("demographics", "Option")
    question_set = QuestionSet.objects.create(
        version=1,
        name="UK harmonised equality questions",
        status="published",
        privacy_notice_version="2026-1",
        published_at=timezone.now(),
    )
    questions = {}
    for order, (key, text, hint, warning, options, follows) in enumerate(QUESTIONS, start=1):
        parent = shown_if = None
        if follows:
            parent = questions[follows[0]]
            if follows[1]:
                shown_if = Option.objects.get(question=parent, key=follows[1])
        question = Question.objects.create(
            question_set=question_set, key=key, order=order, text=text, hint=hint, warning=warning,
            parent=parent, shown_if=shown_if,
        )
        questions[key] = question
        if key == "ethnic_background":
            position = 0
            for group_key, _, categories in ETHNIC_GROUPS:
                group = Option.objects.get(question=questions["ethnic_group"], key=group_key)
                for category_key, label in categories:
                    position += 1
                    Option.objects.create(
                        question=question, key=category_key, label=label, order=position, group=group,
                        allows_free_text=category_key.endswith(("_other", "_any")),
                    )
            options = []
        else:
            position = len(options)
        for option_order, (option_key, label, free_text) in enumerate(options, start=1):
            Option.objects.create(
                question=question, key=option_key, label=label, order=option_order, allows_free_text=free_text
            )
        Option.objects.create(question=question, key=PNTS[0], label=PNTS[1], order=position + 1, prefer_not_to_say=True)


def delete_question_set(apps, schema_editor):
    apps.get_model("demographics", "QuestionSet").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("demographics", "0001_initial")]

    operations = [migrations.RunPython(create_question_set, delete_question_set)]
