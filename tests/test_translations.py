"""The English catalogue stays complete: every Danish UI string the source uses has a
translation, and the catalogue holds nothing the source no longer uses."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from tests.i18n_extract import source_msgids

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


def _catalogue_ids() -> set[str]:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_every_string_the_source_uses_is_in_the_catalogue() -> None:
    """Extracted from the code and templates (as makemessages would), not only read from
    the catalogue: a new ``_("…")`` without an English entry fails here."""
    used = source_msgids()
    assert len(used) > 1000, "the extractor found too few strings; is it still reading the source?"
    known = _catalogue_ids()  # read once (per msgid, the test took minutes)
    missing = sorted(
        f"{where}: {msgid[:70]!r}" for msgid, where in used.items() if msgid not in known
    )
    assert not missing, f"{len(missing)} strings without an English entry:\n" + "\n".join(
        missing[:20]
    )


def test_the_catalogue_holds_no_string_the_source_no_longer_uses() -> None:
    used = source_msgids()
    stale = sorted(msgid[:70] for msgid in _catalogue_ids() if msgid not in used)
    assert not stale, f"{len(stale)} entries no code or template uses:\n" + "\n".join(stale[:20])
