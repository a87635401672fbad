#!/bin/sh
# slurm-check.sh - the README's Slurm recipe on a real single-node Slurm:
# munged, slurmctld and slurmd from Debian's packages, started here on
# loopback with a throw-away configuration, run the recipe as a job array
# of --shard parts into one output folder, and compare the result with a
# single-machine run (manifests aside). Prints both wall times.
#   sh scripts/slurm-check.sh [MUNICIPIOS] [PARTES]     (make slurm-check)
# Needs root (the daemons run as root here) and slurm-wlm + munge
# (installed by `make slurm-check`). Everything lives in a temporary
# folder, removed at the end with the daemons this script started.
set -eu
MUNIS=${1:-100}
PARTS=${2:-4}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/build/tablero
GEN=$ROOT/build/bench/gen_network
W=$(mktemp -d /tmp/tablero-slurm.XXXXXX)
HOST=$(hostname -s)
PIDS=""
cleanup() {
    [ -n "${SLURM_CONF:-}" ] && scancel --quiet --name=tablero-red 2>/dev/null || true
    for f in "$W/slurmd.pid" "$W/slurmctld.pid" "$W/munged.pid"; do
        [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
    done
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
die() { echo "slurm-check: $*" >&2; for l in "$W"/log/*; do echo "== $l" >&2; tail -20 "$l" >&2; done; exit 1; }
now() { date +%s.%N; }

mkdir -p "$W/munge" "$W/state" "$W/spool" "$W/log" "$W/out"
"$GEN" "$MUNIS" >"$W/red.csv"

# munge: its own key and socket, so nothing of the machine's is touched
dd if=/dev/urandom of="$W/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$W/munge/munge.key"
munged --force --key-file="$W/munge/munge.key" --socket="$W/munge/sock" \
    --pid-file="$W/munged.pid" --log-file="$W/log/munged.log" --seed-file="$W/munge/seed" \
    || die "munged no arrancó"

cat >"$W/slurm.conf" <<CONF
ClusterName=tablero
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$W/munge/sock
CredType=cred/munge
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=tablero Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$W/slurm.conf"
slurmctld -f "$SLURM_CONF" || die "slurmctld no arrancó"
slurmd -f "$SLURM_CONF" || die "slurmd no arrancó"
# the daemons come up on their own time: ask until the node is idle
# (bounded; this is a manual check, not part of make test)
i=0
until sinfo -h -N -o %T 2>/dev/null | grep -qx idle; do
    i=$((i + 1)); [ $i -le 120 ] || die "el nodo no quedó libre"
    sleep 0.5
done

# the README's recipe, one task per part, all into one output folder
cat >"$W/job.sh" <<JOB
#!/bin/sh
#SBATCH --job-name=tablero-red
#SBATCH --cpus-per-task=1
#SBATCH --output=$W/log/task-%a.log
exec "$BIN" -q -j "\$SLURM_CPUS_PER_TASK" -p 2026-11 -i "$W/red.csv" \\
  -o "$W/out" \\
  --shard "\${SLURM_ARRAY_TASK_ID}/\${SLURM_ARRAY_TASK_COUNT}"
JOB
t0=$(now)
sbatch --wait --quiet --array=1-"$PARTS" "$W/job.sh" || die "el arreglo de trabajos falló"
t1=$(now)
# the same on one machine, one process
"$BIN" -q -p 2026-11 -i "$W/red.csv" -o "$W/single"
t2=$(now)
diff -r -x 'manifest*.json' "$W/single/2026-11" "$W/out/2026-11" >/dev/null \
    || die "la salida del arreglo difiere de la corrida en una máquina"
n=$(find "$W/out/2026-11" -type f ! -name 'manifest*' | wc -l)
printf 'slurm-check: %s municipios, %s partes: arreglo de Slurm %.2f s, una máquina %.2f s; %s archivos idénticos byte a byte (salvo manifiestos)\n' \
    "$MUNIS" "$PARTS" "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $t2 - $t1}")" "$n"
