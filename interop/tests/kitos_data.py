"""The KITOS API v2 sample pages in ``data/kitos`` and helpers to read them, shared by the
KITOS tests."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "kitos"
# The pages of one full import, in the order the KITOS endpoints are read.
FILES = [
    "organization-units.json",
    "it-systems-page0.json",
    "it-systems-page1.json",
    "it-interfaces.json",
    "it-system-usages-page0.json",
    "it-system-usages-page1.json",
    "it-contracts.json",
]
ORG = "00000000-0000-4000-8000-000000000900"  # the KITOS organization of the samples


def U(n: int) -> uuid.UUID:
    """The uuid the samples give record number ``n``."""
    return uuid.UUID(f"00000000-0000-4000-8000-{n:012d}")


def raw(*names: str) -> list[bytes]:
    """The files as they are (one KITOS page each)."""
    return [(DATA / name).read_bytes() for name in names]


def load(*names: str) -> list[dict[str, Any]]:
    """The records of the pages, one list."""
    return [r for name in names for r in json.loads((DATA / name).read_text(encoding="utf-8"))]
