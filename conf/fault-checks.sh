#!/usr/bin/env bash
# Fault injection on real processes: each check breaks something the way a cluster or a disk does and verifies what a
# user is promised. Prints what happened; exit 0 when every selected check holds, 1 otherwise. Bounded: every run and
# every wait has a time-out. .ci/run calls it after the tests.
#
#   conf/fault-checks.sh [CHECK…]      CHECK: executor isgd worker speculation checkpoint disk nan (default: all)
#
#   executor    training on the loopback cluster (conf/local-cluster.sh), one executor JVM SIGKILLed after the first
#               checkpoint: omega/*.npy byte-identical to Spark local[2]
#   isgd        the same for the stateful ISGD path (per-example lower-level states live on the executors)
#   worker      a sweep on the loopback cluster, one Worker JVM SIGKILLed after the first trial finished: the sweep
#               ends, and trials.csv equals an undisturbed local[2] sweep apart from the timing column
#   speculation training on a second loopback cluster whose Workers are two hosts to Spark (127.0.0.1, 127.0.0.2)
#               with spark.speculation on and partition 0's first attempt held back every step: speculative copies
#               run and win (counted in Spark's event log), and omega/*.npy is byte-identical to Spark local[2]
#   checkpoint  the driver SIGKILLed while a checkpoint is half-written: the previous checkpoint is complete, and
#               --resume ends with omega byte-identical to the uninterrupted run
#   disk        the output file system fills up mid-run (a 2 MiB tmpfs; skipped when mounting is not permitted):
#               exit 1, one line naming the file, earlier checkpoints intact
#   nan         a learning rate that diverges (TV denoising): exit 1, the message names the step and the parameter, the manifest
#               says "diverged"
#
# The cluster checks start the cluster when it is not running and stop it again in that case.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CHECKS=("$@")
[[ ${#CHECKS[@]} -gt 0 ]] || CHECKS=(executor isgd worker speculation checkpoint disk nan)
OUT="$(mktemp -d "${TMPDIR:-/tmp}/bmo-faults.XXXXXX")"
SMOKE=conf/sparse-coding-smoke.conf
STEPS=60
CLUSTER=spark://127.0.0.1:7077
MNT=""
SPEC_STATE=""
started=0
failures=0

say() { echo "fault-checks: $*"; }
fail() { say "FAIL: $*"; failures=$((failures + 1)); }

cleanup() {
  [[ -n "$MNT" ]] && umount "$MNT" 2>/dev/null
  [[ $started -eq 1 ]] && conf/local-cluster.sh stop >/dev/null 2>&1
  [[ -n "$SPEC_STATE" ]] && BMO_CLUSTER_DIR="$SPEC_STATE" BMO_CLUSTER_PORT=7079 conf/local-cluster.sh stop >/dev/null 2>&1
  rm -rf "$OUT"
}
trap cleanup EXIT

ensure_cluster() {
  if [[ $started -eq 0 ]] && ! conf/local-cluster.sh status >/dev/null 2>&1; then
    conf/local-cluster.sh start || { fail "the loopback cluster did not start"; return 1; }
    started=1
  fi
}

train() { # train NAME ARGS…: a bounded training run, stdout/stderr kept in $OUT/NAME.{out,err}
  local name=$1
  shift
  timeout 900 ./submit.sh train "$@" --quiet >"$OUT/$name.out" 2>"$OUT/$name.err"
}

same_omega() { # same_omega DIR_A DIR_B WHAT: every omega/*.npy byte-identical
  local a=$1 b=$2 what=$3 ok=1 f
  for f in "$a"/omega/*.npy; do
    cmp -s "$f" "$b/omega/$(basename "$f")" || { ok=0; fail "$what: omega/$(basename "$f") differs"; }
  done
  [[ $ok -eq 1 ]] && say "$what: omega/*.npy byte-identical ($(ls "$a"/omega | tr '\n' ' '))"
  return $((1 - ok))
}

kill_executor_after_checkpoint() { # RUN_DIR PID: SIGKILL one executor JVM once the run has a checkpoint
  local dir=$1 run=$2 victim
  for ((i = 0; i < 300; i++)); do
    sleep 1
    kill -0 "$run" 2>/dev/null || break
    if ls "$dir"/checkpoints/step-* >/dev/null 2>&1; then
      victim="$(pgrep -f CoarseGrainedExecutorBackend | head -1 || true)"
      if [[ -n "$victim" ]]; then
        kill -9 "$victim" && say "killed executor JVM pid $victim after $(ls "$dir/checkpoints" | grep -c '^step-') checkpoint(s)"
        return 0
      fi
    fi
  done
  fail "the run ended before an executor could be killed"
  return 1
}

reference() { # the undisturbed local[2] run of the smoke config, shared by the checks that compare with it
  [[ -d "$OUT/ref/omega" ]] && return 0
  say "reference: $SMOKE, $STEPS steps on local[2]"
  train ref "$SMOKE" --set "train.steps=$STEPS" --master 'local[2]' --out "$OUT/ref" \
    || { fail "reference run failed: $(tail -1 "$OUT/ref.err")"; return 1; }
}

check_executor() {
  reference && ensure_cluster || return
  say "executor: $SMOKE on $CLUSTER, one executor killed mid-run"
  train executor "$SMOKE" --set "train.steps=$STEPS" --master "$CLUSTER" --out "$OUT/executor" &
  local run=$!
  kill_executor_after_checkpoint "$OUT/executor" "$run"
  wait "$run" || { fail "executor: the cluster run failed: $(tail -1 "$OUT/executor.err")"; return; }
  # A killed executor fails the step-group job it was in; that group's first step then runs as its own job.
  say "executor: $(grep -o '[0-9]* steps in [0-9]* step-group jobs' "$OUT/executor.out" || echo 'no step groups');" \
    "$(grep -c 'a Spark job of steps' "$OUT/executor.err") failed step-group job(s)"
  same_omega "$OUT/ref" "$OUT/executor" "executor"
}

check_isgd() {
  ensure_cluster || return
  local cfg=conf/compare-isgd-maid.conf sets=(--set algorithm.type=isgd --set train.steps=30
    --set train.checkpoint-every=5 --set train.eval-every=10)
  say "isgd: $cfg (ISGD, 30 steps) on local[2], then on $CLUSTER with one executor killed mid-run"
  train isgd-ref "$cfg" "${sets[@]}" --master 'local[2]' --out "$OUT/isgd-ref" \
    || { fail "isgd: reference run failed: $(tail -1 "$OUT/isgd-ref.err")"; return; }
  train isgd "$cfg" "${sets[@]}" --master "$CLUSTER" --out "$OUT/isgd" &
  local run=$!
  kill_executor_after_checkpoint "$OUT/isgd" "$run"
  wait "$run" || { fail "isgd: the cluster run failed: $(tail -1 "$OUT/isgd.err")"; return; }
  same_omega "$OUT/isgd-ref" "$OUT/isgd" "isgd"
}

check_worker() {
  ensure_cluster || return
  local sets=(--set train.steps=60 --set train.checkpoint-every=20)
  say "worker: conf/sweep-tiny.conf (6 trials of 60 steps) on local[2], then on $CLUSTER with a Worker killed"
  timeout 900 ./submit.sh sweep conf/sweep-tiny.conf "${sets[@]}" --master 'local[2]' --out "$OUT/sweep-ref" \
    >"$OUT/sweep-ref.out" 2>"$OUT/sweep-ref.err" || { fail "worker: reference sweep failed"; return; }
  timeout 900 ./submit.sh sweep conf/sweep-tiny.conf "${sets[@]}" --master "$CLUSTER" --out "$OUT/sweep" \
    >"$OUT/sweep.out" 2>"$OUT/sweep.err" &
  local run=$! victim="" state="${BMO_CLUSTER_DIR:-$ROOT/target/local-cluster}"
  for ((i = 0; i < 300; i++)); do
    sleep 0.5
    kill -0 "$run" 2>/dev/null || break
    if ls "$OUT"/sweep/trials/*/trial.json >/dev/null 2>&1; then
      victim="$(pgrep -P "$(cat "$state/worker-1.pid")" java || true)"
      [[ -n "$victim" ]] && kill -9 "$victim"
      break
    fi
  done
  [[ -n "$victim" ]] && say "worker: killed Worker JVM pid $victim after $(ls "$OUT"/sweep/trials/*/trial.json | wc -l) finished trial(s)" \
    || fail "worker: the sweep ended before a Worker could be killed"
  wait "$run" || { fail "worker: the sweep failed: $(tail -1 "$OUT/sweep.err")"; return; }
  # Everything but the wall-clock column must match, row for row.
  if diff <(cut -d, -f1-15 "$OUT/sweep-ref/trials.csv") <(cut -d, -f1-15 "$OUT/sweep/trials.csv") >/dev/null; then
    say "worker: trials.csv equal to the undisturbed sweep apart from seconds ($(($(wc -l <"$OUT/sweep/trials.csv") - 1)) trials)"
  else
    fail "worker: trials.csv differs from the undisturbed sweep"
  fi
  # The cluster lost a Worker: stop it (when this script started it) so a later check starts a whole one.
  if [[ $started -eq 1 ]]; then
    conf/local-cluster.sh stop >/dev/null 2>&1
    started=0
  fi
}

check_speculation() {
  reference || return
  local port=7079 hosts="127.0.0.1 127.0.0.2" spec wins
  SPEC_STATE="$OUT/spec-cluster"
  say "speculation: $SMOKE on spark://127.0.0.1:$port (Workers on $hosts), spark.speculation on, partition 0's"
  say "  first attempt held back 1500 ms in every training step"
  BMO_CLUSTER_DIR="$SPEC_STATE" BMO_CLUSTER_PORT=$port BMO_WORKER_HOSTS="$hosts" conf/local-cluster.sh start \
    >"$OUT/spec-cluster.out" 2>&1 || { fail "speculation: the cluster did not start: $(tail -1 "$OUT/spec-cluster.out")"; return; }
  mkdir -p "$OUT/events"
  train speculation "$SMOKE" --set "train.steps=$STEPS" --master "spark://127.0.0.1:$port" --out "$OUT/speculation" \
    --conf spark.speculation=true --conf spark.speculation.interval=50ms --conf spark.speculation.multiplier=1.5 \
    --conf spark.speculation.quantile=0.5 --conf spark.speculation.minTaskRuntime=100ms \
    --conf spark.bmo.test.straggle-ms=1500 --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file://$OUT/events" \
    --conf spark.eventLog.compress=false --conf spark.eventLog.rolling.enabled=false
  local rc=$?
  BMO_CLUSTER_DIR="$SPEC_STATE" BMO_CLUSTER_PORT=$port conf/local-cluster.sh stop >/dev/null 2>&1 && SPEC_STATE=""
  [[ $rc -eq 0 ]] || { fail "speculation: the run failed: $(tail -1 "$OUT/speculation.err")"; return; }
  # Task-end events of speculative attempts, and those of them that succeeded (their result is the one used).
  spec="$(find "$OUT/events" -type f -exec cat {} + | grep '"Event":"SparkListenerTaskEnd"' | grep -c '"Speculative":true' || true)"
  wins="$(find "$OUT/events" -type f -exec cat {} + | grep '"Event":"SparkListenerTaskEnd"' | grep '"Speculative":true' \
    | grep -c '"Reason":"Success"' || true)"
  if [[ "${wins:-0}" -ge 1 ]]; then
    say "speculation: $spec speculative attempts ended, $wins of them first with the result"
    same_omega "$OUT/ref" "$OUT/speculation" "speculation"
  else
    fail "speculation: no speculative attempt succeeded ($spec ended), nothing was tested"
  fi
}

check_checkpoint() {
  reference || return
  say "checkpoint: $SMOKE on local[2], driver SIGKILLed while checkpoint step 20 is half-written"
  BMO_JAVA_OPTS="-Dbmo.test.checkpoint-pause-ms=3000" ./submit.sh train "$SMOKE" --set "train.steps=$STEPS" \
    --master 'local[2]' --out "$OUT/ckpt" --quiet >"$OUT/ckpt.out" 2>"$OUT/ckpt.err" &
  local run=$! killed=0
  for ((i = 0; i < 3000; i++)); do
    sleep 0.1
    kill -0 "$run" 2>/dev/null || break
    if ls -d "$OUT"/ckpt/checkpoints/.tmp-step-000000020-* >/dev/null 2>&1; then
      kill -9 "$run" && killed=1
      break
    fi
  done
  wait "$run" 2>/dev/null
  [[ $killed -eq 1 ]] || { fail "checkpoint: the driver could not be killed during a checkpoint"; kill -9 "$run" 2>/dev/null; return; }
  local prev="$OUT/ckpt/checkpoints/step-000000010"
  if [[ -f "$prev/state.json" && -f "$prev/metrics.csv" && -n "$(ls "$prev"/omega/*.npy 2>/dev/null)" ]] \
      && ! ls -d "$OUT"/ckpt/checkpoints/step-000000020 >/dev/null 2>&1; then
    say "checkpoint: driver killed; step-000000010 complete, step 20 only as a temporary directory"
  else
    fail "checkpoint: the previous checkpoint is not intact: $(ls -a "$OUT/ckpt/checkpoints" | tr '\n' ' ')"
  fi
  timeout 900 ./submit.sh train --resume "$OUT/ckpt" --master 'local[2]' --quiet >"$OUT/resume.out" 2>"$OUT/resume.err" \
    || { fail "checkpoint: --resume failed: $(tail -1 "$OUT/resume.err")"; return; }
  same_omega "$OUT/ref" "$OUT/ckpt" "checkpoint (--resume after the kill)"
}

check_disk() {
  MNT="$OUT/small-fs"
  mkdir -p "$MNT"
  if ! mount -t tmpfs -o size=2m tmpfs "$MNT" 2>/dev/null; then
    say "disk: SKIPPED (mounting a tmpfs is not permitted here)"
    MNT=""
    return
  fi
  say "disk: $SMOKE writing into a 2 MiB tmpfs that is filled after the first checkpoint"
  train disk "$SMOKE" --set train.steps=200 --master 'local[2]' --out "$MNT/run" &
  local run=$!
  for ((i = 0; i < 300; i++)); do
    sleep 0.5
    ls "$MNT"/run/checkpoints/step-* >/dev/null 2>&1 && break
    kill -0 "$run" 2>/dev/null || break
  done
  dd if=/dev/zero of="$MNT/filler" bs=64k 2>/dev/null
  wait "$run"
  local rc=$? line kept="" intact=1 c
  line="$(grep '^bmo train: failed' "$OUT/disk.err")"
  # the run may have written a few more checkpoints (and dropped step 10, two are kept) before the filler filled the
  # disk: what must hold is that every checkpoint left under its final name is complete
  for c in "$MNT"/run/checkpoints/step-*; do
    [[ -e "$c" ]] || continue
    kept+="$(basename "$c") "
    [[ -s "$c/state.json" && -s "$c/metrics.csv" && -s "$c/omega/theta.npy" ]] || intact=0
  done
  if [[ $rc -eq 1 && $(grep -c '^bmo train: failed' "$OUT/disk.err") -eq 1 && "$line" == *"$MNT/run/"*"No space left"* ]] \
      && ! grep -q '^\s*at ' "$OUT/disk.err" && [[ -n "$kept" && $intact -eq 1 ]]; then
    say "disk: exit 1, '$line'; complete checkpoints left: $kept"
  else
    fail "disk: exit $rc, '$line' (expected exit 1, one line naming the file, no stack trace," \
      "complete checkpoints left)"
    say "disk: $(grep -c '^bmo train: failed' "$OUT/disk.err") failure line(s); first stack line: '$(grep -m1 '^\s*at ' \
      "$OUT/disk.err")'; checkpoints: $(ls -A "$MNT/run/checkpoints" 2>/dev/null | tr '\n' ' ')"
    grep -v '^\s*at ' "$OUT/disk.err" | tail -n 5 | sed 's/^/fault-checks:   /'
  fi
  umount "$MNT" && MNT=""
}

check_nan() {
  local cfg=conf/denoise-tv.conf
  say "nan: $cfg with plain SGD at lr 1e6 (the TV weight's exponential overflows) on local[2]"
  train nan "$cfg" --set optimizer.type=sgd --set optimizer.lr=1e6 --set train.steps=5 --master 'local[2]' \
    --out "$OUT/nan"
  local rc=$? line
  line="$(grep '^bmo train: failed' "$OUT/nan.err")"
  if [[ $rc -eq 1 && "$line" =~ "diverged at step "[0-9]+.*"parameter "[A-Za-z_0-9]+\[[0-9,]+\] ]] \
      && ! grep -q '^\s*at \|\sat io\.' "$OUT/nan.err" && grep -q '"status" *: *"diverged"' "$OUT/nan/manifest.json"; then
    say "nan: exit 1, '$line'; manifest status diverged"
  else
    fail "nan: exit $rc, '$line' (expected the step and the parameter named, no stack trace)"
  fi
}

for c in "${CHECKS[@]}"; do
  case "$c" in
    executor | isgd | worker | speculation | checkpoint | disk | nan) SECONDS=0; "check_$c"; say "$c: ${SECONDS}s" ;;
    *) echo "fault-checks: unknown check '$c' (executor isgd worker speculation checkpoint disk nan)" >&2; exit 2 ;;
  esac
done
if [[ $failures -eq 0 ]]; then
  say "all ${#CHECKS[@]} check(s) held"
else
  say "$failures failure(s)"
  exit 1
fi
