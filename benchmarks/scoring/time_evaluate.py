#!/usr/bin/env python3
"""Wall time of `mlnetcnn evaluate` on the CIFAR-10 test set, two builds of the tool one right after the other.

The machine is shared and its load drifts, so the two builds alternate for --rounds rounds and the table gives each
round's times and the median ratio. Usage (from the repository root):

    python3 benchmarks/scoring/time_evaluate.py --before OLD/mlnetcnn.dll --after NEW/mlnetcnn.dll \
        --model runs/cifarnet/model.zip --cifar-dir ../shared/data/cifar10 [--rounds 2]

`--before` and `--after` are the tool's dll from two builds (e.g. a `git worktree` of the commit before the change).
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time


def evaluate(dll, model, cifar_dir, out):
    start = time.monotonic()
    result = subprocess.run(["dotnet", dll, "evaluate", "--model", model, "--data", "cifar10", "--data-dir", cifar_dir,
                             "--out", out, "--quiet"], capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"{dll} evaluate failed ({result.returncode}): {result.stderr.strip()}")
    accuracy = next((line for line in result.stdout.splitlines() if line.startswith("Accuracy (overall)")), "").strip()
    return seconds, accuracy


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--cifar-dir", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(f"load before: {os.getloadavg()}")
    rows = []
    with tempfile.TemporaryDirectory() as out:
        for round_ in range(1, args.rounds + 1):
            before, accuracy_before = evaluate(args.before, args.model, args.cifar_dir, os.path.join(out, "before"))
            after, accuracy_after = evaluate(args.after, args.model, args.cifar_dir, os.path.join(out, "after"))
            rows.append((round_, before, after))
            print(f"round {round_}: before {before:.1f} s ({accuracy_before}), after {after:.1f} s ({accuracy_after})", flush=True)
    print(f"load after: {os.getloadavg()}")
    print("\n| round | before (s) | after (s) | before ÷ after |\n|---:|---:|---:|---:|")
    for round_, before, after in rows:
        print(f"| {round_} | {before:.1f} | {after:.1f} | {before / after:.2f} |")
    print(f"| median | {statistics.median(r[1] for r in rows):.1f} | {statistics.median(r[2] for r in rows):.1f} | "
          f"{statistics.median(r[1] / r[2] for r in rows):.2f} |")


if __name__ == "__main__":
    main()
