#!/usr/bin/env python3
"""A platform exporter scraped for real: every catalog metric of SOURCE must be on its /metrics.

The services' metrics are checked against real scrapes by the end-to-end test; this does the same for an
exporter kube-prometheus-stack runs that can also run on this machine (node_exporter reads /proc and /sys).

  scrape_platform.py SOURCE OUT_FILE -- COMMAND...   (COMMAND gets {port}: a free port to listen on)
"""
import socket
import subprocess
import sys
import time
import urllib.request

import obslib


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(source, out_file, *command):
    port = free_port()
    proc = subprocess.Popen([c.replace("{port}", str(port)) for c in command],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        body, deadline = None, time.time() + 30
        while body is None:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    obslib.report([f"{command[0]} did not serve /metrics: {proc.stderr.read()[-500:] if proc.poll() is not None else 'timeout'}"], "")
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(10)
    with open(out_file, "w") as f:
        f.write(body)
    scraped = {line.split("{")[0].split()[0] for line in body.splitlines() if line and not line.startswith("#")}
    known, problems = obslib.catalog()
    wanted = sorted(name for name, sources in known.items() if source in sources)
    if not wanted:
        problems.append(f"{obslib.CATALOG} lists no metric of {source}: nothing to check")
    problems += [f"{source}: {name} is in {obslib.CATALOG} but not on a real scrape of {command[0]} ({out_file})"
                 for name in wanted if name not in scraped]
    obslib.report(problems, f"{source}: the {len(wanted)} catalog metric(s) are all on a real scrape ({len(scraped)} series names, {out_file})")


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) < 4 or args[2] != "--":
        sys.exit(__doc__)
    main(args[0], args[1], *args[3:])
