"""Decision support that ships with a model: what a score means for a reviewer.

- :mod:`.calibration`: calibrators fitted on validation (``calibration.json``).
- :mod:`.operating_points`: thresholds chosen for a capacity or a precision.
- :mod:`.bands`: the one writer and reader of ``operating_points.json`` and the bands.
- :mod:`.cases`: ``score_cases()``, the one path from calibrated probabilities to a reviewer's
  answer, used by ``predict``, batch scoring, ``evaluate`` and the service.
"""
