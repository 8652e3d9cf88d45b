"""Files sent with HTTP Range support (RFC 9110, section 14), so a browser can seek in a video
that a view sends after checking who asks, without the web server serving the folder itself."""

import re
from collections.abc import Iterator
from typing import IO, Literal

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse

_SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _wanted(header: str, size: int) -> tuple[int, int] | Literal[False] | None:
    """(first, last) byte of a single satisfiable range; None to send the whole file (no range,
    one we do not read, such as several ranges); False when the range lies past the end."""
    match = _SINGLE_RANGE.match(header.strip())
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        # A suffix: the last N bytes.
        length = int(last)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        return False
    return start, min(int(last) if last else size - 1, size - 1)


def _chunks(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged_file_response(request: HttpRequest, handle: IO[bytes], *, size: int, content_type: str) -> HttpResponseBase:
    """The whole file (200), the part asked for (206) or 416 when the part is past the end. A
    conditional range (If-Range) gets the whole file: nothing here tells versions apart."""
    header = request.headers.get("Range", "")
    wanted = _wanted(header, size) if header and "If-Range" not in request.headers else None
    response: HttpResponseBase
    if wanted is False:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        start, end = wanted
        response = StreamingHttpResponse(_chunks(handle, start, end - start + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response
