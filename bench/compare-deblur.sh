#!/usr/bin/env bash
# With one pretrained denoiser, at one noise level: DPIR's hand schedule (no training) against stages learned by
# Algorithm 1 with mu > 0 (BMO) and with mu = 0 (plain unrolling) at the same number of steps, all evaluated on the
# same images and kernels.
#
#   bench/compare-deblur.sh DENOISER_RUN OUT_DIR IMAGES KERNELS TRAIN_IMAGES [NOISE] [--set key=value …]
#
# NOISE in units of 1/255 (default 2.55). Extra --set arguments go to both trainings (e.g. --set train.steps=100).
# Every run is evaluated as the mean over the problem's 8 symmetries (conf/pnp-deblur.conf's self-ensemble);
# BMO_SELF_ENSEMBLE=1 (or 2, 4) evaluates them all with that many instead (1: 8 times faster; the trainings are the
# same either way).
# Prints one table row per variant and one JSON line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "compare-deblur.sh: $*" >&2; exit 2; }
[[ $# -ge 5 ]] || die "usage: bench/compare-deblur.sh DENOISER_RUN OUT_DIR IMAGES KERNELS TRAIN_IMAGES [NOISE] [--set …]"
DEN="$1" OUT="$2" IMAGES="$3" KERNELS="$4" TRAIN="$5"
shift 5
NOISE=2.55
if [[ $# -gt 0 && "$1" != --* ]]; then NOISE="$1"; shift; fi
EXTRA=("$@")
[[ -e "$OUT" ]] && die "$OUT exists; choose a new OUT_DIR"
mkdir -p "$OUT"
S="$ROOT/submit.sh"
COMMON=(--master 'local[2]' --quiet --set "pnp-deblur.images=$TRAIN" --set "pnp-deblur.denoiser-run=$DEN"
  --set "pnp-deblur.noise=$NOISE")

evaluate() { # evaluate RUN: mean PSNR and SSIM over images x kernels
  "$S" evaluate --run "$1" --images "$IMAGES" --kernels "$KERNELS" --noise "$NOISE" \
    --set "pnp-deblur.self-ensemble=${BMO_SELF_ENSEMBLE:-8}" >"$1.evaluate.json" 2>/dev/null
  sed -n 's/.*"mean_psnr":\([-0-9.eE]*\),"mean_ssim":\([-0-9.eE]*\).*/\1 \2/p' "$1.evaluate.json"
}

# DPIR's schedule: one step with a vanishing learning rate leaves omega at its start (the schedule).
"$S" train "$ROOT/conf/pnp-deblur.conf" --out "$OUT/dpir" "${COMMON[@]}" --set train.steps=1 \
  --set optimizer.lr=1e-300 >/dev/null
read -r dpir dpir_s <<<"$(evaluate "$OUT/dpir")"
"$S" train "$ROOT/conf/pnp-deblur.conf" --out "$OUT/bmo" "${COMMON[@]}" --set pnp-deblur.mu=0.1 "${EXTRA[@]}" \
  >/dev/null
read -r bmo bmo_s <<<"$(evaluate "$OUT/bmo")"
"$S" train "$ROOT/conf/pnp-deblur.conf" --out "$OUT/unrolled" "${COMMON[@]}" --set pnp-deblur.mu=0 "${EXTRA[@]}" \
  >/dev/null
read -r unr unr_s <<<"$(evaluate "$OUT/unrolled")"
printf "| %-34s | %9s | %7s |\n" "stages (noise $NOISE/255)" "PSNR (dB)" "SSIM" \
  "DPIR schedule, not trained" "$dpir" "$dpir_s" "learned, BMO (mu = 0.1)" "$bmo" "$bmo_s" \
  "learned, plain unrolling (mu = 0)" "$unr" "$unr_s"
printf '{"dpir_psnr":%s,"bmo_psnr":%s,"unrolled_psnr":%s,"out":"%s"}\n' "$dpir" "$bmo" "$unr" "$OUT"
