"""A local git server (git daemon) holding this repository, for ArgoCD to read and for the hand-off to be pushed to."""
import subprocess
from pathlib import Path

from procs import Proc, free_port, wait_for


def git(*args, cwd, check=True):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def snapshot(repo: Path, dest: Path):
    """A clone of REPO's HEAD plus its working-tree changes (tracked and new files, deletions), committed on top:
    the rehearsal tries what is in the working tree, not only what is committed."""
    git("clone", "--quiet", "--no-hardlinks", str(repo), str(dest), cwd=repo.parent)
    # Commits in the snapshot (the published hand-off) need an author even on a machine without a git identity.
    git("config", "user.name", "rehearsal", cwd=dest)
    git("config", "user.email", "rehearsal@localhost", cwd=dest)
    changed = git("ls-files", "-z", "--modified", "--others", "--exclude-standard", cwd=repo).split("\0")
    deleted = set(git("ls-files", "-z", "--deleted", cwd=repo).split("\0"))
    for rel in filter(None, changed):
        src, dst = repo / rel, dest / rel
        if rel in deleted or not src.is_file():
            dst.unlink(missing_ok=True)
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(src.read_bytes())
        dst.chmod(src.stat().st_mode)
    git("add", "-A", cwd=dest)
    if git("status", "--porcelain", cwd=dest).strip():
        git("commit", "--quiet", "-m", "Working-tree changes under rehearsal", cwd=dest)


class GitServer:
    """git daemon on a free port serving ROOT/<name>.git; pushes are allowed (the hand-off is pushed to it)."""

    def __init__(self, work: Path, name="kubeflow-ops"):
        self.root = work / "git"
        self.bare = self.root / f"{name}.git"
        self.port = free_port()
        self.url = f"git://127.0.0.1:{self.port}/{name}.git"
        self.proc = None

    def start(self, log_dir: Path):
        self.root.mkdir(parents=True, exist_ok=True)
        git("init", "--quiet", "--bare", "--initial-branch=main", str(self.bare), cwd=self.root)
        self.proc = Proc("git-daemon", ["git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack",
                                        "--informative-errors", f"--base-path={self.root}", "--listen=127.0.0.1",
                                        f"--port={self.port}", str(self.root)], log_dir).start()
        wait_for("git daemon", lambda: subprocess.run(["git", "ls-remote", self.url], capture_output=True)
                 .returncode == 0, 30, [self.proc])

    def stop(self):
        if self.proc:
            self.proc.stop()
