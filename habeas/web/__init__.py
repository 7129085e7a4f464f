"""The Django project: the system of record (sources, imports, records, people).

The analysis library never imports this package; the CLI imports it inside the commands
that touch the database, through :func:`habeas.web.bootstrap.setup`.
"""
