"""Every notifications page, for every role and across organizations.

A notification belongs to one user: the object the access tests build is a notification
whose recipient is the user the test then signs in with (in the role under test), so an
allowed role may use it, and a member of another organization gets a 404.
"""

from __future__ import annotations

import pytest

from core.testing import ALL, ViewCase
from notifications.models import Notification
from organizations.models import Membership, Organization
from organizations.testing import ViewAccessMixin, fixed, make_user, unique

pytestmark = pytest.mark.django_db


class TestNotificationPages(ViewAccessMixin):
    view_cases = (
        ViewCase("notifications:list", allowed=ALL, lists=True),
        ViewCase("notifications:read_all", allowed=ALL, method="post"),
        ViewCase("notifications:read", allowed=ALL, method="post", obj="notification"),
        ViewCase(
            "notifications:read",
            allowed=ALL,
            method="post",
            obj="notification",
            data=fixed({"open": "1"}),
        ),
        ViewCase("notifications:settings", allowed=ALL),
        ViewCase(
            "notifications:settings",
            allowed=ALL,
            method="post",
            data=fixed({"delivery": "digest", "language": "da"}),
        ),
    )

    def make_notification(self, organization: Organization) -> Notification:
        recipient = make_user()
        self.__dict__.setdefault("recipients", {})[organization.pk] = recipient
        return Notification.objects.create(
            organization=organization,
            recipient=recipient,
            text="Spørgsmål til dig om »Testbehov«",
            link="/anskaffelser/",
        )

    def user_with(self, organization: Organization, role: str) -> object:
        """The recipient of the notification just made, in ``role``."""
        recipient = self.__dict__.get("recipients", {}).pop(organization.pk, None)
        if recipient is None:
            return super().user_with(organization, role)
        if role == "superuser":
            recipient.is_superuser = True
            recipient.save()
        else:
            Membership.objects.create(user=recipient, organization=organization, role=role)
        return recipient

    def user_with_all_roles(self, organization: Organization) -> object:
        user = super().user_with_all_roles(organization)
        self.__dict__["viewer"] = user
        return user

    def list_marker(self, organization: Organization) -> str:
        """A notification to the same user, in this or another organization."""
        marker = unique("Hemmelig notifikation")
        Notification.objects.create(
            organization=organization,
            recipient=self.__dict__.get("viewer") or make_user(),
            text=marker,
        )
        return marker
