#!/usr/bin/env python3
"""Times commands in alternation: A B C, A B C, ... for --runs rounds.

On a shared 2-core VM the speed of the machine drifts by 20-30% from one
minute to the next, so timing one tool's runs back to back and then the
other's compares two different machines. Alternating them exposes every
command to the same drift; the median (and the minimum, the run least
disturbed) of each is then comparable.

    bench/interleave.py --runs 7 --json out.json \\
        --cmd session-impact 'session-impact scan tree -f json' \\
        --cmd ast-grep 'ast-grep scan -c sgconfig.yml tree --json=compact'

Prints, per command: median and minimum wall time, median CPU time (user +
system of the command and its children), peak RSS, and each median as a
ratio of the first command's. Output of the commands goes to /dev/null.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(command):
    """Wall seconds, CPU seconds and peak RSS (MB) of one run of `command`."""
    start = time.perf_counter()
    # wait4 gives this run's own usage (CPU, peak RSS), children included.
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp("bash", ["bash", "-c", command])
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (page cache)")
    parser.add_argument("--json", help="write the measurements here")
    parser.add_argument("--cmd", nargs=2, action="append", metavar=("NAME", "COMMAND"), required=True)
    args = parser.parse_args()

    names = [name for name, _ in args.cmd]
    for _ in range(args.warmup):
        for _, command in args.cmd:
            run_once(command)
    samples = {name: [] for name in names}
    for round_ in range(args.runs):
        # Rotate the starting command too, so none always runs first.
        order = args.cmd[round_ % len(args.cmd):] + args.cmd[:round_ % len(args.cmd)]
        for name, command in order:
            wall, cpu, rss, code = run_once(command)
            if code not in (0, 1):
                print(f"interleave: {name} exited with {code}: {command}", file=sys.stderr)
            samples[name].append({"wall": wall, "cpu": cpu, "rss_mb": rss})

    first = statistics.median(s["wall"] for s in samples[names[0]])
    first_cpu = statistics.median(s["cpu"] for s in samples[names[0]])
    print(f"{'command':<16}{'median s':>10}{'min s':>8}{'CPU s':>8}{'peak RSS MB':>13}"
          f"{'wall ratio':>12}{'CPU ratio':>11}")
    for name in names:
        walls = [s["wall"] for s in samples[name]]
        cpus = [s["cpu"] for s in samples[name]]
        rss = max(s["rss_mb"] for s in samples[name])
        med, cpu = statistics.median(walls), statistics.median(cpus)
        print(f"{name:<16}{med:>10.3f}{min(walls):>8.3f}{cpu:>8.2f}{rss:>13.0f}"
              f"{med / first:>11.2f}x{cpu / first_cpu:>10.2f}x")
    print(f"({args.runs} alternating rounds; ratios are each command's median over {names[0]}'s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"runs": args.runs, "samples": samples}, f, indent=1)


if __name__ == "__main__":
    main()
