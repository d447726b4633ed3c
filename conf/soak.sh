#!/usr/bin/env bash
# Soak: one driver runs 300 training steps on Spark local[2] and on the loopback standalone cluster
# (conf/local-cluster.sh); every 30 steps it reports what it holds (heap after a full GC, threads, broadcast blocks,
# cached RDDs, bus listeners). Holds when, after step 300, the heap is within 10 % of after step 30, and in the
# second half of the run (steps 165-300) no count exceeds its maximum over the first half (steps 30-165; threads:
# by more than two transient pool threads). Prints the probes; exit 0 when both runs hold, 1 otherwise. Bounded in time.
#
#   conf/soak.sh [CONFIG] [STEPS] [--set key=value …]   (default conf/sparse-coding-smoke.conf, 300 steps; ~1.5 min)
#   conf/soak.sh conf/compare-isgd-maid.conf 300 --set algorithm.type=isgd     # the stateful path (cached RDDs)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONFIG="${1:-conf/sparse-coding-smoke.conf}"
STEPS="${2:-300}"
shift $(($# > 2 ? 2 : $#))
EXTRA=("$@")
OUT="$(mktemp -d "${TMPDIR:-/tmp}/bmo-soak.XXXXXX")"
started=0
cleanup() {
  [[ $started -eq 1 ]] && conf/local-cluster.sh stop >/dev/null 2>&1
  rm -rf "$OUT"
}
trap cleanup EXIT
failures=0

soak() { # soak NAME MASTER
  local name=$1 master=$2
  echo "soak: $CONFIG, $STEPS steps on $master"
  BMO_JAVA_OPTS="-Dbmo.soak.every=30" timeout 1800 ./submit.sh train "$CONFIG" --set "train.steps=$STEPS" \
    --set "train.checkpoint-every=10" ${EXTRA[@]+"${EXTRA[@]}"} --master "$master" --out "$OUT/$name" --quiet >"$OUT/$name.out" 2>"$OUT/$name.err" \
    || { echo "soak: $name run failed: $(grep -v INFO "$OUT/$name.err" | tail -1)"; failures=$((failures + 1)); return; }
  grep '^bmo soak: ' "$OUT/$name.err" | sed 's/^bmo soak: /soak:   /'
  python3 - "$OUT/$name.err" "$STEPS" "$name" <<'PY' || failures=$((failures + 1))
import json, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("bmo soak: "):
        r = json.loads(line[len("bmo soak: "):])
        rows[r["step"]] = r
steps, name = int(sys.argv[2]), sys.argv[3]
a, b = rows.get(30), rows.get(steps)
if a is None or b is None:
    print(f"soak: {name}: probes at steps 30 and {steps} missing"); sys.exit(1)
ok = True
ratio = b["heap_used_bytes"] / a["heap_used_bytes"]
msg = [f"heap {a['heap_used_bytes'] / 2**20:.1f} -> {b['heap_used_bytes'] / 2**20:.1f} MiB (x{ratio:.3f})"]
ok &= ratio <= 1.10
# The bound: the second half of the run never holds more than the first half did; threads may differ by two
# transient pool threads (Spark's and Hadoop's pools start and retire threads on demand).
mid = (30 + steps) // 2
for k in ("threads", "broadcast_blocks", "cached_rdds", "listeners"):
    if k in a:
        first = max(r[k] for s, r in rows.items() if 30 <= s <= mid)
        second = max(r[k] for s, r in rows.items() if s > mid)
        msg.append(f"{k} max {first} -> {second}")
        ok &= second <= first + (2 if k == "threads" else 0)
print(f"soak: {name}: {'holds' if ok else 'FAILS'}: step 30 -> {steps}: " + ", ".join(msg))
sys.exit(0 if ok else 1)
PY
}

soak local 'local[2]'
if ! conf/local-cluster.sh status >/dev/null 2>&1; then
  conf/local-cluster.sh start || { echo "soak: the loopback cluster did not start"; exit 1; }
  started=1
fi
soak cluster spark://127.0.0.1:7077
[[ $failures -eq 0 ]] && echo "soak: both runs hold" || { echo "soak: $failures failure(s)"; exit 1; }
