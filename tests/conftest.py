"""Shared fixtures: the demo datasets loaded once per test that needs them."""

import pytest


@pytest.fixture
def demo(db):
    """BSPJI Palembang and BSPJI Pontianak, loaded from the shipped demo datasets."""
    from kinerja.demo.services import load_demo_datasets

    return load_demo_datasets()
