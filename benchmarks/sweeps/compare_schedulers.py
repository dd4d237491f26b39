#!/usr/bin/env python3
"""The same sweep three ways — exhaustive at full epochs, successive halving, successive halving with 2 worker
processes — through `mlnetcnn sweep` on a CIFAR-10 subset, side by side in one run.

For each way it reports the wall time, the best validation accuracy found (with its 95 % interval) and whether the
configuration that won is the exhaustive sweep's winner, or one within the winner's interval. The issue's goal:
successive halving finds the exhaustive winner (or one within its interval) in at most 40 % of the exhaustive time.

Run from the repository root on a quiet machine, after `dotnet build samples/MlNetCnn.Cli -c Release`:

    python3 benchmarks/sweeps/compare_schedulers.py --data-dir ../shared/data/cifar10 [--limit 5000] [--epochs 9]

It writes the table to benchmarks/results/sweeps.md (and the raw figures to sweeps.json; --output names others); the sweeps' folders, with
their leaderboards and charts, are kept under --work (default: a temporary folder). A way whose folder under --work
already holds a finished sweep of the same command is not run again: its wall time is read from its journal (first
record to last), so the three ways can be run at different moments — say so when the machine's load differed.

A second table replays synchronous successive halving for several (first rung, eta) pairs on the exhaustive sweep's
own validation curves. Resuming a trial is bit-exact, so a promoted trial's curve is the uninterrupted one: each row is
the configuration that policy would have chosen (ranked by validation accuracy at each rung, ties to the earlier
trial, the best ⌈n/η⌉ going on — the rule of Pipelines/Sweeps/Scheduling/RungLadder.cs), and its
share of the exhaustive training time (the seconds of the epochs it would have trained).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from mlnetcnn_tool import RESULTS, ROOT, tool  # noqa: E402


def journal(out):
    """The records of a sweep's journal (each line: JSON, a tab, its checksum)."""
    with open(os.path.join(out, "journal.jsonl")) as f:
        return [json.loads(line.split("\t")[0]) for line in f if line.strip()]


def journal_seconds(out):
    """Wall time of a finished sweep from its journal: first record to last."""
    stamps = [datetime.fromisoformat(r["utc"][:26].rstrip("Z")) for r in journal(out) if "utc" in r]
    return (max(stamps) - min(stamps)).total_seconds()


def sweep(dll, args, out):
    command = ["dotnet", dll, "sweep", *args, "--out", out]
    if os.path.exists(os.path.join(out, "leaderboard.json")) and any(r["type"] == "trial_tested" for r in journal(out)):
        seconds = journal_seconds(out)
        print(f"{out}: finished before, wall time from its journal", flush=True)
    else:
        clock = time.monotonic()
        run = subprocess.run(command, capture_output=True, text=True)
        seconds = time.monotonic() - clock
        if run.returncode != 0:
            sys.exit(f"{' '.join(command)} exited {run.returncode}:\n{run.stderr[-3000:]}")
    with open(os.path.join(out, "leaderboard.json")) as f:
        board = json.load(f)
    completed = [row for row in board if row["state"] == "completed"]
    return seconds, completed, " ".join(command)


def exhaustive_curves(out):
    """Each trial's configuration and per-epoch history in the finished exhaustive sweep."""
    configs = {r["trial_id"]: r["config"] for r in journal(out) if r["type"] == "trial_proposed"}
    curves = {}
    for trial in configs:
        with open(os.path.join(out, "trials", str(trial), "history.json")) as f:
            curves[trial] = json.load(f)
    return configs, curves


