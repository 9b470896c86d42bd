"""The UI language: Dutch, unless the user chose English in the footer."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language the user picked (remembered in the language cookie), else Dutch.

    Deliberately not the browser's Accept-Language: the product is Dutch-first and a
    school computer or a phone set to English must not turn the login page English for a
    Dutch team. Whoever wants English says so once and the choice is kept.
    """
    choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if choice in dict(settings.LANGUAGES):
        return choice
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Django's ``LocaleMiddleware`` without the browser's preference (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
