from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PresidencyConfig(AppConfig):
    name = "presidency"
    verbose_name = _("Presidency")

    def ready(self):
        from presidency import receivers  # noqa: F401  (connects to members' signals)
