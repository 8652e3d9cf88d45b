"""Nothing a member of the public, an applicant or an advisor reads is left in English on the Welsh
pages: every message their templates, forms, e-mails and messages use (ours and allauth's) has a
Welsh translation in locale/cy/LC_MESSAGES/django.po, not empty and not fuzzy. The messages are read
from the sources themselves (templates through Django's templatize, Python through its syntax
tree), so a new string fails this test until it is translated."""

import ast
import io
import tokenize
from pathlib import Path

import allauth
import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
ALLAUTH = Path(allauth.__file__).resolve().parent

# Templates people outside the staff read, whole.
TEMPLATES = [
    "400.html",
    "403.html",
    "404.html",
    "500.html",
    "503.html",
    "base.html",
    "core/home.html",
    "includes/*.html",
    "forms/*.html",
    "allauth/**/*.html",
    "account/**/*.txt",
    "accounts/*.html",
    "recruitment/*.html",
    "recruitment/email/confirmation.txt",
    "demographics/*.html",
    "demographics/email/*.txt",
    "workshops/list.html",
    "workshops/detail.html",
    "workshops/minutes.html",
    "workshops/insights.html",
    "workshops/claim.html",
    "workshops/attachments.html",
    "workshops/_actions_table.html",
    "workshops/email/*.txt",
]
# Python: the module's classes and functions (by name) whose messages reach those people; "*" for all.
PYTHON = {
    "accounts/forms.py": {"*"},
    "accounts/auth_forms.py": {"*"},
    "accounts/views.py": {"*"},
    "accounts/models.py": {"User"},
    "accounts/roles.py": {"*"},
    "core/navigation.py": {"*"},
    "accounts/navigation.py": {"*"},
    "recruitment/navigation.py": {"*"},
    "workshops/navigation.py": {"*"},
    "demographics/navigation.py": {"*"},
    "reports/navigation.py": {"*"},
    "core/forms.py": {"EmailListField"},
    "core/uploads.py": {"*"},
    "recruitment/models.py": {"Format", "Region", "Channel", "Stage", "Application"},
    "recruitment/forms.py": {"HoneypotMixin", "StepForm", "AboutForm", "_text_step", "HeardForm", "STEPS"},
    "recruitment/filters.py": {"OpportunityFilter"},
    "recruitment/views.py": {"apply", "step", "check", "withdraw", "delete", "my_applications", "confirmation"},
    "recruitment/services.py": {
        "application_start",
        "application_save_step",
        "application_missing",
        "application_submit",
        "application_confirmation_send",
        "application_withdraw",
        "application_delete_own",
    },
    "demographics/forms.py": {"_no_nul", "ConsentForm", "AnswerForm"},
    "demographics/views.py": {"start", "question", "done", "summary", "download", "withdraw", "invitation"},
    "demographics/services.py": {
        "withdrawal_confirmation_send",
        "invitation_email_send",
        "consent_give",
        "answer_save",
    },
    "workshops/models.py": {"Meeting", "Participation", "Minutes", "Insight", "Claim", "Expense", "Attachment"},
    "workshops/forms.py": {"ReplyForm", "InsightForm", "ClaimForm"},
    "workshops/views.py": {
        "meeting_list",
        "meeting_detail",
        "meeting_reply",
        "minutes",
        "insights",
        "claim",
        "attachments",
    },
    "workshops/services.py": {
        "invitation_send",
        "participation_reply",
        "insight_add",
        "insight_answered_notify",
        "claim_submit",
        "overdue_actions_remind",
    },
}
# allauth's own templates and messages on the sign-up, sign-in and e-mail address pages (not its
# authenticator-app pages, which are for staff and in English only).
ALLAUTH_TEMPLATES = [
    "templates/account/*.html",
    "templates/account/snippets/*.html",
    "templates/account/messages/*.txt",
    "templates/account/email/*.txt",
    "templates/allauth/layouts/*.html",
]
ALLAUTH_SKIPPED = ("phone", "passkey", "signup_closed")
ALLAUTH_PYTHON = {
    "account/forms.py": {"*"},
    "account/adapter.py": {"DefaultAccountAdapter"},
}
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}

Message = tuple[str | None, str]  # (context, msgid)


def _strings_in_call(source: str, start: int) -> list[str]:
    """The string arguments of the call whose "(" is at `start`."""
    strings: list[str] = []
    depth = 0
    for token in tokenize.generate_tokens(io.StringIO(source[start:]).readline):
        if token.type == tokenize.OP and token.string == "(":
            depth += 1
        elif token.type == tokenize.OP and token.string == ")":
            depth -= 1
            if depth == 0:
                return strings
        elif token.type == tokenize.STRING and depth == 1:
            strings.append(ast.literal_eval(token.string))
    return strings


def template_messages(source: str) -> set[Message]:
    code = templatize(source)
    found: set[Message] = set()
    for name in ("npgettext", "pgettext", "ngettext", "gettext"):
        position = 0
        while (position := code.find(f" {name}(", position)) != -1:
            strings = _strings_in_call(code, position + len(name) + 1)
            position += 1
            context = strings.pop(0) if name.startswith(("p", "np")) else None
            found.add((context, strings[0]))
    return found


