"""Writes a torchvision resnet18 state dict, an input and its logits as safetensors files.

Used by the C# test WeightLoaderPythonTests (category "Python") to check that torchvision weights load
key for key into MlNetCnn's resnet18 and give the same logits. No safetensors package is needed: the
format is an 8-byte little-endian header length, a JSON header and the raw little-endian data.

    /usr/bin/python3 torchvision_resnet18.py OUT_DIR [IMAGE_SIZE]
"""
import json
import os
import struct
import sys

import torch
import torchvision

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def main():
    out_dir = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    torch.manual_seed(0)
    model = torchvision.models.resnet18(num_classes=1000)
    with torch.no_grad():  # non-trivial BatchNorm affine parameters and statistics
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
                module.running_mean.uniform_(-0.2, 0.2)
                module.running_var.uniform_(0.5, 1.5)
    model.eval()
    x = torch.randn(2, 3, size, size)
    with torch.no_grad():
        logits = model(x)
    os.makedirs(out_dir, exist_ok=True)
    write_safetensors(os.path.join(out_dir, "resnet18.safetensors"), model.state_dict())
    write_safetensors(os.path.join(out_dir, "io.safetensors"), {"input": x, "logits": logits})
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}: wrote {out_dir}")


if __name__ == "__main__":
    main()
