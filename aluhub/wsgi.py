import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aluhub.settings")
# Marks a serving process: settings then refuse to start without ALUHUB_SECRET_KEY.
os.environ["ALUHUB_SERVING"] = "1"
application = get_wsgi_application()
