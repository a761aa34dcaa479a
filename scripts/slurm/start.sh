#!/usr/bin/env bash
# Start a single-node Slurm cluster on this machine, without systemd or cgroups, for pkosim's integration test
# and for trying the examples in examples/slurm/.
#
#   scripts/slurm/start.sh [DIR]     (DIR: where config, state, logs and PIDs go; default a new folder in /tmp)
#
# Installs Debian's slurmctld, slurmd and slurm-client when they are missing (as root, with apt-get), writes
# DIR/slurm.conf, starts slurmctld and slurmd in the background, records their PIDs in DIR/slurmctld.pid and
# DIR/slurmd.pid, and waits until `sinfo` shows the node idle. On success it prints, on stdout, one line per
# variable to use the cluster (eval "$(scripts/slurm/start.sh DIR)"), e.g.  export SLURM_CONF=DIR/slurm.conf
# Stop it with scripts/slurm/stop.sh DIR.
#
# Exit codes: 0 started; 3 Slurm is not installed and cannot be installed here (not root, no apt-get, no
# package registry, or PKOSIM_SLURM_INSTALL=0); 1 anything else (the message and the daemons' logs say why).
set -euo pipefail

say() { printf 'slurm: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
cannot_install() { say "cannot install Slurm: $*"; exit 3; }

t0=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

dir=${1:-}
if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/pkosim-slurm.XXXXXX); fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
conf="$dir/slurm.conf"

# Every Slurm command must read our file: without SLURM_CONF, a client looks for /etc/slurm/slurm.conf and, not
# finding it, retries for 60 s before failing.
export SLURM_CONF="$conf"

