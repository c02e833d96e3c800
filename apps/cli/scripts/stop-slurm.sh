#!/usr/bin/env bash
# Stops the single-node SLURM that start-slurm.sh started: slurmd, slurmctld and munged, each by the
# pid in its pid file (never by name), waiting for each to exit.
set -uo pipefail
stop() {
  local file=$1
  [ -s "$file" ] || return 0
  local pid
  pid=$(cat "$file")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$file"
}
stop /run/slurmd.pid
stop /run/slurmctld.pid
stop /run/munge/munged.pid
exit 0
