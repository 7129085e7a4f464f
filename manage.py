#!/usr/bin/env python
"""Django's command-line utility for administrative tasks (``./manage.py migrate``)."""

import os
import sys


def main() -> None:
    """Run a Django management command with habeas' settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habeas.web.config.settings")
    from django.core.management import execute_from_command_line

    if len(sys.argv) > 1 and sys.argv[1] == "runserver":
        import django

        from habeas.web.config.serving import refuse_insecure_key

        django.setup()
        refuse_insecure_key()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
