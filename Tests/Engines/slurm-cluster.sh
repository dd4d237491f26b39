#!/usr/bin/env bash
# A real single-node Slurm cluster in one folder, for the tests of the Slurm scale-out (issue 14).
#
#   slurm-cluster.sh install       apt-get installs slurmctld, slurmd, slurm-client and munge when one is missing
#   slurm-cluster.sh start DIR     starts munged, slurmctld and slurmd with every file (key, sockets, state, logs,
#                                  pid files) inside DIR, waits until the node is idle, and prints the environment
#                                  a client needs (SLURM_CONF=DIR/slurm.conf) as KEY=VALUE lines on stdout
#   slurm-cluster.sh stop DIR      stops the three daemons by their pid files and waits until they are gone
#
# Runs as root on Debian 12 (Slurm 22.05, MUNGE 0.5.15) without systemd or cgroups: processes are tracked through
# /proc (proctrack/linuxproc), tasks are not confined (task/none), accounting is off. The ports are chosen free, so it
# runs beside a system Slurm or another such cluster. AuthInfo cred_expire is short (10 s) so that a requeued job may
# start again after 10 s rather than the default 120 s.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

packages=(slurmctld slurmd slurm-client munge)

usage() {
    echo "usage: $0 install | start DIR | stop DIR" >&2
    exit 2
}

# A TCP port nothing listens on, in 20000-29999 (the caller adds it to the list it must avoid).
free_port() {
    local avoid=" $* " port
    for _ in $(seq 200); do
        port=$((20000 + RANDOM % 10000))
        [[ $avoid == *" $port "* ]] && continue
        if ! ss -Htln "sport = :$port" | grep -q .; then
            echo "$port"
            return 0
        fi
    done
    echo "no free TCP port found in 20000-29999" >&2
    return 1
}

# Waits until the process whose pid file is $1 is gone (SIGKILL after 10 s).
stop_daemon() {
    local pidfile=$1 pid
    [[ -s $pidfile ]] || return 0
    pid=$(<"$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
}

install() {
    local missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        echo "installed already: ${packages[*]}"
        return 0
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    # The packages' own services are not wanted: the tests start daemons of their own.
    for service in slurmctld slurmd munge; do
        command -v service >/dev/null && service "$service" stop >/dev/null 2>&1 || true
    done
}

start() {
    local dir node cpus memory ctld_port slurmd_port
    [[ $EUID -eq 0 ]] || { echo "start: must run as root (slurmd and munged run as root here)" >&2; exit 1; }
    for program in munged mungekey slurmctld slurmd sinfo; do
        command -v "$program" >/dev/null || { echo "start: $program is missing (run: $0 install)" >&2; exit 1; }
    done
    mkdir -p "$1"
    dir=$(cd "$1" && pwd)
    chmod 0700 "$dir"
    mkdir -p "$dir"/{state,spool,log,run}

    mungekey --create --force --keyfile="$dir/munge.key"
    chmod 0400 "$dir/munge.key"
    munged --force --socket="$dir/munge.socket" --key-file="$dir/munge.key" --pid-file="$dir/run/munged.pid" \
        --log-file="$dir/log/munged.log" --seed-file="$dir/state/munged.seed"

    node=$(hostname -s)
    cpus=$(nproc)
    memory=$(($(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 * 9 / 10))
    ctld_port=$(free_port)
    slurmd_port=$(free_port "$ctld_port")
    cat >"$dir/slurm.conf" <<EOF
# Written by slurm-cluster.sh: a single-node cluster in this folder.
ClusterName=mlnetcnn
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket,cred_expire=10
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/slurmd-%n
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobRequeue=1
KillWait=10
MinJobAge=300
SchedulerType=sched/backfill
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF="$dir/slurm.conf"

    slurmctld -f "$SLURM_CONF"
    slurmd -f "$SLURM_CONF" -N "$node"

    for _ in $(seq 300); do
        if [[ $(sinfo -h -n "$node" -o %t 2>/dev/null) == idle ]]; then
            echo "SLURM_CONF=$SLURM_CONF"
            return 0
        fi
        sleep 0.1
    done
    echo "start: node $node is not idle after 30 s; sinfo says: $(sinfo -h -N -o '%N %t %E' 2>&1 || true)" >&2
    echo "logs: $dir/log" >&2
    stop "$dir"
    exit 1
}

stop() {
    local dir=$1
    [[ -d $dir ]] || return 0
    stop_daemon "$dir/run/slurmd.pid"
    stop_daemon "$dir/run/slurmctld.pid"
    stop_daemon "$dir/run/munged.pid"
}

case "${1:-}" in
    install) [[ $# -eq 1 ]] || usage; install ;;
    start) [[ $# -eq 2 ]] || usage; start "$2" ;;
    stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
    *) usage ;;
esac
