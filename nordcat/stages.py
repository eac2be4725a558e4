"""Seconds per stage of a long job (build, publish), for its report line: where a slow night went."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Stages(dict[str, float]):
    """Stage name -> seconds, in the order the stages first ran; a stage timed twice adds up."""

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self[stage] = self.get(stage, 0.0) + time.monotonic() - started

    def line(self, total: float) -> str:
        """'map 1.2, merge 3.4, ..., the rest 0.1' (seconds): the rest is what no stage timed."""
        timed = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in self.items())
        return f"{timed}, the rest {max(total - sum(self.values()), 0.0):.1f}"
