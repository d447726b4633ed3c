#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, from the Maven jars (no Spark installation needed):
# one Master and two Workers on 127.0.0.1, each its own JVM, so executors run in separate processes as on a cluster.
#
#   conf/local-cluster.sh start     # Master spark://127.0.0.1:7077 (UI :8080), Workers with 1 core / 3 GiB each
#   conf/local-cluster.sh status    # which processes run, with their PIDs
#   conf/local-cluster.sh stop      # stops every process this script started, by PID
#   ./submit.sh train conf/sparse-coding-smoke.conf --master spark://127.0.0.1:7077
#
# Environment: BMO_CLUSTER_DIR (state: PIDs, logs, SPARK_HOME of jar links; default target/local-cluster),
# BMO_CLUSTER_TTL (every process ends by itself after this long, default 4h), BMO_CLUSTER_PORT (default 7077),
# BMO_WORKER_CORES (default 1), BMO_WORKER_MEMORY (default 3g), BMO_WORKER_HOSTS (the two Workers' loopback
# addresses, default "127.0.0.1 127.0.0.1"; "127.0.0.1 127.0.0.2" makes them two hosts to Spark's scheduler, which
# speculation needs: it never runs a copy of a task on the host of its first attempt). Only loopback is ever bound.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${BMO_CLUSTER_DIR:-$ROOT/target/local-cluster}"
TTL="${BMO_CLUSTER_TTL:-4h}"
PORT="${BMO_CLUSTER_PORT:-7077}"
CORES="${BMO_WORKER_CORES:-1}"
MEMORY="${BMO_WORKER_MEMORY:-3g}"
read -r -a HOSTS <<<"${BMO_WORKER_HOSTS:-127.0.0.1 127.0.0.1}"
CP_FILE="$ROOT/jobs/target/spark-classpath.txt"
MASTER_URL="spark://127.0.0.1:$PORT"
NAMES=(master worker-1 worker-2)

die() { echo "local-cluster.sh: $*" >&2; exit 2; }

[[ ${#HOSTS[@]} -eq 2 ]] || die "BMO_WORKER_HOSTS needs two addresses, got '${BMO_WORKER_HOSTS:-}'"
for h in "${HOSTS[@]}"; do
  [[ "$h" =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "BMO_WORKER_HOSTS: '$h' is not a loopback address (127.x.y.z)"
done

alive() { [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every second
  local limit=$1 what=$2
  shift 2
  for ((i = 0; i < limit; i++)); do
    if "$@"; then return 0; fi
    sleep 1
  done
  echo "local-cluster.sh: timed out after ${limit}s waiting for $what (logs in $STATE)" >&2
  stop_all
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

workers_registered() { [[ "$(grep -c 'Registering worker' "$STATE/master.log" 2>/dev/null || true)" -ge 2 ]]; }

launch() { # launch NAME HOST MAIN-CLASS ARGS...: one JVM bounded by $TTL, its PID (of timeout, which forwards signals)
  local name=$1 host=$2
  shift 2
  SPARK_HOME="$STATE/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP="$host" OPENBLAS_NUM_THREADS=1 \
    nohup timeout "$TTL" java -Xmx1g -cp "$(cat "$CP_FILE")" "$@" >"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

stop_all() {
  for name in "${NAMES[@]}"; do
    if alive "$name"; then
      local pid
      pid="$(cat "$STATE/$name.pid")"
      kill "$pid" 2>/dev/null || true
      for ((i = 0; i < 10 && $(kill -0 "$pid" 2>/dev/null && echo 1 || echo 0); i++)); do sleep 1; done
      kill -9 "$pid" 2>/dev/null || true
      pkill -9 -P "$pid" 2>/dev/null || true
      echo "stopped $name (pid $pid)"
    fi
    rm -f "$STATE/$name.pid"
  done
  # executors the Workers started (their class path points into this state directory)
  pkill -9 -f "$STATE/spark-home" 2>/dev/null || true
}

start() {
  for name in "${NAMES[@]}"; do
    alive "$name" && die "$name already runs (pid $(cat "$STATE/$name.pid")); run: conf/local-cluster.sh stop"
  done
  if [[ ! -f "$CP_FILE" ]]; then
    echo "local-cluster.sh: building the jars (mvn -DskipTests package -pl jobs -am)…" >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package -pl jobs -am >&2) || die "build failed"
  fi
  port_open && die "127.0.0.1:$PORT is already in use"
  mkdir -p "$STATE/spark-home/jars"
  rm -f "$STATE/spark-home/jars/"*
  tr ':' '\n' <"$CP_FILE" | while read -r jar; do
    [[ -n "$jar" ]] && ln -sf "$jar" "$STATE/spark-home/jars/"
  done
  launch master 127.0.0.1 org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port 8080
  wait_for 60 "the Master on 127.0.0.1:$PORT" port_open
  for i in 1 2; do
    mkdir -p "$STATE/work-$i"
    launch "worker-$i" "${HOSTS[$((i - 1))]}" org.apache.spark.deploy.worker.Worker --host "${HOSTS[$((i - 1))]}" --cores "$CORES" \
      --memory "$MEMORY" --webui-port $((8080 + i)) --work-dir "$STATE/work-$i" "$MASTER_URL"
  done
  wait_for 60 "two Workers to register" workers_registered
  echo "cluster up: $MASTER_URL (2 workers x $CORES core(s), $MEMORY; ends by itself after $TTL; state in $STATE)"
}

status() {
  local up=0
  for name in "${NAMES[@]}"; do
    if alive "$name"; then
      echo "$name: running (pid $(cat "$STATE/$name.pid"))"
      up=$((up + 1))
    else
      echo "$name: not running"
    fi
  done
  [[ $up -eq ${#NAMES[@]} ]]
}

case "${1:-}" in
  start) start ;;
  stop) stop_all ;;
  status) status ;;
  *) die "usage: conf/local-cluster.sh start|stop|status" ;;
esac
