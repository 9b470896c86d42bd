"""When a login needs the second step (TOTP), for pages and API alike."""

from django.conf import settings
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from entree.accounts.models import User

#: Session flag set at the password step: does this session still owe a TOTP code?
SESSION_FLAG = "entree_otp_required"


def second_step_required_for(user: User) -> bool:
    """Production requires 2FA of everybody; elsewhere only of users who switched it on."""
    if settings.ENTREE_REQUIRE_2FA:
        return True
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def mark_login(request: HttpRequest) -> None:
    """Called right after a correct password: remember whether a code is still owed."""
    user = request.user
    request.session[SESSION_FLAG] = isinstance(user, User) and second_step_required_for(user)


def needs_second_step(request: HttpRequest) -> bool:
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
