"""Helpers for the hostile-input tests: run the real `scanner` entry point in this process.

`scanner_main` goes through `scanner.cli.main`, so the "internal error" catch-all is in the path:
a test that sees it knows bad input reached it.
"""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

INTERNAL = "internal error"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def assert_handled(self) -> None:
        """No traceback and no catch-all: the input was met with a message of its own."""
        for text in (self.out, self.err):
            assert "Traceback" not in text, text[-2000:]
            assert INTERNAL not in text, text[-2000:]


def scanner_main(*args: str | Path) -> Run:
    """`scanner ARGS...` in-process; returns the exit code and what was written."""
    from scanner.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["scanner", *map(str, args)]
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.argv = saved
    return Run(code, out.getvalue(), err.getvalue())


def scanner_process(*args: str | Path, timeout: float = 60, **kw: object) -> Run:
    """`scanner ARGS...` in a child process: for attacks that hang or kill (a FIFO, the OOM
    killer), where a timeout must turn a hang into a failure instead of a stuck test run."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=kw.pop("cwd", root),
        env=kw.pop("env", None),  # type: ignore[arg-type]
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def write_sheet(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path