def replay(configs, curves, policies):
    """Synchronous successive halving replayed on the finished exhaustive sweep's curves (see the module's text)."""
    total = sum(e["seconds"] for h in curves.values() for e in h)
    epochs = max(len(h) for h in curves.values())
    rows = []
    for first, eta in policies:
        rungs, rung = [], first
        while rung * eta <= epochs:
            rungs.append(rung)
            rung *= eta
        rungs = sorted(set(rungs + [epochs]))
        alive, spent, done = sorted(curves), 0.0, 0
        for k, rung in enumerate(rungs):
            spent += sum(e["seconds"] for t in alive for e in curves[t][done:rung])
            done = rung
            if k < len(rungs) - 1:
                ranked = sorted(alive, key=lambda t: (-curves[t][rung - 1]["validation_accuracy"], t))
                alive = ranked[:max(1, -(-len(ranked) // eta))]
        chosen = max(alive, key=lambda t: (curves[t][-1]["validation_accuracy"], -t))
        rows.append({"first_rung": first, "eta": eta, "rungs": rungs, "config": configs[chosen],
                     "accuracy": curves[chosen][-1]["validation_accuracy"], "share": spent / total})
    return rows


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
    parser.add_argument("--min-epochs", type=int, default=2, help="the first rung of the successive-halving ways")
    parser.add_argument("--eta", type=int, default=2, help="the reduction factor of the successive-halving ways")
    parser.add_argument("--replay", default="1:3,1:2,1:4,2:2,2:3,3:3",
                        help="first-rung:eta pairs replayed on the exhaustive sweep's curves")
    parser.add_argument("--seed", type=int, default=1, help="the sweeps' seed (validation split, initial weights, data order)")
    parser.add_argument("--output", default="sweeps", help="name of the result files in benchmarks/results (.md and .json)")
    parser.add_argument("--work", default=None, help="folder for the three sweeps' outputs")
    a = parser.parse_args()

    dll = tool()
    work = a.work or tempfile.mkdtemp(prefix="mlnetcnn-sweep-bench-")
    # An upper bound: the grid ends when every configuration has been proposed.
    trials = len(a.archs.split(",")) * len(a.lr.split(",")) * (len(a.set.split("=", 1)[-1].split(",")) if a.set else 1)
    common = ["--data", "cifar10", "--data-dir", a.data_dir, "--limit", str(a.limit), "--image-size", "32",
              "--arch", a.archs, "--lr", a.lr, "--tuner", "grid", "--trials", str(trials), "--epochs", str(a.epochs),
              "--test-top", "1", "--seed", str(a.seed), "--quiet"]
    if a.set:
        common += ["--set", a.set]
    ways = [
        ("exhaustive", "exhaustive, full epochs", ["--scheduler", "none"]),
        (f"sha-m{a.min_epochs}e{a.eta}", f"successive halving (eta {a.eta}, from {a.min_epochs} epochs)",
         ["--scheduler", "sha", "--min-epochs", str(a.min_epochs), "--eta", str(a.eta)]),
        (f"sha2w-m{a.min_epochs}e{a.eta}", f"successive halving (eta {a.eta}, from {a.min_epochs} epochs), 2 worker processes",
         ["--scheduler", "sha", "--min-epochs", str(a.min_epochs), "--eta", str(a.eta), "--workers", "2"]),
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
        f"({a.archs}; {a.set}; learning rates {a.lr}), grid tuner, {a.epochs} epochs for a full run, seed {a.seed}; this machine, one run.",
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
    policies = [tuple(int(x) for x in pair.split(":")) for pair in a.replay.split(",")]
    configs, curves = exhaustive_curves(os.path.join(work, "exhaustive"))
    replayed = replay(configs, curves, policies)
    lines += [
        "Successive halving replayed on the exhaustive sweep's validation curves (the configuration each policy would have",
        "chosen, and its share of the exhaustive training time):",
        "",
        "| first rung | eta | rungs | chosen configuration | validation accuracy | exhaustive winner? | share of exhaustive |",
        "|---:|---:|---|---|---:|---|---:|",
    ]
    for r in replayed:
        row = {"architecture": r["config"]["architecture"], "settings": r["config"].get("settings"), "options": r["config"].get("options")}
        same = key(row) == key(winner)
        verdict = "the same configuration" if same else ("another, within the winner's interval" if low <= r["accuracy"] <= high else "no")
        lines.append(f"| {r['first_rung']} | {r['eta']} | {', '.join(map(str, r['rungs']))} | {describe(row)} | {r['accuracy']:.2%} | "
                     f"{verdict} | {r['share']:.0%} |")
    lines.append("")
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, a.output + ".md"), "w") as f:
        f.write("\n".join(lines))
    with open(os.path.join(RESULTS, a.output + ".json"), "w") as f:
        # The curves are kept so that other halving rules can be replayed later without training again.
        kept = [{"trial": t, "config": configs[t], "validation_accuracy": [e["validation_accuracy"] for e in curves[t]],
                 "seconds": [e["seconds"] for e in curves[t]]} for t in sorted(curves)]
        json.dump({"ways": rows, "replayed": replayed, "exhaustive_curves": kept}, f, indent=2)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
