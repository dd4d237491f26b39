"""Makes the tiny torchvision-style .pth fixtures of the pretrained-weights tests.

Run once from this folder with PyTorch installed (`python3 make_fixtures.py`); the outputs are committed. They were
made with Debian 12's python3-torch 1.13.1 (`apt-get install python3-torch`; torch.__version__ says 1.13.0a0). Each file is a real `torch.save` of a state dict in the zip format torchvision's weights use, with keys in
torchvision's layouts:

- resnet_tiny.pth: float32 weights, a BatchNorm with running statistics and its int64 scalar `num_batches_tracked`,
  and a classifier head `fc.`;
- densenet_old_keys.pth: the old DenseNet key names (`norm.1`, `relu.1`, `conv.1`, `norm.2`, `conv.2`) that torchvision
  renames on load, beside keys that keep their names;
- googlenet_aux.pth: GoogLeNet keys with the auxiliary heads `aux1.` and `aux2.` that torchvision drops;
- code_execution.pth: a tensor beside an object whose pickle calls `os.system` when Python's unpickler loads it (it
  would write `pickle_code_ran.txt`): the reader must refuse the file without running anything.

The values are a fixed arithmetic sequence (no random numbers), so that the tests can recompute them: the tensor of
the n-th key (0-based, in the order below) holds `n + 0.25 * i` for its i-th element in row-major order (float32), and a
`num_batches_tracked` holds `1000 + n` (int64, shape []).
"""

import collections
import hashlib
import os
import torch


def state_dict(shapes):
    result = collections.OrderedDict()
    for n, (key, shape) in enumerate(shapes):
        if key.endswith("num_batches_tracked"):
            result[key] = torch.tensor(1000 + n, dtype=torch.int64)
        else:
            count = 1
            for size in shape:
                count *= size
            result[key] = (n + 0.25 * torch.arange(count, dtype=torch.float32)).reshape(shape)
    return result


def batch_norm(prefix, channels):
    return [(f"{prefix}.weight", [channels]), (f"{prefix}.bias", [channels]), (f"{prefix}.running_mean", [channels]),
            (f"{prefix}.running_var", [channels]), (f"{prefix}.num_batches_tracked", [])]


FIXTURES = {
    "resnet_tiny.pth": [("conv1.weight", [4, 3, 3, 3])] + batch_norm("bn1", 4) + [("fc.weight", [2, 4]), ("fc.bias", [2])],
    "densenet_old_keys.pth": [("features.conv0.weight", [4, 3, 3, 3])]
    + [(f"features.denseblock1.denselayer1.{name}", [4]) for name in
       ("norm.1.weight", "norm.1.bias", "norm.1.running_mean", "norm.1.running_var")]
    + [("features.denseblock1.denselayer1.conv.1.weight", [8, 4, 1, 1])]
    + [(f"features.denseblock1.denselayer1.{name}", [8]) for name in
       ("norm.2.weight", "norm.2.bias", "norm.2.running_mean", "norm.2.running_var")]
    + [("features.denseblock1.denselayer1.conv.2.weight", [2, 8, 3, 3]), ("classifier.weight", [2, 6]),
       ("classifier.bias", [2])],
    "googlenet_aux.pth": [("conv1.conv.weight", [4, 3, 3, 3])] + batch_norm("conv1.bn", 4)
    + [("aux1.conv.conv.weight", [2, 4, 1, 1]), ("aux1.fc1.weight", [3, 2]), ("aux2.conv.conv.weight", [2, 4, 1, 1]),
       ("aux2.fc2.bias", [2]), ("fc.weight", [2, 4]), ("fc.bias", [2])],
}

class RunsCode:
    """Unpickled by Python, this calls os.system."""

    def __reduce__(self):
        return os.system, ("echo pickle code ran > pickle_code_ran.txt",)


if __name__ == "__main__":
    torch.save({"conv1.weight": torch.zeros(2), "payload": RunsCode()}, "code_execution.pth")
    for name, shapes in FIXTURES.items():
        torch.save(state_dict(shapes), name)
        with open(name, "rb") as file:
            print(name, hashlib.sha256(file.read()).hexdigest())
