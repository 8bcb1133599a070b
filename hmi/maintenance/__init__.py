"""Predictive maintenance, Qt-free: anomalies, equipment health, time to failure, replacement cycles and
process forecasts.

* :mod:`.features`  rolling statistics, vibration indicators (RMS, peak, crest factor, kurtosis, FFT bands),
  temperature rise rates;
* :mod:`.anomaly`   per-equipment multivariate detector fitted on healthy data, calibrated thresholds,
  persistence, per-sensor contributions (:class:`~.anomaly.AnomalyModel`, :class:`~.anomaly.OnlineDetector`);
* :mod:`.health`    health index 0-100 and its trend, time to a trip limit with a prediction band;
* :mod:`.rul`       remaining useful life from run-to-failure histories (small 1-D CNN ensemble, torch);
* :mod:`.weibull`   censored Weibull life analysis from the maintenance log, optimal age-replacement interval;
* :mod:`.forecast`  Holt forecast of a process value with prediction interval and limit advice;
* the `lineside maint ...` commands live in :mod:`hmi.commands.maint`.

Nothing heavy is imported here (torch only inside :mod:`.rul` functions).
"""
