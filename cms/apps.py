from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public site")

    def ready(self):
        from cms import practices

        # Granting and revoking the "Good practice authors" group with an association's editor roles.
        practices.connect_signals()
