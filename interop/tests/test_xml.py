"""Hostile XML is refused before anything is expanded or fetched."""

from __future__ import annotations

from typing import Any

import pytest

from interop.xml import XmlRejected, parse_xml

ENTITIES = "Filen indeholder en DTD med entiteter og afvises af sikkerhedshensyn."
EXTERNAL_DTD = "Filen henviser til en ekstern DTD og afvises af sikkerhedshensyn."


def billion_laughs() -> bytes:
    decls = ['<!ENTITY lol0 "lol">']
    decls += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return f'<?xml version="1.0"?><!DOCTYPE lolz [{"".join(decls)}]><lolz>&lol9;</lolz>'.encode()


def quadratic_blowup() -> bytes:
    big = "x" * 50_000
    return (
        f'<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "{big}">]><k>{"&a;" * 50_000}</k>'.encode()
    )


HOSTILE = {
    "billion_laughs": (billion_laughs(), ENTITIES),
    "quadratic_blowup": (quadratic_blowup(), ENTITIES),
    "external_file_entity": (
        b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]><f>&x;</f>',
        ENTITIES,
    ),
    "external_http_entity": (
        b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]><f>&x;</f>',
        ENTITIES,
    ),
    "parameter_entity": (
        b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>'
        b"<f/>",
        ENTITIES,
    ),
    "external_dtd": (
        b'<?xml version="1.0"?><!DOCTYPE f SYSTEM "http://127.0.0.1:9/f.dtd"><f/>',
        EXTERNAL_DTD,
    ),
    "external_public_dtd": (
        b'<?xml version="1.0"?><!DOCTYPE f PUBLIC "-//X//Y//EN" "file:///etc/f.dtd"><f/>',
        EXTERNAL_DTD,
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_rejected_with_a_danish_message(name: str) -> None:
    data, message = HOSTILE[name]
    with pytest.raises(XmlRejected) as caught:
        parse_xml(data)
    assert str(caught.value) == message


def test_too_large_input_is_rejected_by_size_before_parsing() -> None:
    data = b"<a>" + b"x" * 2000 + b"</a>"
    with pytest.raises(XmlRejected, match="for stor"):
        parse_xml(data, max_bytes=1000)
    assert parse_xml(data, max_bytes=len(data)).text == "x" * 2000


def test_size_cap_defaults_to_the_upload_setting(settings: Any) -> None:
    settings.STYRBAR_MAX_UPLOAD_BYTES = 10
    with pytest.raises(XmlRejected, match="for stor"):
        parse_xml(b"<a>too big</a>")


def test_plain_xml_with_danish_letters_and_a_harmless_doctype_parses() -> None:
    root = parse_xml('<?xml version="1.0"?><!DOCTYPE a><a b="æøå">Ål</a>'.encode())
    assert root.tag == "a" and root.get("b") == "æøå" and root.text == "Ål"
    latin = '<?xml version="1.0" encoding="windows-1252"?><a>æøå</a>'.encode("cp1252")
    assert parse_xml(latin).text == "æøå"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen er tom."),
        (b"   \n", "Filen er tom."),
        (b"<a><b></a>", "ikke gyldig XML (linje 1)"),
        (b"<a/>\n<b/>", "ikke gyldig XML (linje 2)"),
        (b"not xml at all", "ikke gyldig XML"),
    ],
)
def test_malformed_input_is_rejected_with_its_line(data: bytes, message: str) -> None:
    with pytest.raises(XmlRejected, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_xml(data)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_lxml_layer_alone_still_refuses_hostile_xml(name: str, monkeypatch: Any) -> None:
    """Second line of defence: with the expat pre-scan switched off, lxml (entities
    unresolved, no DTD loading, no network) parses without expanding anything and the
    document's DTD info is refused."""
    monkeypatch.setattr("interop.xml._prescan", lambda data: None)
    data, message = HOSTILE[name]
    with pytest.raises(XmlRejected) as caught:
        parse_xml(data)
    assert str(caught.value) == message


def test_stray_ampersand_is_a_syntax_error_not_an_entity_attack() -> None:
    with pytest.raises(XmlRejected, match="ikke gyldig XML"):
        parse_xml(b"<a>AT&T</a>")
