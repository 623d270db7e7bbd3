"""Two people at once on PostgreSQL (real connections): the attachment cap and the
request's business case hold."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile

from businesscases.models import BusinessCase
from core.testing import postgres_race, race
from organizations.testing import make_organization, make_user
from procurement import attachments, cases
from procurement.models import Attachment, ProcurementRequest


@postgres_race
def test_postgres_two_uploads_at_the_cap_store_one(round_: int, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    org = make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    request = ProcurementRequest.objects.create(organization=org, title="Behov", problem="x")
    for n in range(attachments.MAX_FILES - 1):
        a = Attachment(request=request, name=f"{n}.txt", kind="txt", size=1)
        a.file.save(f"{n}.txt", ContentFile(b"x"), save=True)
    copies = [ProcurementRequest.objects.get(pk=request.pk) for _ in range(2)]

    outcomes = race(
        *(
            lambda r=r, n=n: attachments.attachment_add(
                actor=user, request=r, name=f"sidste-{n}.txt", data=b"y"
            )
            for n, r in enumerate(copies)
        )
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "ValidationError"]
    assert Attachment.objects.filter(request=request).count() == attachments.MAX_FILES


@postgres_race
def test_postgres_two_clicks_on_create_make_one_business_case(round_: int) -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = ProcurementRequest.objects.create(
        organization=org, title="Behov", problem="x", budget_one_off=Decimal(100_000)
    )
    copies = [ProcurementRequest.objects.get(pk=request.pk) for _ in range(2)]

    outcomes = race(
        *(lambda r=r: cases.business_case_from_request(actor=buyer, request=r) for r in copies)
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "ValidationError"]
    assert BusinessCase.objects.filter(organization=org).count() == 1
    linked = ProcurementRequest.objects.get(pk=request.pk).business_case
    assert linked == BusinessCase.objects.get(organization=org)
