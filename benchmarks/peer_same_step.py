#!/usr/bin/env python3
"""Runs the PyTorch peer's bench_train.py with the step MlNetCnn's benchmark trains: SGD, momentum 0.9, weight decay.

The peer (../shared/peer, read-only) builds `torch.optim.SGD(params, lr=0.01, momentum=0.9)` without weight decay, while
MlNetCnn's benchmark (ArchitectureBenchmark.WeightDecay) decays every parameter by 5e-4. This wrapper gives the peer's
SGD the same weight decay, so both sides do the same work per step, then runs bench_train.py unchanged.

Usage: /usr/bin/python3 benchmarks/peer_same_step.py PEER_DIR [bench_train.py arguments...]
"""
import os
import runpy
import sys

import torch

WEIGHT_DECAY = 5e-4  # = ArchitectureBenchmark.WeightDecay


class SgdWithWeightDecay(torch.optim.SGD):
    """torch.optim.SGD whose weight decay defaults to WEIGHT_DECAY."""

    def __init__(self, params, *args, **kwargs):
        kwargs.setdefault("weight_decay", WEIGHT_DECAY)
        super().__init__(params, *args, **kwargs)


def main():
    peer_dir = os.path.abspath(sys.argv[1])
    script = os.path.join(peer_dir, "bench_train.py")
    sys.argv = [script] + sys.argv[2:]
    sys.path.insert(0, peer_dir)
    torch.optim.SGD = SgdWithWeightDecay
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
