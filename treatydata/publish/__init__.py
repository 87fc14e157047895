"""What the package writes for people: the report (:mod:`.report`, its page and its chart files), the
export of the tables (:mod:`.export`), the rules for the folder either writes (:mod:`._outfolder`), the
one notebook runner (:mod:`._notebooks`) and the command line (:mod:`.cli`)."""
