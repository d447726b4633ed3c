#!/usr/bin/env bash
# The benchmark: ./bench/run.sh [--quick] [--only P1,P3,…]   (also: ./submit.sh bench [--quick])
#
# Builds bmo-core, datasets, jobs and bench (Maven, tests skipped), then runs io.bmo.bench.Bench in one JVM with
# native OpenBLAS pinned to 1 thread per worker. Prints `id value target PASS|MISS|SKIP` per row and writes
# bench/results.csv. Full run: a few minutes on 2 cores; --quick: under a minute (fewer repetitions, small epochs).
#
# Row P3 needs the PyTorch peer (bench/peers/bmo_torch.py): optional, `apt-get install python3-torch` (Debian's
# python3; also install libopenblas0 so torch's BLAS is OpenBLAS, not the reference libblas3). Without torch the
# row says "peer unavailable". BMO_PEER_PYTHON=/path/to/python picks the interpreter.
# Keep the machine otherwise idle while it runs: the rows are ratios measured in this run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="$ROOT/bench/target/bench-classpath.txt"

build() {
  mvn -B -q -o -DskipTests package -pl bench -am >&2 || mvn -B -q -DskipTests package -pl bench -am >&2
}
echo "bench: building (mvn -DskipTests package -pl bench -am)…" >&2
build || { echo "bench: build failed" >&2; exit 2; }

JVM_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" -Xmx4g)

export OPENBLAS_NUM_THREADS=1
export SPARK_LOCAL_IP=127.0.0.1
exec java "${JVM_FLAGS[@]}" ${BMO_JAVA_OPTS:-} -cp "$(cat "$CP_FILE"):$ROOT/bench/target/classes" \
  io.bmo.bench.Bench "$@"
