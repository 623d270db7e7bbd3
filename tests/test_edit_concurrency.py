"""Every edit form carries the version it was opened with (issue 17, optimistic
concurrency), or is listed here with the reason it needs none.

The test walks every URL pattern of the product and looks at each view that accepts a
POST. A view edits with the mechanism when it is one of the generic edit views
(:class:`core.views.ObjectFormView`, :class:`core.views.ChildRowsView`: they put the version
on the form, compare it and show the conflict page) or one of the hand-written edit views
that compare it themselves (``OWN_MECHANISM``, each with its own tests: through
:func:`core.views.save_expecting`, or a service that compares a version over several rows
and raises :class:`core.concurrency.Conflict`, which the view turns into the conflict
page); its form template must then send ``_version`` back. Every other POST view is named
in ``NOT_AN_EDIT`` (creations, deletions, workflow transitions - row-locked and re-checked
in ``core.workflow`` -, sign-in and per-user settings). A new POST view fails this test
until it is one of these: no edit saves the last write.
"""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import get_template
from django.urls import URLPattern, URLResolver, get_resolver

from core.registry import registry
from core.views import ChildRowsView, ObjectDeleteView, ObjectFormView

# Hand-written edit views that compare the version themselves (core.views.save_expecting),
# with the templates their forms are rendered from and the tests that show it.
OWN_MECHANISM: dict[str, tuple[str, ...]] = {
    # businesscases/tests/test_concurrency.py
    "businesscases:case_edit": ("businesscases/case_form.html",),
    "businesscases:line_edit": (
        "businesscases/row_form_page.html",
        "businesscases/partials/line_form_row.html",
    ),
    "businesscases:risk_edit": (
        "businesscases/row_form_page.html",
        "businesscases/partials/risk_form_row.html",
    ),
    "businesscases:case_actuals": ("businesscases/case_actuals.html",),
    # organizations/tests/test_concurrency.py
    "organizations:admin_edit": ("core/object_form.html",),
    # sso/tests/test_concurrency.py
    "sso:provider_edit": ("sso/provider_form.html",),
    "sso:settings": ("sso/settings.html",),
    # controlbody/tests/test_concurrency.py
    "controlbody:body_edit": ("controlbody/body_form.html",),
    # roadmaps/tests/test_concurrency.py
    "roadmaps:milestone_deliverables": ("roadmaps/roadmap_detail.html",),
    # sharing/tests/test_concurrency.py (one version over the checklist's rows)
    "sharing:home_roles": ("sharing/home_roles.html",),
    # advisor/tests/test_concurrency.py
    "advisor:assessment_step": ("advisor/assessment_step.html",),
    # procurement/tests/test_concurrency.py (the answers, links and checklist of a request
    # are saved against the request's version: the page shows them together)
    "procurement:request_answer": ("procurement/request_detail.html",),
    "procurement:request_case": ("procurement/_files_and_case.html",),
    "procurement:request_requirements": ("procurement/request_detail.html",),
    # reviews/tests/test_concurrency.py (versioned per item: a stale form saves the items
    # its user changed; the same item answered differently meanwhile is the conflict)
    "reviews:review_answers": ("reviews/review_detail.html",),
    # spend/tests/test_concurrency.py
    "spend:vendor_choose": ("spend/vendor_detail.html",),
}

CREATES = "creates a new object: there is no earlier version to overwrite"
DELETES = "deletes after a confirmation that names the object"
TRANSITION = (
    "a workflow transition: row-locked, its rule re-checked inside the lock (core.workflow), "
    "so a second one meets the new state"
)
SESSION = "signs in or out, or resets a password: no shared object"
OWN = "the user's own settings or notifications: one editor"
RECOMPUTE = "recomputes or generates from the current data; takes no values from a form"
IMPORT = "an import step of the uploader's own job, serialised by the import lock"

