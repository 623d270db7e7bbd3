"""E-mails of notifications: straight away (one mail per recipient per event) or as one
daily digest per user.

A notification is *claimed* (``emailed_at`` set) before its mail is sent and released
again when sending fails, so it is mailed at most once and a failed mail is retried by
the next digest. Mails are written in the recipient's language (their
:class:`~notifications.models.NotificationSetting`) with absolute links built from
``STYRBAR_BASE_URL``; they are sent with Django's mail (the ``EMAIL_*`` settings).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications import choices as c
from notifications.models import Notification, NotificationSetting, default_language

logger = logging.getLogger(__name__)

# At most this many notifications are written out in one mail; the rest are counted.
MAIL_LIMIT = 50
# An immediate mail that failed is sent with the next digest once it is this old.
IMMEDIATE_GRACE = timedelta(hours=1)


def absolute(path: str) -> str:
    return f"{settings.STYRBAR_BASE_URL.rstrip('/')}{path}" if path else ""


def _one_line(text: str, limit: int = 110) -> str:
    line = re.sub(r"\s+", " ", text).strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _claim(ids: Iterable[int]) -> tuple[datetime, list[Notification]]:
    stamp = timezone.now()
    ids = list(ids)
    Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=stamp)
    claimed = (
        Notification.objects.filter(pk__in=ids, emailed_at=stamp)
        .select_related("organization")
        .order_by("organization__name", "-created_at", "-pk")
    )
    return stamp, list(claimed)


def _release(stamp: datetime, rows: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in rows], emailed_at=stamp).update(
        emailed_at=None
    )


def _language(setting: NotificationSetting | None) -> str:
    return setting.language if setting is not None else default_language()


def compose(user: Any, rows: list[Notification], *, digest: bool, language: str) -> EmailMessage:
    """The mail telling ``user`` of ``rows`` (grouped by organization)."""
    with translation.override(language):
        if digest:
            subject = _("Styrbar: dine notifikationer (%(n)s)") % {"n": len(rows)}
        elif len(rows) == 1:
            subject = f"Styrbar: {_one_line(rows[0].text)}"
        else:
            subject = ngettext(
                "Styrbar: %(n)s ny notifikation", "Styrbar: %(n)s nye notifikationer", len(rows)
            ) % {"n": len(rows)}
        groups: dict[str, list[dict[str, str]]] = {}
        for n in rows[:MAIL_LIMIT]:
            groups.setdefault(n.organization.name, []).append(
                {"kind": str(c.Kind(n.kind).label), "text": n.text, "url": absolute(n.link)}
            )
        body = render_to_string(
            "notifications/mail/notifications.txt",
            {
                "name": user.get_full_name() or user.get_username(),
                "groups": list(groups.items()),
                "more": max(0, len(rows) - MAIL_LIMIT),
                "digest": digest,
                "list_url": absolute(reverse("notifications:list")),
                "settings_url": absolute(reverse("notifications:settings")),
            },
        )
    return EmailMessage(subject=subject, body=body, to=[user.email])


def _send(connection: Any, message: EmailMessage) -> bool:
    try:
        return bool(connection.send_messages([message]))
    except Exception:  # an SMTP or socket error: the notifications stay unsent
        logger.exception("Could not send a notification mail to %s", message.to)
        return False


def _open(connection: Any) -> bool:
    """Open one connection for all the mails of a run (a dead server fails once)."""
    try:
        connection.open()
    except Exception:  # an SMTP or socket error: nothing is claimed, nothing is lost
        logger.exception("Could not connect to the mail server")
        return False
    return True


def send_immediate(ids: list[int]) -> int:
    """Mail the notifications ``ids`` to those of their recipients who want mail straight
    away, one mail per recipient; returns the number of mails sent."""
    rows = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).values_list(
        "pk", "recipient_id"
    )
    by_user: dict[int, list[int]] = {}
    for pk, user_id in rows:
        by_user.setdefault(user_id, []).append(pk)
    if not by_user:
        return 0
    settings_of = {s.user_id: s for s in NotificationSetting.objects.filter(user_id__in=by_user)}
    users = [
        user
        for user in get_user_model().objects.filter(pk__in=by_user, is_active=True)
        if user.email
        and getattr(settings_of.get(user.pk), "delivery", c.Delivery.IMMEDIATE)
        == c.Delivery.IMMEDIATE
    ]
    if not users:
        return 0
    sent = 0
    connection = get_connection()
    if not _open(connection):
        return 0
    try:
        for user in users:
            setting = settings_of.get(user.pk)
            stamp, claimed = _claim(by_user[user.pk])
            if not claimed:
                continue
            message = compose(user, claimed, digest=False, language=_language(setting))
            message.connection = connection
            if _send(connection, message):
                sent += 1
            else:
                _release(stamp, claimed)
    finally:
        connection.close()
    return sent


@dataclass
class DigestResult:
    mails: int = 0
    notifications: int = 0
    failed: int = 0
    without_email: int = 0
    already_sent_today: int = 0


def due_for_digest(now: datetime) -> Any:
    """Unread notifications never mailed: every one of users who chose the daily mail,
    and those of users who chose "straks" whose mail failed (older than an hour)."""
    immediate = Q(recipient__notification_setting__isnull=True) | Q(
        recipient__notification_setting__delivery=c.Delivery.IMMEDIATE
    )
    return Notification.objects.filter(
        emailed_at__isnull=True,
        read_at__isnull=True,
        recipient__is_active=True,
        created_at__lte=now,
    ).filter(
        Q(recipient__notification_setting__delivery=c.Delivery.DIGEST)
        | (immediate & Q(created_at__lt=now - IMMEDIATE_GRACE))
    )


def send_digests(*, now: datetime | None = None) -> DigestResult:
    """One mail per user per day with all their unread, unmailed notifications."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = due_for_digest(now)
    result = DigestResult()
    user_ids = sorted(set(due.values_list("recipient_id", flat=True)))
    if not user_ids:
        return result
    settings_of = {s.user_id: s for s in NotificationSetting.objects.filter(user_id__in=user_ids)}
    connection = get_connection()
    if not _open(connection):
        result.failed = len(user_ids)
        return result
    try:
        for user in get_user_model().objects.filter(pk__in=user_ids).order_by("pk"):
            setting = settings_of.get(user.pk)
            if setting is not None and setting.last_digest_on == today:
                result.already_sent_today += 1
                continue
            if not user.email:
                result.without_email += 1
                continue
            stamp, claimed = _claim(due.filter(recipient=user).values_list("pk", flat=True))
            if not claimed:
                continue
            message = compose(user, claimed, digest=True, language=_language(setting))
            message.connection = connection
            if not _send(connection, message):
                _release(stamp, claimed)
                result.failed += 1
                continue
            NotificationSetting.objects.update_or_create(
                user=user, defaults={"last_digest_on": today}
            )
            result.mails += 1
            result.notifications += len(claimed)
    finally:
        connection.close()
    return result
