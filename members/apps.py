from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        # Not limited to this app's signal: the presidency's permissions are created after ours.
        post_migrate.connect(_ensure_secretariat)


def _ensure_secretariat(sender, **kwargs):
    # Model permissions only exist after migrate has created them, hence post_migrate.
    from members.services import secretariat_group_ensure

    secretariat_group_ensure()
