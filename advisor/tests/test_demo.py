"""The demo assessments of Eksempel Kommune."""

from __future__ import annotations

import pytest

from advisor import demo
from advisor.choices import AssessmentStatus
from advisor.facts import COMPUTED_FACTS
from advisor.models import Assessment
from organizations.demo import seed_foundation
from portfolio.demo import seed_eksempel
from roadmaps.models import Roadmap

pytestmark = pytest.mark.django_db


def test_seed_gives_two_completed_versions_and_the_choice() -> None:
    result = seed_foundation()
    seed_eksempel(result)
    demo.seed(result)
    demo.seed(result)  # idempotent
    kommune = result.kommune
    old, new = Assessment.objects.filter(organization=kommune).order_by("version")
    assert [old.version, new.version] == [1, 2]
    assert old.status == new.status == AssessmentStatus.COMPLETED
    assert old.completed_at is not None and new.completed_at is not None
    assert old.completed_at < new.completed_at
    # The facts come from the demo portfolio and say where they came from.
    for key in COMPUTED_FACTS:
        assert new.facts[key]["value"] is not None, key
        assert new.facts[key]["source"], key
    assert "systemer i drift" in new.facts["integration_coverage"]["source"]
    assert "overlapping_systems_per_capability" in new.overrides
    assert "data_collected_twice_share" in old.overrides
    assert "data_collected_twice_share" not in new.overrides
    # Last year leaned towards standardisering; this year coherent processes come first.
    assert old.result["recommended"] == "standardisering"
    assert new.result["recommended"] == "sammenhaengende_processer"
    assert new.chosen_option == "sammenhaengende_processer" and not old.chosen_option
    assert new.chosen_by == result.users["arkitekt"] and new.decision_note
    roadmap = Roadmap.objects.get(organization=kommune, assessment=new)
    assert roadmap.strategy == "sammenhaengende_processer"
    assert Roadmap.objects.filter(organization=kommune).count() == 1
