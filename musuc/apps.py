from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class MusucConfig(AppConfig):
    name = "musuc"
    verbose_name = _("Staff and teams")


class MusucAdminConfig(AdminConfig):
    default_site = "musuc.admin_site.MusucAdminSite"
