"""Monthly contact numbers per service area and channel from CSV or XLSX.

There is no common public format for municipal contact statistics (each telephony,
queue and self-service system exports its own), so the layouts below are Styrbar's own,
documented in the user guide (chapter 19), with the usual Danish header words as
synonyms; the test files are synthetic.

Two layouts are read, recognised by their headers (any case, Danish or English):

* *long*: one row per month, service area and channel - ``Måned; Serviceområde; Kanal;
  Henvendelser``;
* *wide*: one row per month and service area, one column per channel - ``Måned;
  Serviceområde; Personligt fremmøde; Telefon; Digital selvbetjening; Digital Post; Chat``.

A month is ``2025-01``, ``01-2025``, ``januar 2025``, a date (its month is used) or, with
a separate ``År`` column, a month number or name. The file is the truth for every
(service area, month) it names: importing that month again replaces its numbers, never
adds to them, and a channel the month had before but the file leaves out is removed (and
counted as such). Nothing is dropped silently: a column that is not read is listed in
the report with the contacts it carried, every row error names its row and nothing is
saved when there is one. Service areas the file names for the first time are created
and listed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from channels.choices import Channel
from channels.models import ChannelCount, ServiceArea
from core.permissions import require
from interop.report import ImportReport, write_all_or_nothing
from interop.tabular.cells import blank, parse_int, parse_text
from interop.tabular.read import Table, TableError, read_tables
from interop.xml import default_max_bytes
from knowledge.import_synonyms import fold

KIND = "channels"

MONTH_HEADERS = {"måned", "maned", "md", "md.", "periode", "month", "period", "år-måned", "dato"}
YEAR_HEADERS = {"år", "aar", "year"}
AREA_HEADERS = {
    "serviceområde",
    "serviceomrade",
    "ydelsesområde",
    "ydelse",
    "område",
    "fagområde",
    "service area",
    "service",
}
CHANNEL_HEADERS = {"kanal", "channel", "henvendelseskanal", "kontaktform"}
CONTACT_HEADERS = {
    "henvendelser",
    "antal henvendelser",
    "antal",
    "kontakter",
    "antal kontakter",
    "contacts",
    "count",
}
CHANNEL_WORDS: dict[str, set[str]] = {
    Channel.ATTENDANCE: {
        "personligt fremmøde",
        "fremmøde",
        "personlig henvendelse",
        "personlig",
        "skranke",
        "borgerservice",
        "attendance",
        "in person",
    },
    Channel.PHONE: {"telefon", "telefoni", "opkald", "telefonopkald", "phone"},
    Channel.SELF_SERVICE: {
        "digital selvbetjening",
        "selvbetjening",
        "selvbetjeningsløsning",
        "selvbetjeningsløsninger",
        "self-service",
        "self service",
    },
    Channel.DIGITAL_POST: {"digital post", "e-boks", "eboks", "digital mail"},
    Channel.CHAT: {"chat", "webchat", "chatbot"},
}
for _channel in Channel:
    CHANNEL_WORDS[_channel].update({_channel.value, fold(_channel.value.replace("_", " "))})
CHANNEL_OF = {word: channel for channel, words in CHANNEL_WORDS.items() for word in words}

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jan", "january"),
            ("februar", "feb", "february"),
            ("marts", "mar", "march"),
            ("april", "apr"),
            ("maj", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?$")
_MONTH_YEAR = re.compile(r"^(?:\d{1,2}[-/.])?(\d{1,2})[-/.](\d{4})$")
_NAME_YEAR = re.compile(r"^([a-zæøå]+)\.?\s+(\d{4})$")


def parse_month(value: Any, year: Any = None) -> dt.date:
    """The first day of the month a cell names (with ``year`` from an ``År`` column).

    >>> parse_month("2025-03"), parse_month("03-2025"), parse_month("marts 2025")
    (datetime.date(2025, 3, 1), datetime.date(2025, 3, 1), datetime.date(2025, 3, 1))
    >>> parse_month("15-03-2025"), parse_month(3, 2025)
    (datetime.date(2025, 3, 1), datetime.date(2025, 3, 1))
    """
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    text = fold(parse_text(value))
    if year is not None and not blank(year):
        number = MONTH_NAMES.get(text.rstrip("."))
        if number is None and text.isdigit():
            number = int(text)
        if number is not None and 1 <= number <= 12:
            return dt.date(_year(year), number, 1)
    for pattern, year_group, month_group in (
        (_YEAR_MONTH, 1, 2),
        (_MONTH_YEAR, 2, 1),
    ):
        match = pattern.match(text)
        if match and 1 <= int(match.group(month_group)) <= 12:
            return dt.date(_year(match.group(year_group)), int(match.group(month_group)), 1)
    match = _NAME_YEAR.match(text)
    if match and match.group(1) in MONTH_NAMES:
        return dt.date(_year(match.group(2)), MONTH_NAMES[match.group(1)], 1)
    raise ValueError(
        _("»%(value)s« er ikke en måned (brug fx 2025-03, 03-2025 eller marts 2025).")
        % {"value": parse_text(value)}
    )


def _year(value: Any) -> int:
    number = parse_int(value)
    if not 2000 <= number <= 2100:
        raise ValueError(_("Året %(year)s ligger ikke mellem 2000 og 2100.") % {"year": number})
    return number


@dataclass
class Layout:
    """Which column holds what; ``channels`` maps a column index to its channel (wide)."""

    month: int
    area: int
    year: int | None = None
    channel: int | None = None
    contacts: int | None = None
    channels: dict[int, str] = field(default_factory=dict)
    ignored: list[int] = field(default_factory=list)


def layout_of(headers: Sequence[str]) -> Layout | None:
    """The layout of a table with these headers, or None if it holds no channel numbers."""
    found: dict[str, int] = {}
    channels: dict[int, str] = {}
    ignored: list[int] = []
    for index, header in enumerate(headers):
        word = fold(header)
        role = (
            "month"
            if word in MONTH_HEADERS
            else "year"
            if word in YEAR_HEADERS
            else "area"
            if word in AREA_HEADERS
            else "channel"
            if word in CHANNEL_HEADERS
            else "contacts"
            if word in CONTACT_HEADERS
            else ""
        )
        if role and role not in found:
            found[role] = index
        elif word in CHANNEL_OF and CHANNEL_OF[word] not in channels.values():
            channels[index] = CHANNEL_OF[word]
        else:
            ignored.append(index)
    if "month" not in found or "area" not in found:
        return None
    long = "channel" in found and "contacts" in found
    if not long and not channels:
        return None
    if long:  # a channel-named column beside a long layout is not read
        ignored = sorted(ignored + list(channels))
        channels = {}
    else:
        ignored = sorted(ignored + [found[k] for k in ("channel", "contacts") if k in found])
    return Layout(
        month=found["month"],
        area=found["area"],
        year=found.get("year"),
        channel=found.get("channel") if long else None,
        contacts=found.get("contacts") if long else None,
        channels=channels,
        ignored=ignored,
    )


def detect(tables: Sequence[Table]) -> bool:
    """Whether a spreadsheet holds channel numbers (the import machinery asks)."""
    return any(layout_of(table.headers) is not None for table in tables)


class ChannelReport(ImportReport):
    """The import's report, plus the columns it did not read and the areas it created."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(kinds=(KIND,), **kwargs)
        self.ignored_columns: list[dict[str, Any]] = []
        self.new_areas: list[str] = []
        self.months: list[str] = []
        self.removed = 0
        self.total_contacts = 0

    def as_json(self) -> dict[str, Any]:
        return {
            **super().as_json(),
            "ignored_columns": self.ignored_columns,
            "new_areas": self.new_areas,
            "months": self.months,
            "removed": self.removed,
            "total_contacts": self.total_contacts,
        }

    def audit_summary(self) -> dict[str, Any]:
        return {
            **super().audit_summary(),
            "months": self.months,
            "new_areas": self.new_areas,
            "removed": self.removed,
            "total_contacts": self.total_contacts,
        }


