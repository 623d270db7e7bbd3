"""URLs: the API, the language switch, and every app's URLconf as the registry lists them
(``core.registry``; each app registers its own in ``AppConfig.ready()``)."""

from django.urls import include, path
from django.views.i18n import set_language

from config.api import api
from core.metrics import metrics_view
from core.registry import registry

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/sprog/", set_language, name="set_language"),
    path("metrics", metrics_view, name="metrics"),
    *(path(mount.prefix, include(mount.urlconf)) for mount in registry.url_mounts()),
]
