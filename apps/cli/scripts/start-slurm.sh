#!/usr/bin/env bash
# Starts a single-node SLURM on this machine for the SLURM integration test (apps/cli/src/slurm.test.ts):
# munged, slurmctld and slurmd, as root, with Debian's slurm-wlm and munge (apt-get install slurm-wlm munge;
# .ci/run does that). Writes /etc/slurm/slurm.conf with the node's real CPU count and memory (MiB − 1024).
# Idempotent: when the daemons it started are still running and the node answers, it does nothing.
# Stop them with apps/cli/scripts/stop-slurm.sh (by the pids this script recorded).
# Exit 0 when `sinfo` shows the node idle, 1 (with the reason on stderr) otherwise.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then echo "start-slurm: needs root (munged and slurmd run as root/munge)" >&2; exit 1; fi
for c in munged mungekey slurmctld slurmd sinfo sbatch; do
  command -v "$c" >/dev/null 2>&1 || { echo "start-slurm: $c not found (apt-get install slurm-wlm munge)" >&2; exit 1; }
done

node_ready() { sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; }
if pgrep -x slurmctld >/dev/null && pgrep -x slurmd >/dev/null && node_ready; then exit 0; fi

host=$(hostname -s)
cpus=$(nproc)
mem_mib=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 - 1024 ))

# munge: a key (the package makes one on install; made here when absent), then the daemon as user munge.
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge /etc/munge
if [ ! -s /etc/munge/munge.key ]; then mungekey -c -f -k /etc/munge/munge.key; fi
chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
if ! pgrep -x munged >/dev/null; then runuser -u munge -- munged; fi

mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat >/etc/slurm/slurm.conf <<EOF
# Written by apps/cli/scripts/start-slurm.sh: one node, this machine.
ClusterName=fmrs-test
SlurmctldHost=${host}
AuthType=auth/munge
CryptoType=crypto/munge
SlurmUser=root
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
MpiDefault=none
NodeName=${host} CPUs=${cpus} RealMemory=${mem_mib} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP
EOF

pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd

for _ in $(seq 1 60); do
  if node_ready; then exit 0; fi
  # A node left DOWN/DRAIN by an earlier run on this machine is brought back.
  scontrol update nodename="${host}" state=resume >/dev/null 2>&1 || true
  sleep 1
done
echo "start-slurm: the node did not become idle within 60 s; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
sinfo -N >&2 || true
exit 1
