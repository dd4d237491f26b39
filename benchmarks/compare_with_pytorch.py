#!/usr/bin/env python3
"""Side-by-side speed of MlNetCnn and PyTorch on this machine, as ratios measured in one run.

For each model pair it runs PyTorch's peer benchmark (../shared/peer/bench_train.py, Debian's python3-torch
with OpenBLAS as the peer README prescribes) and MlNetCnn's benchmark (benchmarks/MlNetCnn.Benchmarks,
training through the public trainer), one right after the other, and prints a table of images/s and ratios.

Usage (from the repository root):
    python3 benchmarks/compare_with_pytorch.py [--models resnet18_cifar,cifarnet] [--peer-dir ../shared/peer]
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

# ours, peer name, input channels, image size, training steps per epoch for ours
PAIRS = {
    "resnet18_cifar": ("resnet18_cifar", 3, 32, 8),
    "se_resnet18_cifar": ("se_resnet18_cifar", 3, 32, 8),
    "resnet18": ("tv_resnet18_32", 3, 32, 30),
    "densenet_cifar": ("densenet_cifar", 3, 32, 15),
    "mobilenet_v1": ("mobilenet_v1_cifar", 3, 32, 30),
    "cifarnet": ("cifarnet", 3, 32, 60),
    "lenet5": ("lenet5_d2l", 1, 28, 60),
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


def run_peer(peer_dir, name, blas, out):
    env = dict(os.environ, LD_LIBRARY_PATH=blas)
    subprocess.run(["/usr/bin/python3", os.path.join(peer_dir, "bench_train.py"), "--tag", "side-by-side",
                    "--models", name, "--out", out, "--max-wait", "30"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    with open(out) as f:
        result = json.load(f)["configs"]["side-by-side"]["models"][name]
    train = result["train"]["128"]
    return {"train": train["images_per_s"], "b1_ms": result["infer"]["batch1_latency_ms_median"],
            "b64": result["infer"]["batch64_images_per_s"], "params": result["params"]}


def run_ours(arch, channels, size, steps, out):
    cmd = ["dotnet", "run", "--no-build", "--project", os.path.join(ROOT, "benchmarks/MlNetCnn.Benchmarks"), "-c", "Release", "--",
           "--arch", arch, "--in-channels", str(channels), "--image-size", str(size), "--steps", str(steps),
           "--epochs", "4", "--out", out]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, DOTNET_TieredCompilation="0"))
    with open(out) as f:
        r = json.load(f)["architectures"][arch]
    return {"train": r["train_images_per_s"], "b1_engine_ms": r["batch1_latency_ms_prediction_engine"],
            "b1_ms": r["batch1_latency_ms_onnxruntime"], "b64": r["batch64_images_per_s_onnxruntime"],
            "params": r["params"], "peak_mb": r["peak_rss_mb_after_training"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=",".join(PAIRS))
    ap.add_argument("--peer-dir", default=os.path.join(ROOT, "..", "shared", "peer"))
    ap.add_argument("--out", default=None, help="also write the results as JSON here")
    args = ap.parse_args()
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "benchmarks/MlNetCnn.Benchmarks"), "-c", "Release"],
                   check=True, stdout=subprocess.DEVNULL)
    cache = os.path.join(tempfile.gettempdir(), "mlnetcnn-bench-cache")
    os.makedirs(cache, exist_ok=True)
    blas = openblas_dir(cache)
    rows = []
    for arch in args.models.split(","):
        peer_name, channels, size, steps = PAIRS[arch]
        with tempfile.TemporaryDirectory() as tmp:
            ours = run_ours(arch, channels, size, steps, os.path.join(tmp, "ours.json"))
            peer = run_peer(args.peer_dir, peer_name, blas, os.path.join(tmp, "peer.json"))
        rows.append({"arch": arch, "peer": peer_name, "ours": ours, "pytorch": peer,
                     "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "loadavg": os.getloadavg()})
        print(f"{arch}: ours {ours['train']:.1f} img/s, PyTorch {peer['train']:.1f} img/s", file=sys.stderr)

    print("| model | params (ours / PyTorch) | train b128 img/s ours | PyTorch | ratio | infer b1 ms ORT / PredictionEngine / PyTorch | infer b64 img/s ORT / PyTorch | peak RSS MB |")
    print("|---|---|---:|---:|---:|---|---|---:|")
    for r in rows:
        o, p = r["ours"], r["pytorch"]
        print(f"| {r['arch']} | {o['params']:,} / {p['params']:,} | {o['train']:.1f} | {p['train']:.1f} | {o['train'] / p['train']:.2f} | "
              f"{o['b1_ms']:.3f} / {o['b1_engine_ms']:.3f} / {p['b1_ms']:.3f} | {o['b64']:.0f} / {p['b64']:.0f} | {o['peak_mb']} |")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
