"""Safe XML parsing for every XML input (KLE, ArchiMate, …).

Two layers, so that no hostile file gets near a tree builder:

1. A streaming pre-scan with the standard library's expat parser that stops at the first
   start tag. It rejects a DOCTYPE that declares entities (billion laughs, quadratic
   blowup, external entities ``SYSTEM "file:///…"`` / ``"http://…"``) or that points to an
   external DTD, before anything is expanded or fetched.
2. lxml with entity resolution, DTD loading/validation and network access off and
   ``huge_tree`` off, followed by a check of the parsed document's DTD info as a second
   line of defence.

Every refusal is an :class:`XmlRejected` with a Danish message that can be shown to the
user as it is. Inputs are capped by size (``settings.STYRBAR_MAX_UPLOAD_BYTES``, 20 MB by
default) before any parsing happens.
"""

from __future__ import annotations

from typing import Any, NoReturn
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from core.text import human_size

__all__ = ["XmlRejected", "default_max_bytes", "human_size", "parse_xml", "root_tag"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class XmlRejected(ValueError):
    """The XML input was refused; ``str(exc)`` is a Danish message for the user."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _StopScan(Exception):
    """Raised by the pre-scan when the root element starts: the prolog is done."""


def default_max_bytes() -> int:
    return int(getattr(settings, "STYRBAR_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def _reject_entities(*_args: Any) -> NoReturn:
    raise XmlRejected(_("Filen indeholder en DTD med entiteter og afvises af sikkerhedshensyn."))


def _prescan(data: bytes) -> str:
    """Walk the prolog with expat and refuse entity declarations and external DTDs; the
    root element's name (``{namespace}local``) is returned, nothing after it is read."""
    parser = expat.ParserCreate(namespace_separator="}")
    root: list[str] = []

    def doctype(_name: str, sysid: str | None, pubid: str | None, _internal: int) -> None:
        if sysid or pubid:
            raise XmlRejected(
                _("Filen henviser til en ekstern DTD og afvises af sikkerhedshensyn.")
            )

    def start(name: str, *_args: Any) -> NoReturn:
        root.append("{" + name if "}" in name else name)
        raise _StopScan

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = _reject_entities
    parser.UnparsedEntityDeclHandler = _reject_entities
    parser.ExternalEntityRefHandler = _reject_entities
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _StopScan:
        return root[0]
    except expat.ExpatError as exc:
        raise XmlRejected(
            _("Filen er ikke gyldig XML (linje %(line)s): %(error)s")
            % {"line": exc.lineno, "error": expat.ErrorString(exc.code)},
            line=exc.lineno,
        ) from exc
    return ""


def root_tag(data: bytes, *, max_bytes: int | None = None) -> str:
    """The root element's name (``{namespace}local``) of an XML upload, read cheaply in the
    request: size and prolog checks of :func:`parse_xml`, and nothing after the root's
    start tag (the whole document is parsed by the background import)."""
    limit = default_max_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        raise XmlRejected(
            _("Filen er for stor: %(size)s; den største tilladte størrelse er %(limit)s.")
            % {"size": human_size(len(data)), "limit": human_size(limit)}
        )
    if not data.strip():
        raise XmlRejected(_("Filen er tom."))
    return _prescan(data)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, *, max_bytes: int | None = None) -> etree._Element:
    """Parse ``data`` safely and return the root element, or raise :class:`XmlRejected`."""
    limit = default_max_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        raise XmlRejected(
            _("Filen er for stor: %(size)s; den største tilladte størrelse er %(limit)s.")
            % {"size": human_size(len(data)), "limit": human_size(limit)}
        )
    if not data.strip():
        raise XmlRejected(_("Filen er tom."))
    _prescan(data)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        if "amplification" in str(exc.msg):  # libxml2's entity amplification guard
            _reject_entities()
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise XmlRejected(
            _("Filen er ikke gyldig XML (linje %(line)s): %(error)s")
            % {"line": line, "error": exc.msg},
            line=line,
        ) from exc
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _entity in dtd.iterentities()):
        _reject_entities()
    if docinfo.system_url or docinfo.public_id:
        raise XmlRejected(_("Filen henviser til en ekstern DTD og afvises af sikkerhedshensyn."))
    return root
