#!/usr/bin/env python3
"""Transfer learning on a folder of real photos, three ways through `mlnetcnn train`, side by side in one run:
(a) from scratch, (b) pretrained ImageNet weights, head only on cached backbone features, (c) pretrained, head first
then the whole network (the fine-tuning recipe).

Run from the repository root on a quiet machine, after `dotnet build samples/MlNetCnn.Cli -c Release`:

    python3 benchmarks/transfer/compare_transfer.py --data ../shared/data/flowers [--image-size 160]

`--data` holds train/ and val/, one sub-folder per class. The table goes to benchmarks/results/transfer.md; each row
gives the validation accuracy (on val/, which never picks epochs: the runs keep their last epoch's weights), the wall time
of the whole command and the training time the trainer reports.
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


def tool():
    found = sorted(glob.glob(os.path.join(ROOT, "samples", "MlNetCnn.Cli", "bin", "Release", "net*", "**", "mlnetcnn.dll"), recursive=True))
    if not found:
        sys.exit("mlnetcnn.dll not found: run `dotnet build samples/MlNetCnn.Cli -c Release` first")
    return found[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True)
    parser.add_argument("--arch", default="resnet18_cntk")
    parser.add_argument("--image-size", type=int, default=160)
    parser.add_argument("--scratch-epochs", type=int, default=10)
    parser.add_argument("--head-epochs", type=int, default=10)
    parser.add_argument("--finetune-epochs", type=int, default=6)
    a = parser.parse_args()
    dll = tool()
    work = tempfile.mkdtemp(prefix="mlnetcnn-transfer-")
    common = ["train", "--arch", a.arch, "--data", "folder", "--data-dir", os.path.join(a.data, "train"),
              "--val-dir", os.path.join(a.data, "val"), "--image-size", str(a.image_size), "--last-epoch-weights", "--quiet"]
    ways = [
        ("(a) from scratch", ["--epochs", str(a.scratch_epochs)]),
        ("(b) pretrained, head only on cached features", ["--pretrained", "imagenet", "--epochs", str(a.head_epochs),
                                                           "--freeze-backbone-epochs", str(a.head_epochs)]),
        ("(c) pretrained, head then whole network", ["--pretrained", "imagenet", "--epochs", str(a.finetune_epochs)]),
    ]
    rows = []
    for i, (name, extra) in enumerate(ways):
        out = os.path.join(work, str(i))
        command = ["dotnet", dll, *common, *extra, "--out", out]
        clock = time.monotonic()
        run = subprocess.run(command, capture_output=True, text=True)
        seconds = time.monotonic() - clock
        if run.returncode != 0:
            sys.exit(f"{' '.join(command)} exited {run.returncode}:\n{run.stderr[-3000:]}")
        with open(os.path.join(out, "metrics.json")) as f:
            metrics = json.load(f)
        shown = " ".join(["mlnetcnn", *common, *extra, "--out", "OUT"]).replace(a.data, "DATA")
        rows.append((name, metrics["accuracy"], metrics.get("train_seconds"), seconds, shown))
        print(f"{name}: {metrics['accuracy']:.2%} in {seconds:.0f} s", flush=True)
    lines = ["# Transfer learning on real photos", "",
             f"{a.arch} at {a.image_size}×{a.image_size}; train/ → val/ of {os.path.basename(os.path.normpath(a.data))}; this machine, one run.", "",
             "| way | validation accuracy | training (trainer) | wall time (command) |", "|---|---:|---:|---:|"]
    lines += [f"| {n} | {acc:.1%} | {train:.0f} s | {wall:.0f} s |" for n, acc, train, wall, _ in rows]
    lines += ["", "Commands:", ""] + [f"    {c}" for *_, c in rows] + [""]
    with open(os.path.join(ROOT, "benchmarks", "results", "transfer.md"), "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
