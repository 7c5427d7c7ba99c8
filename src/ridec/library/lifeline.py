"""Build workers end when the build's main process ends, however it ends.

A worker blocked on its job queue would otherwise outlive a main process killed with SIGKILL
(or SIGTERM, which Python does not turn into an exception), and go on writing into DIST. Two
independent guards, each enough on its own:

- on Linux, the kernel sends the worker SIGKILL when the process that started it ends
  (`PR_SET_PDEATHSIG`), even while the worker is deep in a computation that holds the GIL;
- everywhere, a daemon thread waits on the pipe multiprocessing keeps open from the parent
  (`parent_process().sentinel`), which reaches end-of-file when the parent is gone, and ends
  the worker at once.

Workers also ignore SIGINT: a Ctrl-C reaches the whole process group, and the main process
alone decides what to do with it (it stops the workers).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing.connection import wait

PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>."""
GONE_EXIT = 70
"""A worker's exit status when its parent was gone (EX_SOFTWARE)."""


def follow_parent() -> None:
    """Make this process (a build worker) end as soon as its parent does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    _kill_on_parent_death(parent.pid)
    sentinel = parent.sentinel
    watcher = threading.Thread(
        target=_end_when_ready, args=(sentinel,), name="ridec-parent-watch", daemon=True
    )
    watcher.start()


def _kill_on_parent_death(parent_pid: int | None) -> None:
    """Ask Linux for SIGKILL when the parent ends; end now if it already has."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl: the watcher suffices
        return
    # A parent that died before the request above was made sends no signal: a forked
    # worker then has a new parent already. (Under forkserver the parent is the server,
    # which ends with the main process: the signal still comes, one step later.)
    forked = multiprocessing.get_start_method(allow_none=True) == "fork"
    if forked and os.getppid() != parent_pid:
        os._exit(GONE_EXIT)


def _end_when_ready(sentinel: int) -> None:
    wait([sentinel])
    os._exit(GONE_EXIT)
