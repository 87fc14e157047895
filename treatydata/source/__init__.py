"""The data as files, below everything that judges them: where they live (:mod:`._paths`), reading one
safely (:mod:`._files`), the schema and the typed readers of the curated tables (:mod:`.schema`,
:mod:`._read`), the entry-into-force rule (:mod:`.rules`), and the raw annex parsed and built into
the curated ratifications table (:mod:`.annex`, :mod:`.totals`, :mod:`.build`)."""
