"""What every bench ends with: the host it ran on, and one JSON document on stdout (and in ``--out``)."""
from __future__ import annotations

import json
import os
from pathlib import Path


def host(load_at_start: tuple[float, float, float], **extra) -> dict:
    """CPUs and load average at the start and the end of the run (plus ``extra`` figures)."""
    return {"cpus": os.cpu_count(), "loadavg_start": [round(x, 2) for x in load_at_start],
            "loadavg_end": [round(x, 2) for x in os.getloadavg()], **extra}


def emit(out: dict, path: str | None = None) -> None:
    """Print ``out`` as one JSON document; also write it to ``path`` when given."""
    text = json.dumps(out, indent=1)
    print(text)
    if path:
        Path(path).write_text(text)


def child_pids(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux ``/proc``; empty elsewhere or when it is gone)."""
    from pathlib import Path

    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out
