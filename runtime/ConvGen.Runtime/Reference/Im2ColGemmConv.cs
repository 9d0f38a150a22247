using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// The GEMM blocks K at ≤ 256 (one 16-pixel B micro-panel, 16 KB, stays in L1) and M at ≤ 120 rows (the A block,
/// ≤ 120 KB, stays in L2), and runs a 6×16 register tile: 12 <see cref="Vector256{T}"/> accumulators updated with
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
    /// <summary>Rows (output channels) of the register tile.</summary>
    private const int MR = 6;
    /// <summary>Columns (output pixels) of the register tile and of a packed B panel.</summary>
    private const int NR = 16;
    /// <summary>Largest K block: a 256×16 B micro-panel is 16 KB (L1).</summary>
    private const int KC = 256;
    /// <summary>Largest M block (a multiple of <see cref="MR"/>): a 120×256 block of weights is 120 KB (L2).</summary>
    private const int MC = 120;
    /// <summary>Target size in floats of one packed im2col chunk (K × pixels): ~384 KB, so it stays in L2.</summary>
    private const int ChunkFloats = 96 * 1024;
    /// <summary>Smallest chunk in pixels, so that deep layers still amortise a pass over the weights per chunk.</summary>
    private const int MinChunk = 64;

    [ThreadStatic] private static ScratchBuffer? t_scratch;

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

        float* packedB = Scratch((long)g.K * g.Chunk);

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
                        Gemm(g, wg, packedB, yg + j0, columns);
                    }
                    Epilogue(yg, b == null ? null : b + (long)group * g.Kg, g.Kg, g.N, shape.Activation);
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
        /// <summary>Balanced K and M block sizes (≤ <see cref="KC"/>, ≤ <see cref="MC"/>, the latter a multiple of 6).</summary>
        public readonly int KBlock, MBlock;

        public Geometry(in Conv2DShape s)
        {
            H = s.Height; W = s.Width; KH = s.KernelHeight; KW = s.KernelWidth;
            SH = s.StrideHeight; SW = s.StrideWidth; PH = s.PaddingHeight; PW = s.PaddingWidth;
            DH = s.DilationHeight; DW = s.DilationWidth; OW = s.OutWidth;
            Cg = s.InChannels / s.Groups; Kg = s.OutChannels / s.Groups;
            K = Cg * KH * KW; N = s.OutHeight * OW;
            Pointwise = KH == 1 && KW == 1 && SH == 1 && SW == 1 && PH == 0 && PW == 0;
            int columns = RoundUp(N, NR);
            Chunk = Math.Min(columns, Math.Max(MinChunk, ChunkFloats / K / NR * NR));
            int kBlocks = (K + KC - 1) / KC;
            KBlock = (K + kBlocks - 1) / kBlocks;
            int mBlocks = (Kg + MC - 1) / MC;
            MBlock = RoundUp((Kg + mBlocks - 1) / mBlocks, MR);
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

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
                    CopyLanes(dst, src, lanes);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyLanes(float* dst, float* src, int lanes)
    {
        if (lanes == NR)
        {
            Unsafe.CopyBlockUnaligned(dst, src, NR * sizeof(float));
            return;
        }
        int l = 0;
        for (; l < lanes; l++)
        {
            dst[l] = src[l];
        }
        for (; l < NR; l++)
        {
            dst[l] = 0f;
        }
    }

    /// <summary>
    /// C[kg × columns] (row stride N) = A[kg × K] (the group's weights, row-major) · B[K × columns] (one packed chunk):
    /// K blocks, then M blocks, then 16-pixel B panels, then 6-row tiles.
    /// </summary>
    private static void Gemm(in Geometry g, float* a, float* b, float* c, int columns)
    {
        int k = g.K, m = g.Kg;
        nint ldc = g.N;
        for (int p0 = 0; p0 < k; p0 += g.KBlock)
        {
            int kc = Math.Min(g.KBlock, k - p0);
            bool accumulate = p0 > 0;
            for (int i0 = 0; i0 < m; i0 += g.MBlock)
            {
                int iEnd = Math.Min(m, i0 + g.MBlock);
                for (int j = 0; j < columns; j += NR)
                {
                    float* bPanel = b + (long)j * k + (long)p0 * NR;
                    int nr = Math.Min(NR, columns - j);
                    for (int i = i0; i < iEnd; i += MR)
                    {
                        float* aPanel = a + (long)i * k + p0;
                        MicroKernel(kc, aPanel, k, bPanel, c + i * ldc + j, ldc, Math.Min(MR, m - i), nr, accumulate);
                    }
                }
            }
        }
    }

    /// <summary>
    /// C[mr × nr] (+)= A[mr × kc] (rows <paramref name="lda"/> apart) · B panel [kc × 16], on the best available path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel(nint kc, float* a, nint lda, float* b, float* c, nint ldc, int mr, int nr, bool accumulate)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            switch (mr)
            {
                case 6: Tile256<Rows6>(kc, a, lda, b, c, ldc, nr, accumulate); break;
                case 5: Tile256<Rows5>(kc, a, lda, b, c, ldc, nr, accumulate); break;
                case 4: Tile256<Rows4>(kc, a, lda, b, c, ldc, nr, accumulate); break;
                case 3: Tile256<Rows3>(kc, a, lda, b, c, ldc, nr, accumulate); break;
                case 2: Tile256<Rows2>(kc, a, lda, b, c, ldc, nr, accumulate); break;
                default: Tile256<Rows1>(kc, a, lda, b, c, ldc, nr, accumulate); break;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            int r = 0;
            for (; r + 2 <= mr; r += 2)
            {
                Tile128<Rows2>(kc, a + r * lda, lda, b, c + r * ldc, ldc, nr, accumulate);
            }
            if (r < mr)
            {
                Tile128<Rows1>(kc, a + r * lda, lda, b, c + r * ldc, ldc, nr, accumulate);
            }
        }
        else
        {
            TileScalar(kc, a, lda, b, c, ldc, mr, nr, accumulate);
        }
    }

    /// <summary>A compile-time row count: the JIT specialises each tile per struct and folds the unused rows away.</summary>
    private interface IRows
    {
        static abstract int Count { get; }
    }

    private struct Rows1 : IRows { public static int Count => 1; }
    private struct Rows2 : IRows { public static int Count => 2; }
    private struct Rows3 : IRows { public static int Count => 3; }
    private struct Rows4 : IRows { public static int Count => 4; }
    private struct Rows5 : IRows { public static int Count => 5; }
    private struct Rows6 : IRows { public static int Count => 6; }

    /// <summary>
    /// The 6×16 tile with <see cref="Vector256{T}"/>: per k, load the two B vectors, then for each row broadcast
    /// its weight and do its two FMAs (12 accumulators + 2 B + 1 A = 15 registers, in the source order RyuJIT keeps).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Tile256<TRows>(nint kc, float* a, nint lda, float* b, float* c, nint ldc, int nr, bool accumulate)
        where TRows : struct, IRows
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        float* a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda;
        for (nint k = 0; k < kc; k++)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8);
            Vector256<float> av = Vector256.Create(a[k]);
            c00 = Vector256.MultiplyAddEstimate(av, b0, c00);
            c01 = Vector256.MultiplyAddEstimate(av, b1, c01);
            if (TRows.Count > 1)
            {
                av = Vector256.Create(a1[k]);
                c10 = Vector256.MultiplyAddEstimate(av, b0, c10);
                c11 = Vector256.MultiplyAddEstimate(av, b1, c11);
            }
            if (TRows.Count > 2)
            {
                av = Vector256.Create(a2[k]);
                c20 = Vector256.MultiplyAddEstimate(av, b0, c20);
                c21 = Vector256.MultiplyAddEstimate(av, b1, c21);
            }
            if (TRows.Count > 3)
            {
                av = Vector256.Create(a3[k]);
                c30 = Vector256.MultiplyAddEstimate(av, b0, c30);
                c31 = Vector256.MultiplyAddEstimate(av, b1, c31);
            }
            if (TRows.Count > 4)
            {
                av = Vector256.Create(a4[k]);
                c40 = Vector256.MultiplyAddEstimate(av, b0, c40);
                c41 = Vector256.MultiplyAddEstimate(av, b1, c41);
            }
            if (TRows.Count > 5)
            {
                av = Vector256.Create(a5[k]);
                c50 = Vector256.MultiplyAddEstimate(av, b0, c50);
                c51 = Vector256.MultiplyAddEstimate(av, b1, c51);
            }
            b += NR;
        }

        if (nr == NR)
        {
            Store256(c, c00, c01, accumulate);
            if (TRows.Count > 1) Store256(c + ldc, c10, c11, accumulate);
            if (TRows.Count > 2) Store256(c + 2 * ldc, c20, c21, accumulate);
            if (TRows.Count > 3) Store256(c + 3 * ldc, c30, c31, accumulate);
            if (TRows.Count > 4) Store256(c + 4 * ldc, c40, c41, accumulate);
            if (TRows.Count > 5) Store256(c + 5 * ldc, c50, c51, accumulate);
            return;
        }
        float* tile = stackalloc float[MR * NR];
        c00.Store(tile); c01.Store(tile + 8);
        if (TRows.Count > 1) { c10.Store(tile + 16); c11.Store(tile + 24); }
        if (TRows.Count > 2) { c20.Store(tile + 32); c21.Store(tile + 40); }
        if (TRows.Count > 3) { c30.Store(tile + 48); c31.Store(tile + 56); }
        if (TRows.Count > 4) { c40.Store(tile + 64); c41.Store(tile + 72); }
        if (TRows.Count > 5) { c50.Store(tile + 80); c51.Store(tile + 88); }
        StorePartial(tile, c, ldc, TRows.Count, nr, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* row, Vector256<float> lo, Vector256<float> hi, bool accumulate)
    {
        if (accumulate)
        {
            lo += Vector256.Load(row);
            hi += Vector256.Load(row + 8);
        }
        lo.Store(row);
        hi.Store(row + 8);
    }

    /// <summary>
    /// Up to 2 rows × 16 columns with <see cref="Vector128{T}"/> (8 accumulators + 4 B + 1 A registers), reading
    /// the same operands as <see cref="Tile256{TRows}"/>; called once per row pair of a 6-row tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Tile128<TRows>(nint kc, float* a, nint lda, float* b, float* c, nint ldc, int nr, bool accumulate)
        where TRows : struct, IRows
    {
        Vector128<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector128<float> c10 = default, c11 = default, c12 = default, c13 = default;
        float* a1 = a + lda;
        for (nint k = 0; k < kc; k++)
        {
            Vector128<float> b0 = Vector128.Load(b), b1 = Vector128.Load(b + 4), b2 = Vector128.Load(b + 8), b3 = Vector128.Load(b + 12);
            Vector128<float> av = Vector128.Create(a[k]);
            c00 = Vector128.MultiplyAddEstimate(av, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(av, b1, c01);
            c02 = Vector128.MultiplyAddEstimate(av, b2, c02);
            c03 = Vector128.MultiplyAddEstimate(av, b3, c03);
            if (TRows.Count > 1)
            {
                av = Vector128.Create(a1[k]);
                c10 = Vector128.MultiplyAddEstimate(av, b0, c10);
                c11 = Vector128.MultiplyAddEstimate(av, b1, c11);
                c12 = Vector128.MultiplyAddEstimate(av, b2, c12);
                c13 = Vector128.MultiplyAddEstimate(av, b3, c13);
            }
            b += NR;
        }

        if (nr == NR)
        {
            Store128(c, c00, c01, c02, c03, accumulate);
            if (TRows.Count > 1) Store128(c + ldc, c10, c11, c12, c13, accumulate);
            return;
        }
        float* tile = stackalloc float[2 * NR];
        c00.Store(tile); c01.Store(tile + 4); c02.Store(tile + 8); c03.Store(tile + 12);
        if (TRows.Count > 1) { c10.Store(tile + 16); c11.Store(tile + 20); c12.Store(tile + 24); c13.Store(tile + 28); }
        StorePartial(tile, c, ldc, TRows.Count, nr, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store128(float* row, Vector128<float> v0, Vector128<float> v1, Vector128<float> v2,
        Vector128<float> v3, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector128.Load(row);
            v1 += Vector128.Load(row + 4);
            v2 += Vector128.Load(row + 8);
            v3 += Vector128.Load(row + 12);
        }
        v0.Store(row);
        v1.Store(row + 4);
        v2.Store(row + 8);
        v3.Store(row + 12);
    }

    /// <summary>The portable tile: the same operands, plain multiply-adds.</summary>
    [SkipLocalsInit]
    private static void TileScalar(nint kc, float* a, nint lda, float* b, float* c, nint ldc, int mr, int nr, bool accumulate)
    {
        float* tile = stackalloc float[MR * NR];
        new Span<float>(tile, MR * NR).Clear();
        for (nint k = 0; k < kc; k++)
        {
            for (int r = 0; r < mr; r++)
            {
                float av = a[r * lda + k];
                float* acc = tile + r * NR;
                for (int j = 0; j < NR; j++)
                {
                    acc[j] = float.MultiplyAddEstimate(av, b[j], acc[j]);
                }
            }
            b += NR;
        }
        StorePartial(tile, c, ldc, mr, nr, accumulate);
    }

    /// <summary>Writes (or adds) the first <paramref name="rows"/> × <paramref name="columns"/> of a 16-wide tile.</summary>
    private static void StorePartial(float* tile, float* c, nint ldc, int rows, int columns, bool accumulate)
    {
        for (int r = 0; r < rows; r++, tile += NR, c += ldc)
        {
            if (accumulate)
            {
                for (int j = 0; j < columns; j++)
                {
                    c[j] += tile[j];
                }
            }
            else
            {
                for (int j = 0; j < columns; j++)
                {
                    c[j] = tile[j];
                }
            }
        }
    }

    /// <summary>Adds the bias (when given) and applies the activation to <paramref name="rows"/> rows of <paramref name="n"/> outputs.</summary>
    private static void Epilogue(float* y, float* bias, int rows, int n, Activation activation)
    {
        if (bias == null && activation == Activation.None)
        {
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            float add = bias == null ? 0f : bias[r];
            float* row = y + (long)r * n;
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> vb = Vector256.Create(add), zero = Vector256<float>.Zero, six = Vector256.Create(6f);
                for (; j + 8 <= n; j += 8)
                {
                    Vector256<float> v = Vector256.Load(row + j) + vb;
                    if (activation != Activation.None)
                    {
                        v = Vector256.Max(v, zero);
                        if (activation == Activation.Relu6)
                        {
                            v = Vector256.Min(v, six);
                        }
                    }
                    v.Store(row + j);
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                Vector128<float> vb = Vector128.Create(add), zero = Vector128<float>.Zero, six = Vector128.Create(6f);
                for (; j + 4 <= n; j += 4)
                {
                    Vector128<float> v = Vector128.Load(row + j) + vb;
                    if (activation != Activation.None)
                    {
                        v = Vector128.Max(v, zero);
                        if (activation == Activation.Relu6)
                        {
                            v = Vector128.Min(v, six);
                        }
                    }
                    v.Store(row + j);
                }
            }
            for (; j < n; j++)
            {
                row[j] = GenericConv.Activate(row[j] + add, activation);
            }
        }
    }

    /// <summary>The calling thread's cached scratch of at least <paramref name="floats"/> floats, 64-byte aligned.</summary>
    private static float* Scratch(long floats)
    {
        ScratchBuffer? buffer = t_scratch;
        if (buffer is null || buffer.Floats < floats)
        {
            buffer?.Dispose();
            t_scratch = null;
            t_scratch = buffer = new ScratchBuffer(Math.Max(floats, 4096));
        }
        return buffer.Address;
    }

    private sealed class ScratchBuffer : IDisposable
    {
        public readonly float* Address;
        public readonly long Floats;

        public ScratchBuffer(long floats)
        {
            Address = (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);
            Floats = floats;
        }

        ~ScratchBuffer() => NativeMemory.AlignedFree(Address);

        public void Dispose()
        {
            NativeMemory.AlignedFree(Address);
            GC.SuppressFinalize(this);
        }
    }
}
