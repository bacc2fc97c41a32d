"""Local server processes for the rehearsal: started with their output in a log file, stopped with SIGTERM."""
import os
import signal
import socket
import subprocess
import time
from pathlib import Path


def free_port():
    """A TCP port nobody listens on right now (tests never use fixed ports: others share the machine)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proc:
    """One server process; its stdout and stderr go to LOG_DIR/<name>.log."""

    def __init__(self, name, argv, log_dir, env=None, cwd=None):
        self.name, self.argv, self.env, self.cwd = name, [str(a) for a in argv], env, cwd
        self.log = Path(log_dir) / f"{name}.log"
        self.popen = None

    def start(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")
        # A new session: a Ctrl-C in the terminal reaches the rehearsal only, which then stops each server in order.
        self.popen = subprocess.Popen(self.argv, stdout=out, stderr=subprocess.STDOUT, env=self.env, cwd=self.cwd,
                                      start_new_session=True)
        out.close()
        return self

    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def check(self):
        """Raise with the end of the log if the process has exited."""
        if self.popen is not None and self.popen.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.popen.returncode}; last lines of {self.log}:\n"
                               + self.tail())

    def tail(self, lines=25):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout=15):
        if not self.alive():
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(5)


def wait_for(what, probe, timeout, procs=(), interval=0.5):
    """Poll probe() until it returns a true value; fail early if one of procs dies, or after timeout seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        for p in procs:
            p.check()
        try:
            result = probe()
            if result:
                return result
        except Exception as e:  # noqa: BLE001 - the probe's error is reported if the wait times out
            last = e
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}" + (f" (last error: {last})" if last else ""))
