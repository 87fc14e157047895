"""For a class: exercises that check themselves (:mod:`.exercises`, with :mod:`.answers` saying what
form a wrong answer has) and interactive explorers around the chart builders (:mod:`.widgets`)."""
