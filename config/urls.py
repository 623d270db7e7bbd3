from django.urls import include, path
from django.views.i18n import set_language

from config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/sprog/", set_language, name="set_language"),
    path("konto/", include("accounts.urls")),
    path("", include("organizations.urls")),
    path("", include("portfolio.urls")),
    path("katalog/forslag/", include("portfolio.urls_review")),
    path("strategi/", include("advisor.urls")),
    path("business-cases/", include("businesscases.urls")),
    path("roadmaps/", include("roadmaps.urls")),
    path("beslutningsoplaeg/", include("papers.urls")),
    path("", include("interop.urls")),
]
