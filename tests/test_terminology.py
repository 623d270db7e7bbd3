"""One set of words in the screens and the guide (docs/brugervejledning/ordliste.md).

The Danish text people read – the templates, the Danish source strings (msgids) of the
translation file and the user guide – must not use a variant the glossary rules out. Each
rule says what to write instead; the failure lists file, line and the offending text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "brugervejledning"
PO_FILE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

# (pattern, what to write instead)
RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"(?:^|(?<=[\s(\[/\"'>*]))«(?=\S)|(?<=[^\s»])»(?=$|[\s.,;:!?)*\"])"),
        "danske anførselstegn »…« (spidserne peger ind mod ordet)",
    ),
    (
        re.compile(r"(?<![\w-])IT-(?=[a-zæøå])"),
        "»it-« med lille i i sammensætninger (it-system, it-udgift) – Retskrivningsordbogen",
    ),
    (
        re.compile(r"(?i)(?<![\wæøå])konsekvensanalyse[nr]?(?!\w)(?! \(DPIA\))"),
        "»Afhængighedsanalyse« for analysen af nedbrud; »konsekvensanalyse (DPIA)« kun om GDPR",
    ),
    (re.compile(r"(?i)exchange-format"), "»udvekslingsformat«"),
    (
        re.compile(r"(?<![\wæøå])(økonomiudvalget|kommunalbestyrelsen|direktionen)s?(?![\wæøå])"),
        "stort begyndelsesbogstav om kommunens organer: Direktionen, Økonomiudvalget, "
        "Kommunalbestyrelsen",
    ),
    (re.compile(r"\b(True|False)\b"), "»ja« eller »nej«"),
    (re.compile(r"(?i)kilderne bag Styrbar anbefaler"), "sig, at det er Styrbars egen vurdering"),
)


# Chapters rewritten on other branches at the same time as this test was written; each
# must still have a violation (else the entry goes), so the list can only shrink.
PENDING_CHAPTERS: dict[str, str] = {}


def _template_lines() -> list[tuple[str, int, str]]:
    lines = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # Danish text only: template logic ({% if … %}) may name Python values.
            text = re.sub(r"{%.*?%}|{{.*?}}", "", line)
            lines.append((str(path.relative_to(ROOT)), number, text))
    return lines


def _msgid_lines() -> list[tuple[str, int, str]]:
    lines = []
    in_msgid = False
    for number, line in enumerate(PO_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(("msgid ", "msgid_plural ")):
            in_msgid = True
        elif not line.startswith('"'):
            in_msgid = False
        if in_msgid:
            lines.append((str(PO_FILE.relative_to(ROOT)), number, line))
    return lines


def _guide_lines() -> list[tuple[str, int, str]]:
    lines = []
    for path in sorted(GUIDE.glob("*.md")):
        in_code = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("```"):
                in_code = not in_code
                continue
            if in_code:
                continue
            # Inline code (`…`) quotes what a machine reads, e.g. a KITOS enum value.
            lines.append((str(path.relative_to(ROOT)), number, re.sub(r"`[^`]*`", "", line)))
    return lines


def _violations(lines: list[tuple[str, int, str]]) -> list[str]:
    found = []
    for name, number, text in lines:
        for pattern, instead in RULES:
            match = pattern.search(text)
            if match:
                found.append(f"{name}:{number}: »{match.group(0)}« – skriv {instead}")
    return found


def test_the_rules_catch_the_variants_they_name() -> None:
    wrong = [
        ("t", 1, "Slet «Jobcenter»?"),
        ("t", 2, "Alle IT-systemer"),
        ("t", 3, "Konsekvensanalyse: Borgerregister"),
        ("t", 4, "ArchiMate (exchange-format)"),
        ("t", 5, "Forslag til økonomiudvalget"),
        ("t", 6, "Aktiv: True"),
    ]
    right = [
        ("t", 1, "Slet »Jobcenter«?"),
        ("t", 2, "Alle it-systemer hos IT-Forsyningen og Statens IT"),
        ("t", 3, "Konsekvensanalyse (DPIA) foretaget; Afhængighedsanalyse: Borgerregister"),
        ("t", 4, "ArchiMate (udvekslingsformat)"),
        ("t", 5, "Forslag til Økonomiudvalget; et økonomiudvalg"),
        ("t", 6, "Aktiv: ja"),
    ]
    assert len(_violations(wrong)) == len(wrong)
    assert _violations(right) == []


@pytest.mark.parametrize(
    "source", [_template_lines, _msgid_lines, _guide_lines], ids=["templates", "po", "guide"]
)
def test_no_ruled_out_variant_is_used(source) -> None:  # type: ignore[no-untyped-def]
    lines = source()
    assert lines, "nothing to check"
    found = [v for v in _violations(lines) if Path(v.split(":", 1)[0]).name not in PENDING_CHAPTERS]
    assert not found, "Ord, som ordlisten udelukker:\n" + "\n".join(found)


def test_pending_chapters_are_still_pending() -> None:
    """An entry of PENDING_CHAPTERS is removed as soon as its chapter follows the rules."""
    found = {Path(v.split(":", 1)[0]).name for v in _violations(_guide_lines())}
    done = [name for name in PENDING_CHAPTERS if name not in found]
    assert not done, f"Remove from PENDING_CHAPTERS (they follow the glossary now): {done}"
