"""The user guide (docs/brugervejledning/) keeps up with the product.

* Every item of the side navigation has a section in the guide: its label is a heading, or
  a bold term in a chapter other than chapter 1 (whose navigation table names every item
  and so cannot count as the item's section).
* Every chapter the guide's README lists exists, and every chapter file is listed.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

from core.registry import registry

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "brugervejledning"
BASE_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "base.html"
OVERVIEW_CHAPTER = "01-kom-i-gang.md"

# Links the side navigation shows to superusers only (written in templates/base.html, not
# registered as menu items).
SUPERUSER_ITEMS = ("Alle organisationer", "Forslag til det fælles katalog", "Identitetsudbydere")


def _chapters() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(GUIDE.glob("*.md"))}


def _product_menu_labels() -> list[str]:
    """The labels of the menu items of the product's apps (not the test-only apps)."""
    labels = []
    for item in registry.menu_items():
        namespace = item.url_name.split(":", 1)[0]
        try:
            module = apps.get_app_config(namespace).name
        except LookupError:
            module = namespace
        if module.startswith("tests."):
            continue
        labels.append(str(item.label))
    return labels


def _has_section(label: str, chapters: dict[str, str]) -> bool:
    wanted = label.casefold()
    for name, text in chapters.items():
        if name == "README.md":
            continue
        for line in text.splitlines():
            if line.startswith("#") and wanted in line.casefold():
                return True
        if name != OVERVIEW_CHAPTER and f"**{label}**" in text:
            return True
    return False


def test_the_menu_of_the_product_is_known() -> None:
    labels = _product_menu_labels()
    # A positive control: the foundation's and the portfolio's items are there.
    assert {"Overblik", "Systemer", "Revisionslog", "Import", "Eksport"} <= set(labels)
    base = BASE_TEMPLATE.read_text(encoding="utf-8")
    assert all(f'"{label}"' in base for label in SUPERUSER_ITEMS)


def test_every_menu_item_has_a_section_in_the_guide() -> None:
    chapters = _chapters()
    labels = [*_product_menu_labels(), *SUPERUSER_ITEMS]
    missing = [label for label in labels if not _has_section(label, chapters)]
    assert not missing, (
        "Menupunkter uden et afsnit i brugervejledningen (en overskrift eller et fedt "
        f"ord i et andet kapitel end {OVERVIEW_CHAPTER}): {', '.join(missing)}"
    )


def test_every_menu_item_is_in_the_navigation_table_of_chapter_1() -> None:
    text = _chapters()[OVERVIEW_CHAPTER]
    rows = [line for line in text.splitlines() if line.startswith("| **")]
    missing = [
        label
        for label in [*_product_menu_labels(), *SUPERUSER_ITEMS]
        if not any(row.startswith(f"| **{label}**") for row in rows)
    ]
    assert not missing, f"Kapitel 1's menutabel mangler: {', '.join(missing)}"


def test_the_readme_lists_exactly_the_chapter_files() -> None:
    readme = (GUIDE / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([^)#/]+\.md)(?:#[^)]*)?\)", readme))
    files = {p.name for p in GUIDE.glob("*.md")} - {"README.md"}
    assert linked, "README.md links no chapters"
    assert not linked - files, f"README.md links missing files: {sorted(linked - files)}"
    assert not files - linked, f"Chapters not listed in README.md: {sorted(files - linked)}"


def test_the_guide_links_only_to_files_that_exist() -> None:
    broken = []
    for path in sorted(GUIDE.glob("*.md")):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if not (path.parent / target).exists():
                broken.append(f"{path.name} → {target}")
    assert not broken, f"Broken links in the guide: {broken}"
