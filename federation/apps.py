from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "federation"
    verbose_name = _("Federation")

    def ready(self):
        from federation import page_cache, receivers  # noqa: F401  (receivers log signing in and out)

        page_cache.connect_signals()
