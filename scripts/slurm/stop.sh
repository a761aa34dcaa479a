#!/usr/bin/env bash
# Stop the cluster that scripts/slurm/start.sh DIR started: cancel its jobs, then end slurmd, slurmctld (and
# munged, when it was used) by the PIDs recorded in DIR. Never kills by name: other Slurm daemons on this machine
# are left alone.
#
#   scripts/slurm/stop.sh DIR [--rm]     (--rm also deletes DIR)
set -uo pipefail

dir=${1:?usage: scripts/slurm/stop.sh DIR [--rm]}
[ -d "$dir" ] || { echo "slurm: $dir: no such folder" >&2; exit 1; }
export SLURM_CONF="$dir/slurm.conf"

pid_of() { [ -s "$dir/$1.pid" ] && cat "$dir/$1.pid"; }

# Cancel what is still queued or running, so no slurmstepd outlives the daemons (only if slurmctld is alive:
# a client command without a controller retries for a long time).
if ctld=$(pid_of slurmctld) && kill -0 "$ctld" 2>/dev/null; then
  timeout 10 scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
  for _ in $(seq 1 50); do
    [ -z "$(timeout 5 squeue -h -t running,completing -o %i 2>/dev/null)" ] && break
    sleep 0.2
  done
fi

for name in slurmd slurmctld munged; do
  pid=$(pid_of "$name") || continue
  kill -0 "$pid" 2>/dev/null || continue
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "slurm: $name ($pid) did not stop in 10 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null
  fi
  echo "slurm: stopped $name ($pid)" >&2
done

if [ "${2:-}" = --rm ]; then rm -rf "$dir"; fi
