#!/usr/bin/env bash
# Issue 7's comparison: ISGD (constant and decreasing steps) vs MAID on FoE denoising, joint mode vs Algorithm 1 on
# sparse coding, then the comparison report. Usage: bench/compare-algorithms.sh [OUT_DIR] (default runs/compare).
# Runs one training at a time (Spark local[2]); about 5-10 minutes on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$ROOT/runs/compare}"
S="$ROOT/submit.sh"
M=(--master 'local[2]' --quiet)
mkdir -p "$OUT"
"$S" train "$ROOT/conf/compare-isgd-maid.conf" --out "$OUT/isgd-const" "${M[@]}" --set algorithm.type=isgd
"$S" train "$ROOT/conf/compare-isgd-maid.conf" --out "$OUT/isgd-decr" "${M[@]}" --set algorithm.type=isgd \
  --set algorithm.isgd.lr=0.1 --set algorithm.isgd.lr-decay=0.5 --set algorithm.isgd.lower-tol-decay=1.0 \
  --set algorithm.isgd.cg-tol-decay=0.5
"$S" train "$ROOT/conf/compare-isgd-maid.conf" --out "$OUT/maid" "${M[@]}" --set algorithm.type=maid \
  --set train.steps=25 --set train.eval-every=1
"$S" train "$ROOT/conf/compare-joint.conf" --out "$OUT/alg1" "${M[@]}"
"$S" train "$ROOT/conf/compare-joint.conf" --out "$OUT/joint" "${M[@]}" --set algorithm.type=joint \
  --set train.steps=480 --set train.eval-every=80 --set train.checkpoint-every=480
for r in alg1 joint; do
  "$S" evaluate --run "$OUT/$r" --layers 1,2,4,8,16,32,64,128,256 --master 'local[2]'
done
"$S" report "$OUT/isgd-const" "$OUT/isgd-decr" "$OUT/maid" --out "$OUT/report-denoise"
"$S" report "$OUT/alg1" "$OUT/joint" --out "$OUT/report-sparse"