NOT_AN_EDIT: dict[str, str] = {
    "accounts:login": SESSION,
    "accounts:logout": SESSION,
    "accounts:password_reset": SESSION,
    "accounts:password_reset_confirm": SESSION,
    "accounts:tokens": CREATES,
    "accounts:token_revoke": "revokes an API key for good (idempotent)",
    "advisor:assessment_choose": TRANSITION,
    "advisor:assessment_complete": TRANSITION,
    "advisor:assessment_copy": CREATES,
    "advisor:assessment_refresh": RECOMPUTE,
    "businesscases:case_create_template": CREATES,
    "businesscases:case_copy": CREATES,
    "businesscases:case_submit": TRANSITION,
    "businesscases:case_decide": TRANSITION,
    "businesscases:line_add": CREATES,
    "businesscases:risk_add": CREATES,
    "businesscases:line_delete": DELETES,
    "businesscases:risk_delete": DELETES,
    "catalog_review:approve": TRANSITION,
    "catalog_review:reject": TRANSITION,
    "controlbody:condition_close": TRANSITION,
    "controlbody:item_add": CREATES,
    "controlbody:item_decide": TRANSITION,
    "controlbody:item_delete": DELETES,
    "controlbody:item_move": "moves an item one place in the agenda (relative, row-locked)",
    "controlbody:meeting_generate": RECOMPUTE,
    "controlbody:meeting_move": TRANSITION,
    "interop:import_commit": IMPORT,
    "interop:import_create": CREATES,
    "interop:import_mapping": IMPORT,
    "interop:import_values": IMPORT,
    "interop:kitos_start": IMPORT,
    "interop:mapping_delete": DELETES,
    "notifications:read": OWN,
    "notifications:read_all": OWN,
    "notifications:settings": OWN,
    "organizations:admin_create": CREATES,
    "portfolio:usage_bulk": (
        "sets the chosen values on the chosen usages, each change audited; it takes no "
        "values read from a form of one object"
    ),
    "procurement:attachment_delete": DELETES,
    "procurement:condition_done": TRANSITION,
    "procurement:request_attach": CREATES,
    "procurement:request_case_create": CREATES,
    "procurement:request_condition": CREATES,
    "procurement:request_move": TRANSITION,
    "procurement:request_override": TRANSITION,
    "reviews:finding_close": TRANSITION,
    "reviews:plan_tested": TRANSITION,
    "reviews:review_cancel": TRANSITION,
    "reviews:review_complete": TRANSITION,
    "roadmaps:milestone_complete": TRANSITION,
    "roadmaps:milestone_move": "moves a milestone one place (relative, row-locked)",
    "sharing:benchmark_join": (
        "joins or leaves the anonymous benchmarks: the municipality's participation is made "
        "or deleted, a second join or leave gets a Danish message"
    ),
    "sharing:grant_create": CREATES,
    "sharing:grant_revoke": TRANSITION,
    "spend:candidate_reopen": TRANSITION,
    "spend:candidate_triage": TRANSITION,
    "spend:reclassify": RECOMPUTE,
    "sso:logout": SESSION,
    "sso:saml_acs": SESSION,
    "sso:provider_create": CREATES,
    "sso:mapping_delete": DELETES,
}


