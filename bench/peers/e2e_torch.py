#!/usr/bin/env python3
"""End-to-end PyTorch peer of the main job (`./submit.sh train conf/sparse-coding.conf`): the script a user would
write for the same protocol, run in one process, to compare wall time and test NMSE (bench row E2E).

Protocol (as conf/sparse-coding.conf): A in R^{m x n}, entries N(0, 1/m), columns scaled to unit norm;
x = Bernoulli(p) * N(0, 1); b = A x (noiseless). Model lista-tied, K layers, u^0 = 0:
    u <- S_theta(u - s W^T (A u - b)),   S_t(z) = sign(z) max(|z| - t, 0),   omega = (W, theta, s)
initialised W = A, theta = lambda0 / L, s = step0 / L with L = ||A||_2^2. Loss (1/B) sum_i 1/2 ||u_i^K - x_i||^2 on
a fresh minibatch of B examples per step (a pool of `--pool` examples, minibatch indices drawn per step), Adam with
learning rate `--lr`, then the projection theta >= 0, s in [step_min / L, step_max / L]. Test NMSE
10 log10(sum ||u^K - x||^2 / sum ||x||^2) on `--test` held-out examples, at the end.

The data come from torch's own seeded generator, not bmo's: the comparison is protocol against protocol (same sizes,
distributions, model, optimizer and steps), so test NMSE agrees to sampling noise, not to the bit.

Usage: e2e_torch.py [--dtype float32|float64] [--threads T] [--steps 600] [--batch 1024] ...
Prints one JSON line: seconds (wall time of the training loop and the final test evaluation, data generation of the
pool included), test_nmse_db, dtype, threads, steps. Exit status 3 with "peer unavailable" when torch is missing.
"""
import argparse
import json
import math
import sys
import time

try:
    import torch
except ImportError:
    print("peer unavailable: python3 cannot import torch (apt-get install python3-torch)", file=sys.stderr)
    sys.exit(3)


def soft_threshold(z, theta):
    return torch.sign(z) * torch.clamp(z.abs() - theta, min=0.0)


def lista_tied(a, w, theta, step, b, layers):
    """u^K for a block of signals b (rows are examples: A u becomes u @ A.T)."""
    u = torch.zeros(b.shape[0], a.shape[1], dtype=b.dtype)
    for _ in range(layers):
        r = u @ a.T - b
        u = soft_threshold(u - step * (r @ w), theta)
    return u


def examples(gen, a, count, p, dtype):
    support = torch.rand(count, a.shape[1], generator=gen, dtype=dtype) < p
    x = torch.randn(count, a.shape[1], generator=gen, dtype=dtype) * support
    return x @ a.T, x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--m", type=int, default=250)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--p", type=float, default=0.1)
    ap.add_argument("--layers", type=int, default=16)
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--pool", type=int, default=200000)
    ap.add_argument("--test", type=int, default=1024)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--lambda0", type=float, default=0.1)
    ap.add_argument("--step0", type=float, default=1.0)
    ap.add_argument("--step-min", type=float, default=0.01)
    ap.add_argument("--step-max", type=float, default=1.99)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    dtype = torch.float32 if args.dtype == "float32" else torch.float64
    gen = torch.Generator().manual_seed(args.seed)
    start = time.perf_counter()
    a = torch.randn(args.m, args.n, generator=gen, dtype=torch.float64) / math.sqrt(args.m)
    a = a / a.norm(dim=0, keepdim=True)
    lip = float(torch.linalg.matrix_norm(a, ord=2) ** 2)
    a = a.to(dtype)
    pool_b, pool_x = examples(gen, a, args.pool, args.p, dtype)
    test_b, test_x = examples(gen, a, args.test, args.p, dtype)

    w = a.clone().requires_grad_(True)
    theta = torch.tensor(args.lambda0 / lip, dtype=dtype, requires_grad=True)
    step = torch.tensor(args.step0 / lip, dtype=dtype, requires_grad=True)
    opt = torch.optim.Adam([w, theta, step], lr=args.lr)
    for _ in range(args.steps):
        idx = torch.randint(args.pool, (args.batch,), generator=gen)
        b, x = pool_b[idx], pool_x[idx]
        opt.zero_grad(set_to_none=True)
        u = lista_tied(a, w, theta, step, b, args.layers)
        loss = 0.5 * ((u - x) ** 2).sum() / args.batch
        loss.backward()
        opt.step()
        with torch.no_grad():
            theta.clamp_(min=0.0)
            step.clamp_(args.step_min / lip, args.step_max / lip)
    with torch.no_grad():
        u = lista_tied(a, w, theta, step, test_b, args.layers)
        nmse = float(((u - test_x) ** 2).sum() / (test_x ** 2).sum())
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": round(seconds, 3), "test_nmse_db": round(10 * math.log10(nmse), 3),
                      "dtype": args.dtype, "threads": args.threads, "steps": args.steps}))


if __name__ == "__main__":
    main()
