"""Maintenance tests: synthetic data only, one torch thread (the machine is shared)."""
import numpy as np
import pytest


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread():
    try:
        import torch
    except ImportError:  # pragma: no cover
        yield
        return
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)


@pytest.fixture
def rng():
    return np.random.default_rng(12345)
