using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen.Reference;

/// <summary>
/// A competent generic (run-time shape) convolution, built the way good managed and native libraries build their
/// fallback path: im2col followed by a packed, cache-blocked SIMD SGEMM. It is the "what you would get without
/// shape specialisation" baseline for the generated kernels, and a fast second oracle for large layers.
/// </summary>
/// <remarks>
/// <para>
/// Per image and group the layer is the GEMM <c>Y[kg × OH·OW] = W[kg × cg·kh·kw] · X̂[cg·kh·kw × OH·OW]</c> in
/// PyTorch's NCHW / OIHW layouts, with <c>X̂</c> the im2col matrix. The im2col matrix is produced in chunks of
/// output pixels sized to stay in L2 (about 384 KB), written directly in the GEMM's packed B layout (panels of
/// 16 pixels, <c>[k][16]</c>, zero-padded), so im2col and B packing are one copy; 1×1 / stride-1 / unpadded layers
/// skip the index arithmetic and just pack the input rows. The A operand (the weights) is not packed: the tile
/// broadcasts one scalar per row and k, so it reads 6 sequential weight rows in place. Packing A on every call
/// (there is no pre-packed weight handle in this API) cost up to a third of the time on deep layers with few pixels
/// (512 channels at 7×7: 39 vs 59 GFLOP/s here) and gained nothing elsewhere.
/// </para>
/// <para>
/// The GEMM (<see cref="PackedSgemm"/>, shared with <see cref="GemmCol2ImConvTranspose"/>) blocks K at ≤ 256 (one
/// 16-pixel B micro-panel, 16 KB, stays in L1) and M at ≤ 120 rows (the A block, ≤ 120 KB, stays in L2), and runs a
/// 6×16 register tile: 12 <see cref="Vector256{T}"/> accumulators updated with
/// <see cref="Vector256.MultiplyAddEstimate(Vector256{float}, Vector256{float}, Vector256{float})"/> (FMA where
/// the hardware has it), with row-count-specialised variants for the last 1-5 channels. Without 256-bit SIMD the
/// same operands feed a 2×16 <see cref="Vector128{T}"/> tile, and without SIMD a scalar loop. Bias and
/// activation are applied in a final pass over each group's output.
/// </para>
/// <para>
/// It is single-threaded (the caller's thread; <see cref="ConvThreads.MaxThreads"/> is not consulted) and
/// thread-safe: each calling thread keeps its own cached, 64-byte-aligned scratch buffer, which grows to the
/// largest layer it has run (one packed im2col chunk).
/// </para>
/// </remarks>
public static unsafe class Im2ColGemmConv
{
    /// <summary>Columns (output pixels) of the register tile and of a packed B panel.</summary>
    private const int NR = PackedSgemm.NR;
    /// <summary>Target size in floats of one packed im2col chunk (K × pixels): ~384 KB, so it stays in L2.</summary>
    private const int ChunkFloats = 96 * 1024;
    /// <summary>Smallest chunk in pixels, so that deep layers still amortise a pass over the weights per chunk.</summary>
    private const int MinChunk = 64;

    [ThreadStatic] private static PackedSgemm.ScratchBuffer? t_scratch;

    /// <summary>
    /// Forward convolution in PyTorch's semantics (cross-correlation, zero padding, NCHW input and output,
    /// weights <c>[OutChannels][InChannels/Groups][kh][kw]</c>), with bias and activation applied at the end.
    /// The batch is <c>input.Length / (C·H·W)</c>; <paramref name="output"/> is overwritten. Single-threaded.
    /// </summary>
    /// <param name="shape">The layer.</param>
    /// <param name="input">N·C·H·W input values.</param>
    /// <param name="weights">K·(C/G)·kh·kw weights.</param>
    /// <param name="bias">K biases, or empty for none.</param>
    /// <param name="output">N·K·OH·OW outputs.</param>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void Forward(in Conv2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        shape.Validate();
        int batch = GenericConv.CheckLengths(shape, input, weights, bias, output);
        if (batch == 0)
        {
            return;
        }
        var g = new Geometry(shape);

