"""ASGI entry point (uvicorn ``habeas.web.config.asgi:application``)."""

import os

from django.core.asgi import get_asgi_application

from habeas.web.config.serving import refuse_insecure_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habeas.web.config.settings")

application = get_asgi_application()
# A serving process must not sign cookies with the public fallback key.
refuse_insecure_key()
