from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Stages of the capability ladder (1 시작 … 4 선도); staff may configure the ladder later,
# so stage numbers are stored as plain integers within these bounds.
MIN_STAGE = 1
MAX_STAGE = 9
stage_validators = [MinValueValidator(MIN_STAGE), MaxValueValidator(MAX_STAGE)]


class CapabilityArea(models.Model):
    """One area of an organisation's IT capability, such as 인프라·보안."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("capability area")
        verbose_name_plural = _("capability areas")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