        float* packedB = PackedSgemm.Scratch(ref t_scratch, (long)g.K * g.Chunk);

        fixed (float* x = input, w = weights, b = bias, y = output)
        {
            for (int n = 0; n < batch; n++)
            {
                for (int group = 0; group < shape.Groups; group++)
                {
                    float* xg = x + ((long)n * shape.InChannels + (long)group * g.Cg) * g.H * g.W;
                    float* yg = y + ((long)n * shape.OutChannels + (long)group * g.Kg) * g.N;
                    float* wg = w + (long)group * g.Kg * g.K;
                    for (int j0 = 0; j0 < g.N; j0 += g.Chunk)
                    {
                        int columns = Math.Min(g.Chunk, g.N - j0);
                        PackInput(g, xg, j0, columns, packedB);
                        PackedSgemm.Multiply(g.Kg, g.K, wg, g.K, transposedA: false, packedB, yg + j0, g.N, columns, g.KBlock, g.MBlock);
                    }
                    PackedSgemm.BiasActivation(yg, b == null ? null : b + (long)group * g.Kg, g.Kg, g.N, shape.Activation, shape.NegativeSlope);
                }
            }
        }
    }

    /// <summary>The layer's numbers as GEMM dimensions and im2col strides.</summary>
    private readonly struct Geometry
    {
        public readonly int H, W, KH, KW, SH, SW, PH, PW, DH, DW, OW;
        /// <summary>Input channels per group, output channels per group (the GEMM's M).</summary>
        public readonly int Cg, Kg;
        /// <summary>GEMM depth cg·kh·kw and width OH·OW.</summary>
        public readonly int K, N;
        /// <summary>1×1, stride 1, no padding: the im2col matrix is the input itself.</summary>
        public readonly bool Pointwise;
        /// <summary>Pixels per im2col chunk (a multiple of <see cref="NR"/>).</summary>
        public readonly int Chunk;
        /// <summary>Balanced K and M block sizes (≤ 256, ≤ 120, the latter a multiple of 6; <see cref="PackedSgemm.Blocks"/>).</summary>
        public readonly int KBlock, MBlock;

        public Geometry(in Conv2DShape s)
        {
            H = s.Height; W = s.Width; KH = s.KernelHeight; KW = s.KernelWidth;
            SH = s.StrideHeight; SW = s.StrideWidth; PH = s.PaddingHeight; PW = s.PaddingWidth;
            DH = s.DilationHeight; DW = s.DilationWidth; OW = s.OutWidth;
            Cg = s.InChannels / s.Groups; Kg = s.OutChannels / s.Groups;
            K = Cg * KH * KW; N = s.OutHeight * OW;
            Pointwise = KH == 1 && KW == 1 && SH == 1 && SW == 1 && PH == 0 && PW == 0;
            int columns = PackedSgemm.RoundUp(N, NR);
            Chunk = Math.Min(columns, Math.Max(MinChunk, ChunkFloats / K / NR * NR));
            (KBlock, MBlock) = PackedSgemm.Blocks(Kg, K);
        }
    }

    /// <summary>
    /// im2col of output pixels [j0, j0 + columns) of one group, written in packed B layout: for each panel of
    /// <see cref="NR"/> pixels, K rows of 16 values (lanes past the last pixel are zero). A panel's lanes are split
    /// into runs on one output row; for each tap a run reads one input row segment, copied when the stride is 1 and
    /// it lies inside the row, else gathered with zeros for the padding.
    /// </summary>
    [SkipLocalsInit]
    private static void PackInput(in Geometry g, float* x, int j0, int columns, float* packed)
    {
        // Locals, not fields of g: g is a reference the float stores could alias, so the JIT would reload them.
        int h = g.H, w = g.W, plane = h * w, cg = g.Cg, kh = g.KH, kw = g.KW, k = g.K, ow = g.OW;
        int sh = g.SH, sw = g.SW, ph = g.PH, pw = g.PW, dh = g.DH, dw = g.DW;
        int* runLane = stackalloc int[NR];
        int* runCount = stackalloc int[NR];
        int* runIy = stackalloc int[NR];
        int* runIx = stackalloc int[NR];
        for (int p0 = 0; p0 < columns; p0 += NR)
        {
            int q0 = j0 + p0, lanes = Math.Min(NR, columns - p0);
            float* dst = packed + (long)p0 * k;
            if (g.Pointwise)
            {
                float* src = x + q0;
                for (int c = 0; c < cg; c++, src += plane, dst += NR)
                {
                    PackedSgemm.CopyLanes(dst, src, lanes);
                }
                continue;
            }

            int oy0 = q0 / ow, ox0 = q0 - oy0 * ow;
            if (lanes == NR && ox0 + NR <= ow)
            {
                // All 16 pixels lie on one output row (the common case for wide layers): per tap, one input row
                // segment, a 64-byte block copy when the stride is 1 and it lies inside the row.
                int iy0 = oy0 * sh - ph, ix00 = ox0 * sw - pw;
                for (int c = 0; c < cg; c++)
                {
                    float* xc = x + (long)c * plane;
                    for (int ky = 0; ky < kh; ky++)
                    {
                        int iy = iy0 + ky * dh;
                        if ((uint)iy >= (uint)h)
                        {
                            Unsafe.InitBlockUnaligned(dst, 0, (uint)(kw * NR * sizeof(float)));
                            dst += kw * NR;
                            continue;
                        }
                        float* row = xc + (long)iy * w;
                        for (int kx = 0; kx < kw; kx++, dst += NR)
                        {
                            int ix0 = ix00 + kx * dw;
                            if (sw == 1 && ix0 >= 0 && ix0 + NR <= w)
                            {
                                Unsafe.CopyBlockUnaligned(dst, row + ix0, NR * sizeof(float));
                            }
                            else
                            {
                                Gather(dst, row, ix0, sw, NR, w);
                            }
                        }
                    }
                }
                continue;
            }

            // The panel wraps to the next output row(s) or is the last, partial one: split it into runs.
            int runs = 0;
            for (int l = 0; l < lanes; runs++)
            {
                int q = q0 + l, oy = q / ow, ox = q - oy * ow;
                int count = Math.Min(lanes - l, ow - ox);
                runLane[runs] = l;
                runCount[runs] = count;
                runIy[runs] = oy * sh - ph;
                runIx[runs] = ox * sw - pw;
                l += count;
            }
            for (int c = 0; c < cg; c++)
            {
                float* xc = x + (long)c * plane;
                for (int ky = 0; ky < kh; ky++)
                {
                    int dy = ky * dh;
                    for (int kx = 0; kx < kw; kx++, dst += NR)
                    {
                        int dx = kx * dw;
                        for (int r = 0; r < runs; r++)
                        {
                            float* d = dst + runLane[r];
                            int count = runCount[r], iy = runIy[r] + dy, ix0 = runIx[r] + dx;
                            if ((uint)iy >= (uint)h)
                            {
                                Unsafe.InitBlockUnaligned(d, 0, (uint)(count * sizeof(float)));
                            }
                            else if (sw == 1 && ix0 >= 0 && ix0 + count <= w)
                            {
                                Unsafe.CopyBlockUnaligned(d, xc + (long)iy * w + ix0, (uint)(count * sizeof(float)));
                            }
                            else
                            {
                                Gather(d, xc + (long)iy * w, ix0, sw, count, w);
                            }
                        }
                        for (int l = lanes; l < NR; l++)
                        {
                            dst[l] = 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>dst[l] = row[ix0 + l·stride] for l &lt; count, zero where the column is outside [0, width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather(float* dst, float* row, int ix0, int stride, int count, int width)
    {
        if (ix0 >= 0 && ix0 + (count - 1) * stride < width)
        {
            float* src = row + ix0;
            for (int l = 0; l < count; l++, src += stride)
            {
                dst[l] = *src;
            }
            return;
        }
        for (int l = 0, ix = ix0; l < count; l++, ix += stride)
        {
            dst[l] = (uint)ix < (uint)width ? row[ix] : 0f;
        }
    }
}
