"""Files that hold personal or closed-session material live outside MEDIA_ROOT, with no URL:
they are only ever sent by a view that has checked who is asking."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    # A callable, so the setting is read when a file is saved, not when models are imported.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