Key = tuple[str, dt.date, str]  # (area name as folded, month, channel)


def _read_rows(
    table: Table, layout: Layout, report: ChannelReport, names: dict[str, str]
) -> dict[Key, int]:
    """The table's numbers by (area, month, channel); errors go on the report."""
    values: dict[Key, int] = {}
    where: dict[Key, int] = {}
    ignored_sums = dict.fromkeys(layout.ignored, 0)
    for number, cells in table.rows:

        def cell(index: int | None, cells: list[Any] = cells) -> Any:
            return cells[index] if index is not None and index < len(cells) else None

        for index in layout.ignored:
            value = cell(index)
            if not blank(value):
                with contextlib.suppress(ValueError):
                    ignored_sums[index] += parse_int(value)
        area = parse_text(cell(layout.area))
        if not area:
            report.error(number, _("Rækken mangler et serviceområde."))
            continue
        if len(area) > 200:
            report.error(number, _("Serviceområdets navn er længere end 200 tegn."))
            continue
        try:
            month = parse_month(cell(layout.month), cell(layout.year))
        except ValueError as exc:
            report.error(number, str(exc))
            continue
        if layout.channel is not None:
            word = fold(parse_text(cell(layout.channel)))
            channel = CHANNEL_OF.get(word)
            if channel is None:
                report.error(
                    number,
                    _("»%(value)s« er ikke en kendt kanal (kendte: %(known)s).")
                    % {
                        "value": parse_text(cell(layout.channel)),
                        "known": ", ".join(str(c.label) for c in Channel),
                    },
                )
                continue
            pairs: list[tuple[str, Any, int | None]] = [
                (channel, cell(layout.contacts), layout.contacts)
            ]
        else:
            pairs = [(channel, cell(index), index) for index, channel in layout.channels.items()]
        for channel, raw, column in pairs:
            header = table.headers[column] if column is not None else ""
            if blank(raw):
                if layout.channel is not None:
                    report.error(number, _("Rækken mangler antallet af henvendelser."))
                continue  # a wide row without a number for a channel: not counted
            try:
                contacts = parse_int(raw)
            except ValueError as exc:
                report.error(number, f"{header}: {exc}")
                continue
            if contacts < 0:
                report.error(
                    number,
                    _("%(header)s: antallet af henvendelser kan ikke være negativt (%(n)s).")
                    % {"header": header, "n": contacts},
                )
                continue
            key = (fold(area), month, channel)
            names.setdefault(fold(area), area)
            if key in values:
                report.error(
                    number,
                    _(
                        "%(area)s, %(month)s, %(channel)s står også i række %(other)s; "
                        "en måned må kun stå én gang pr. kanal."
                    )
                    % {
                        "area": area,
                        "month": month.strftime("%m-%Y"),
                        "channel": Channel(channel).label,
                        "other": where[key],
                    },
                )
                continue
            values[key] = contacts
            where[key] = number
    for index in layout.ignored:
        report.ignored_columns.append(
            {
                "sheet": table.sheet,
                "header": table.headers[index] or _("(uden overskrift)"),
                "contacts": ignored_sums[index],
            }
        )
        report.warn(
            table.headers[index] or index + 1,
            _("Kolonnen er ikke en kendt kanal eller oplysning og er ikke importeret.")
            if not ignored_sums[index]
            else _("Kolonnen er ikke en kendt kanal; dens %(n)s henvendelser er ikke importeret.")
            % {"n": ignored_sums[index]},
        )
    return values


