"""Guidance pages and minutes are written in Markdown and sanitised before they are shown."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "hr", "code"}
CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<h2>": '<h2 class="govuk-heading-m">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
    "<a ": '<a class="govuk-link" ',
}


def render_markdown(text: str) -> SafeString:
    html = nh3.clean(
        markdown.markdown(text, output_format="html"),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )
    for plain, styled in CLASSES.items():
        html = html.replace(plain, styled)
    # nh3 has removed every tag and attribute not listed above, so this is safe to show.
    return mark_safe(html)  # noqa: S308
