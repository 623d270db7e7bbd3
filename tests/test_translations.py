"""The English catalogue stays complete: every Danish UI string has a translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_english_catalogue_is_complete_and_not_fuzzy() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    # A catalogue without its header (e.g. cut short by a bad edit) is "fuzzy" as a whole,
    # and pybabel then skips compiling it: every page would silently fall back to Danish.
    assert not catalog.fuzzy, "the catalogue's header is missing or marked fuzzy"
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    assert not missing, f"{len(missing)} untranslated or fuzzy entries, e.g. {missing[:5]}"
