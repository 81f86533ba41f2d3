from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, *, using, apps=None, **kwargs):
    from musuc.roles import grant_role_permissions

    # flush sends post_migrate without the migrated state: the models are the live ones then.
    grant_role_permissions(apps or global_apps, using=using)


class MusucConfig(AppConfig):
    name = "musuc"
    verbose_name = _("Staff and teams")

    def ready(self):
        # The historical data migrations made the groups; ROLE_PERMISSIONS is the one table of
        # what they hold now, applied after every migrate (and every test flush) so that the
        # database always matches it. A migration could not import the table: it must give
        # the same result forever, and the table changes.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="musuc.sync_roles")
        from musuc import sessions  # noqa: F401  (its receiver stamps each sign-in)


class MusucAdminConfig(AdminConfig):
    default_site = "musuc.admin_site.MusucAdminSite"
