#!/bin/bash
# Queue a sharded pkosim batch and its merge on Slurm; prints the two job ids (array job, merge job).
#
#   examples/slurm/submit.sh SHARDS [sbatch options...]
#   SCENARIO=epstein-netlogo RUNS=10000 SEED=7 OUT=/scratch/$USER/ep examples/slurm/submit.sh 16 --partition=short
#
# The extra sbatch options (partition, account, qos, ...) go to both jobs. SCENARIO, RUNS, SEED, PKOSIM_ARGS, OUT, MERGED and
# PKOSIM are read by the two job scripts (see their comments); sbatch exports this shell's environment to them.
# Relative paths in OUT are relative to the folder you submit from (the jobs start there).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards=${1:?usage: submit.sh SHARDS [sbatch options...]}
shift
array=$(sbatch --parsable --array="1-$shards" "$@" "$here/pkosim-shards.sbatch")
array=${array%%;*} # --parsable prints "jobid[;cluster]"
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes "$@" "$here/pkosim-merge.sbatch")
merge=${merge%%;*}
echo "$array $merge"
echo "queued shards as array job $array and the merge as job $merge; watch with: squeue -j $array,$merge" >&2
