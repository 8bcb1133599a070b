"""Fixtures for the vision tests: synthetic data only (the real GDXray set is never needed)."""
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_MODEL = ROOT / "resources" / "models" / "xray_demo.pt"


@pytest.fixture(scope="session", autouse=True)
def _few_threads():
    try:
        import torch

        torch.set_num_threads(2)
    except ImportError:  # pragma: no cover
        pass


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory) -> Path:
    """A small labelled folder: ok/, defect/, masks/ with 96x96 synthetic radiographs."""
    from vision import synth

    d = tmp_path_factory.mktemp("synth")
    synth.make_dataset(d, 8, 8, size=96, seed=3)
    return d


@pytest.fixture(scope="session")
def tiny_model(synth_dir, tmp_path_factory) -> Path:
    """A model trained for 2 epochs on ``synth_dir`` (fast; not accurate)."""
    from vision.train import train

    out = tmp_path_factory.mktemp("models") / "tiny.pt"
    train(synth_dir, out, epochs=2, device="cpu", seed=0, width=8, crops_per_image=4, val_fraction=0.25)
    return out


@pytest.fixture(scope="session")
def demo_model() -> Path:
    if not DEMO_MODEL.is_file():
        pytest.skip(f"shipped demo model missing: run resources/train_demo_model.py ({DEMO_MODEL})")
    return DEMO_MODEL


@pytest.fixture
def corrupt_png(tmp_path) -> Path:
    p = tmp_path / "corrupt.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(np.random.default_rng(0).integers(0, 255, 200, dtype=np.uint8)))
    return p
