#!/usr/bin/env python3
"""Where one training step spends its time, MlNetCnn beside PyTorch, section by section (fastest of the steps, in ms).

Ours: `MlNetCnn.Benchmarks --mode step` (the training loop's own step: batch feed, zero_grad, forward, loss, backward,
SGD, tally). PyTorch: the same sections on the peer model (../shared/peer/peer_models.py), with the same batch feed
(8-bit images → float, normalised), SGD momentum 0.9 with our weight decay, cross-entropy and the per-step read of
the loss that bench_train.py does.

Usage (repository root, after `dotnet build benchmarks/MlNetCnn.Benchmarks -c Release`):
    python3 benchmarks/profile_step.py --models resnet9_w8_gray,cifarnet [--steps 30] [--threads 1 --clock cpu]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

from compare_with_pytorch import PAIRS, ROOT, openblas_dir

PEER_SCRIPT = r'''
import json, statistics, sys, time
import torch, torch.nn as nn
sys.path.insert(0, sys.argv[1])
import peer_models as pm, bench_train
name, steps, batch, wd, threads = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
clock = time.process_time if sys.argv[7] == "cpu" else time.perf_counter
torch.set_num_threads(threads)
ctor, shape = bench_train.MODELS[name][0], bench_train.MODELS[name][1]
torch.manual_seed(1)
model = ctor(); model.train()
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=wd)
images = torch.randint(0, 256, (4 * batch, *shape), dtype=torch.uint8)
labels = torch.randint(0, 10, (4 * batch,))
scale, shift = torch.full((1, shape[0], 1, 1), 4 / 255), torch.full((1, shape[0], 1, 1), -2.0)
loss_fn = nn.CrossEntropyLoss()
times = {s: [] for s in ("feed", "zero_grad", "forward", "loss", "backward", "optimizer", "tally")}
totals = []
for i in range(5 + steps):
    t = t0 = clock()
    def lap(s):
        global t
        now = clock()
        if i >= 5: times[s].append((now - t) * 1e3)
        t = now
    index = torch.arange((i % 4) * batch, (i % 4 + 1) * batch)
    x = images.index_select(0, index).float().mul_(scale).add_(shift); y = labels.index_select(0, index); lap("feed")
    opt.zero_grad(set_to_none=True); lap("zero_grad")
    logits = model(x); lap("forward")
    loss = loss_fn(logits, y); lap("loss")
    loss.backward(); lap("backward")
    opt.step(); lap("optimizer")
    loss.item(); lap("tally")
    if i >= 5: totals.append((clock() - t0) * 1e3)
med = lambda v: round(min(v), 3)
out = {"threads": torch.get_num_threads(), "step_ms": med(totals), "images_per_s": round(batch / med(totals) * 1e3, 1)}
out.update({s + "_ms": med(v) for s, v in times.items()})
print(json.dumps(out))
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default="resnet9_w8_gray,resnet9_w16,cifarnet,lenet5,mobilenet_v1")
    ap.add_argument("--peer-dir", default=os.path.join(ROOT, "..", "shared", "peer"))
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="cpu: process CPU time, steady on a busy machine when --threads is 1")
    args = ap.parse_args()
    cache = os.path.join(tempfile.gettempdir(), "mlnetcnn-bench-cache")
    os.makedirs(cache, exist_ok=True)
    blas = openblas_dir(cache)
    sections = ["feed", "zero_grad", "forward", "loss", "backward", "optimizer", "tally", "dispose"]
    print("| model | side | step ms | img/s | " + " | ".join(sections) + " |")
    print("|---|---|---:|---:|" + "---:|" * len(sections))
    for row in args.models.split(","):
        arch, settings, peer_name, channels, size, _ = PAIRS[row]
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "ours.json")
            cmd = ["dotnet", "run", "--no-build", "--project", os.path.join(ROOT, "benchmarks/MlNetCnn.Benchmarks"), "-c", "Release", "--",
                   "--mode", "step", "--arch", arch, "--in-channels", str(channels), "--image-size", str(size),
                   "--steps", str(args.steps), "--batch-size", str(args.batch_size), "--threads", str(args.threads),
                   "--clock", args.clock, "--out", out]
            if settings:
                cmd += ["--set", ",".join(f"{k}={v}" for k, v in settings.items())]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            with open(out) as f:
                ours = json.load(f)["steps"][arch]
        peer = json.loads(subprocess.run(
            ["/usr/bin/python3", "-c", PEER_SCRIPT, args.peer_dir, peer_name, str(args.steps), str(args.batch_size), "5e-4",
             str(args.threads), args.clock],
            check=True, capture_output=True, text=True, env=dict(os.environ, LD_LIBRARY_PATH=blas)).stdout)
        for side, r in (("ours", ours), ("PyTorch", peer)):
            cells = " | ".join(f"{r[s + '_ms']:.2f}" if s + "_ms" in r else "-" for s in sections)
            print(f"| {row} | {side} ({r['threads']} threads) | {r['step_ms']:.2f} | {r['images_per_s']:.0f} | {cells} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
