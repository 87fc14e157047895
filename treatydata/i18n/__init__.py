"""Every text a reader sees, in English and Chinese: :mod:`.labels` over the CSV files of ``glossary/``."""
