"""Videos are sent in parts on request (HTTP Range, 206 Partial Content), so browsers can seek."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recruitment.models import Video

CONTENT = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def video_url(db):
    video = Video.objects.create(
        title="Being an advisor",
        file=SimpleUploadedFile("advisor.webm", CONTENT),
        captions=SimpleUploadedFile("advisor.vtt", b"WEBVTT\n"),
        transcript="Hello",
    )
    return reverse("recruitment:video_file", kwargs={"pk": video.pk, "part": "video"})


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_range_request_gets_206_and_just_those_bytes(client, video_url):
    response = client.get(video_url, headers={"Range": "bytes=100-299"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-299/{len(CONTENT)}"
    assert response["Content-Length"] == "200"
    assert response["Content-Type"] == "video/webm"
    assert response["Accept-Ranges"] == "bytes"
    assert _body(response) == CONTENT[100:300]


def test_open_ended_and_suffix_ranges(client, video_url):
    size = len(CONTENT)
    response = client.get(video_url, headers={"Range": "bytes=10000-"})
    assert (response.status_code, response["Content-Range"]) == (206, f"bytes 10000-{size - 1}/{size}")
    assert _body(response) == CONTENT[10000:]
    response = client.get(video_url, headers={"Range": "bytes=-40"})
    assert (response.status_code, _body(response)) == (206, CONTENT[-40:])
    response = client.get(video_url, headers={"Range": "bytes=0-999999"})
    assert (response.status_code, _body(response)) == (206, CONTENT)


def test_a_range_past_the_end_gets_416(client, video_url):
    response = client.get(video_url, headers={"Range": f"bytes={len(CONTENT)}-"})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(CONTENT)}"


def test_no_range_or_one_we_do_not_read_gets_the_whole_file(client, video_url):
    for headers in ({}, {"Range": "bytes=0-1,5-9"}, {"Range": "lines=1-2"}, {"Range": "bytes=9-3"}):
        response = client.get(video_url, headers=headers)
        assert response.status_code == 200, headers
        assert response["Accept-Ranges"] == "bytes"
        assert _body(response) == CONTENT


def test_captions_take_ranges_too(client, video_url):
    captions = video_url.replace("/video/", "/captions/")
    response = client.get(captions, headers={"Range": "bytes=0-5"})
    assert (response.status_code, _body(response)) == (206, b"WEBVTT")
