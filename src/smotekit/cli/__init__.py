"""The ``smotekit`` command line."""
