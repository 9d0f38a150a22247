using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ConvGen.Runtime.CompilerServices;

namespace ConvGen.Reference;

/// <summary>
/// The SGEMM of the generic GEMM-based kernels (<see cref="Im2ColGemmConv"/>, <see cref="GemmCol2ImConvTranspose"/>):
/// <c>C[m × columns] (=|+=) A[m × k] · B[k × columns]</c> with B packed in panels of <see cref="NR"/> columns
/// (<c>[k][16]</c>, zero-padded) and A read in place, either row-major (element (i, p) at <c>a[i·lda + p]</c>) or
/// transposed (at <c>a[p·lda + i]</c>: the im2col weights are <c>[K][C/G·kh·kw]</c>, a transposed convolution's
/// <c>[C][K/G·kh·kw]</c> are its transpose).
/// </summary>
/// <remarks>
/// Blocking: K at ≤ 256 (one 16-column B micro-panel, 16 KB, stays in L1) and M at ≤ 120 rows (the A block, ≤ 120 KB,
/// stays in L2); the register tile is 6×16: 12 <see cref="Vector256{T}"/> accumulators updated with
/// <see cref="Vector256.MultiplyAddEstimate(Vector256{float}, Vector256{float}, Vector256{float})"/> (FMA where the
/// hardware has it), with row-count-specialised variants for the last 1-5 rows. Without 256-bit SIMD the same operands
/// feed a 2×16 <see cref="Vector128{T}"/> tile, and without SIMD a scalar loop. The A layout is a type parameter, so the
/// row-major tiles compile exactly as they did before the transposed layout was added.
/// </remarks>
internal static unsafe class PackedSgemm
{
    /// <summary>Rows of the register tile.</summary>
    public const int MR = 6;
    /// <summary>Columns of the register tile and of a packed B panel.</summary>
    public const int NR = 16;
    /// <summary>Largest K block: a 256×16 B micro-panel is 16 KB (L1).</summary>
    private const int KC = 256;
    /// <summary>Largest M block (a multiple of <see cref="MR"/>): a 120×256 block of A is 120 KB (L2).</summary>
    private const int MC = 120;

    /// <summary><paramref name="value"/> rounded up to a multiple of <paramref name="multiple"/>.</summary>
    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>Balanced K and M block sizes for an <paramref name="m"/> × <paramref name="k"/> A (≤ 256, ≤ 120 and a multiple of 6).</summary>
    public static (int KBlock, int MBlock) Blocks(int m, int k)
    {
        int kBlocks = (k + KC - 1) / KC;
        int mBlocks = (m + MC - 1) / MC;
        return ((k + kBlocks - 1) / kBlocks, RoundUp((m + mBlocks - 1) / mBlocks, MR));
    }

    /// <summary>
    /// Packs columns [j0, j0 + columns) of the row-major <paramref name="k"/>-row matrix <paramref name="src"/> (rows
    /// <paramref name="ldb"/> apart) into B panels: for each panel of <see cref="NR"/> columns, k rows of 16 values
    /// (lanes past the last column are zero).
    /// </summary>
    public static void PackRows(float* src, nint ldb, int k, int j0, int columns, float* packed)
    {
        for (int p0 = 0; p0 < columns; p0 += NR)
        {
            int lanes = Math.Min(NR, columns - p0);
            float* s = src + j0 + p0;
            float* dst = packed + (long)p0 * k;
            for (int r = 0; r < k; r++, s += ldb, dst += NR)
            {
                CopyLanes(dst, s, lanes);
            }
        }
    }

