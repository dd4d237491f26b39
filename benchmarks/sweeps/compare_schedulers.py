#!/usr/bin/env python3
"""The same sweep three ways — exhaustive at full epochs, successive halving, successive halving with 2 worker
processes — through `mlnetcnn sweep` on a CIFAR-10 subset, side by side in one run.

For each way it reports the wall time, the best validation accuracy found (with its 95 % interval) and whether the
configuration that won is the exhaustive sweep's winner, or one within the winner's interval. The issue's goal:
successive halving finds the exhaustive winner (or one within its interval) in at most 40 % of the exhaustive time.

Run from the repository root on a quiet machine, after `dotnet build samples/MlNetCnn.Cli -c Release`:

    python3 benchmarks/sweeps/compare_schedulers.py --data-dir ../shared/data/cifar10 [--limit 5000] [--epochs 9]

It writes the table to benchmarks/results/sweeps.md (and the raw figures to sweeps.json); the sweeps' folders, with
their leaderboards and charts, are kept under --work (default: a temporary folder).
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RESULTS = os.path.join(ROOT, "benchmarks", "results")


def tool():
    found = sorted(glob.glob(os.path.join(ROOT, "samples", "MlNetCnn.Cli", "bin", "Release", "net*", "**", "mlnetcnn.dll"), recursive=True))
    if not found:
        sys.exit("mlnetcnn.dll not found: run `dotnet build samples/MlNetCnn.Cli -c Release` first")
    return found[-1]


def sweep(dll, args, out):
    command = ["dotnet", dll, "sweep", *args, "--out", out]
    clock = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True)
    seconds = time.monotonic() - clock
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {run.returncode}:\n{run.stderr[-3000:]}")
    with open(os.path.join(out, "leaderboard.json")) as f:
        board = json.load(f)
    completed = [row for row in board if row["state"] == "completed"]
    return seconds, completed, " ".join(command)


def key(row):
    return (row["architecture"], json.dumps(row.get("settings"), sort_keys=True), json.dumps(row.get("options"), sort_keys=True))


def describe(row):
    parts = [row["architecture"]]
    parts += [f"{k}={v}" for k, v in (row.get("settings") or {}).items()]
    parts += [f"{k}={v}" for k, v in (row.get("options") or {}).items()]
    return " ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", required=True, help="folder of the CIFAR-10 binary files")
    parser.add_argument("--limit", type=int, default=5000, help="training images (a fifth held out for validation)")
    parser.add_argument("--epochs", type=int, default=9)
    parser.add_argument("--archs", default="lenet5_relu,cifarnet,resnet9,mobilenet_v1")
    parser.add_argument("--set", default="resnet9:width=16")
    parser.add_argument("--lr", default="0.01,0.05,0.2")
    parser.add_argument("--work", default=None, help="folder for the three sweeps' outputs")
    a = parser.parse_args()

    dll = tool()
    work = a.work or tempfile.mkdtemp(prefix="mlnetcnn-sweep-bench-")
    # An upper bound: the grid ends when every configuration has been proposed.
    trials = len(a.archs.split(",")) * len(a.lr.split(",")) * (len(a.set.split("=", 1)[-1].split(",")) if a.set else 1)
    common = ["--data", "cifar10", "--data-dir", a.data_dir, "--limit", str(a.limit), "--image-size", "32",
              "--arch", a.archs, "--lr", a.lr, "--tuner", "grid", "--trials", str(trials), "--epochs", str(a.epochs),
              "--test-top", "1", "--seed", "1", "--quiet"]
    if a.set:
        common += ["--set", a.set]
    ways = [
        ("exhaustive", "exhaustive, full epochs", ["--scheduler", "none"]),
        ("sha", "successive halving (eta 3, from 1 epoch)", ["--scheduler", "sha", "--min-epochs", "1", "--eta", "3"]),
        ("sha-2-workers", "successive halving, 2 worker processes", ["--scheduler", "sha", "--min-epochs", "1", "--eta", "3", "--workers", "2"]),
    ]
    rows = []
    for folder, name, extra in ways:
        out = os.path.join(work, folder)
        seconds, completed, command = sweep(dll, common + extra, out)
        # The document shows the command as run from the repository root, without this machine's paths.
        command = command.replace(dll, os.path.relpath(dll, ROOT)).replace(out, "WORK/" + folder)
        best = max(completed, key=lambda r: r["accuracy"])
        rows.append({"way": name, "seconds": seconds, "best": best, "completed": len(completed), "command": command})
        print(f"{name}: {seconds:.0f} s, best {describe(best)} {best['accuracy']:.4f}", flush=True)

    winner = rows[0]["best"]
    low, high = winner["accuracy_low"], winner["accuracy_high"]
    lines = [
        "# Sweeps: successive halving against an exhaustive sweep",
        "",
        f"CIFAR-10, first {a.limit} training images (a fifth held out, stratified), 32×32; {rows[0]['completed']} configurations "
        f"({a.archs}; {a.set}; learning rates {a.lr}), grid tuner, {a.epochs} epochs for a full run; this machine, one run.",
        "",
        "| way | wall time | share of exhaustive | trials completed | best configuration | validation accuracy [95 %] | exhaustive winner? |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for row in rows:
        best = row["best"]
        same = key(best) == key(winner)
        within = low <= best["accuracy"] <= high
        verdict = "the same configuration" if same else ("another, within the winner's interval" if within else "no")
        lines.append(f"| {row['way']} | {row['seconds']:.0f} s | {row['seconds'] / rows[0]['seconds']:.0%} | {row['completed']} | "
                     f"{describe(best)} | {best['accuracy']:.2%} [{best['accuracy_low']:.1%}, {best['accuracy_high']:.1%}] | {verdict} |")
    lines += ["", "Commands:", ""] + [f"    {row['command']}" for row in rows] + [""]
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "sweeps.md"), "w") as f:
        f.write("\n".join(lines))
    with open(os.path.join(RESULTS, "sweeps.json"), "w") as f:
        json.dump(rows, f, indent=2)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
