"""WSGI entry point (gunicorn ``habeas.web.config.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

from habeas.web.config.serving import refuse_insecure_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habeas.web.config.settings")

application = get_wsgi_application()
# A serving process must not sign cookies with the public fallback key.
refuse_insecure_key()
