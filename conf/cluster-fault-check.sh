#!/usr/bin/env bash
# Fault check on a real standalone cluster (conf/local-cluster.sh): a short training run on the loopback cluster,
# with one executor JVM killed (SIGKILL) mid-run, must end with omega/*.npy byte-identical to the same run on
# Spark local[2]. Prints what happened; exit 0 on identical bits, 1 on a difference or a failed run.
#
#   conf/cluster-fault-check.sh [CONFIG] [STEPS]     (default conf/sparse-coding-smoke.conf, 60 steps; ~2 min)
#
# Starts the cluster if it is not running and stops it again in that case. Bounded: every wait has a time-out.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG="${1:-conf/sparse-coding-smoke.conf}"
STEPS="${2:-60}"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/bmo-fault.XXXXXX")"
cd "$ROOT"

started=0
if ! conf/local-cluster.sh status >/dev/null 2>&1; then
  conf/local-cluster.sh start
  started=1
fi
cleanup() {
  [[ $started -eq 1 ]] && conf/local-cluster.sh stop >/dev/null || true
  rm -rf "$OUT"
}
trap cleanup EXIT

echo "fault-check: reference run on local[2] ($CONFIG, $STEPS steps)"
timeout 600 ./submit.sh train "$CONFIG" --set "train.steps=$STEPS" --master 'local[2]' --out "$OUT/local" --quiet \
  >"$OUT/local.out" 2>"$OUT/local.err" || { echo "fault-check: local run failed"; tail -5 "$OUT/local.err"; exit 1; }

echo "fault-check: cluster run, killing one executor JVM once it has started"
timeout 600 ./submit.sh train "$CONFIG" --set "train.steps=$STEPS" --master spark://127.0.0.1:7077 \
  --out "$OUT/cluster" --quiet >"$OUT/cluster.out" 2>"$OUT/cluster.err" &
run=$!
killed=""
for ((i = 0; i < 120; i++)); do
  sleep 1
  if ls "$OUT"/cluster/checkpoints/step-* >/dev/null 2>&1; then # past the first checkpoint
    victim="$(pgrep -f CoarseGrainedExecutorBackend | head -1 || true)"
    if [[ -n "$victim" ]]; then
      kill -9 "$victim" && killed="$victim"
      break
    fi
  fi
  kill -0 "$run" 2>/dev/null || break
done
wait "$run" || { echo "fault-check: cluster run failed"; tail -5 "$OUT/cluster.err"; exit 1; }
[[ -n "$killed" ]] && echo "fault-check: killed executor pid $killed mid-run" \
  || echo "fault-check: WARNING: the run ended before an executor could be killed"

status=0
for f in "$OUT"/local/omega/*.npy; do
  name="$(basename "$f")"
  if cmp -s "$f" "$OUT/cluster/omega/$name"; then
    echo "fault-check: omega/$name identical"
  else
    echo "fault-check: omega/$name DIFFERS"
    status=1
  fi
done
[[ -n "$killed" ]] || status=1
exit $status
