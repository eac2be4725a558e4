"""The memory a command needs: its own process's peak, and the peak of its whole process tree.

os.wait4's ru_maxrss is not the process's own peak: Linux reports the largest of the process and
of every descendant it waited for (a build's mapping workers, publish's normalising workers,
`datasette inspect`), and a process carries over, through fork and exec, the peak of the one that
started it (`python -c pass` started by a process holding 1 GB reports 1 GB; the benchmark holds
gigabytes after comparing a build with a full merge). So the tree is sampled while the command
runs: the process's own high-water mark (VmHWM, which starts afresh at exec), and the resident
memory of the process and all its descendants summed at each sample. A page two members share
is counted in each, so the sum is an upper bound; a peak shorter than the interval can fall
between two samples.
"""
from __future__ import annotations

import threading
from pathlib import Path

INTERVAL_S = 0.5
PROC = Path("/proc")


class TreeMemory:
    """Samples a running process and its descendants until the block ends (MB)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.own_peak_mb = 0.0
        self.tree_peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample_until_stopped(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(INTERVAL_S):
                return

    def sample(self) -> None:
        own = _status_kb(self.pid, "VmHWM")
        if own is None:  # exited (a zombie has no memory lines)
            return
        tree = sum(_status_kb(pid, "VmRSS") or 0 for pid in [self.pid, *descendants(self.pid)])
        self.own_peak_mb = max(self.own_peak_mb, own / 1024)
        self.tree_peak_mb = max(self.tree_peak_mb, tree / 1024)


def descendants(pid: int) -> list[int]:
    """The process's children, their children and so on (from every process's parent id: this
    kernel has no /proc/PID/task/TID/children)."""
    children: dict[int, list[int]] = {}
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # the name in brackets may hold spaces
        except (OSError, IndexError):  # gone meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], list(children.get(pid, []))
    while queue:
        child = queue.pop()
        found.append(child)
        queue.extend(children.get(child, []))
    return found


def _status_kb(pid: int, field: str) -> int | None:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None
