"""Login, logout and the second login step (TOTP)."""

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from entree.accounts import services
from entree.accounts.forms import EmailAuthenticationForm, TokenForm
from entree.accounts.middleware import start_session_clock
from entree.accounts.twofactor import mark_login, needs_second_step
from entree.core.errors import ApplicationError
from entree.core.types import AuthenticatedHttpRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        start_session_clock(self.request)
        mark_login(self.request)
        if needs_second_step(self.request):
            next_url = self.get_redirect_url()
            target = redirect("accounts:two_factor")
            if next_url:
                target["Location"] += "?" + urlencode({"next": next_url})
            return target
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule): a link cannot log somebody out behind their back."""


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    # qrcode writes the SVG itself from the device's own URL; nothing user-typed is in it.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One page for the second step: enter a code, or first set up the authenticator."""
    user = request.user
    has_device = TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    form = TokenForm(request.POST or None)

    # django-otp adds is_verified() to the user in its middleware; it is not on the model.
    if has_device and user.is_verified():  # type: ignore[attr-defined]
        return render(
            request,
            "accounts/two_factor_status.html",
            {"can_remove": not settings.ENTREE_REQUIRE_2FA},
        )

    if has_device:
        if request.method == "POST" and form.is_valid():
            device = services.totp_device_verify(user=user, token=form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                return redirect(_safe_next(request))
            form.add_error(
                "token", _("Deze code klopt niet of is verlopen. Probeer de volgende code.")
            )
        return render(
            request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
        )

    # No device yet: set one up.
    device = services.totp_device_prepare(user=user)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_device_confirm(user=user, token=form.cleaned_data["token"])
        except ApplicationError as error:
            form.add_error("token", error.message)
        else:
            otp_login(request, device)
            messages.success(request, _("Tweestapsverificatie is ingesteld."))
            return redirect(_safe_next(request))
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": settings.ENTREE_REQUIRE_2FA,
            "next": _safe_next(request),
        },
    )


@login_required
@require_http_methods(["POST"])
def two_factor_remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        services.totp_device_remove(user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Tweestapsverificatie is uitgezet."))
    return redirect("accounts:two_factor")
