"""Predictive maintenance, Qt-free: anomalies, equipment health, time to failure, replacement cycles and
process forecasts.

* :mod:`.features`  rolling statistics, vibration indicators (RMS, peak, crest factor, kurtosis, FFT bands),
  temperature rise rates;
* :mod:`.detectors` the detector family the station and `maint score` run: level, drift, step-noise and spike
  channels, a threshold for a false-event rate per unit of time, per-sensor contributions, batch and row by row
  (:class:`~.detectors.DetectorFamily`, :class:`~.detectors.OnlineFamily`);
* :mod:`.anomaly`   the older single detector (robust max-z or PCA) and the persistence and back-dating both use;
* :mod:`.scorer`    the live scorer: fit policy, health, anomaly alarms, times to limits, forecast advice;
* :mod:`.health`    health index 0-100 and its trend, time to a trip limit with a prediction band;
* :mod:`.rul`       remaining useful life from run-to-failure histories (small 1-D CNN ensemble, torch);
* :mod:`.weibull`   censored Weibull life analysis from the maintenance log, optimal age-replacement interval;
* :mod:`.forecast`  Holt forecast of a process value with prediction interval and limit advice;
* :mod:`.advice`    what to do about a value's forecast, in words, with the setpoint change that keeps it in;
* the `lineside maint ...` commands live in :mod:`hmi.commands.maint`.

Nothing heavy is imported here (torch only inside :mod:`.rul` functions).
"""
