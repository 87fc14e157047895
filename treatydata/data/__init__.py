"""The curated tables as users read them: one guarded loader per table (:mod:`.load`), the
ratifications under every reading the annex allows (:mod:`.readings`) and the few facts code needs
as values (:mod:`.facts`).  Above :mod:`treatydata.validation`: every loader refuses data that fail it."""
