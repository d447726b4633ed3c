#!/usr/bin/env bash
# Trial-parallel sweep overhead: runs bench/sweep-overhead.conf (500 tiny trials) into a fresh directory and reports
#   overhead = 1 - (sum of per-trial wall times) / (execution wall time x task slots)
# i.e. the fraction of the executors' time not spent inside trials (Spark scheduling, task (de)serialization,
# result collection, driver bookkeeping). A trial's own time covers everything its task does for it: parsing its
# config, generating its data, training, and writing its run directory and trial.json. Also printed: the same
# ratio over the whole command (JVM + Spark start-up, planning and the result tables included).
#   bench/sweep-overhead.sh [--master local[2]] [OUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
master="local[*]"
if [[ "${1:-}" == "--master" ]]; then master="$2"; shift 2; fi
out="${1:-$(mktemp -d /tmp/bmo-sweep-bench.XXXXXX)/sweep}"
rm -rf "$out"
start=$(date +%s.%N)
line=$("$ROOT/submit.sh" sweep "$ROOT/bench/sweep-overhead.conf" --out "$out" --master "$master" 2>/dev/null | tail -1)
end=$(date +%s.%N)
echo "$line"
python3 - "$line" "$start" "$end" <<'PY'
import json, sys
j = json.loads(sys.argv[1]); wall = float(sys.argv[3]) - float(sys.argv[2])
slots = j["task_slots"]
print(f"trials run: {j['trials_run']}  execution wall: {j['execution_seconds']:.1f} s  "
      f"sum of trial times: {j['trial_seconds']:.1f} s")
print(f"task slots: {slots}  overhead (execution phase): {100 * j['overhead_fraction']:.1f} %")
print(f"whole command (JVM + Spark start-up, planning, tables): "
      f"{100 * (1 - j['trial_seconds'] / (wall * slots)):.1f} % outside trial work")
PY
echo "whole command wall time: $(python3 -c "print(f'{$end - $start:.1f}')") s"
