"""The audit trail as a person reads it.

Events store what :func:`core.audit.snapshot` wrote: field names, choice codes, ids of
related objects, ISO dates, decimals as text, child rows as dicts. :func:`readable`
turns a page of events into lines of *label, before, after* with field labels, choice
labels, related objects by name (linked while they exist), ja/nej, Danish dates and
numbers, and one readable line per child row. Names of related objects are read in one
query per related model for the whole page, so a page of events costs a constant number
of queries.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.models import AuditEvent

#: Keys that bulk writers and workflows add to an event besides model fields.
EXTRA_LABELS: dict[str, Any] = {
    "import": gettext_lazy("Import"),
    "review": gettext_lazy("Behandling af katalogforslag"),
    "kitos_import": gettext_lazy("KITOS-import"),
    "archimate_import": gettext_lazy("ArchiMate-import"),
}

#: Labels for keys inside such extra values (workflow fields, import summaries).
KEY_LABELS: dict[str, Any] = {
    "decision": gettext_lazy("afgørelse"),
    "note": gettext_lazy("note"),
    "reason": gettext_lazy("begrundelse"),
    "counts": gettext_lazy("antal"),
    "created": gettext_lazy("oprettet"),
    "updated": gettext_lazy("opdateret"),
    "deleted": gettext_lazy("slettet"),
    "unchanged": gettext_lazy("uændret"),
    "file": gettext_lazy("fil"),
    "sha256": gettext_lazy("SHA-256"),
    "rows": gettext_lazy("rækker"),
    "duplicate_of": gettext_lazy("dublet af"),
    "duplicate_of_name": gettext_lazy("dublet af (navn)"),
    "transition": gettext_lazy("overgang"),
    "from": gettext_lazy("fra"),
    "to": gettext_lazy("til"),
    "meeting_reference": gettext_lazy("mødereference"),
    "decided_on": gettext_lazy("besluttet"),
    "knowledge_version": gettext_lazy("vidensbasens version"),
    "frozen_version": gettext_lazy("frosset version"),
}

DASH = "–"
CODE = re.compile(r"[a-z]+(_[a-z]+)+")

# Apps add the labels of the keys inside their JSON fields (register_key_labels), so a
# stored dict reads as labels, not as the keys a program uses.
_KEY_LABEL_SOURCES: list[Callable[[], Mapping[str, Any]]] = []


def register_key_labels(source: Callable[[], Mapping[str, Any]]) -> None:
    """Add a source of key labels (called when a key is not in :data:`KEY_LABELS`)."""
    _KEY_LABEL_SOURCES.append(source)


# Fields whose stored value only their app can put in words (a checklist's answers keyed
# by item, a knowledge key): "app_label.model" and field name -> a function of the value.
_FIELD_DISPLAYS: dict[tuple[str, str], Callable[[Any], str]] = {}


def register_field_display(model: str, field_name: str, show: Callable[[Any], str]) -> None:
    """Show the stored values of ``model``'s (``"app_label.model"``) ``field_name`` with
    ``show`` (it gets the value as stored, never empty)."""
    _FIELD_DISPLAYS[(model.lower(), field_name)] = show


def key_label(key: str) -> str:
    """The label of a key in a stored dict (an extra or a JSON field's key)."""
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    for source in _KEY_LABEL_SOURCES:
        labels = source()
        if key in labels:
            return str(labels[key])
    return key


@dataclass
class Line:
    """One changed field of an event, ready to show."""

    label: str
    before: list[SafeString | str] = field(default_factory=list)
    after: list[SafeString | str] = field(default_factory=list)


@dataclass
class _Names:
    """Related objects named for the page: (model, pk) -> (name, url)."""

    wanted: dict[type[models.Model], set[Any]] = field(default_factory=lambda: defaultdict(set))
    found: dict[tuple[type[models.Model], str], tuple[str, str]] = field(default_factory=dict)

    def want(self, model: type[models.Model], value: Any) -> None:
        for pk in value if isinstance(value, list) else [value]:
            if pk not in (None, ""):
                self.wanted[model].add(pk)

    def fetch(self) -> None:
        user_model = get_user_model()
        for model, pks in self.wanted.items():
            clean = {pk for pk in pks if isinstance(pk, int | str)}
            try:
                rows = model._base_manager.filter(pk__in=clean)
                if model is user_model:
                    rows = rows.only("pk", "username", "first_name", "last_name")
                for obj in rows:
                    self.found[(model, str(obj.pk))] = (_name(obj), _url(obj))
            except (ValueError, TypeError):  # ids of another shape (data from an old version)
                continue

    def show(self, model: type[models.Model], pk: Any) -> SafeString | str:
        if pk in (None, ""):
            return DASH
        name, url = self.found.get((model, str(pk)), ("", ""))
        if not name:
            return _("%(type)s (slettet, id %(id)s)") % {
                "type": str(model._meta.verbose_name).capitalize(),
                "id": pk,
            }
        return format_html('<a href="{}">{}</a>', url, name) if url else name


def _name(obj: models.Model) -> str:
    if isinstance(obj, get_user_model()):
        return str(obj.get_full_name() or obj.get_username())
    return str(obj)


def _url(obj: models.Model) -> str:
    try:
        return str(obj.get_absolute_url()) if hasattr(obj, "get_absolute_url") else ""
    except Exception:
        return ""


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model: type[models.Model] | None, name: str) -> str:
    f = _field(model, name)  # a field of the model first: a finding's "review" is its review
    if f is None and name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    if f is None:
        return key_label(name).capitalize()
    label = getattr(f, "verbose_name", None)
    if label is None and f.related_model is not None:  # child rows (costs, roles, …)
        label = f.related_model._meta.verbose_name_plural
    return str(label or name).capitalize()