def python_messages(source: str, wanted: set[str]) -> set[Message]:
    tree = ast.parse(source)
    nodes = [
        node
        for node in tree.body
        if "*" in wanted
        or (isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name in wanted)
        # Module-level names (forms made by a function, lists of choices) are always read.
        or isinstance(node, ast.Assign | ast.AnnAssign)
    ]
    found: set[Message] = set()
    for node in nodes:
        for call in ast.walk(node):
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name not in GETTEXT:
                continue
            strings = [arg.value for arg in call.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if not strings:
                continue
            context = strings.pop(0) if name.startswith(("p", "np")) else None
            found.add((context, strings[0]))
    return found


def _template_files(base: Path, patterns: list[str]) -> list[Path]:
    files = {path for pattern in patterns for path in base.glob(pattern)}
    return sorted(path for path in files if not any(word in path.name for word in ALLAUTH_SKIPPED))


def messages_people_read() -> dict[Message, str]:
    """Every message the public, applicants and advisors read, with a file that uses it."""
    found: dict[Message, str] = {}
    for path in _template_files(ROOT / "templates", TEMPLATES) + _template_files(ALLAUTH, ALLAUTH_TEMPLATES):
        for message in template_messages(path.read_text(encoding="utf-8")):
            found.setdefault(message, str(path))
    for base, modules in ((ROOT, PYTHON), (ALLAUTH, ALLAUTH_PYTHON)):
        for module, names in modules.items():
            path = base / module
            for message in python_messages(path.read_text(encoding="utf-8"), names):
                found.setdefault(message, str(path))
    return found


def untranslated(catalogue: polib.POFile, messages: dict[Message, str]) -> list[str]:
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalogue if not entry.obsolete}
    problems = []
    for (context, msgid), where in sorted(messages.items(), key=lambda item: item[1]):
        entry = entries.get((context, msgid))
        if entry is None:
            problems.append(f"{where}: no entry for {msgid!r}")
        elif entry.fuzzy or not (all(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr):
            problems.append(f"{where}: empty or fuzzy translation of {msgid!r}")
    return problems


def test_the_extraction_finds_template_and_python_messages():
    assert template_messages(
        '{% load i18n %}{% translate "Hello" %} {% blocktranslate %}Hi {{ name }}{% endblocktranslate %}'
    ) == {
        (None, "Hello"),
        (None, "Hi %(name)s"),
    }
    source = "\n".join(
        [
            "from x import gettext_lazy as _",
            'A = _("Module")',
            "class F:",
            '    label = _("Kept")',
            "class G:",
            '    x = _("No")',
        ]
    )
    assert python_messages(source, {"F"}) == {(None, "Kept"), (None, "Module")}
    messages = messages_people_read()
    assert (None, "Save and continue") in messages
    assert (None, "Sign In") in messages  # allauth's login page
    assert (None, "Your application and everything in it have been deleted.") in messages
    assert (None, "Why would you like to do this role?") in messages  # a form made by a function


def test_a_missing_or_empty_translation_is_caught():
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Done", msgstr="Wedi gorffen"))
    catalogue.append(polib.POEntry(msgid="Empty", msgstr=""))
    fuzzy = polib.POEntry(msgid="Fuzzy", msgstr="Niwlog")
    fuzzy.flags.append("fuzzy")
    catalogue.append(fuzzy)
    messages = {(None, "Done"): "a", (None, "Empty"): "b", (None, "Fuzzy"): "c", (None, "Missing"): "d"}
    assert [problem.split(":")[0] for problem in untranslated(catalogue, messages)] == ["b", "c", "d"]


def test_every_message_people_read_has_its_welsh():
    problems = untranslated(polib.pofile(str(CATALOGUE)), messages_people_read())
    assert not problems, f"{len(problems)} messages need Welsh in {CATALOGUE}:\n" + "\n".join(problems)


def test_the_welsh_catalogue_is_compiled_from_its_source():
    """The build compiles it (make assets); a stale .mo would show old or missing Welsh."""
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), "Run `make assets` (it runs compilemessages)."
    source = polib.pofile(str(CATALOGUE))
    built = polib.mofile(str(compiled))
    wanted = {
        (e.msgctxt, e.msgid): e.msgstr for e in source if e.translated() and not e.obsolete and not e.msgid_plural
    }
    have = {(e.msgctxt, e.msgid): e.msgstr for e in built if not e.msgid_plural}
    assert {key: value for key, value in wanted.items() if have.get(key) != value} == {}


@pytest.mark.parametrize("code", ["cy", "en_GB"])
def test_the_catalogues_are_valid_for_msgfmt(code):
    catalogue = polib.pofile(str(ROOT / "locale" / code / "LC_MESSAGES" / "django.po"))
    assert catalogue.percent_translated() > 0
    for entry in catalogue.translated_entries():
        # A placeholder lost in translation would raise or show nonsense on the page.
        assert sorted(_placeholders(entry.msgid)) == sorted(_placeholders(entry.msgstr or entry.msgstr_plural[0])), (
            entry.msgid
        )


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|%[sd]", text)
