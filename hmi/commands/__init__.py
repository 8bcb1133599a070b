"""The `lineside` sub-commands beyond running the station: ``kpi``, ``maint``, ``trace`` (each with its own
``add_parser``), and :mod:`.common`, what every command shares.  :mod:`hmi.cli` registers them. Qt-free."""
