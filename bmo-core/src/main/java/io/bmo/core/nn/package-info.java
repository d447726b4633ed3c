/**
 * Learned convolutional layers for a CNN denoiser {@code D(x; σ, θ)} (plug-and-play priors inside the BMO
 * fixed-point scheme), in float64, with exact derivatives.
 *
 * <p><b>Convolution</b> ({@link io.bmo.core.nn.Conv2d}): cross-correlation with an odd k×k kernel, dilation d,
 * {@code C_in → C_out} channels and bias,
 * <pre>  z_o(b, i, j) = β_o + Σ_{c,a,e} W[o][c][a][e] · x_c(b, i + (a − r)d, j + (e − r)d),   r = (k − 1)/2,</pre>
 * with zero or circular padding ({@link io.bmo.core.nn.Padding}); same-size output, as PyTorch's
 * {@code conv2d(padding = d·r)}. It is lowered to DGEMM: the patch matrix of a tile of image rows
 * ({@link io.bmo.core.nn.Im2col}, a gather of shifted rows) times the weight matrix, one {@code dgemm} per tile for
 * all output channels. VJPs: {@code ∂W += Pᵀ G}, {@code ∂β = Σ G}, {@code ∂x = col2im(G Wᵀ)}.
 *
 * <p><b>Network</b> ({@link io.bmo.core.nn.ConvNetSpec}, {@link io.bmo.core.nn.ConvDenoiser}): DnCNN-style residual
 * denoiser {@code D = x − f_θ([x, σ])}, {@code f_θ} = conv, ReLU, …, conv, with an optional constant noise-level
 * channel σ so that one network serves every σ. Parameters are one flat vector, layer by layer
 * {@code [W₀, β₀, W₁, β₁, …]}, each {@code W_l} in PyTorch's {@code [out][in][row][col]} order.
 *
 * <p><b>Derivatives</b>: VJP in the input, in σ and in θ, and JVP in (x, σ), at the point recorded in a
 * {@link io.bmo.core.nn.ConvTape}. Invariant: {@code ⟨JVP(t), w⟩ = ⟨t, VJP(w)⟩} (tested to rounding), and within
 * one ReLU activation pattern D is affine in x, σ and each single parameter, so central differences check them
 * without truncation error.
 *
 * <p><b>Memory.</b> A tape holds the network input and every hidden activation ({@link io.bmo.core.nn.ConvTape#bytes()});
 * {@link io.bmo.core.nn.ConvDenoiser#apply} computes the same bits with none, so a caller can checkpoint: keep only a
 * stage's input and re-run {@code forward} on a single tape before that stage's VJP (bit-identical derivatives).
 *
 * <p><b>Layout.</b> A block of B images with C channels is channel-major ({@code c·B·H·W + b·H·W + i·W + j}); for the
 * single-channel images the network takes and returns, that is B row-major H×W images one after the other.
 * Workspaces are allocated once per network for its largest block; the hot paths allocate nothing.
 */
package io.bmo.core.nn;
