from django.urls import path

from outflow import public, views

app_name = "outflow"

# Under /studenten/<uuid>/uitstroom/: the outflow tab of the student page.
urlpatterns = [
    path("", views.outflow, name="outflow"),
    path("registreren/", views.register, name="register"),
    path("corrigeren/", views.correct, name="correct"),
    path("checklist/", views.checklist, name="checklist"),
    path("partner/", views.partner_new, name="partner_new"),
    path("partner/<uuid:partner>/", views.partner, name="partner"),
    path("partner/<uuid:partner>/overdracht.pdf", views.partner_pdf, name="partner_pdf"),
    path("afronden/", views.close, name="close"),
]

#: Pages without login, at the site's root (entree.urls): a partner's confirmation link.
public_urlpatterns = [
    path("bevestigen/<str:token>/", public.confirm, name="confirm"),
]
