"""Entry point of the frozen (PyInstaller) Lineside: the same `lineside` command as hmi.cli:main.

1. ``multiprocessing.freeze_support()`` first: a spawned child (the historian writer process) starts
   this executable again and must run its task, not the application.
2. On Windows torch is imported before anything loads Qt: since torch 2.9 its DLLs fail to
   initialise when Qt's were loaded first.  Elsewhere torch stays a lazy import (start-up time).
"""
import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    if sys.platform == "win32":
        try:
            import torch  # noqa: F401  (DLL initialisation order; see the docstring)
        except ImportError:  # the station bundle: no torch, the model runs on ONNX Runtime
            pass
    from hmi.cli import main

    raise SystemExit(main())
