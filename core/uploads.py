"""Uploaded files: a size limit and a type checked by what the file holds, not by its name.

A file called receipt.pdf that holds HTML is refused, and so is one bigger than UPLOAD_MAX_MB.
"""

from collections.abc import Iterable
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# What the content says a file is, against the file-name endings allowed for it.
KIND_ENDINGS: dict[str, tuple[str, ...]] = {
    "pdf": ("pdf",),
    "png": ("png",),
    "jpg": ("jpg", "jpeg"),
    "docx": ("docx",),
    "odt": ("odt",),
    "pptx": ("pptx",),
    "txt": ("txt",),
}


def _kind(file: Any) -> str | None:
    """The type the file's first bytes show; "txt" for UTF-8 text without control codes."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    guessed = filetype.guess(head)
    if guessed is not None:
        return guessed.extension
    try:
        text = (head + file.read()).decode("utf-8") if len(head) == 8192 else head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    finally:
        file.seek(0)
    if any(ord(char) < 32 and char not in "\t\r\n\f" for char in text):
        return None
    return "txt"


@deconstructible
class UploadValidator:
    """Size within settings.UPLOAD_MAX_MB (read when a file arrives) and content of one of `kinds`,
    matching the file's name. `described` says the allowed types in words, for the error."""

    def __init__(self, kinds: Iterable[str], described: str) -> None:
        self.kinds = tuple(kinds)
        self.described = described

    def __call__(self, file: Any) -> None:
        limit = settings.UPLOAD_MAX_MB
        if file.size > limit * 1024 * 1024:
            raise ValidationError(
                _("This file is %(size)s MB. Files can be up to %(limit)s MB: choose a smaller one."),
                code="file_too_big",
                params={"size": f"{file.size / (1024 * 1024):.1f}", "limit": limit},
            )
        ending = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
        kind = _kind(file)
        if kind not in self.kinds or ending not in KIND_ENDINGS.get(kind, ()):
            raise ValidationError(
                _("This file is not %(described)s, or its name does not say what it is. Choose %(described)s."),
                code="file_type",
                params={"described": self.described},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and (self.kinds, self.described) == (other.kinds, other.described)


RECEIPT_UPLOAD = UploadValidator(("pdf", "png", "jpg"), "a PDF, PNG or JPEG")
MEETING_FILE_UPLOAD = UploadValidator(
    ("pdf", "docx", "odt", "pptx", "txt", "png", "jpg"),
    "a PDF, Word, OpenDocument, PowerPoint, text, PNG or JPEG file",
)
