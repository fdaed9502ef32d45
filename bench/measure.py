"""Measuring one command as a separate process: wall time, CPU time, peak memory, exit code.

The command runs under a small launcher process: the peak RSS of a child forked straight
from a large benchmark process (one that just generated 100,000 assignments) would include
the pages it inherited before exec.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_LAUNCHER = """
import os, sys, time
started = time.perf_counter()
out = sys.argv[1]
pid = os.fork()
if pid == 0:
    os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)
    os.execv(sys.argv[2], sys.argv[2:])
_pid, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
      os.waitstatus_to_exitcode(status))
"""


@dataclass
class Run:
    """One measured run."""

    seconds: float
    """Wall time."""
    cpu_seconds: float
    """User plus system time (less disturbed by other work on the machine)."""
    rss_mb: float
    """Peak resident memory."""
    code: int
    """Exit code."""


class TimedOut(Exception):
    """The command ran longer than its time limit and was killed."""


def measure(
    args: list[str],
    *,
    env: dict[str, str],
    stdout: Path | None = None,
    ok: tuple[int, ...] = (0,),
    timeout: float | None = None,
) -> Run:
    """Run ``args`` (stdout to ``stdout`` or /dev/null); fail loudly on an unexpected exit.

    With ``timeout``, a command still running after that many seconds is killed with its
    launcher (one process group) and :class:`TimedOut` is raised.
    """
    with subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, str(stdout or "/dev/null"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    ) as launcher:
        try:
            out, err = launcher.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.communicate()
            raise TimedOut(f"more than {timeout:g} s: {' '.join(args)}") from None
    if launcher.returncode != 0 or not out.strip():
        raise SystemExit(f"launcher failed: {' '.join(args)}: {err}")
    seconds, cpu, rss, code = out.split()
    if int(code) not in ok:
        raise SystemExit(f"failed ({code}): {' '.join(args)}: {err}")
    return Run(float(seconds), float(cpu), float(rss), int(code))