# ---------------------------------------------------------------------------------------------------------------
# 1. Install when missing.
missing=()
for c in slurmctld slurmd sbatch; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
if [ ${#missing[@]} -gt 0 ]; then
  [ "${PKOSIM_SLURM_INSTALL:-1}" != 0 ] || cannot_install "${missing[*]} missing and PKOSIM_SLURM_INSTALL=0"
  [ "$(id -u)" = 0 ] || cannot_install "${missing[*]} missing and installing needs root (apt-get install slurmctld slurmd slurm-client)"
  command -v apt-get >/dev/null 2>&1 || cannot_install "${missing[*]} missing and there is no apt-get (not Debian/Ubuntu)"
  say "installing slurmctld slurmd slurm-client (missing: ${missing[*]})"
  # The packages' postinst scripts would start the services through invoke-rc.d; a policy-rc.d that exits 101
  # forbids that. Keep an existing policy (Docker images ship one) and remove only the one we made.
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  cleanup_policy() { if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi; }
  trap cleanup_policy EXIT
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get update -qq >"$dir/apt.log" 2>&1; then
    cat "$dir/apt.log" >&2
    cannot_install "apt-get update failed (no package registry?)"
  fi
  if ! apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client >>"$dir/apt.log" 2>&1; then
    tail -20 "$dir/apt.log" >&2
    cannot_install "apt-get install slurmctld slurmd slurm-client failed"
  fi
  cleanup_policy
  trap - EXIT
  say "installed in $(elapsed "$t0") s"
fi
t_started=$(date +%s.%N)

version=$(slurmd -V 2>/dev/null | awk '{ print $2 }')
say "Slurm $version"

# ---------------------------------------------------------------------------------------------------------------
# 2. Configuration. slurmd -C reads the hardware without a slurm.conf; the node line must match it or slurmd
# registers the node as drained ("Low socket*core*thread count").
hw=$(slurmd -C | head -1 | tr ' ' '\n' | grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore|RealMemory)=' | tr '\n' ' ')
[ -n "$hw" ] || die "slurmd -C printed no hardware description"

# Two free TCP ports on 127.0.0.1 (another cluster, e.g. a leftover test, may hold the usual 6817/6818).
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ctld_port=${PKOSIM_SLURM_PORT:-6817}
while ! port_free "$ctld_port" || ! port_free $((ctld_port + 1)); do ctld_port=$((ctld_port + 2)); done
slurmd_port=$((ctld_port + 1))

# auth/none (and cred/none) exist in Debian's Slurm 22.05 and need no munge daemon; later Slurm releases dropped
# them, so fall back to munge when the plugin is absent.
plugdir=$(dirname "$(dpkg -L slurm-wlm-basic-plugins 2>/dev/null | grep -m1 '/auth_munge.so$' || true)")
if [ -n "$plugdir" ] && [ -e "$plugdir/auth_none.so" ] && [ -e "$plugdir/cred_none.so" ]; then
  auth="AuthType=auth/none
CredType=cred/none"
  use_munge=0
else
  auth="AuthType=auth/munge
CredType=cred/munge"
  use_munge=1
fi

mkdir -p "$dir/state" "$dir/spool" "$dir/log"
cat >"$conf" <<CONF
# Single-node Slurm for pkosim's tests; written by scripts/slurm/start.sh. No systemd, no cgroups, no accounting.
ClusterName=pkosim
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
$auth
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.daemon.pid
SlurmdPidFile=$dir/slurmd.daemon.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# Start array tasks as soon as CPUs free up instead of waiting about 3 s between waves.
SchedulerParameters=batch_sched_delay=0
SchedulerType=sched/backfill
# Finished jobs stay visible to squeue/scontrol for an hour: there is no accounting (sacct fails), so this is
# the only record of a job's exit code, and a short MinJobAge could hide a failed task before it is seen.
MinJobAge=3600
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
Waittime=0
NodeName=pkosim-node NodeAddr=127.0.0.1 NodeHostname=$(hostname) $hw State=UNKNOWN
PartitionName=debug Nodes=pkosim-node Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF

if [ "$use_munge" = 1 ]; then
  command -v munged >/dev/null 2>&1 || die "AuthType=auth/munge needs munged, which is not installed"
  mkdir -p "$dir/munge"
  [ -s /etc/munge/munge.key ] || { mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
  chmod 400 /etc/munge/munge.key
  munged --force --socket="$dir/munge/munge.socket" --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" \
    --seed-file="$dir/munge/munged.seed" || die "munged did not start (see $dir/log/munged.log)"
  cp "$dir/munge/munged.pid" "$dir/munged.pid"
  # Slurm's munge plugins (auth and cred) read the socket path from AuthInfo.
  sed -i "s|^AuthType=auth/munge|AuthType=auth/munge\nAuthInfo=socket=$dir/munge/munge.socket|" "$conf"
fi

# ---------------------------------------------------------------------------------------------------------------
# 3. Start the daemons in the foreground mode (-D) as background processes of their own session, so their PIDs
# are known at once and they outlive this script; -c starts from an empty state.
setsid slurmctld -D -c -f "$conf" >"$dir/log/slurmctld.out" 2>&1 </dev/null &
echo $! >"$dir/slurmctld.pid"
setsid slurmd -D -f "$conf" -N pkosim-node >"$dir/log/slurmd.out" 2>&1 </dev/null &
echo $! >"$dir/slurmd.pid"

alive() { kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }
fail_start() {
  say "$1"
  for f in slurmctld slurmd; do
    say "--- $dir/log/$f.log (last lines)"
    tail -15 "$dir/log/$f.log" >&2 2>/dev/null || true
    tail -5 "$dir/log/$f.out" >&2 2>/dev/null || true
  done
  "$(dirname "$0")/stop.sh" "$dir" >&2 || true
  exit 1
}

deadline=$(($(date +%s) + ${PKOSIM_SLURM_START_TIMEOUT:-60}))
state=''
while :; do
  alive slurmctld || fail_start "slurmctld exited"
  alive slurmd || fail_start "slurmd exited"
  state=$(timeout 5 sinfo -h -N -n pkosim-node -o '%T' 2>/dev/null || true)
  case "$state" in
    idle) break ;;
    drain* | down*)
      # A node that came up with a stale reason: ask once to resume it.
      timeout 5 scontrol update NodeName=pkosim-node State=RESUME >/dev/null 2>&1 || true ;;
  esac
  [ "$(date +%s)" -lt "$deadline" ] || fail_start "the node is not idle after ${PKOSIM_SLURM_START_TIMEOUT:-60} s (sinfo says '${state}')"
  sleep 0.2
done

say "node idle; daemons started in $(elapsed "$t_started") s${missing[*]:+, $(elapsed "$t0") s with the install}; dir $dir"
printf 'export SLURM_CONF=%q\n' "$conf"
printf 'export PKOSIM_SLURM_DIR=%q\n' "$dir"
