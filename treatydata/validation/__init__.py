"""Proof that the curated tables reconcile with the raw annex and with each other: :func:`.validate.validate`
runs the named checks of :mod:`.annex_checks` and :mod:`.table_checks`, which register themselves in
:mod:`.registry`; ``validated.sha256`` records the hashes of the data that passed."""
