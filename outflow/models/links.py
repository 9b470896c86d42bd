"""What every one-time link of this app shares: a partner's confirmation link and a
leaver's check-in link. Only the SHA-256 of the random token is stored; the token itself
is in the message and nowhere else. A link works once (``used_at``), until it expires or
is withdrawn (``expires_at`` set to the moment of withdrawal)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OneTimeLink(models.Model):
    token_hash = models.CharField(max_length=64, unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verstuurd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)

    class Meta:
        abstract = True
