"""Chart builders (Altair), the project's theme, offline rendering and export.

Builders take the tidy DataFrames of :mod:`treatydata.analysis.timelines` and return Altair charts; they
never display, save or load data.  Every chart carries a title, axis titles and the source
caption, in English (``lang="en"``, the default) or Chinese (``lang="zh"``, with the annex's own
names), and its kind in ``usermeta.treatydata.kind``.  Import this package only when you want
charts: ``import treatydata`` does not load Altair.

- :mod:`.theme`: theme, colours, fonts, titles;  :mod:`.render`: how charts are shown and saved;
- builders by notebook: :mod:`.timelines` (00, 01), :mod:`.regional` (02), :mod:`.events` (03),
  :mod:`.survival` (01, 02: Kaplan-Meier curves, hazard ratios), :mod:`.history` (03).
"""

from .events import before_after_chart, counterfactual_chart, weekly_deposits_chart, window_distribution_chart
from .history import delay_curve_chart, excess_chart, forest_chart, sensitivity_chart
from .regional import (
    coverage_over_time_chart,
    group_shares_chart,
    status_heatmap_chart,
    status_map_chart,
    status_map_spec,
)
from .render import offline_html, save, setup
from .survival import hazard_ratio_chart, km_chart
from .theme import SOURCE, THEME, instrument_labels
from .timelines import cumulative_parties_chart, deposits_per_year_chart, protocol_delays_chart, status_chart

# The builders and what a notebook needs beside them (tests/test_arguments.py has a case for each);
# everything else is read from the module that defines it (charts.theme.chart_kind, ...).
__all__ = [
    "SOURCE",
    "THEME",
    "before_after_chart",
    "counterfactual_chart",
    "coverage_over_time_chart",
    "cumulative_parties_chart",
    "delay_curve_chart",
    "deposits_per_year_chart",
    "excess_chart",
    "forest_chart",
    "group_shares_chart",
    "hazard_ratio_chart",
    "instrument_labels",
    "km_chart",
    "offline_html",
    "protocol_delays_chart",
    "save",
    "sensitivity_chart",
    "setup",
    "status_chart",
    "status_heatmap_chart",
    "status_map_chart",
    "status_map_spec",
    "weekly_deposits_chart",
    "window_distribution_chart",
]
