"""Settings per environment: ``development`` (default for manage.py), ``test`` and
``production``. All read their values through :mod:`entree.env`."""