    /// <summary>dst[0..16) = src[0..lanes) followed by zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyLanes(float* dst, float* src, int lanes)
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
    /// C[m × columns] (row stride <paramref name="ldc"/>) = A[m × k] · B[k × columns] (packed panels): K blocks, then
    /// M blocks, then 16-column B panels, then 6-row tiles. A is row-major with rows <paramref name="lda"/> apart, or,
    /// when <paramref name="transposedA"/>, stored as its transpose (k rows of m, <paramref name="lda"/> apart).
    /// </summary>
    public static void Multiply(int m, int k, float* a, nint lda, bool transposedA, float* b, float* c, nint ldc, int columns, int kBlock, int mBlock)
    {
        if (transposedA)
        {
            Multiply<TransposedA>(m, k, a, lda, b, c, ldc, columns, kBlock, mBlock);
        }
        else
        {
            Multiply<RowMajorA>(m, k, a, lda, b, c, ldc, columns, kBlock, mBlock);
        }
    }

    private static void Multiply<TA>(int m, int k, float* a, nint lda, float* b, float* c, nint ldc, int columns, int kBlock, int mBlock)
        where TA : struct, IALayout
    {
        for (int p0 = 0; p0 < k; p0 += kBlock)
        {
            int kc = Math.Min(kBlock, k - p0);
            bool accumulate = p0 > 0;
            for (int i0 = 0; i0 < m; i0 += mBlock)
            {
                int iEnd = Math.Min(m, i0 + mBlock);
                for (int j = 0; j < columns; j += NR)
                {
                    float* bPanel = b + (long)j * k + (long)p0 * NR;
                    int nr = Math.Min(NR, columns - j);
                    for (int i = i0; i < iEnd; i += MR)
                    {
                        float* aPanel = TA.Transposed ? a + (long)p0 * lda + i : a + (long)i * lda + p0;
                        MicroKernel<TA>(kc, aPanel, lda, bPanel, c + i * ldc + j, ldc, Math.Min(MR, m - i), nr, accumulate);
                    }
                }
            }
        }
    }

