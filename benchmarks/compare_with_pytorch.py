#!/usr/bin/env python3
"""Side-by-side speed of MlNetCnn and PyTorch on this machine, as ratios measured in one run.

For each model pair it runs PyTorch's peer benchmark (../shared/peer/bench_train.py, Debian's python3-torch
with OpenBLAS as the peer README prescribes, through peer_same_step.py so that its SGD has our weight decay) and
MlNetCnn's benchmark (benchmarks/MlNetCnn.Benchmarks, training through the public trainer), one right after the
other, and prints a table of images/s and ratios. Both sides report the median training step at batch 128 (ours timed
through the trainer from its per-step progress reports, so batch feed and tally included; the peer on a fixed batch),
and both wait for a quiet machine first; ours' epoch mean (every disturbance included) is printed beside it.

Usage (from the repository root):
    python3 benchmarks/compare_with_pytorch.py [--models resnet9_w8_gray,resnet9_w16,cifarnet] [--peer-dir ../shared/peer]
Needs: apt-get install -y python3-torch python3-torchvision (run with any python3; the peer runs under /usr/bin/python3).
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

# row name: (our architecture, its settings, peer name, input channels, image size, training steps per epoch for ours)
PAIRS = {
    "resnet18_cifar": ("resnet18_cifar", {}, "resnet18_cifar", 3, 32, 8),
    "se_resnet18_cifar": ("se_resnet18_cifar", {}, "se_resnet18_cifar", 3, 32, 8),
    "resnet18": ("resnet18", {}, "tv_resnet18_32", 3, 32, 30),
    "densenet_cifar": ("densenet_cifar", {}, "densenet_cifar", 3, 32, 15),
    "mobilenet_v1": ("mobilenet_v1", {}, "mobilenet_v1_cifar", 3, 32, 30),
    "resnet9_w16": ("resnet9", {"width": "16"}, "resnet9_w16", 3, 32, 20),
    "resnet9_w8_gray": ("resnet9", {"width": "8"}, "resnet9_w8_gray", 1, 28, 40),
    "cifarnet": ("cifarnet", {}, "cifarnet", 3, 32, 60),
    "lenet5": ("lenet5", {}, "lenet5_d2l", 1, 28, 60),
}

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def openblas_dir(cache):
    """Debian's OpenBLAS unpacked locally (not installed), as ../shared/peer/README.md prescribes."""
    target = os.path.join(cache, "openblas")
    libdir = glob.glob(os.path.join(target, "usr/lib/*/openblas-openmp"))
    if libdir:
        return libdir[0]
    os.makedirs(target, exist_ok=True)
    subprocess.run(["apt-get", "download", "libopenblas0-openmp"], cwd=cache, check=True)
    deb = glob.glob(os.path.join(cache, "libopenblas0-openmp_*.deb"))[0]
    subprocess.run(["dpkg", "-x", deb, target], check=True)
    return glob.glob(os.path.join(target, "usr/lib/*/openblas-openmp"))[0]


def run_peer(peer_dir, name, blas, out, max_wait, retries):
    """PyTorch's figures for one peer model, trained with our step's optimiser (see peer_same_step.py)."""
    env = dict(os.environ, LD_LIBRARY_PATH=blas)
    subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "benchmarks/peer_same_step.py"), peer_dir, "--tag", "side-by-side",
                    "--models", name, "--out", out, "--max-wait", str(max_wait), "--retries", str(retries)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    with open(out) as f:
        result = json.load(f)["configs"]["side-by-side"]["models"][name]
    train = result["train"]["128"]
    return {"train": train["images_per_s"], "b1_ms": result["infer"]["batch1_latency_ms_median"],
            "b64": result["infer"]["batch64_images_per_s"], "params": result["params"]}


