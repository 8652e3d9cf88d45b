"""The starting content of 0002 in Welsh: the advisor role template and the guidance pages for
applicants. Written only where the English is still 0002's, so text the charity has since
rewritten is never given a Welsh version that no longer says the same."""

from importlib import import_module

from django.db import migrations

ROLE_TEMPLATE = {
    "title": "Cynghorydd profiad bywyd",
    "summary": "Mae cynghorwyr profiad bywyd yn defnyddio'r hyn maen nhw'n ei wybod o'u hiechyd meddwl eu hunain "
    "i'n helpu i siapio ein gwasanaethau, ein hymgyrchoedd a'r ffordd rydyn ni'n gweithio.",
    "duties": "Cymryd rhan mewn gweithdai a chyfarfodydd prosiect, rhannu eich barn a'ch syniadau, darllen "
    "cynlluniau a deunyddiau a rhoi sylwadau arnyn nhw, a gweld beth wnaethon ni gyda'r hyn a ddywedoch chi "
    "wrthon ni.",
    "time_commitment": "Tua 4 awr y mis, am 12 mis. Rydyn ni'n trefnu sesiynau ymhell ymlaen llaw.",
    "payment_method": "Rydyn ni'n talu drwy drosglwyddiad banc o fewn 30 diwrnod i bob sesiwn. Rydyn ni'n talu "
    "costau teithio a threuliau eraill hefyd.",
    "benefits_advice": "Gall taliadau effeithio ar rai budd-daliadau. Gallwch chi gael cyngor cyfrinachol am "
    "ddim gan gynghorydd budd-daliadau cyn i chi benderfynu, a gallwch chi ddewis cael talebau neu ddim tâl o "
    "gwbl.",
    "support_offered": "Person cyswllt penodol, sgwrs i'ch paratoi cyn pob sesiwn a sgwrs wedyn i edrych yn ôl. "
    "Dywedwch wrthon ni beth fyddai'n help: seibiannau, ystafell dawel, deunyddiau ymlaen llaw, gweithiwr "
    "cymorth yn dod gyda chi, neu unrhyw beth arall.",
    "who_we_welcome": "Pawb sydd â phrofiad bywyd o broblemau iechyd meddwl. Rydyn ni'n croesawu'n arbennig "
    "bobl o gymunedau Du, Asiaidd ac ethnig lleiafrifol, sydd heb ddigon o lais yn ein gwaith heddiw.",
    "accessibility": "Does dim grisiau yn y lleoliadau, ac mae toiledau hygyrch ynddyn nhw. Mae capsiynau yn y "
    "sesiynau ar-lein, a gallwch chi ymuno dros y ffôn.",
}

# slug: (title, summary, body)
GUIDANCE = {
    "what-being-an-advisor-is-like": (
        "Sut beth yw bod yn gynghorydd",
        "Beth fyddwch chi'n ei wneud, faint o amser mae'n ei gymryd a sut byddwn ni'n eich cefnogi chi.",
        "Mae cynghorwyr yn dod i **weithdai** a **chyfarfodydd prosiect**. Rydych chi'n dweud wrthon ni beth "
        "rydych chi'n ei feddwl, o'ch profiad eich hun, ac rydyn ni'n dweud wrthoch chi beth wnaethon ni gyda "
        "hynny.\n\n## Cymorth\n\nBydd gennych chi berson cyswllt penodol, a byddwn ni'n cytuno ar unrhyw "
        "addasiadau gyda chi cyn i chi ddechrau.\n\n## Tâl\n\nRydyn ni'n talu am eich amser ac yn talu eich "
        "treuliau. Gallwch chi ddewis peidio â chael eich talu.",
    ),
    "how-to-apply": (
        "Sut i wneud cais",
        "Y camau, beth rydyn ni'n ei ofyn a faint o amser mae'n ei gymryd.",
        "1. Dewiswch gyfle.\n2. Crëwch gyfrif gyda'ch cyfeiriad e-bost: does dim angen cyfrinair arnoch chi.\n"
        "3. Dywedwch wrthon ni amdanoch chi'ch hun yn eich geiriau eich hun. Does dim isafswm hyd.\n"
        "4. Gwiriwch eich atebion a'u hanfon.\n\nRydyn ni'n cadw eich atebion wrth i chi fynd, felly gallwch chi "
        "stopio a dod yn ôl unrhyw bryd.",
    ),
    "how-we-use-your-information": (
        "Sut rydyn ni'n defnyddio eich gwybodaeth",
        "Pwy sy'n gweld eich cais, a pha mor hir rydyn ni'n ei gadw.",
        "Mae'r bobl sy'n penderfynu ar geisiadau yn gweld yr hyn rydych chi'n ei ysgrifennu yn eich cais. Os "
        "byddwch chi'n dewis ateb ein cwestiynau cydraddoldeb, rydyn ni'n cadw'r atebion hynny ar wahân, a "
        "dydyn ni **byth** yn eu dangos iddyn nhw.\n\nOs nad yw eich cais yn llwyddiannus, neu os byddwch chi'n "
        "ei dynnu'n ôl, byddwn ni'n ei ddileu ar ôl 12 mis. Gallwch chi lawrlwytho neu ddileu eich cais unrhyw "
        "bryd o'ch cyfrif.",
    ),
}


def write_welsh(apps, schema_editor):
    english = import_module("recruitment.migrations.0002_default_content")
    RoleTemplate = apps.get_model("recruitment", "RoleTemplate")
    for template in RoleTemplate.objects.filter(name=english.ROLE_TEMPLATE["name"]):
        changed = [
            f"{field}_cy"
            for field in ROLE_TEMPLATE
            if getattr(template, f"{field}_en_gb") == english.ROLE_TEMPLATE[field]
        ]
        for name in changed:
            setattr(template, name, ROLE_TEMPLATE[name.removesuffix("_cy")])
        template.save(update_fields=changed)
    Guidance = apps.get_model("recruitment", "Guidance")
    for slug, title, _audience, _order, summary, body in english.GUIDANCE:
        if slug not in GUIDANCE:
            continue
        page = Guidance.objects.filter(slug=slug).first()
        if page is None:
            continue
        changed = []
        for field, english_text, welsh_text in zip(("title", "summary", "body"), (title, summary, body), GUIDANCE[slug], strict=True):
            if getattr(page, f"{field}_en_gb") == english_text:
                setattr(page, f"{field}_cy", welsh_text)
                changed.append(f"{field}_cy")
        page.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0005_welsh_fields")]

    operations = [migrations.RunPython(write_welsh, migrations.RunPython.noop)]
