"""The crash harness on the demo corpus: every input format, syndicated copies and a
non-English article (see crash_harness.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.store.crash_harness import run_harness


@pytest.mark.slow
def test_analyze_killed_at_every_commit_resumes_to_the_same_export_on_the_demo(
    tmp_path: Path,
) -> None:
    boundaries = run_harness(EXAMPLES, tmp_path, batch=6)
    assert boundaries >= 12
