"""Event history of ratification, one way down: the risk set (:mod:`.risk`), the cells a model is fitted
to (:mod:`.cells`), the discrete-time hazard model (:mod:`.model`), over it the scan for bursts
(:mod:`.scan`) and the bounds of the event's figures (:mod:`.bounds`), and over those the figures refitted
for each of the analyst's choices (:mod:`.robustness`)."""
