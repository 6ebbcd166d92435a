"""The crash harness on real text: the five seed articles (see crash_harness.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.crash_harness import run_harness


@pytest.mark.slow
def test_analyze_killed_at_every_commit_resumes_to_the_same_export_on_the_seeds(
    seeds_dir: Path, tmp_path: Path
) -> None:
    boundaries = run_harness(seeds_dir, tmp_path, batch=2)
    assert boundaries >= 10
