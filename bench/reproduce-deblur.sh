#!/usr/bin/env bash
# Non-blind deblurring from scratch with the shipped configs, then the Set3C table in the BMO paper's layout:
#   1. pretrain the CNN denoiser (conf/denoiser-pretrain.conf) on train400/, tested on bsd68/ patches;
#   2. train the plug-and-play stages and fine-tune the network through them by Algorithm 1 (conf/pnp-deblur.conf,
#      mu = 0) at sigma = 2.55/255 and 7.65/255, on train400/ crops blurred by seeded motion kernels (the benchmark's
#      kernels are never seen in training);
#   3. deblur every set3c/ image with every kernels/levin09/ kernel at each noise level (circular blur, noise seed
#      fixed, PSNR of the 8-bit result) and print the mean over kernels per image beside the paper's rows.
# Ends with one JSON line: {"deblur_run": <the sigma = 1 % run>, ...}.
#
#   bench/reproduce-deblur.sh OUT_DIR
#
# Data: a directory holding train400/, bsd68/, set3c/ and kernels/levin09/ (kernel_1.npy … kernel_8.npy), named by
# BMO_DATA, or else found as data/ inside this checkout or inside a directory beside it. Extra arguments after OUT_DIR
# (e.g. --set train.steps=50 for a short trial) are passed to every training. Runs one job at a time on Spark local[2].
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "reproduce-deblur.sh: $*" >&2; exit 2; }
[[ $# -ge 1 ]] || die "usage: bench/reproduce-deblur.sh OUT_DIR [--set key=value …]"
OUT="$1"
shift
EXTRA=("$@")

has_data() { [[ -d "$1/train400" && -d "$1/bsd68" && -d "$1/set3c" && -d "$1/kernels/levin09" ]]; }
DATA="${BMO_DATA:-}"
if [[ -z "$DATA" ]]; then
  for d in "$ROOT/data" "$ROOT"/../*/data; do
    if has_data "$d"; then DATA="$(cd "$d" && pwd)"; break; fi
  done
fi
[[ -n "$DATA" ]] || die "no data directory: set BMO_DATA to a directory with train400/ bsd68/ set3c/ kernels/levin09/"
has_data "$DATA" || die "BMO_DATA=$DATA: needs train400/ bsd68/ set3c/ kernels/levin09/"
[[ -e "$OUT/denoiser" || -e "$OUT/pnp-1" || -e "$OUT/pnp-3" ]] && die "$OUT already holds runs; choose a new OUT_DIR"
mkdir -p "$OUT"
S="$ROOT/submit.sh"
M=(--master 'local[2]' --quiet)
SECONDS=0

echo "reproduce-deblur: data $DATA, output $OUT" >&2
echo "reproduce-deblur: 1/3 denoiser pretraining" >&2
"$S" train "$ROOT/conf/denoiser-pretrain.conf" --out "$OUT/denoiser" "${M[@]}" \
  --set "denoiser.images=$DATA/train400" --set "denoiser.test-images=$DATA/bsd68" "${EXTRA[@]}" >"$OUT/denoiser.json"

declare -A RUN=([1]="$OUT/pnp-1" [3]="$OUT/pnp-3")
declare -A NOISE=([1]=2.55 [3]=7.65)
for lvl in 1 3; do
  echo "reproduce-deblur: 2/3 training the stages and the network at sigma = ${NOISE[$lvl]}/255" >&2
  "$S" train "$ROOT/conf/pnp-deblur.conf" --out "${RUN[$lvl]}" "${M[@]}" \
    --set "pnp-deblur.images=$DATA/train400" --set "pnp-deblur.test-images=$DATA/bsd68" \
    --set "pnp-deblur.denoiser-run=$OUT/denoiser" --set "pnp-deblur.noise=${NOISE[$lvl]}" "${EXTRA[@]}" \
    >"$OUT/pnp-$lvl.json"
done

declare -A MEAN
for lvl in 1 3; do
  echo "reproduce-deblur: 3/3 Set3C with the 8 kernels at sigma = ${NOISE[$lvl]}/255" >&2
  "$S" evaluate --run "${RUN[$lvl]}" --images "$DATA/set3c" --kernels "$DATA/kernels/levin09" \
    --noise "${NOISE[$lvl]}" --save-images >"$OUT/evaluate-$lvl.json"
  MEAN[$lvl]="$(sed -n 's/.*"mean_psnr":\([-0-9.eE]*\).*/\1/p' "$OUT/evaluate-$lvl.json")"
done

# Per image, the mean PSNR over the kernels (column 7 of evaluate_images.csv), in the paper's column order.
per_image() { # per_image RUN NAME
  awk -F, -v n="$2" 'NR > 1 && tolower($1) ~ n { s += $7; k++ } END { if (k) printf "%.2f", s / k; else printf "-" }' \
    "$1/evaluate_images.csv"
}
row() { # row LABEL B1 L1 S1 B3 L3 S3
  printf "| %-22s | %9s | %6s | %8s | %9s | %6s | %8s |\n" "$@"
}
echo
echo "Set3C, PSNR (dB), mean over Levin's 8 kernels; gray 8-bit, circular blur (paper's numbers: its own protocol)"
row "" "1%: Butt." "Leaves" "Starfish" "3%: Butt." "Leaves" "Starfish"
row "IRCNN (paper)" 32.74 33.22 33.53 28.53 28.45 28.42
row "DPIR (paper)" 34.18 35.12 33.91 29.45 30.27 29.46
row "BMO (paper)" 33.67 35.39 33.98 29.46 30.69 29.64
row "bmo (this run)" "$(per_image "${RUN[1]}" butter)" "$(per_image "${RUN[1]}" leav)" "$(per_image "${RUN[1]}" star)" \
  "$(per_image "${RUN[3]}" butter)" "$(per_image "${RUN[3]}" leav)" "$(per_image "${RUN[3]}" star)"
echo
printf '{"deblur_run":"%s","deblur_run_3":"%s","denoiser_run":"%s","mean_psnr_1":%s,"mean_psnr_3":%s,"seconds":%d}\n' \
  "${RUN[1]}" "${RUN[3]}" "$OUT/denoiser" "${MEAN[1]:-null}" "${MEAN[3]:-null}" "$SECONDS"
