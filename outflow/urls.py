from django.urls import path

from outflow import public

#: Pages without login, at the site's root (entree.urls): a partner's confirmation link.
public_urlpatterns = [
    path("bevestigen/<str:token>/", public.confirm, name="confirm"),
]
