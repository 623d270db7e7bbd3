from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it as the last line (it is stored hashed)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="Kommandolinje", help="A label for the token.")
        parser.add_argument("--days", type=int, default=None, help="Expire after this many days.")

    def handle(
        self, *args: Any, username: str, name: str, days: int | None, **options: Any
    ) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        if days is not None and days <= 0:
            raise CommandError("--days must be a positive number.")
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        token, raw = api_token_create(actor=user, user=user, name=name, expires_at=expires_at)
        expiry = f", expires {token.expires_at:%Y-%m-%d}" if token.expires_at else ""
        self.stdout.write(f"Created API token {token.name!r} for {username}{expiry}. Shown once:")
        self.stdout.write(raw)
