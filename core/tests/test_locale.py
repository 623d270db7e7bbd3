"""The chosen language holds for one request (and its streamed response), then is reset."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.utils import translation

from core.locale import ChosenLanguageMiddleware


def test_a_request_in_english_does_not_leave_english_active(db: None) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    with translation.override("da"):
        assert '<html lang="en">' in client.get("/konto/login/").content.decode()
        assert translation.get_language() == "da"


def test_without_an_active_language_the_default_is_back_after_the_request(db: None) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    with translation.override(None):
        client.get("/konto/login/")
        assert translation.get_language() == "da"


def test_a_streamed_response_is_produced_in_the_chosen_language() -> None:
    def stream() -> Iterator[str]:
        yield translation.get_language()
        yield "/"
        yield translation.get_language()

    def view(request: HttpRequest) -> StreamingHttpResponse:
        return StreamingHttpResponse(stream())

    request = RequestFactory().get("/")
    request.COOKIES["django_language"] = "en"
    with translation.override("da"):
        response = ChosenLanguageMiddleware(view)(request)
        assert translation.get_language() == "da"
        assert isinstance(response, StreamingHttpResponse)
        assert b"".join(response).decode() == "en/en"
        assert translation.get_language() == "da"
