#!/usr/bin/env bash
# The integration tests with real engines, on a Debian machine as root: installs PostgreSQL and Slurm (munge, slurmctld,
# slurmd, slurm-client) when missing, then runs the test categories PostgreSql and Slurm. Each test starts its engine
# itself on 127.0.0.1 in a temporary folder (postgres-server.sh, slurm-cluster.sh) and stops it when done.
#   bash Tests/Engines/run-engine-tests.sh            (from the repository's root)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "run-engine-tests.sh: run as root (the Slurm daemons and apt-get need it)" >&2; exit 2; }
bash Tests/Engines/postgres-server.sh install
bash Tests/Engines/slurm-cluster.sh install
dotnet test Tests/MlNetCnn.Tests.csproj -c Release --filter "TestCategory=PostgreSql|TestCategory=Slurm" --logger "console;verbosity=normal"
