# Production image of the Entree volgsysteem. One image serves every role in
# docker-compose.yml: gunicorn (the default CMD), `manage.py migrate`, Celery worker and beat.
FROM python:3.11-slim-bookworm

# DJANGO_SETTINGS_MODULE: manage.py and the Celery app default to development settings, so
# the image says production itself. PYTHONPATH: the source tree in /app is what runs, because
# templates/, static/ and locale/ live next to the packages (BASE_DIR in entree/env.py).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=entree.settings.production

# WeasyPrint renders PDFs through Pango and HarfBuzz; DejaVu gives it readable fonts.
# gettext provides msgfmt for compilemessages below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

# The account the processes run as: no login shell, owns nothing in /app.
RUN groupadd --system entree \
    && useradd --system --gid entree --home-dir /app --shell /usr/sbin/nologin entree

WORKDIR /app

# Dependencies first, in a layer of their own, so a code change does not reinstall them.
# The list is read from pyproject.toml (runtime dependencies only, no dev extras).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# The project itself, then translations and static files. Production settings refuse to
# load without a long secret key and allowed hosts, nor with mail that is not sent; the dummy
# values below exist only for this RUN step and are not stored in the image's environment.
RUN pip install --no-deps . \
    && rm -rf build ./*.egg-info \
    && DJANGO_SECRET_KEY=build-time-only-dummy-key-not-used-at-runtime-0123456789abcdefghij \
       DJANGO_ALLOWED_HOSTS=localhost \
       ENTREE_LOCAL_RUN=true \
       python manage.py compilemessages -v 0 \
    && DJANGO_SECRET_KEY=build-time-only-dummy-key-not-used-at-runtime-0123456789abcdefghij \
       DJANGO_ALLOWED_HOSTS=localhost \
       ENTREE_LOCAL_RUN=true \
       python manage.py collectstatic --no-input -v 0

# Code, translations and static files stay owned by root: the app cannot modify itself.
# The one writable folder holds generated export files (a volume shared by web and worker).
RUN mkdir -p /app/media && chown entree:entree /app/media && chmod 700 /app/media
USER entree

EXPOSE 8000

# 2 cores: 3 processes keep both busy with headroom for the Celery worker and PostgreSQL on
# the same machine; 2 threads each cover the time spent waiting on PostgreSQL and Redis.
# 60 s timeout leaves room for a PDF rendered in a request (WeasyPrint: ~0.25 s per page).
# No access log: URLs can carry search terms (names), and logs hold no personal data.
CMD ["gunicorn", "entree.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "3", "--threads", "2", "--timeout", "60"]