def _bytes(file: bytes | Path) -> bytes:
    """A file as bytes; from ``styrbar_import`` it is a path, read up to one byte over the
    upload cap (:func:`read_tables` refuses a larger file with a Danish message)."""
    if not isinstance(file, Path):
        return file
    with file.open("rb") as handle:
        return handle.read(default_max_bytes() + 1)


def run(
    *,
    actor: Any,
    organization: Any,
    files: Sequence[bytes | Path],
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
    mapping: str = "",
) -> ChannelReport:
    """Plan and (unless ``dry_run`` or an error) write the files' numbers, all or nothing.
    Channel numbers have no saved column mappings: a ``mapping`` name is refused."""
    require(actor, organization, "channels.change")
    if mapping:
        raise TableError(_("Kanaltal har ingen gemte kolonneopsætninger."))
    report = ChannelReport(dry_run=dry_run)
    values: dict[Key, int] = {}
    names: dict[str, str] = {}
    read_any = False
    for file in files:
        for table in read_tables(_bytes(file)):
            layout = layout_of(table.headers)
            if layout is None:
                report.warn(
                    table.sheet or "CSV",
                    _(
                        "Arket har ikke kolonnerne Måned, Serviceområde og kanaler; "
                        "det er sprunget over."
                    ),
                )
                continue
            read_any = True
            for key, number in _read_rows(table, layout, report, names).items():
                if key in values:
                    report.error(
                        table.sheet or "CSV",
                        _("%(area)s, %(month)s står i flere ark eller filer.")
                        % {"area": names[key[0]], "month": key[1].strftime("%m-%Y")},
                    )
                values[key] = number
    if not read_any:
        raise TableError(
            _(
                "Filen har ikke kanaltal: der skal være kolonnerne Måned og Serviceområde og "
                "enten Kanal og Henvendelser eller en kolonne pr. kanal (Personligt fremmøde, "
                "Telefon, Digital selvbetjening, Digital Post, Chat)."
            )
        )
    if progress is not None:
        progress(len(values), len(values) or 1)

    def apply() -> None:
        _write(organization, values, names, report)

    return write_all_or_nothing(
        report,
        apply,
        actor=actor,
        organization=organization,
        object_repr=_("Import af kanaltal"),
        audit_key="channel_import",
    )


