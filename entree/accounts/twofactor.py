"""When a login needs the second step (TOTP), for pages and API alike."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

#: Session flag set at the password step: does this session still owe a TOTP code?
SESSION_FLAG = "entree_otp_required"


def second_step_required_for(user) -> bool:
    """Production requires 2FA of everybody; elsewhere only of users who switched it on."""
    if settings.ENTREE_REQUIRE_2FA:
        return True
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def mark_login(request) -> None:
    """Called right after a correct password: remember whether a code is still owed."""
    request.session[SESSION_FLAG] = second_step_required_for(request.user)


def needs_second_step(request) -> bool:
    """True for a session that passed the password but still owes a TOTP code.

    Token-authenticated API clients have no session and never owe a code.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    # OTPMiddleware adds is_verified(); a user object fresh from login() lacks it yet.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    owed = request.session.get(SESSION_FLAG)
    if owed is None:
        # A session made outside our login page (another login view, force_login): decide
        # now from the user's devices and remember it, so nobody skips the second step.
        owed = second_step_required_for(user)
        request.session[SESSION_FLAG] = owed
    return bool(owed)
