from django.urls import path

from entree.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("tweestapsverificatie/", views.two_factor, name="two_factor"),
    path("tweestapsverificatie/uitzetten/", views.two_factor_remove, name="two_factor_remove"),
]