def _date(text: Any, with_time: bool) -> str:
    try:
        if with_time:
            value = dt.datetime.fromisoformat(str(text))
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return formats.date_format(value, "SHORT_DATETIME_FORMAT")
        return formats.date_format(dt.date.fromisoformat(str(text)[:10]), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(text)


def _number(text: Any, places: int) -> str:
    from core.templatetags.styrbar import format_number

    try:
        return format_number(Decimal(str(text)), places)
    except (InvalidOperation, ValueError):
        return str(text)


def _plain(value: Any) -> str:
    """A value with no field to explain it (extras, JSON fields)."""
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, dict) and {"da", "en"} <= value.keys():
        # A text in both languages (a flag, a note from the knowledge base): the reader's.
        english = (get_language() or "da").startswith("en")
        return str(value["en"] if english else value["da"])
    if isinstance(value, dict):
        return "; ".join(
            f"{key_label(str(k)).capitalize()}: {_nested(v)}" for k, v in value.items()
        )
    if isinstance(value, list):
        return ", ".join(_nested(v) for v in value) or DASH
    if isinstance(value, str) and CODE.fullmatch(value):
        # A program's code (a strategy, a choice in a JSON field): its label when known.
        return key_label(value)
    return str(value)


def _nested(value: Any) -> str:
    text = _plain(value)
    return f"({text})" if isinstance(value, dict) else text


def _value(f: Any, value: Any, names: _Names) -> SafeString | str:
    """One stored value of field ``f`` as a person reads it."""
    if value is None or value == "" or value == []:
        return DASH
    if f is None:
        return _plain(value)
    show = _FIELD_DISPLAYS.get((f.model._meta.label_lower, f.name))
    if show is not None:
        return show(value)
    if f.many_to_many and f.related_model is not None:
        shown = [names.show(f.related_model, pk) for pk in value] if isinstance(value, list) else []
        return format_html(", ".join(["{}"] * len(shown)), *shown) if shown else _plain(value)
    if f.is_relation and f.related_model is not None and not f.one_to_many:
        return names.show(f.related_model, value)
    if getattr(f, "flatchoices", None):
        choices = {str(k): v for k, v in f.flatchoices}
        if isinstance(value, list):
            return ", ".join(str(choices.get(str(v), v)) for v in value)
        return str(choices.get(str(value), value))
    if isinstance(f, models.BooleanField):
        return _("ja") if value else _("nej")
    if isinstance(f, models.DateTimeField):
        return _date(value, with_time=True)
    if isinstance(f, models.DateField):
        return _date(value, with_time=False)
    if isinstance(f, models.DecimalField):
        return _number(value, f.decimal_places)
    return _plain(value)


def _child_line(model: type[models.Model], row: Any, names: _Names) -> SafeString | str:
    if not isinstance(row, Mapping):
        return _plain(row)
    parts: list[Any] = []
    for key, value in row.items():
        f = _field(model, key)
        if value in (None, "", []):
            continue
        parts.append((_label(model, key), _value(f, value, names)))
    if not parts:
        return DASH
    return format_html(", ".join(["{}: {}"] * len(parts)), *[x for pair in parts for x in pair])


def _only_changed(rows: Any, other: Any) -> list[Any]:
    """The child rows of one side that the other side does not have: removed rows before,
    added rows after (a changed row is both)."""

    def key(row: Any) -> str:
        return json.dumps(row, sort_keys=True, default=str)

    others = {key(r) for r in other} if isinstance(other, list) else set()
    return [r for r in rows if key(r) not in others] if isinstance(rows, list) else []


def _want(model: type[models.Model] | None, changes: Mapping[str, Any], names: _Names) -> None:
    for key, change in changes.items():
        f = _field(model, key)
        if f is None or not isinstance(change, Mapping):
            continue
        for value in (change.get("before"), change.get("after")):
            if f.related_model is None or value in (None, ""):
                continue
            if f.one_to_many:  # child rows: their own references
                for row in value if isinstance(value, list) else []:
                    if isinstance(row, Mapping):
                        _want(f.related_model, {k: {"after": v} for k, v in row.items()}, names)
            elif f.is_relation:
                names.want(f.related_model, value)


def readable(events: Iterable[AuditEvent]) -> list[tuple[AuditEvent, list[Line]]]:
    """Each event with its changes as readable lines (see the module docstring)."""
    events = list(events)
    names = _Names()
    models_of: dict[int, type[models.Model] | None] = {}
    for ev in events:
        model = ev.content_type.model_class() if ev.content_type_id else None
        models_of[ev.pk] = model
        if isinstance(ev.changes, Mapping):
            _want(model, ev.changes, names)
    names.fetch()
    out: list[tuple[AuditEvent, list[Line]]] = []
    for ev in events:
        model = models_of[ev.pk]
        lines: list[Line] = []
        for key, change in (ev.changes or {}).items() if isinstance(ev.changes, Mapping) else []:
            change = change if isinstance(change, Mapping) else {"after": change}
            f = _field(model, key)
            line = Line(_label(model, key))
            for side, target in (("before", line.before), ("after", line.after)):
                value = change.get(side)
                if f is not None and f.one_to_many and f.related_model is not None:
                    other = change.get("after" if side == "before" else "before")
                    rows = _only_changed(value, other)
                    target.extend(_child_line(f.related_model, r, names) for r in rows)
                    if not rows:
                        target.append(DASH)
                else:
                    target.append(_value(f, value, names))
            lines.append(line)
        out.append((ev, lines))
    return out
