#!/usr/bin/env bash
# The one entry point of bmo.
#
#   ./submit.sh <command> [args…]            commands: train, hypergrad, evaluate, sweep, report, reproduce, bench, …
#                                            (./submit.sh --help)
#
# Spark commands (train, evaluate, sweep, reproduce) go through `spark-submit` when it is on PATH or $SPARK_HOME is set, so the same
# command line works on a cluster (--master yarn|spark://…|k8s://…, --conf spark.*=… are passed to spark-submit).
# Without a Spark installation they run Spark's own SparkSubmit from the Maven-built jars in local mode, all cores
# (local[*]) unless --master says otherwise. Other commands run in a plain JVM. The jar is built on first use.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ROOT/jobs/target/bmo-jobs.jar"
CP_FILE="$ROOT/jobs/target/spark-classpath.txt"
MAIN=io.bmo.jobs.Main

JVM_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties")

die() { echo "submit.sh: $*" >&2; exit 2; }

needs_build() {
  [[ -f "$JAR" && -f "$CP_FILE" ]] || return 0
  # Rebuild when any source or pom is newer than the jar (a developer checkout); a user's unpacked release has none.
  [[ -n "$(find "$ROOT"/pom.xml "$ROOT"/bmo-core "$ROOT"/datasets "$ROOT"/jobs -newer "$JAR" \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.conf' -o -name '*.properties' \) \
      -not -path '*/target/*' -print -quit 2>/dev/null)" ]]
}

build() {
  command -v mvn >/dev/null || die "Maven (mvn) is needed to build the jar on first use"
  echo "submit.sh: building bmo (first use or sources changed)…" >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl jobs -am >&2) || die "build failed (run: mvn -B -DskipTests package -pl jobs -am)"
}

[[ $# -ge 1 ]] || { echo "usage: ./submit.sh <train|hypergrad|evaluate|sweep|report|reproduce|bench|…> [args…]" >&2; exit 2; }
cmd="$1"
shift

case "$cmd" in
  bench)
    exec "$ROOT/bench/run.sh" "$@" ;;
esac

if needs_build; then build; fi
[[ -f "$JAR" ]] || die "missing $JAR after build"

export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

case "$cmd" in
  train|evaluate|sweep|reproduce)
    # Split spark-submit options (--master, --conf, --deploy-mode, …) from the application's arguments.
    spark_args=(); app_args=(); master=""
    while [[ $# -gt 0 ]]; do
      case "$1" in
        --master) [[ $# -ge 2 ]] || die "--master needs a URL"; master="$2"; shift 2 ;;
        --master=*) master="${1#--master=}"; shift ;;
        --conf|--deploy-mode|--num-executors|--executor-memory|--executor-cores|--driver-memory|--total-executor-cores|--queue|--packages|--jars|--files|--properties-file)
          [[ $# -ge 2 ]] || die "$1 needs a value"; spark_args+=("$1" "$2"); shift 2 ;;
        *) app_args+=("$1"); shift ;;
      esac
    done
    common=(--class "$MAIN" --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1
      --conf "spark.driver.extraJavaOptions=${JVM_FLAGS[*]}" --conf "spark.executor.extraJavaOptions=${JVM_FLAGS[*]}")
    if command -v spark-submit >/dev/null 2>&1 || [[ -n "${SPARK_HOME:-}" ]]; then
      SUBMIT="$(command -v spark-submit 2>/dev/null || echo "$SPARK_HOME/bin/spark-submit")"
      exec "$SUBMIT" ${master:+--master "$master"} "${common[@]}" "${spark_args[@]}" "$JAR" "$cmd" "${app_args[@]}"
    fi
    master="${master:-local[*]}"
    exec java "${JVM_FLAGS[@]}" ${BMO_JAVA_OPTS:-} -cp "$(cat "$CP_FILE"):$JAR" org.apache.spark.deploy.SparkSubmit \
      --master "$master" "${common[@]}" --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
      "${spark_args[@]}" "$JAR" "$cmd" "${app_args[@]}" ;;
  *)
    exec java "${JVM_FLAGS[@]}" ${BMO_JAVA_OPTS:-} -cp "$(cat "$CP_FILE"):$JAR" "$MAIN" "$cmd" "$@" ;;
esac
