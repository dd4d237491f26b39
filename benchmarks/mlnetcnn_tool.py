"""What the benchmark scripts under benchmarks/ share: the repository's folders and the built command-line tool."""
import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "benchmarks", "results")


def tool():
    """The path of the built mlnetcnn.dll; exits with the build command when there is none."""
    found = sorted(glob.glob(os.path.join(ROOT, "samples", "MlNetCnn.Cli", "bin", "Release", "net*", "**", "mlnetcnn.dll"), recursive=True))
    if not found:
        sys.exit("mlnetcnn.dll not found: run `dotnet build samples/MlNetCnn.Cli -c Release` first")
    return found[-1]
