"""Portfolio CRUD under /api/v1/ (vendors, kle, catalog-systems, usages, contracts,
integrations, processes, plus the data objects and role types their payloads refer to).

Design
------
* **Shared, read for every member of some organization:** ``GET /vendors``,
  ``GET /vendors/{id}``, ``GET /kle``, ``GET /kle/{id}``.
* **Vendor writes** go under the organization that maintains the entry, so the
  permission (``vendor.change``) is checked there: ``POST /organizations/{org}/vendors``,
  ``PATCH|DELETE /organizations/{org}/vendors/{id}``. In that path the collection is the
  vendors *this organization maintains*; another organization's entry is a 404 there.
* **Everything else** lives under ``/organizations/{org_id}/…``; another organization's
  object is a 404 (selectors), an id of another organization in a payload is a 400 naming
  the field (``{"message": …, "errors": {"using_unit_ids": [...]}}``).
* **Lists** take ``q``, the filters and ``sort`` keys of ``portfolio/filters.py`` (the same
  ones as the UI), ``changed_since``, ``limit`` (1–100) and ``offset``, and answer
  ``{"items", "count"}``. Every list costs the same number of queries whatever the page
  size: foreign keys are joined, child rows prefetched, and the ids of all many-to-many
  fields of a page are read in one UNION query (``core.api.resources.attach_ids``). The
  usage list, the busiest, reads plain rows instead (``selectors_api``) and builds its
  items as dicts the detail's output (``_usage_items``; pinned by ``test_api_usage_list``).
* **Representation:** ids everywhere, plus ``uuid`` where the model has one and a display
  name beside each foreign key (``catalog_system_name``, ``vendor_name``, …). Dates and
  times are ISO 8601. Money is a decimal **string** in kr. with two decimals
  (``"125000.00"``); input accepts a string or a number.
* Child rows (roles, costs, references, payments, contract roles, process steps) are
  replaced as a whole with ``PUT …/{id}/<children>``; the parent's ``updated_at`` moves so
  ``changed_since`` sees the change.
* **Writes** of the organization's resources follow one shape, described per resource by
  ``core.api.resources.Writable`` (permission, selector, payload references, read-back
  resource) as the reads are by ``core.api.resources.ApiResource``; an endpoint names its
  service and the payload it sends. One module per resource; operation ids keep the
  ``portfolio_api_`` prefix they had before the split (``OPERATION_ID_PREFIX``).
"""

from portfolio.api import (  # noqa: F401 - each module adds its operations to the router
    catalog,
    contracts,
    integrations,
    processes,
    reference,
    shared,
    usages,
)
from portfolio.api.common import router

__all__ = ["router"]
