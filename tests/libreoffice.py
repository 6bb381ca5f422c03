"""LibreOffice Calc, headless, for the tests and the benches: many files converted in one start.

LibreOffice starts slowly (seconds), so every file of a test is converted by one process. Each
call uses its own profile (``-env:UserInstallation`` in a folder of the caller's), so that tests
running at once (pytest-xdist, other people's soffice) never share one, and that profile tells
Calc to recalculate every formula of a file it loads (``OOXMLRecalcMode`` 0: "always"), where
its default would trust the values cached in the file. ``soffice.bin`` is started directly
(not through the ``soffice`` script and its ``oosplash`` launcher) in a session of its own,
with Linux's ``PR_SET_PDEATHSIG`` so that it dies with its parent whatever ends the parent; a
conversion that outlives its time limit is killed with its whole process group.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
from pathlib import Path

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">
<prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


RESTART = 81  # soffice.bin's "restart me" (oosplash would start it again)


def soffice() -> str | None:
    """The ``soffice.bin`` program of the installed LibreOffice, or None."""
    script = shutil.which("soffice") or shutil.which("libreoffice")
    if not script:
        return None
    program = Path(os.path.realpath(script)).parent / "soffice.bin"
    return str(program) if program.is_file() else script


def _die_with_parent() -> None:
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def convert(files, out: Path, to: str = "xlsx", work: Path | None = None, timeout=300) -> list:
    """Convert ``files`` into folder ``out`` as ``to`` (``xlsx``: recalculated; ``pdf``) in one
    LibreOffice run; returns the converted files' paths, in the order of ``files``."""
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    files = [Path(f) for f in files]
    out.mkdir(parents=True, exist_ok=True)
    profile = (work or out) / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
    command = [
        program,
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--convert-to",
        to,
        "--outdir",
        str(out),
        *map(str, files),
    ]
    for _attempt in range(3):  # a new profile: soffice.bin sets it up, then asks for a restart
        code, log = _run(command, timeout)
        if code != RESTART:
            break
    made = [out / (f.stem + "." + to.split(":")[0]) for f in files]
    missing = [p.name for p in made if not p.is_file()]
    if code or missing:
        raise RuntimeError(f"soffice failed ({code}), missing {missing}: {log!r}")
    return made


def _run(command: list[str], timeout: float) -> tuple[int, bytes]:
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )
    try:
        log, _ = process.communicate(timeout=timeout)
    finally:
        try:  # whatever it left behind in its session, too
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
    return process.returncode, log
