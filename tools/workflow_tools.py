#!/usr/bin/env python3
"""Every pinned tool a workflow job runs must be installed earlier in that job.

A GitHub runner starts with an empty tool cache (or one restored from an older pin), so a step that calls a pinned
tool, directly or through a make target, must install it first. For each job of each workflow this walks the `run:`
steps in order: a `tools/install.sh TOOL...` call installs tools; a `make TARGET...` call is expanded with
`make -n` (the commands make would run, prerequisites and sub-makes included) and walked line by line, following
the repository's shell scripts those lines call. A pinned tool's program used before its install is an error.

The programs of a tool are the `$DEST/<program>` names its recipe (tools/recipes/<tool>.sh) writes.

  tools/workflow_tools.py [WORKFLOW...]      (default: .github/workflows/*.yml)
"""

import glob
import os
import re
import shlex
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTALL = re.compile(r"tools/install\.sh((?:\s+--path)?)((?:\s+[a-z0-9][a-z0-9-]*)*)")
# Command separators and expansions a program name can follow or precede.
BEFORE = r"(?:^|[\s;&|(`/])"
AFTER = r"(?=$|[\s;&|)`])"


def programs():
    """program name -> pinned tool, from the recipes."""
    out = {}
    for recipe in sorted(glob.glob(os.path.join(ROOT, "tools/recipes/*.sh"))):
        tool = os.path.basename(recipe)[: -len(".sh")]
        with open(recipe) as f:
            for prog in set(re.findall(r"\$DEST/([A-Za-z0-9_.-]+)", f.read())):
                out[prog] = tool
    return out


# Uses that never happen in a workflow, with the reason.
NOT_RUN = {
    ("gitops/hack/handoff.sh", "tofu"): "reads tofu output only when called without arguments (make gitops-handoff, "
                                        "an operator's command); make gitops-handoff-check passes the values",
}


def strip_words(line):
    """Drop what names a tool without running it: messages, make target names, loop lists, strings."""
    line = re.sub(r"\becho\s+(\"[^\"]*\"|'[^']*'|[^;&|]*)", "echo", line)
    line = re.sub(r"\bmake\s+[A-Za-z0-9_-]+", "make", line)
    line = re.sub(r"\bfor\s+\w+\s+in\s+[^;]*;", "for;", line)
    return line.replace("=== ", "")


def repo_scripts(line, seen):
    """Shell scripts of this repository that a command line runs (in command position; each followed once)."""
    for word in re.findall(r"(?:^|[;&|(]|(?:^|\s)(?:bash|sh)\s)\s*([A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+\.sh)\b", line.strip()):
        path = os.path.normpath(os.path.join(ROOT, word))
        if path.startswith(ROOT + os.sep) and os.path.isfile(path) and path not in seen:
            seen.add(path)
            yield path


class Job:
    def __init__(self, where, progs):
        self.where, self.progs = where, progs
        self.installed, self.errors, self.seen = set(), [], set()

    def command(self, line, origin, script=None):
        for flag, names in INSTALL.findall(line):
            if not flag.strip():
                self.installed.update(names.split())
        text = strip_words(INSTALL.sub("tools/install.sh", line))
        for prog, tool in self.progs.items():
            if (script, prog) in NOT_RUN:
                continue
            if tool not in self.installed and re.search(BEFORE + re.escape(prog) + AFTER, text):
                self.errors.append(f"{self.where}: {origin} runs {prog} (tool {tool}) before installing it: {line.strip()[:120]}")
        for script in repo_scripts(text, self.seen):
            rel = os.path.relpath(script, ROOT)
            with open(script) as f:
                body = [l for l in f.read().splitlines() if not l.lstrip().startswith("#")]
            for l in body:
                self.command(re.sub(r'"[^"$`]*"', '""', l), f"{origin} -> {rel}", rel)

    def make(self, args, origin):
        env = dict(os.environ, MAKEFLAGS="")
        res = subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=ROOT, env=env,
                             capture_output=True, text=True)
        if res.returncode != 0:
            self.errors.append(f"{self.where}: `make -n {' '.join(args)}` failed: {res.stderr.strip()[-300:]}")
            return
        for line in res.stdout.splitlines():
            self.command(line, f"{origin} (make {' '.join(args)})")

    def run_step(self, script, name):
        origin = f"step '{name}'"
        for line in script.splitlines():
            for part in re.split(r"&&|\|\||;", line):
                try:
                    words = shlex.split(part, comments=True)
                except ValueError:  # a quote that opens on this line and closes on a later one
                    words = part.split()
                if words and words[0] == "make":
                    self.make(words[1:], origin)
                else:
                    self.command(part, origin)


def check(path, progs):
    with open(path) as f:
        workflow = yaml.safe_load(f)
    errors = []
    for job_id, job in (workflow.get("jobs") or {}).items():
        j = Job(f"{os.path.relpath(path, ROOT)} job {job_id}", progs)
        for i, step in enumerate(job.get("steps") or []):
            if "run" in step:
                j.run_step(step["run"], step.get("name") or f"#{i + 1}")
        errors += j.errors
    return errors


def main(argv):
    files = argv or sorted(glob.glob(os.path.join(ROOT, ".github/workflows/*.y*ml")))
    progs = programs()
    errors = [e for f in files for e in check(f, progs)]
    for e in errors:
        print("error: " + e)
    if errors:
        print(f"FAIL: {len(errors)} tool use(s) without an install in the same job (cold cache or pin bump: command not found)")
        return 1
    print(f"workflow tools: every pinned tool used in {len(files)} workflow(s) is installed first in its job")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
