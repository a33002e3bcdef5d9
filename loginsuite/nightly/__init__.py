"""The nightly drift check of the live sites without credentials.

``plugin``: verdicts per walk and the night's exit status (a pytest plugin, registered by the root
conftest); ``command``: ``python -m loginsuite nightly``; ``history``: the services × nights grid.
It reads outcomes, exception types and the walks' records only: it knows no page.
"""
