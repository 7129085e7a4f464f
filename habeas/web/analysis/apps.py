"""App configuration of :mod:`habeas.web.analysis`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "habeas.web.analysis"
    label = "analysis"
    verbose_name = _("Analysis")
    default_auto_field = "django.db.models.BigAutoField"