def busy_seconds():
    """Busy CPU seconds of the whole machine from /proc/stat (nice time excluded, as the peer's bench_train.py does)."""
    with open("/proc/stat") as f:
        v = [int(t) for t in f.readline().split()[1:]]
    return (v[0] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(threshold=0.15, max_wait=30.0):
    """Waits (bounded) until other processes use fewer than `threshold` cores: the peer's rule before it measures."""
    start = time.perf_counter()
    while time.perf_counter() - start < max_wait:
        b0 = busy_seconds()
        time.sleep(2.0)
        if (busy_seconds() - b0) / 2.0 < threshold:
            return


def run_ours(arch, settings, channels, size, steps, out, max_wait):
    """MlNetCnn's figures for one architecture with its settings (for example ResNet-9's width)."""
    cmd = ["dotnet", "run", "--no-build", "--project", os.path.join(ROOT, "benchmarks/MlNetCnn.Benchmarks"), "-c", "Release", "--",
           "--arch", arch, "--in-channels", str(channels), "--image-size", str(size), "--steps", str(steps),
           "--epochs", "4", "--out", out]
    if settings:
        cmd += ["--set", ",".join(f"{k}={v}" for k, v in settings.items())]
    wait_for_quiet(max_wait=max_wait)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, DOTNET_TieredCompilation="0"))
    with open(out) as f:
        r = json.load(f)["architectures"][arch]
    return {"train": r["train_images_per_s_median_step"], "train_epoch_mean": r["train_images_per_s"], "b1_engine_ms": r["batch1_latency_ms_prediction_engine"],
            "b1_ms": r["batch1_latency_ms_onnxruntime"], "b64": r["batch64_images_per_s_onnxruntime"],
            "params": r["params"], "peak_mb": r["peak_rss_mb_after_training"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=",".join(PAIRS))
    ap.add_argument("--peer-dir", default=os.path.join(ROOT, "..", "shared", "peer"))
    ap.add_argument("--out", default=None, help="also write the results as JSON here")
    ap.add_argument("--max-wait", type=float, default=30.0, help="seconds each side waits at most for a quiet machine")
    ap.add_argument("--retries", type=int, default=3, help="the peer's re-measurements of a disturbed section")
    args = ap.parse_args()
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "benchmarks/MlNetCnn.Benchmarks"), "-c", "Release"],
                   check=True, stdout=subprocess.DEVNULL)
    cache = os.path.join(tempfile.gettempdir(), "mlnetcnn-bench-cache")
    os.makedirs(cache, exist_ok=True)
    blas = openblas_dir(cache)
    rows = []
    for row in args.models.split(","):
        if row not in PAIRS:
            sys.exit(f"unknown model {row}; choose from {','.join(PAIRS)}")
        arch, settings, peer_name, channels, size, steps = PAIRS[row]
        with tempfile.TemporaryDirectory() as tmp:
            ours = run_ours(arch, settings, channels, size, steps, os.path.join(tmp, "ours.json"), args.max_wait)
            peer = run_peer(args.peer_dir, peer_name, blas, os.path.join(tmp, "peer.json"), args.max_wait, args.retries)
        rows.append({"arch": row, "settings": settings, "peer": peer_name, "ours": ours, "pytorch": peer,
                     "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "loadavg": os.getloadavg()})
        print(f"{row}: ours {ours['train']:.1f} img/s, PyTorch {peer['train']:.1f} img/s, ratio {ours['train'] / peer['train']:.2f}",
              file=sys.stderr)

    print("| model | params (ours / PyTorch) | train b128 img/s ours | PyTorch | ratio | ours, epoch mean | infer b1 ms ORT / PredictionEngine / PyTorch | infer b64 img/s ORT / PyTorch | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|---|---|---:|")
    for r in rows:
        o, p = r["ours"], r["pytorch"]
        print(f"| {r['arch']} | {o['params']:,} / {p['params']:,} | {o['train']:.1f} | {p['train']:.1f} | {o['train'] / p['train']:.2f} | {o['train_epoch_mean']:.1f} | "
              f"{o['b1_ms']:.3f} / {o['b1_engine_ms']:.3f} / {p['b1_ms']:.3f} | {o['b64']:.0f} / {p['b64']:.0f} | {o['peak_mb']} |")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
