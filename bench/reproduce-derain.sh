#!/usr/bin/env bash
# Rain-streak removal from scratch with the shipped configs, evaluated on held-out synthetic pairs:
#   1. train the learned stages on Algorithm 1's loop (conf/derain.conf, mu = 0) on train400/ crops with seeded
#      rain (test crops: bsd68/ with another seed, for the progress line only);
#   2. tune the classical baseline on the same training rain (conf/derain-classical.conf, a grid, no steps);
#   3. write held-out pairs: every bsd68/ image (never trained on) with light rain (one direction, Rain100L-like) and
#      heavy rain (three directions), from seeds the training never used, as rain-NNN.png / norain-NNN.png;
#   4. evaluate --pairs both runs on every set (PSNR/SSIM on 8-bit Y); the learned run saves its images and the
#      per-stage picture of the first pair (OUT_DIR/derain/pairs/rain-001_stages.png: B_k above R_k).
# Ends with one JSON line: {"derain_run": …, "classical_run": …, the mean PSNR/SSIM per set, "seconds": …}.
#
#   bench/reproduce-derain.sh OUT_DIR [--set key=value …]
#   BMO_DERAIN_SETS="light heavy segments-light segments-heavy" bench/reproduce-derain.sh OUT_DIR
#
# BMO_DERAIN_SETS (default "light heavy") picks the held-out sets; segments-light and segments-heavy are rain of a
# second renderer that no training config uses (RainPairsWriter's modes; about 10 min more each).
#
# Data: a directory holding train400/ and bsd68/, named by BMO_DATA, or else found as data/ inside this checkout or
# inside a directory beside it. Extra arguments after OUT_DIR (e.g. --set train.steps=50 for a short trial) are passed
# to the learned training. Runs one job at a time on Spark local[2].
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "reproduce-derain.sh: $*" >&2; exit 2; }
[[ $# -ge 1 ]] || die "usage: bench/reproduce-derain.sh OUT_DIR [--set key=value …]"
OUT="$1"
shift
EXTRA=("$@")

has_data() { [[ -d "$1/train400" && -d "$1/bsd68" ]]; }
DATA="${BMO_DATA:-}"
if [[ -z "$DATA" ]]; then
  for d in "$ROOT/data" "$ROOT"/../*/data; do
    if has_data "$d"; then DATA="$(cd "$d" && pwd)"; break; fi
  done
fi
SETS=(${BMO_DERAIN_SETS:-light heavy})
for set in "${SETS[@]}"; do
  [[ "$set" =~ ^(light|heavy|segments-light|segments-heavy)$ ]] \
    || die "BMO_DERAIN_SETS: unknown set '$set' (light, heavy, segments-light, segments-heavy)"
done
[[ ${#SETS[@]} -ge 1 ]] || die "BMO_DERAIN_SETS names no set"
[[ -n "$DATA" ]] || die "no data directory: set BMO_DATA to a directory with train400/ bsd68/"
has_data "$DATA" || die "BMO_DATA=$DATA: needs train400/ bsd68/"
[[ -e "$OUT/derain" || -e "$OUT/classical" ]] && die "$OUT already holds runs; choose a new OUT_DIR"
mkdir -p "$OUT"
S="$ROOT/submit.sh"
M=(--master 'local[2]' --quiet)
SECONDS=0

echo "reproduce-derain: data $DATA, output $OUT" >&2
echo "reproduce-derain: 1/4 training of the learned stages (Algorithm 1's loop, mu = 0)" >&2
"$S" train "$ROOT/conf/derain.conf" --out "$OUT/derain" "${M[@]}" \
  --set "derain.images=$DATA/train400" --set "derain.test-images=$DATA/bsd68" "${EXTRA[@]}" >"$OUT/derain.json"
echo "reproduce-derain: 2/4 classical baseline, grid-tuned on training crops" >&2
"$S" train "$ROOT/conf/derain-classical.conf" --out "$OUT/classical" "${M[@]}" \
  --set "derain.images=$DATA/train400" --set "derain.test-images=$DATA/bsd68" >"$OUT/classical.json"

echo "reproduce-derain: 3/4 held-out pairs (bsd68; rain seeds 1001 light, 1002 heavy, 2001 segments-light," \
  "2002 segments-heavy): ${SETS[*]}" >&2
CP="$(cat "$ROOT/jobs/target/spark-classpath.txt"):$ROOT/jobs/target/bmo-jobs.jar"
seed_of() { case "$1" in light) echo 1001 ;; heavy) echo 1002 ;; segments-light) echo 2001 ;; *) echo 2002 ;; esac; }
for set in "${SETS[@]}"; do
  java -cp "$CP" io.bmo.datasets.rain.RainPairsWriter "$DATA/bsd68" "$OUT/pairs-$set" "$(seed_of "$set")" "$set"
done

echo "reproduce-derain: 4/4 evaluate --pairs" >&2
field() { sed -n "s/.*\"$2\":\([-0-9.eE]*\).*/\1/p" "$1"; }
for set in "${SETS[@]}"; do
  save=()
  [[ "$set" == "${SETS[0]}" ]] && save=(--save-images)
  "$S" evaluate --run "$OUT/derain" --pairs "$OUT/pairs-$set" "${save[@]}" >"$OUT/evaluate-derain-$set.json"
  cp "$OUT/derain/evaluate_pairs.csv" "$OUT/derain-$set.csv"
  "$S" evaluate --run "$OUT/classical" --pairs "$OUT/pairs-$set" >"$OUT/evaluate-classical-$set.json"
  cp "$OUT/classical/evaluate_pairs.csv" "$OUT/classical-$set.csv"
done

echo
echo "Held-out pairs ($(field "$OUT/evaluate-derain-${SETS[0]}.json" pairs) bsd68 images, unseen rain seeds), mean over" \
  "images, 8-bit Y: PSNR (dB) / SSIM"
printf "| %-14s | %-17s | %-17s | %-17s |\n" "rain" "rainy input" "classical" "learned"
for set in "${SETS[@]}"; do
  d="$OUT/evaluate-derain-$set.json"
  c="$OUT/evaluate-classical-$set.json"
  printf "| %-14s | %7.2f / %.4f | %7.2f / %.4f | %7.2f / %.4f |\n" "$set" \
    "$(field "$d" mean_input_psnr)" "$(field "$d" mean_input_ssim)" "$(field "$c" mean_psnr)" \
    "$(field "$c" mean_ssim)" "$(field "$d" mean_psnr)" "$(field "$d" mean_ssim)"
done
echo
printf '{"derain_run":"%s","classical_run":"%s",' "$OUT/derain" "$OUT/classical"
for set in "${SETS[@]}"; do
  d="$OUT/evaluate-derain-$set.json"
  c="$OUT/evaluate-classical-$set.json"
  k="${set//-/_}"
  printf '"pairs_%s":"%s",' "$k" "$OUT/pairs-$set"
  printf '"%s_input_psnr":%s,"%s_classical_psnr":%s,"%s_psnr":%s,"%s_input_ssim":%s,"%s_classical_ssim":%s,"%s_ssim":%s,' \
    "$k" "$(field "$d" mean_input_psnr)" "$k" "$(field "$c" mean_psnr)" "$k" "$(field "$d" mean_psnr)" \
    "$k" "$(field "$d" mean_input_ssim)" "$k" "$(field "$c" mean_ssim)" "$k" "$(field "$d" mean_ssim)"
done
printf '"stages_png":"%s","seconds":%d}\n' "$OUT/derain/pairs/rain-001_stages.png" "$SECONDS"
