"""Starting content the charity edits in admin: the advisor role template, guidance pages and
message templates. It is content, not demo data, so it ships with every installation."""

from decimal import Decimal

from django.db import migrations

ROLE_TEMPLATE = {
    "name": "Lived-experience advisor",
    "title": "Lived-experience advisor",
    "summary": "Lived-experience advisors use what they know from their own mental health to help us shape "
    "our services, campaigns and the way we work.",
    "duties": "Take part in workshops and project meetings, share your views and ideas, read and comment on "
    "plans and materials, and see what we did with what you told us.",
    "time_commitment": "About 4 hours a month, for 12 months. Sessions are booked well ahead.",
    "payment_rate": Decimal("25.00"),
    "payment_method": "Paid by bank transfer within 30 days of each session. We cover travel and other expenses.",
    "benefits_advice": "Payments can affect some benefits. You can get free, confidential advice from a benefits "
    "adviser before you decide, and you can choose to receive vouchers or no payment at all.",
    "can_decline_payment": True,
    "support_offered": "A named contact, a briefing before each session and a debrief after. Tell us what would "
    "help: breaks, a quiet room, materials in advance, a support worker coming with you, or anything else.",
    "who_we_welcome": "Everyone with lived experience of mental health problems. We especially welcome people "
    "from Black, Asian and minority ethnic communities, who are under-represented in our work today.",
    "accessibility": "Venues are step-free with accessible toilets. Online sessions use captions, and you can "
    "join by phone.",
}

GUIDANCE = [
    ("what-being-an-advisor-is-like", "What being an advisor is like", "applicants", 1,
     "What you will do, how much time it takes and how we support you.",
     "Advisors come to **workshops** and **project meetings**. You tell us what you think, from your own "
     "experience, and we tell you what we did with it.\n\n## Support\n\nYou will have a named contact, and "
     "we will agree any adjustments with you before you start.\n\n## Payment\n\nWe pay for your time and "
     "cover your expenses. You can choose not to be paid."),
    ("how-to-apply", "How to apply", "applicants", 2,
     "The steps, what we ask and how long it takes.",
     "1. Choose an opportunity.\n2. Create an account with your e-mail address: you do not need a password.\n"
     "3. Tell us about yourself in your own words. There is no minimum length.\n4. Check your answers and send."
     "\n\nWe save your answers as you go, so you can stop and come back at any time."),
    ("how-we-use-your-information", "How we use your information", "applicants", 3,
     "Who sees your application, and how long we keep it.",
     "The people who decide on applications see what you write in your application. If you choose to answer "
     "our equality questions, those answers are kept apart and **never** shown to them.\n\nIf your application "
     "is not successful, or you withdraw it, we delete it after 12 months. You can download or delete your "
     "application at any time from your account."),
    ("recruiting-inclusively", "Recruiting inclusively", "staff", 1,
     "How to write adverts and run the pipeline so that everyone has a fair chance.",
     "## Before you advertise\n\n- Start from the role template and keep the payment and support sections.\n"
     "- Send the opportunity to partner organisations that reach communities we are missing.\n\n"
     "## Reviewing\n\n- Consider anonymised screening.\n- Record why you move each application.\n"
     "- Offer adjustments for interviews before you are asked."),
]

MESSAGES = [
    ("Invitation to interview", "Your application {reference}: invitation to interview",
     "Dear {name},\n\nThank you for applying to be a {opportunity}. We would like to invite you to an informal "
     "interview. We will be in touch to find a time that suits you, and to ask about any adjustments.\n\n"
     "With thanks,\nMind Involve"),
    ("Not progressing", "Your application {reference}",
     "Dear {name},\n\nThank you for applying to be a {opportunity}. This time we are not able to take your "
     "application further. We would love you to apply for other roles, and we can give you feedback if you "
     "would like it.\n\nWith thanks,\nMind Involve"),
]


def create(apps, schema_editor):
    apps.get_model("recruitment", "RoleTemplate").objects.get_or_create(name=ROLE_TEMPLATE["name"], defaults=ROLE_TEMPLATE)
    Guidance = apps.get_model("recruitment", "Guidance")
    for slug, title, audience, order, summary, body in GUIDANCE:
        Guidance.objects.get_or_create(
            slug=slug, defaults={"title": title, "audience": audience, "order": order, "summary": summary, "body": body}
        )
    MessageTemplate = apps.get_model("recruitment", "MessageTemplate")
    for name, subject, body in MESSAGES:
        MessageTemplate.objects.get_or_create(name=name, defaults={"subject": subject, "body": body})


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
