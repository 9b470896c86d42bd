from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "entree.accounts"
    label = "accounts"
    verbose_name = "Accounts en teams"
