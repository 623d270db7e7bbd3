"""Synthetic portfolio landscapes: Eksempel Kommune's, and on request all 98 municipalities'.

* ``seed_portfolio_demo`` (registered as the portfolio's seeder in ``PortfolioConfig.ready``)
  gives the fictional Eksempel Kommune about 400 usages, 250 contracts, 800 integrations
  and 40 processes, on a shared fictional catalog of about 300 systems from 150 vendors.
* ``seed_national`` (``seed_demo --scale national``) adds a synthetic landscape to every
  real municipality — about 40,000 usages and 100,000 integrations in all — for
  benchmarks, and marks each of those municipalities as demo data.

Seeding is not a governed write. Rows are bulk-inserted without AuditEvents (an audit
trail of invented data would only bury the real one) and without the services' per-object
checks; the generator itself keeps every row valid (``portfolio/tests/test_demo.py``).

Everything is deterministic (``random.Random`` with fixed seeds; no set iteration, no
database order feeds the generator) and idempotent: each record has a stable key — a
uuid5 of organization, kind and index for vendors, catalog systems, usages, contracts and
integrations; the name for data objects and processes; the local id for units — and a
second run inserts only what is missing. Children (roles, costs, payments, steps, links)
are created together with their parent, so a parent that already exists is left alone.

All names of systems, vendors and people are invented; vendor websites and e-mail
addresses use the reserved ``.invalid`` domain and the synthetic CVR numbers start with
9. The shared municipal components (Serviceplatformen, Beskedfordeler, …) keep their real
names: they come from the reference-data migration and are integration targets here.
The demo catalog and vendors are shared (every organization sees them) and are marked as
maintained by Eksempel Kommune, so they can be told apart from real entries.

Layout: the tables (areas, products, names, weights) are pure data in ``data/``; the
shared catalog is planned and inserted in ``catalog``; ``landscape`` plans one
organization's landscape and ``plan`` inserts it; ``eksempel`` and ``national`` are the
two entry points.
"""

from __future__ import annotations

from portfolio.demo.common import DEMO_SIZE_USAGES, add_months, amount
from portfolio.demo.data.landscape import DATA_OBJECTS
from portfolio.demo.eksempel import seed_eksempel, seed_portfolio_demo
from portfolio.demo.landscape import Landscape, LandscapeSize
from portfolio.demo.national import national_units, seed_national, size_factors
from portfolio.demo.plan import SeedCounts

__all__ = [
    "DATA_OBJECTS",
    "DEMO_SIZE_USAGES",
    "Landscape",
    "LandscapeSize",
    "SeedCounts",
    "add_months",
    "amount",
    "national_units",
    "seed_eksempel",
    "seed_national",
    "seed_portfolio_demo",
    "size_factors",
]
