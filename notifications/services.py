"""Notifications: how the apps create them, and how their recipient reads them.

An app describes each notification as a :class:`Draft` and hands a batch to
:func:`deliver`, inside its own transaction. The rows are written in that transaction;
the e-mails to recipients who want them straight away go out only after it commits
(``transaction.on_commit``, through the task :func:`notifications.tasks.send_immediate`),
so a rolled-back write never leaves a notification or a mail behind. A draft with a
``key`` reaches each recipient once, ever: that is how a deadline is told only once.

Marking read and the e-mail setting are the user's own data, not governed records of
the organization: they take the user, not an ``actor`` with a permission, and record no
audit event.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from notifications import choices as c
from notifications.models import Notification, NotificationSetting, default_language

logger = logging.getLogger(__name__)

CHUNK = 500


def batched(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    """``items`` in lists of at most ``size`` (``itertools.batched`` from Python 3.12)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class Draft:
    """One notification to be delivered.

    ``message`` is a translatable text (``gettext_lazy``) with ``%(name)s`` placeholders
    filled from ``params``; both are rendered in the recipient's language, so lazy
    values (choice labels, :func:`lazy` dates) come out in that language too. ``link`` is
    a path on this site (``/anskaffelser/12/``).
    """

    recipient: Any
    organization: Any
    message: StrOrPromise
    params: Mapping[str, Any] = field(default_factory=dict)
    kind: str = c.Kind.INFO
    link: str = ""
    key: str = ""


def render(message: StrOrPromise, params: Mapping[str, Any], language: str) -> str:
    """The message in ``language`` with its placeholders filled."""
    with translation.override(language):
        text = str(message)
        return text % {k: str(v) for k, v in params.items()} if params else text


def _local(link: str) -> bool:
    return link.startswith("/") and not link.startswith("//") and "\\" not in link


def _usable(drafts: Iterable[Draft]) -> list[Draft]:
    """Drafts to active users, each key once per recipient."""
    seen: set[tuple[int, str]] = set()
    usable = []
    for draft in drafts:
        user = draft.recipient
        if user is None or user.pk is None or not user.is_active:
            continue
        if draft.link and not _local(draft.link):
            raise ValueError(f"A notification links to a path on this site, not {draft.link!r}")
        if draft.key:
            if (user.pk, draft.key) in seen:
                continue
            seen.add((user.pk, draft.key))
        usable.append(draft)
    return usable


def _taken(drafts: list[Draft]) -> set[tuple[int, str]]:
    """(recipient, key) pairs already delivered."""
    pairs = {(d.recipient.pk, d.key) for d in drafts if d.key}
    taken: set[tuple[int, str]] = set()
    for chunk in batched(sorted(pairs), CHUNK):
        taken.update(
            Notification.objects.filter(
                key__in={key for _, key in chunk}, recipient_id__in={pk for pk, _ in chunk}
            ).values_list("recipient_id", "key")
        )
    return taken & pairs


def _insert(rows: list[Notification]) -> list[Notification]:
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(rows)
    except IntegrityError:
        # A concurrent delivery stored some of the keys meanwhile: keep the others.
        created = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue
            created.append(row)
        return created


def _members(drafts: list[Draft]) -> set[tuple[int, int]]:
    """(user, organization) pairs among the drafts where the user is a member."""
    from organizations.models import Membership

    if not drafts:
        return set()
    return set(
        Membership.objects.filter(
            user_id__in={d.recipient.pk for d in drafts},
            organization_id__in={d.organization.pk for d in drafts},
        ).values_list("user_id", "organization_id")
    )


def pending(drafts: Iterable[Draft]) -> list[Draft]:
    """The drafts :func:`deliver` would store (reads only; see there what it skips)."""
    usable = _usable(drafts)
    members = _members(usable)
    usable = [d for d in usable if (d.recipient.pk, d.organization.pk) in members]
    taken = _taken(usable)
    return [d for d in usable if not d.key or (d.recipient.pk, d.key) not in taken]


def deliver(drafts: Iterable[Draft], *, email: bool = True) -> list[Notification]:
    """Store the drafts as notifications and, once the surrounding transaction commits,
    e-mail the recipients whose setting is "straks". Returns the new notifications.

    Skipped: drafts to inactive users, to users who are not (or no longer) members of the
    draft's organization (they could not open it, and a mail would tell them what they
    may no longer see), and keys a recipient already had.

    ``email=False`` is for a caller that mails the notifications itself (the daily
    reminders' digest): they are stored as mailed, and nothing is sent for them here."""
    to_store = pending(drafts)
    if not to_store:
        return []
    languages = dict(
        NotificationSetting.objects.filter(
            user_id__in={d.recipient.pk for d in to_store}
        ).values_list("user_id", "language")
    )
    fallback = default_language()
    mailed = None if email else timezone.now()
    rows = [
        Notification(
            organization=d.organization,
            recipient=d.recipient,
            kind=d.kind,
            text=render(d.message, d.params, languages.get(d.recipient.pk, fallback)),
            link=d.link,
            key=d.key,
            emailed_at=mailed,
        )
        for d in to_store
    ]
    created = _insert(rows)
    if created and email:
        transaction.on_commit(partial(_send_after_commit, [n.pk for n in created]), robust=True)
    return created


def notify(
    *,
    recipients: Iterable[Any],
    organization: Any,
    message: StrOrPromise,
    params: Mapping[str, Any] | None = None,
    kind: str = c.Kind.INFO,
    link: str = "",
    key: str = "",
) -> list[Notification]:
    """The same notification to several users (see :func:`deliver`)."""
    return deliver(
        Draft(user, organization, message, params or {}, kind, link, key) for user in recipients
    )


def _send_after_commit(ids: list[int]) -> None:
    from notifications.tasks import send_immediate

    for chunk in batched(ids, CHUNK):
        send_immediate.enqueue(chunk)


# The recipient's own actions --------------------------------------------------------------


def notification_mark_read(*, user: Any, notification: Notification) -> Notification:
    """Mark one of the user's notifications read (reading it again changes nothing)."""
    if notification.recipient_id != user.pk:
        raise ValidationError(_("Notifikationen er ikke din."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, user: Any, organization: Any) -> int:
    """Mark all the user's unread notifications of ``organization`` read; how many."""
    return Notification.objects.filter(
        recipient=user, organization=organization, read_at__isnull=True
    ).update(read_at=timezone.now())


def setting_for(user: Any) -> NotificationSetting:
    """The user's setting (the default, unsaved, when the user has chosen none)."""
    setting = NotificationSetting.objects.filter(user=user).first()
    return setting or NotificationSetting(user=user)


def setting_update(*, user: Any, delivery: str, language: str) -> NotificationSetting:
    """Choose straks / daglig / ingen e-mail and the language of notifications."""
    errors = {}
    if delivery not in c.Delivery.values:
        errors["delivery"] = _("Vælg straks, én samlet e-mail om dagen eller ingen e-mail.")
    if language not in c.Language.values:
        errors["language"] = _("Vælg dansk eller engelsk.")
    if errors:
        raise ValidationError(errors)
    setting, _created = NotificationSetting.objects.update_or_create(
        user=user, defaults={"delivery": delivery, "language": language}
    )
    return setting
