from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Systemportefølje")

    def ready(self) -> None:
        from core.registry import registry
        from portfolio import permissions  # noqa: F401 - registers the roles' permissions

        registry.app(self, order=30, urls="", api=True, card="portfolio_card", menu=MENU)
        registry.urls("katalog/forslag/", "portfolio.urls_review", order=40)
        registry.api("portfolio.api.dpr:router", order=31)
        registry.api("portfolio.api.analyses:legacy_router", prefix="/analysis", order=32)
        registry.api("portfolio.api.analyses:router", order=33)
        registry.due("contract_notice", "portfolio.due:contract_notices", order=10)
        registry.due("dpr_oversight", "portfolio.due:dpr_oversights", order=20)
        registry.seeder(
            "portfolio",
            "portfolio.demo:seed_portfolio_demo",
            order=100,
            national="portfolio.demo:seed_national",
        )


MENU = tuple(
    (f"portfolio:{name}", label, "portfolio.view", 100 + n, f"portfolio:{name.rsplit('_', 1)[0]}_")
    for n, (name, label) in enumerate(
        [
            ("usage_list", _("Systemer")),
            ("catalog_list", _("Systemkatalog")),
            ("contract_list", _("Kontrakter")),
            ("dpr_list", _("Databehandling")),
            ("integration_list", _("Integrationer")),
            ("process_list", _("Processer")),
            ("vendor_list", _("Leverandører")),
            ("analysis_index", _("Analyser")),
        ]
    )
)
