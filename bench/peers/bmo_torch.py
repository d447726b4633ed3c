#!/usr/bin/env python3
"""PyTorch peer of `./submit.sh hypergrad` (bench row P3): the same BMO sparse-coding hypergradient with
float64 autograd, on the same .npy files, writing the gradient in the same layout.

Problem: S_t(z) = sign(z) * max(|z| - t, 0); models
  ista            T(u) = S_theta(u - s * A^T (A u - b))          omega = (theta, s), scalars
  ista-layerwise  step k uses (theta_k, s_k)                      omega = (theta_1..K, s_1..K)
  lista-tied      T(u) = S_theta(u - s * W^T (A u - b))           omega = (W, theta, s)
BMO loop, u^0 = 0, k = 1..K:
  v_l = T_k(u); v_u = u - beta (u - x); w = mu v_u + (1 - mu) v_l; u = (1 - alpha) u + alpha w   (U = R^n)
phi(omega) = (1/N) sum_i 1/2 ||u_i^K - x_i||^2; the gradient is autograd's exact reverse mode through all K steps.

Rows are examples (N x m signals, N x n codes), so A u becomes U @ A.T and A^T r becomes R @ A.

Usage (mirrors the bmo CLI):
  bmo_torch.py --model ista-layerwise --layers 16 --mu 0.2 --beta 0.5 --alpha 1 \
      --dictionary A.npy --signals signals.npy --codes codes.npy --omega OMEGA_DIR --out OUT_DIR \
      [--repeat R] [--threads T]
Prints one JSON line: loss, seconds (median of R full forward+backward passes, data loading excluded), threads.
Exit status 3 with "peer unavailable" on stderr when torch is not importable.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

try:
    import torch
except ImportError:  # the benchmark reports "peer unavailable" and carries on
    print("peer unavailable: python3 cannot import torch (apt-get install python3-torch)", file=sys.stderr)
    sys.exit(3)

MODELS = ("ista", "ista-layerwise", "lista-tied")


def soft_threshold(z, theta):
    return torch.sign(z) * torch.clamp(z.abs() - theta, min=0.0)


def hypergradient(model, layers, mu, beta, alpha, a, b, x, theta, step, w):
    """phi(omega) with autograd; returns (loss, theta.grad, step.grad, W.grad or None)."""
    for p in (theta, step) + ((w,) if w is not None else ()):
        p.grad = None
    n_examples = b.shape[0]
    u = torch.zeros_like(x)
    right = w if model == "lista-tied" else a  # A^T r (ista) or W^T r (lista-tied), in row form r @ right
    for k in range(layers):
        li = k if model == "ista-layerwise" else 0
        th = theta[li]
        s = step[li]
        r = u @ a.T - b
        v_l = soft_threshold(u - s * (r @ right), th)
        if mu != 0.0:
            v_u = u - beta * (u - x)
            w_mix = mu * v_u + (1.0 - mu) * v_l
        else:
            w_mix = v_l
        u = w_mix if alpha == 1.0 else (1.0 - alpha) * u + alpha * w_mix
    loss = 0.5 * ((u - x) ** 2).sum() / n_examples
    loss.backward()
    return loss.item(), theta.grad, step.grad, (w.grad if w is not None else None)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, choices=MODELS)
    ap.add_argument("--layers", required=True, type=int)
    ap.add_argument("--mu", type=float, default=0.0)
    ap.add_argument("--beta", type=float, default=0.5)
    ap.add_argument("--alpha", type=float, default=1.0)
    ap.add_argument("--dictionary", required=True)
    ap.add_argument("--signals", required=True)
    ap.add_argument("--codes", required=True)
    ap.add_argument("--omega", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch default)")
    args = ap.parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    f64 = torch.float64
    a = torch.from_numpy(np.ascontiguousarray(np.load(args.dictionary), dtype=np.float64))
    b = torch.from_numpy(np.ascontiguousarray(np.load(args.signals), dtype=np.float64))
    x = torch.from_numpy(np.ascontiguousarray(np.load(args.codes), dtype=np.float64))
    theta = torch.tensor(np.load(os.path.join(args.omega, "theta.npy")).reshape(-1), dtype=f64, requires_grad=True)
    step = torch.tensor(np.load(os.path.join(args.omega, "step.npy")).reshape(-1), dtype=f64, requires_grad=True)
    w = None
    if args.model == "lista-tied":
        w = torch.tensor(np.load(os.path.join(args.omega, "W.npy")), dtype=f64, requires_grad=True)

    times = []
    result = None
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        result = hypergradient(args.model, args.layers, args.mu, args.beta, args.alpha, a, b, x, theta, step, w)
        times.append(time.perf_counter() - t0)
    loss, g_theta, g_step, g_w = result

    os.makedirs(args.out, exist_ok=True)
    np.save(os.path.join(args.out, "theta.npy"), g_theta.detach().numpy())
    np.save(os.path.join(args.out, "step.npy"), g_step.detach().numpy())
    if g_w is not None:
        np.save(os.path.join(args.out, "W.npy"), g_w.detach().numpy())
    print(json.dumps({"loss": loss, "seconds": statistics.median(times), "threads": torch.get_num_threads(),
                      "torch": torch.__version__, "model": args.model, "layers": args.layers}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
