"""Write operations on accounts: second-factor devices and login-attempt retention."""

from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from entree.accounts.models import User
from entree.core.errors import ApplicationError

TOTP_DEVICE_NAME = "authenticator-app"


@transaction.atomic
def totp_device_prepare(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, creating it when missing.

    Precondition: the user has no confirmed device yet (else there is nothing to set up).
    """
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        raise ApplicationError(_("Tweestapsverificatie is al ingesteld."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, token: str) -> TOTPDevice:
    """Confirm the device prepared by :func:`totp_device_prepare` with a first code."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ApplicationError(_("Er is geen authenticator in voorbereiding; begin opnieuw."))
    if not device.verify_token(token):
        raise ApplicationError(_("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def totp_device_remove(*, user: User) -> None:
    """Switch 2FA off for a user. Refused where 2FA is compulsory."""
    if settings.ENTREE_REQUIRE_2FA:
        raise ApplicationError(_("Tweestapsverificatie is verplicht en kan niet uit."))
    TOTPDevice.objects.filter(user=user).delete()


def totp_device_verify(*, user: User, token: str) -> TOTPDevice | None:
    """The confirmed device that accepts ``token``, or None. (Verifying moves the device's
    counter forward, so a code cannot be replayed.)"""
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def login_attempts_purge(*, now: datetime | None = None) -> int:
    """Delete failed-login records older than ``LOGIN_ATTEMPT_RETENTION_DAYS``.

    They hold e-mail addresses and IP addresses; we keep them only as long as useful
    for spotting an attack. Returns the number of rows removed.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.LOGIN_ATTEMPT_RETENTION_DAYS)
    removed, _detail = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    removed_logs, _detail = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return removed + removed_logs
