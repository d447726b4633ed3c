#!/usr/bin/env python3
"""PyTorch peer of io.bmo.core.nn.ConvDenoiser (bench row NN2): the residual CNN denoiser
D(x; sigma, theta) = x - f_theta([x, sigma]) in float64, forward and autograd backward of L = <v, D>, on the
same .npy files as bmo, writing the gradients in bmo's layout.

Network: depth convolutions, kernel k (odd), dilation d_l, same-size output ("zero": conv2d(padding=d*(k-1)/2);
"circular": F.pad(mode="circular") then conv2d(padding=0)), ReLU after every layer but the last; layer 0 maps
1 (+1 with --sigma: a constant channel sigma_b on image b) channels to width, the last maps width to 1; biases on
every layer. Flat parameters, layer by layer: [W_0, b_0, W_1, b_1, ...], W_l of shape (out, in, k, k) row-major.

Files: --noise sigma.npy (B,) (one value per image; read also without --sigma, it gives B), --images x.npy and
--cotangent v.npy, each (B, H, W) or (B*H, W), --params theta.npy (P,). Writes to --out, in the shape of x.npy:
out.npy (D), gx.npy; and gsigma.npy (B,) (zeros without --sigma), gparams.npy (P,). Prints one JSON line: loss, seconds (median of --repeat forward+backward passes, file I/O
excluded), threads, torch version.
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
    import torch.nn.functional as F
except ImportError:  # the benchmark reports "peer unavailable" and carries on
    print("peer unavailable: python3 cannot import torch (apt-get install python3-torch)", file=sys.stderr)
    sys.exit(3)


def layer_shapes(depth, width, kernel, sigma_input):
    """(out, in) channels of every layer."""
    c0 = 2 if sigma_input else 1
    shapes = []
    for l in range(depth):
        cin = c0 if l == 0 else width
        cout = 1 if l == depth - 1 else width
        shapes.append((cout, cin))
    return shapes


def split_params(theta, shapes, kernel):
    """Leaf tensors (W_l, b_l) cut from the flat vector in layout order."""
    leaves = []
    off = 0
    for cout, cin in shapes:
        n = cout * cin * kernel * kernel
        w = torch.tensor(theta[off:off + n].reshape(cout, cin, kernel, kernel), requires_grad=True)
        off += n
        b = torch.tensor(theta[off:off + cout], requires_grad=True)
        off += cout
        leaves.append((w, b))
    if off != theta.size:
        raise SystemExit("params.npy has %d values, the network needs %d" % (theta.size, off))
    return leaves


def denoise(x, sigma, leaves, kernel, dilations, padding, sigma_input):
    """D = x - f([x, sigma]); x (B, 1, H, W), sigma (B,)."""
    b, _, h, w = x.shape
    a = torch.cat([x, sigma.view(b, 1, 1, 1).expand(b, 1, h, w)], dim=1) if sigma_input else x
    last = len(leaves) - 1
    for l, (wt, bias) in enumerate(leaves):
        p = dilations[l] * (kernel - 1) // 2
        if padding == "circular":
            a = F.conv2d(F.pad(a, (p, p, p, p), mode="circular"), wt, bias, dilation=dilations[l])
        else:
            a = F.conv2d(a, wt, bias, padding=p, dilation=dilations[l])
        if l < last:
            a = F.relu(a)
    return x - a


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--depth", type=int, required=True)
    ap.add_argument("--width", type=int, required=True)
    ap.add_argument("--kernel", type=int, required=True)
    ap.add_argument("--dilations", required=True, help="comma-separated, one per layer")
    ap.add_argument("--padding", choices=("zero", "circular"), required=True)
    ap.add_argument("--sigma", action="store_true", help="the network has the noise-level input channel")
    ap.add_argument("--images", required=True)
    ap.add_argument("--noise", required=True)
    ap.add_argument("--cotangent", required=True)
    ap.add_argument("--params", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch default)")
    args = ap.parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    dilations = [int(d) for d in args.dilations.split(",")]
    if len(dilations) != args.depth:
        raise SystemExit("--dilations needs %d values, got %s" % (args.depth, args.dilations))

    f64 = np.float64
    sigma_np = np.ascontiguousarray(np.load(args.noise), dtype=f64).reshape(-1)
    bsz = sigma_np.size
    x_np = np.ascontiguousarray(np.load(args.images), dtype=f64)
    file_shape = x_np.shape
    w = file_shape[-1]
    h = x_np.size // (bsz * w)
    if bsz * h * w != x_np.size:
        raise SystemExit("images of shape %s do not split into %d images" % (file_shape, bsz))
    x = torch.tensor(x_np.reshape(bsz, 1, h, w), requires_grad=True)
    sigma = torch.tensor(sigma_np, requires_grad=True)
    v = torch.from_numpy(np.ascontiguousarray(np.load(args.cotangent), dtype=f64).reshape(bsz, 1, h, w))
    theta = np.ascontiguousarray(np.load(args.params), dtype=f64).reshape(-1)
    leaves = split_params(theta, layer_shapes(args.depth, args.width, args.kernel, args.sigma), args.kernel)
    tensors = [x, sigma] + [t for pair in leaves for t in pair]

    times = []
    out = None
    loss = None
    for _ in range(max(1, args.repeat)):
        for t in tensors:
            t.grad = None
        t0 = time.perf_counter()
        out = denoise(x, sigma, leaves, args.kernel, dilations, args.padding, args.sigma)
        loss = (out * v).sum()
        loss.backward()
        times.append(time.perf_counter() - t0)

    os.makedirs(args.out, exist_ok=True)
    np.save(os.path.join(args.out, "out.npy"), out.detach().numpy().reshape(file_shape))
    np.save(os.path.join(args.out, "gx.npy"), x.grad.numpy().reshape(file_shape))
    gs = sigma.grad.numpy() if sigma.grad is not None else np.zeros(bsz)
    np.save(os.path.join(args.out, "gsigma.npy"), gs)
    flat = np.concatenate([t.grad.numpy().reshape(-1) for pair in leaves for t in pair])
    np.save(os.path.join(args.out, "gparams.npy"), flat)
    print(json.dumps({"loss": loss.item(), "seconds": statistics.median(times), "threads": torch.get_num_threads(),
                      "torch": torch.__version__, "images": bsz, "height": h, "width": w}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
