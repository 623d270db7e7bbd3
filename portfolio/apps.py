from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Systemportefølje")

    def ready(self) -> None:
        from core.registry import registry
        from portfolio import permissions  # noqa: F401 - registers the roles' permissions

        registry.urls("", "portfolio.urls", order=30)
        registry.urls("katalog/forslag/", "portfolio.urls_review", order=40)
        registry.api("portfolio.api:router", order=20)
        registry.api("portfolio.api.dpr:router", order=30)
        registry.api("portfolio.api.analyses:legacy_router", prefix="/analysis", order=40)
        registry.api("portfolio.api.analyses:router", order=45)
        registry.card("portfolio.dashboard:portfolio_card", order=20)
        registry.seeder(
            "portfolio",
            "portfolio.demo:seed_portfolio_demo",
            order=100,
            national="portfolio.demo:seed_national",
        )
        registry.audited("portfolio", order=30)
        for order, (url_name, label) in enumerate(
            [
                ("portfolio:usage_list", _("Systemer")),
                ("portfolio:catalog_list", _("Systemkatalog")),
                ("portfolio:contract_list", _("Kontrakter")),
                ("portfolio:dpr_list", _("Databehandling")),
                ("portfolio:integration_list", _("Integrationer")),
                ("portfolio:process_list", _("Processer")),
                ("portfolio:vendor_list", _("Leverandører")),
                ("portfolio:analysis_index", _("Analyser")),
            ]
        ):
            registry.menu(url_name, label, permission="portfolio.view", order=100 + order)
