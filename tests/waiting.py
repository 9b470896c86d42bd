"""Waiting for a real worker or server: poll a condition until it holds or time runs out."""

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], object], seconds: float = 60.0) -> bool:
    """True as soon as ``condition()`` is true; False after ``seconds`` without."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False
