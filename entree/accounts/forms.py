from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    """Login with an e-mail address; one message for every failure, so that the page
    does not reveal which e-mail addresses have an account."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van e-mailadres en wachtwoord is niet bekend. Controleer uw "
            "invoer en probeer het opnieuw."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met uw functioneel beheerder."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        min_length=6,
        max_length=6,
        help_text=_("Zes cijfers; de code verandert elke 30 seconden."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
        error_messages={
            "required": _("Vul de code van zes cijfers in."),
            "min_length": _("De code bestaat uit zes cijfers."),
            "max_length": _("De code bestaat uit zes cijfers."),
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("De code bestaat alleen uit cijfers."))
        return token
