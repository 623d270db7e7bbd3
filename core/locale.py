"""Danish by default: the language comes from the user's choice (cookie), not the browser.

The chosen language is active while the request is handled (and while a streamed
response is produced); afterwards the thread's previous language is back, so a request
in English does not leave English active for the next code that runs in the same thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def _in_language(chunks: Iterable[bytes], language: str) -> Iterator[bytes]:
    """The chunks, each produced with ``language`` active (it may translate lazily)."""
    iterator = iter(chunks)
    while True:
        with translation.override(language):
            chunk = next(iterator, None)
        if chunk is None:
            return
        yield chunk


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        request._language_before = translation.get_language()  # type: ignore[attr-defined]
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        language = getattr(request, "LANGUAGE_CODE", None)
        # A file's bytes need no language; an async stream is not produced in this thread.
        if isinstance(response, StreamingHttpResponse) and not isinstance(response, FileResponse):
            content = response.streaming_content
            if language and isinstance(content, Iterator):
                response.streaming_content = _in_language(content, language)
        before = getattr(request, "_language_before", None)
        if before:
            translation.activate(before)
        else:
            translation.deactivate()
        return response
