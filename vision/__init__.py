"""Lineside vision: X-ray / camera defect inspection with a compact CNN trained from scratch.

Qt-free and torch-lazy: importing this package (or ``vision.io``, ``vision.preprocess``,
``vision.synth``, ``vision.progress``) never imports torch; ``vision.model``/``train``/``evaluate``
import it when used, and ``vision.infer``/``registry``/``cli`` import it inside the functions that
need it.

Modules
    io          read 8/16-bit PNG/TIFF/JPEG -> float32 [0, 1] + metadata; ImageError on bad files
    preprocess  percentile normalisation, CLAHE, window/level, tiling and heatmap reassembly
    synth       synthetic X-ray radiographs of aluminium wheels/knuckles with defects and masks
    model       fully convolutional InspectNet (patch score and dense heatmap, one code path),
                model-file save/load with metadata
    train       training with augmentation, early stopping and threshold calibration
    evaluate    AUROC (Mann-Whitney), confusion matrix, threshold calibration
    infer       InferenceEngine: batched, GPU when present with CPU fallback, background submit()
    registry    file-based model registry (versions, metrics, activate, candidate-vs-active)
    progress    Progress token (cancel + progress callback) for background work
    cli         `lineside vision train|eval|infer`

Verdict rule (everywhere): ``score < warn`` -> ok, ``warn <= score < ng`` -> warn (inspector
review), ``score >= ng`` -> ng.
"""