def _write(
    organization: Any, values: dict[Key, int], names: dict[str, str], report: ChannelReport
) -> None:
    """Replace the numbers of every (area, month) in ``values``; count what changed."""
    report.total_contacts = sum(values.values())
    report.months = sorted({key[1].strftime("%Y-%m") for key in values})
    if report.errors:
        return
    areas = {fold(a.name): a for a in ServiceArea.objects.filter(organization=organization)}
    new = [
        ServiceArea(organization=organization, name=names[folded])
        for folded in sorted(names)
        if folded not in areas
    ]
    report.new_areas = [a.name for a in new]
    if new:
        ServiceArea.objects.bulk_create(new)
        areas = {fold(a.name): a for a in ServiceArea.objects.filter(organization=organization)}
    periods = {(areas[a].pk, month) for a, month, _c in values}
    months = {month for _a, month in periods}
    existing = {
        (row.area_id, row.month, row.channel): row
        for row in ChannelCount.objects.filter(
            organization=organization, area__in=[pk for pk, _m in periods], month__in=months
        )
        if (row.area_id, row.month) in periods
    }
    create: list[ChannelCount] = []
    update: list[ChannelCount] = []
    for (area, month, channel), contacts in values.items():
        key = (areas[area].pk, month, channel)
        row = existing.pop(key, None)
        if row is None:
            create.append(
                ChannelCount(
                    organization=organization,
                    area_id=key[0],
                    month=month,
                    channel=channel,
                    contacts=contacts,
                )
            )
            report.count(KIND, "created")
        elif row.contacts != contacts:
            row.contacts = contacts
            update.append(row)
            report.count(KIND, "updated")
        else:
            report.count(KIND, "unchanged")
    # What the months had that the file no longer names is replaced by nothing.
    report.removed = len(existing)
    if existing:
        ChannelCount.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    ChannelCount.objects.bulk_create(create, batch_size=1000)
    ChannelCount.objects.bulk_update(update, ["contacts", "updated_at"], batch_size=1000)
