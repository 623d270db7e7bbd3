"""Validation of exchange files against the vendored ArchiMate 3.1 schema."""

from __future__ import annotations

import functools

from lxml import etree

from interop.archimate.vocabulary import SCHEMA_DIR
from interop.xml import parse_xml


@functools.cache
def load_schema() -> etree.XMLSchema | None:
    """The vendored 3.1 exchange-format schema (Diagram ⊃ View ⊃ Model), or None if absent.

    Parsed from local files only: no network, no entity resolution, no DTD.
    """
    path = SCHEMA_DIR / "archimate3_Diagram.xsd"
    if not path.exists():
        return None
    parser = etree.XMLParser(
        no_network=True, resolve_entities=False, load_dtd=False, dtd_validation=False
    )
    return etree.XMLSchema(etree.parse(str(path), parser=parser))


def schema_errors(data: bytes) -> list[str] | None:
    """Schema validation messages for an exchange file ([] = valid; None = no schema)."""
    schema = load_schema()
    if schema is None:
        return None
    root = parse_xml(data)
    if schema.validate(root.getroottree()):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]
