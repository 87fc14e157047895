"""Pure functions of DataFrames: who was a party when (:mod:`.query`), the timelines (:mod:`.timelines`),
regional coverage (:mod:`.coverage`), time to deposit (:mod:`.durations`, :mod:`.survival`) and the
deposits around a window of days (:mod:`.eventstats`, :mod:`.eventwindows`).  Nothing here draws."""
