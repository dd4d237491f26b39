#!/usr/bin/env python3
"""Transfer learning on a folder of real photos, three ways through `mlnetcnn train`:
(a) from scratch, (b) pretrained ImageNet weights, head only on cached backbone features, (c) pretrained, head first
then the whole network (the fine-tuning recipe).

Run from the repository root, after `dotnet build samples/MlNetCnn.Cli -c Release`:

    python3 benchmarks/transfer/compare_transfer.py --data DATA [--image-size 224] [--ways a,b,c]

`--data` holds train/ and val/, one sub-folder per class. Every way is one `mlnetcnn train` run, validated on val/ after
each epoch; val/ never picks epochs (`--last-epoch-weights`). For each run the table gives the validation accuracy and
where the time went: the feature pass (the frozen backbone over every training and validation image, once), the
training epochs after it (the head alone on cached features while the backbone is frozen, validation included), the
whole Fit (which also decodes the photos and exports the model), the command's wall time, and its CPU time (user + sys
of the process and its children) with the load average before and after — the machine may be shared, and wall time
then says more about the neighbours than about the run.

Each run is stored in benchmarks/results/transfer.json by way; `--ways` reruns only some (the others keep their stored
row, with its own date and load), and benchmarks/results/transfer.md is written from all stored rows (a "## Notes"
section written by hand below the table is kept).
"""
import argparse
import csv
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from mlnetcnn_tool import RESULTS, ROOT, tool  # noqa: E402


def ways(a):
    """The three ways: key, name, the flags of each beyond the common ones."""
    return [
        ("a", "(a) from scratch", ["--epochs", str(a.scratch_epochs)]),
        ("b", "(b) pretrained, head only on cached features",
         ["--pretrained", "imagenet", "--epochs", str(a.head_epochs), "--freeze-backbone-epochs", str(a.head_epochs), *a.head_flags.split()]),
        ("c", "(c) pretrained, head then whole network",
         ["--pretrained", "imagenet", "--epochs", str(a.finetune_epochs), *a.finetune_flags.split()]),
    ]


def load_average():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run(dll, common, extra, out):
    """Runs one way; returns its figures."""
    command = ["dotnet", dll, *common, *extra, "--out", out]
    load_before, cpu_before = load_average(), resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.monotonic() - clock
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    with open(os.path.join(out, "metrics.json")) as f:
        metrics = json.load(f)
    with open(os.path.join(out, "history.csv")) as f:
        history = list(csv.DictReader(f))

    def total(field):
        return sum(float(row[field]) for row in history if row.get(field))

    feature = total("feature_seconds")
    return {
        "accuracy": metrics["accuracy"],
        "feature_seconds": feature,
        "epochs_seconds": total("seconds") - feature + total("validation_seconds"),
        "fit_seconds": metrics.get("train_seconds"),
        "wall_seconds": wall,
        "cpu_seconds": (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime),
        "load_before": load_before,
        "load_after": load_average(),
        "validation_accuracy_per_epoch": [round(float(row["validation_accuracy"]), 4) for row in history],
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def table(rows, a):
    lines = ["# Transfer learning on real photos", "",
             f"`{a.arch}`, train/ → val/ of {os.path.basename(os.path.normpath(a.data))} (validation accuracy of the last epoch); "
             "this machine (2 cores, shared), one run per row.", "",
             "| way | validation accuracy | feature pass | epochs after it | Fit | wall (command) | CPU (command) | load before → after | run |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for key, name, _ in ways(a):
        if key not in rows:
            continue
        r = rows[key]
        feature = f"{r['feature_seconds']:.0f} s" if r["feature_seconds"] else "—"
        lines.append(f"| {name} | {r['accuracy']:.1%} | {feature} | {r['epochs_seconds']:.1f} s | {r['fit_seconds']:.0f} s | "
                     f"{r['wall_seconds']:.0f} s | {r['cpu_seconds']:.0f} s | {r['load_before']:.1f} → {r['load_after']:.1f} | {r['date']} |")
    lines += ["", "Validation accuracy after each epoch:", ""]
    lines += [f"- {name}: {' '.join(f'{v:.1%}' for v in rows[key]['validation_accuracy_per_epoch'])}" for key, name, _ in ways(a) if key in rows]
    lines += ["", "Commands (DATA is the folder given to --data):", ""]
    lines += [f"    {rows[key]['command']}" for key, _, _ in ways(a) if key in rows]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True)
    parser.add_argument("--arch", default="resnet18_cntk")
    parser.add_argument("--image-size", type=int, default=224)
    parser.add_argument("--resize", default="centercrop")
    parser.add_argument("--scratch-epochs", type=int, default=10)
    parser.add_argument("--head-epochs", type=int, default=30)
    # A strong weight decay suits a linear head on 512 features of 600 photos: measured +1 point (results, "What was tried").
    parser.add_argument("--head-flags", default="--weight-decay 0.05", help="more flags for (b), e.g. '--feature-cache-passes 4'")
    parser.add_argument("--finetune-epochs", type=int, default=5)
    parser.add_argument("--finetune-flags", default="", help="more flags for (c)")
    parser.add_argument("--ways", default="a,b,c", help="the ways to run now, e.g. b,c; the others keep their stored rows")
    a = parser.parse_args()
    dll = tool()
    work = tempfile.mkdtemp(prefix="mlnetcnn-transfer-")
    common = ["train", "--arch", a.arch, "--data", "folder", "--data-dir", os.path.join(a.data, "train"),
              "--val-dir", os.path.join(a.data, "val"), "--image-size", str(a.image_size), "--resize", a.resize,
              "--last-epoch-weights", "--quiet"]
    stored = os.path.join(RESULTS, "transfer.json")
    rows = {}
    if os.path.exists(stored):
        with open(stored) as f:
            rows = json.load(f)
    selected = set(a.ways.split(","))
    for key, name, extra in ways(a):
        if key not in selected:
            continue
        row = run(dll, common, extra, os.path.join(work, key))
        row["command"] = " ".join(["mlnetcnn", *common, *extra, "--out", "OUT"]).replace(a.data.rstrip("/"), "DATA")
        rows[key] = row
        print(f"{name}: {row['accuracy']:.2%}; feature pass {row['feature_seconds']:.0f} s, epochs after it {row['epochs_seconds']:.1f} s, "
              f"wall {row['wall_seconds']:.0f} s, CPU {row['cpu_seconds']:.0f} s", flush=True)
        # Read again before writing: another invocation may have stored a way meanwhile.
        if os.path.exists(stored):
            with open(stored) as f:
                rows = {**json.load(f), key: row}
        with open(stored, "w") as f:
            json.dump(rows, f, indent=2)
    # Notes written by hand below the table ("## Notes" onwards) are kept.
    report = os.path.join(RESULTS, "transfer.md")
    notes = ""
    if os.path.exists(report):
        with open(report) as f:
            text = f.read()
        notes = text[text.index("\n## Notes"):] if "\n## Notes" in text else ""
    with open(report, "w") as f:
        f.write(table(rows, a) + notes)
    print(table(rows, a))


if __name__ == "__main__":
    main()