def _post_views() -> dict[str, type]:
    """URL name (namespace:name) -> view class, for every pattern whose view takes POST."""
    found: dict[str, type] = {}

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                walk(
                    pattern.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = getattr(pattern.callback, "view_class", None)
                if view is not None and hasattr(view, "post"):
                    found[f"{namespace}:{pattern.name}"] = view

    walk(get_resolver().url_patterns, "")
    return found


def _sources(template_name: str) -> str:
    """The template's source and those of the templates it extends or includes."""
    seen: set[str] = set()
    texts: list[str] = []

    def read(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        source: str = get_template(name).template.source  # type: ignore[attr-defined]
        texts.append(source)
        for parent in re.findall(r'{%\s*(?:extends|include)\s+"([^"]+)"', source):
            read(parent)

    read(template_name)
    return "\n".join(texts)


def _sends_version(template_name: str) -> bool:
    return 'name="_version"' in _sources(template_name)


def test_every_post_view_is_an_edit_with_the_version_or_is_listed_with_a_reason() -> None:
    unlisted, listed_twice = [], []
    for name, view in sorted(_post_views().items()):
        generic = issubclass(view, ObjectFormView | ChildRowsView)
        deletes = issubclass(view, ObjectDeleteView)  # DELETES, without a list entry each
        lists = [name in OWN_MECHANISM, name in NOT_AN_EDIT]
        if (generic or deletes) and any(lists) and name not in OWN_MECHANISM:
            listed_twice.append(name)
        if not (generic or deletes) and sum(lists) != 1:
            unlisted.append(f"{name} ({view.__module__}.{view.__qualname__})")
    assert not unlisted, (
        "POST views that neither carry the version nor are listed with a reason: "
        + ", ".join(unlisted)
    )
    assert not listed_twice, f"generic edit and delete views need no entry: {listed_twice}"


def test_the_lists_name_only_views_that_exist() -> None:
    views = _post_views()
    stale = [n for n in (*OWN_MECHANISM, *NOT_AN_EDIT) if n not in views]
    assert not stale, f"listed but no longer a POST view: {stale}"


def test_every_generic_edit_view_renders_a_template_that_sends_the_version() -> None:
    missing = [
        f"{name}: {view.template_name}"
        for name, view in sorted(_post_views().items())
        if issubclass(view, ObjectFormView | ChildRowsView)
        and not _sends_version(view.template_name)
    ]
    assert not missing, f"edit views whose template drops _version: {missing}"


def test_the_hand_written_edit_views_send_the_version_and_use_save_expecting() -> None:
    import inspect

    views = _post_views()
    for name, templates in OWN_MECHANISM.items():
        for template in templates:
            assert _sends_version(template), f"{name}: {template} drops _version"
        own = [c for c in views[name].__mro__ if c.__module__.split(".")[0] != "django"]
        source = "".join(inspect.getsource(c) for c in own if c is not object)
        compares = "save_expecting(" in source or "except Conflict" in source
        assert compares, f"{name} does not compare the version"


def test_every_registered_resource_edits_with_the_version() -> None:
    """The resources of the registry: their edit form is the generic one, its template
    sends the version, and their API update and delete honour If-Match."""
    from config.api import api

    paths = api.get_openapi_schema()["paths"]
    resources = list(registry._resources)
    assert resources, "no resources registered"
    for resource in resources:
        form_view = resource.views()["form"]
        assert issubclass(form_view, ObjectFormView), resource.slug
        assert _sends_version(resource.form_template), resource.slug
        item = next(
            (v for k, v in paths.items() if k.endswith(f"/{resource.slug}/{{{resource.name}_id}}")),
            None,
        )
        if item is None:  # a resource without API operations of its own
            continue
        for method in ("patch", "delete"):
            if method in item:
                names = [p["name"] for p in item[method].get("parameters", [])]
                assert "If-Match" in names and "412" in item[method]["responses"], (
                    resource.slug,
                    method,
                )


def test_every_api_write_on_one_object_documents_if_match_and_412() -> None:
    """PATCH, PUT and DELETE on one object (a path ending in an id): the document names
    If-Match and the 412 (the hand-written ones too), or the operation is listed."""
    from config.api import api

    not_yet = {
        # Not an edit: revoking a grant is a one-way transition; leaving the benchmarks
        # deletes the participation (idempotent: a second leave changes nothing).
        ("delete", "/api/v1/organizations/{org_id}/benchmarks/participation"),
        ("delete", "/api/v1/organizations/{org_id}/sharing/{grant_id}"),
    }
    missing = []
    for path, item in api.get_openapi_schema()["paths"].items():
        for method in ("patch", "put", "delete"):
            operation = item.get(method)
            if operation is None or (method, path) in not_yet:
                continue
            names = [p["name"] for p in operation.get("parameters", [])]
            if "If-Match" not in names or "412" not in {str(k) for k in operation["responses"]}:
                missing.append(f"{method.upper()} {path}")
    assert not missing, f"writes without If-Match: {missing}"