    /// <summary>
    /// C[mr × nr] (+)= A[mr × kc] · B panel [kc × 16], on the best available path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel<TA>(nint kc, float* a, nint lda, float* b, float* c, nint ldc, int mr, int nr, bool accumulate)
        where TA : struct, IALayout
    {
        if (Vector256.IsHardwareAccelerated)
        {
            switch (mr)
            {
                case 6: Tile256<Rows6, TA>(kc, a, lda, b, c, ldc, nr, accumulate); break;
                case 5: Tile256<Rows5, TA>(kc, a, lda, b, c, ldc, nr, accumulate); break;
                case 4: Tile256<Rows4, TA>(kc, a, lda, b, c, ldc, nr, accumulate); break;
                case 3: Tile256<Rows3, TA>(kc, a, lda, b, c, ldc, nr, accumulate); break;
                case 2: Tile256<Rows2, TA>(kc, a, lda, b, c, ldc, nr, accumulate); break;
                default: Tile256<Rows1, TA>(kc, a, lda, b, c, ldc, nr, accumulate); break;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            nint rowStep = TA.Transposed ? 1 : lda;
            int r = 0;
            for (; r + 2 <= mr; r += 2)
            {
                Tile128<Rows2, TA>(kc, a + r * rowStep, lda, b, c + r * ldc, ldc, nr, accumulate);
            }
            if (r < mr)
            {
                Tile128<Rows1, TA>(kc, a + r * rowStep, lda, b, c + r * ldc, ldc, nr, accumulate);
            }
        }
        else
        {
            TileScalar<TA>(kc, a, lda, b, c, ldc, mr, nr, accumulate);
        }
    }

    /// <summary>A compile-time A layout: the JIT specialises each tile per struct and folds the other layout away.</summary>
    private interface IALayout
    {
        /// <summary>Whether A is stored transposed (element (i, p) at <c>a[p·lda + i]</c>).</summary>
        static abstract bool Transposed { get; }
    }

    private struct RowMajorA : IALayout { public static bool Transposed => false; }
    private struct TransposedA : IALayout { public static bool Transposed => true; }

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
    /// its A value and do its two FMAs (12 accumulators + 2 B + 1 A = 15 registers, in the source order RyuJIT keeps).
    /// Row-major A: rows <paramref name="lda"/> apart, k contiguous; transposed A: rows contiguous, k <paramref name="lda"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Tile256<TRows, TA>(nint kc, float* a, nint lda, float* b, float* c, nint ldc, int nr, bool accumulate)
        where TRows : struct, IRows
        where TA : struct, IALayout
    {
        nint rowStep = TA.Transposed ? 1 : lda, kStep = TA.Transposed ? lda : 1;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        float* a1 = a + rowStep, a2 = a + 2 * rowStep, a3 = a + 3 * rowStep, a4 = a + 4 * rowStep, a5 = a + 5 * rowStep;
        for (nint k = 0; k < kc; k++)
        {
            nint ak = k * kStep;
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8);
            Vector256<float> av = Vector256.Create(a[ak]);
            c00 = Vector256.MultiplyAddEstimate(av, b0, c00);
            c01 = Vector256.MultiplyAddEstimate(av, b1, c01);
            if (TRows.Count > 1)
            {
                av = Vector256.Create(a1[ak]);
                c10 = Vector256.MultiplyAddEstimate(av, b0, c10);
                c11 = Vector256.MultiplyAddEstimate(av, b1, c11);
            }
            if (TRows.Count > 2)
            {
                av = Vector256.Create(a2[ak]);
                c20 = Vector256.MultiplyAddEstimate(av, b0, c20);
                c21 = Vector256.MultiplyAddEstimate(av, b1, c21);
            }
            if (TRows.Count > 3)
            {
                av = Vector256.Create(a3[ak]);
                c30 = Vector256.MultiplyAddEstimate(av, b0, c30);
                c31 = Vector256.MultiplyAddEstimate(av, b1, c31);
            }
            if (TRows.Count > 4)
            {
                av = Vector256.Create(a4[ak]);
                c40 = Vector256.MultiplyAddEstimate(av, b0, c40);
                c41 = Vector256.MultiplyAddEstimate(av, b1, c41);
            }
            if (TRows.Count > 5)
            {
                av = Vector256.Create(a5[ak]);
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
    /// the same operands as <see cref="Tile256{TRows, TA}"/>; called once per row pair of a 6-row tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Tile128<TRows, TA>(nint kc, float* a, nint lda, float* b, float* c, nint ldc, int nr, bool accumulate)
        where TRows : struct, IRows
        where TA : struct, IALayout
    {
        nint rowStep = TA.Transposed ? 1 : lda, kStep = TA.Transposed ? lda : 1;
        Vector128<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector128<float> c10 = default, c11 = default, c12 = default, c13 = default;
        float* a1 = a + rowStep;
        for (nint k = 0; k < kc; k++)
        {
            nint ak = k * kStep;
            Vector128<float> b0 = Vector128.Load(b), b1 = Vector128.Load(b + 4), b2 = Vector128.Load(b + 8), b3 = Vector128.Load(b + 12);
            Vector128<float> av = Vector128.Create(a[ak]);
            c00 = Vector128.MultiplyAddEstimate(av, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(av, b1, c01);
            c02 = Vector128.MultiplyAddEstimate(av, b2, c02);
            c03 = Vector128.MultiplyAddEstimate(av, b3, c03);
            if (TRows.Count > 1)
            {
                av = Vector128.Create(a1[ak]);
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
    private static void TileScalar<TA>(nint kc, float* a, nint lda, float* b, float* c, nint ldc, int mr, int nr, bool accumulate)
        where TA : struct, IALayout
    {
        nint rowStep = TA.Transposed ? 1 : lda, kStep = TA.Transposed ? lda : 1;
        float* tile = stackalloc float[MR * NR];
        new Span<float>(tile, MR * NR).Clear();
        for (nint k = 0; k < kc; k++)
        {
            for (int r = 0; r < mr; r++)
            {
                float av = a[r * rowStep + k * kStep];
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

    /// <summary>Adds the bias (when given) and applies the activation (with the leaky ReLU's slope) to <paramref name="rows"/> rows of <paramref name="n"/> outputs.</summary>
    public static void BiasActivation(float* y, float* bias, int rows, int n, Activation activation, float negativeSlope)
    {
        if (bias == null && activation == Activation.None)
        {
            return;
        }
        if (activation == Activation.LeakyRelu && negativeSlope == 0f)
        {
            activation = Activation.Relu; // as the generator reads it (so −∞ gives 0, not −∞·0), once for every width
        }
        for (int r = 0; r < rows; r++)
        {
            float add = bias == null ? 0f : bias[r];
            float* row = y + (long)r * n;
            int j = 0;
            // The vector loops apply every activation (the smooth ones with the kernels' own vector forms, as a
            // competent generic kernel would vectorise them); the scalar loop takes the rest of the row.
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> vb = Vector256.Create(add);
                for (; j + 8 <= n; j += 8)
                {
                    Activate(Vector256.Load(row + j) + vb, activation, negativeSlope).Store(row + j);
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                Vector128<float> vb = Vector128.Create(add);
                for (; j + 4 <= n; j += 4)
                {
                    Activate(Vector128.Load(row + j) + vb, activation, negativeSlope).Store(row + j);
                }
            }
            for (; j < n; j++)
            {
                row[j] = GenericConv.Activate(row[j] + add, activation, negativeSlope);
            }
        }
    }

    private static Vector256<float> Activate(Vector256<float> v, Activation activation, float negativeSlope) => activation switch
    {
        Activation.LeakyRelu => Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * negativeSlope),
        Activation.Gelu => KernelActivations.Gelu(v),
        Activation.Relu => Vector256.Max(v, Vector256<float>.Zero),
        Activation.Relu6 => Vector256.Min(Vector256.Max(v, Vector256<float>.Zero), Vector256.Create(6f)),
        Activation.Sigmoid => KernelActivations.Sigmoid(v),
        Activation.Tanh => KernelActivations.Tanh(v),
        Activation.Silu => KernelActivations.Silu(v),
        Activation.HardSigmoid => KernelActivations.HardSigmoid(v),
        Activation.HardSwish => KernelActivations.HardSwish(v),
        _ => v,
    };

    private static Vector128<float> Activate(Vector128<float> v, Activation activation, float negativeSlope) => activation switch
    {
        Activation.LeakyRelu => Vector128.ConditionalSelect(Vector128.GreaterThan(v, Vector128<float>.Zero), v, v * negativeSlope),
        Activation.Gelu => KernelActivations.Gelu(v),
        Activation.Relu => Vector128.Max(v, Vector128<float>.Zero),
        Activation.Relu6 => Vector128.Min(Vector128.Max(v, Vector128<float>.Zero), Vector128.Create(6f)),
        Activation.Sigmoid => KernelActivations.Sigmoid(v),
        Activation.Tanh => KernelActivations.Tanh(v),
        Activation.Silu => KernelActivations.Silu(v),
        Activation.HardSigmoid => KernelActivations.HardSigmoid(v),
        Activation.HardSwish => KernelActivations.HardSwish(v),
        _ => v,
    };

    /// <summary>
    /// A cached scratch of at least <paramref name="floats"/> floats, 64-byte aligned, kept in <paramref name="slot"/>
    /// (a [ThreadStatic] field of the caller, so each thread has its own) and grown when too small.
    /// </summary>
    public static float* Scratch(ref ScratchBuffer? slot, long floats)
    {
        ScratchBuffer? buffer = slot;
        if (buffer is null || buffer.Floats < floats)
        {
            buffer?.Dispose();
            slot = null;
            slot = buffer = new ScratchBuffer(Math.Max(floats, 4096));
        }
        return buffer.Address;
    }

    /// <summary>Native, 64-byte-aligned memory, freed on <see cref="Dispose"/> or finalization.</summary>
    internal sealed class ScratchBuffer : IDisposable
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
