"""Eksempel Kommune's landscape, the one ``seed_demo`` seeds."""

from __future__ import annotations

from organizations.demo import DemoResult
from portfolio.demo.catalog import seed_catalog
from portfolio.demo.common import (
    DEMO_SIZE_CONTRACTS,
    DEMO_SIZE_INTEGRATIONS,
    DEMO_SIZE_PROCESSES,
    DEMO_SIZE_USAGES,
    SEED,
)
from portfolio.demo.dprs import seed_dprs
from portfolio.demo.landscape import Landscape, LandscapeSize
from portfolio.demo.plan import SeedCounts


def seed_eksempel(result: DemoResult) -> SeedCounts:
    """Eksempel Kommune's landscape on the shared demo catalog; returns what was created."""
    catalog = seed_catalog(result.kommune)
    landscape = Landscape(
        organization=result.kommune,
        catalog=catalog,
        units=result.units,
        size=LandscapeSize(
            usages=DEMO_SIZE_USAGES,
            contracts=DEMO_SIZE_CONTRACTS,
            integrations=DEMO_SIZE_INTEGRATIONS,
            processes=DEMO_SIZE_PROCESSES,
        ),
        seed=f"{SEED}:eksempel",
        prefix="EK",
        email_domain="eksempel.invalid",
        users=result.users,
    )
    landscape.build()
    return landscape.save()


def seed_portfolio_demo(result: DemoResult) -> None:
    """The portfolio's demo seeder (registered in ``PortfolioConfig.ready``; run by
    ``seed_demo``)."""
    seed_eksempel(result)
    seed_dprs(result.kommune)
