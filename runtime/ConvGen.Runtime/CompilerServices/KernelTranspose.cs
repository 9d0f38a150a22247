using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>Matrix transposes for generated kernels: weight repacks and panels, and the channel-lane kernels' input columns.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelTranspose
{
    /// <summary>
    /// target[c·rows + r] = source[r·columns + c] for a row-major <paramref name="rows"/> × <paramref name="columns"/>
    /// matrix: 8×8 blocks in registers where AVX is there (8 loads, 24 shuffles, 8 stores), the edges element by element.
    /// </summary>
    public static void Transpose(ref float source, int rows, int columns, ref float target) =>
        TransposeStrided(ref source, rows, columns, columns, ref target, rows);

    /// <summary>
    /// target[c·targetStride + r] = source[r·sourceStride + c] for r &lt; <paramref name="rows"/> and c &lt;
    /// <paramref name="columns"/>: rows that lie <paramref name="sourceStride"/> floats apart (one row of every channel
    /// of an NCHW image) become runs of <paramref name="rows"/> floats, <paramref name="targetStride"/> apart (one pixel
    /// of a channel-last image). 16×16 blocks in registers where AVX-512 is there, 8×8 blocks where AVX is (what the
    /// larger blocks leave), the edges element by element.
    /// <para>Blocks go column block by column block, all rows of one before the next, so each target row is written
    /// whole while it is in cache. Row blocks outermost wrote a 32-row, 12544-column transpose (1.6 MB each way) in
    /// quarters of each target row, 0.3 MB apart, and the lines left L2 between their quarters: 74 µs, against 50-55 µs
    /// in this order with 8×8 blocks and 44-53 µs with 16×16 ones (Zen 5, 1 thread, best of 11, two runs). The
    /// backward-weights kernel of 112×112 32 → 64 pointwise, which transposes that input per image, went from 300.9 to
    /// 288.6 µs (medians of 15, both versions in one process, bit-identical results).</para>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeStrided(ref float source, int rows, nint sourceStride, int columns, ref float target, nint targetStride)
    {
        int blockRows = 0, blockColumns = 0;
        if (Avx512F.IsSupported)
        {
            blockRows = rows & ~15;
            blockColumns = columns & ~15;
            for (int c = 0; c < blockColumns; c += 16)
            {
                for (int r = 0; r < blockRows; r += 16)
                {
                    Block16x16(ref Unsafe.Add(ref source, r * sourceStride + c), sourceStride, ref Unsafe.Add(ref target, c * targetStride + r), targetStride);
                }
            }
        }
        // What the 16×16 blocks leave: the columns right of them in their rows, then every column of the rows below.
        TransposeStrided8(ref Unsafe.Add(ref source, blockColumns), blockRows, sourceStride, columns - blockColumns,
            ref Unsafe.Add(ref target, blockColumns * targetStride), targetStride);
        TransposeStrided8(ref Unsafe.Add(ref source, blockRows * sourceStride), rows - blockRows, sourceStride, columns,
            ref Unsafe.Add(ref target, blockRows), targetStride);
    }

    /// <summary><see cref="TransposeStrided"/> with 8×8 blocks where AVX is there, the edges element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeStrided8(ref float source, int rows, nint sourceStride, int columns, ref float target, nint targetStride)
    {
        int fullRows = 0, fullColumns = 0;
        if (Avx.IsSupported)
        {
            fullRows = rows & ~7;
            fullColumns = columns & ~7;
            for (int c = 0; c < fullColumns; c += 8)
            {
                for (int r = 0; r < fullRows; r += 8)
                {
                    Block8x8(ref Unsafe.Add(ref source, r * sourceStride + c), sourceStride, ref Unsafe.Add(ref target, c * targetStride + r), targetStride);
                }
            }
        }
        for (int r = 0; r < rows; r++)
        {
            // Columns left of fullColumns are done for the first fullRows rows.
            for (int c = r < fullRows ? fullColumns : 0; c < columns; c++)
            {
                Unsafe.Add(ref target, c * targetStride + r) = Unsafe.Add(ref source, r * sourceStride + c);
            }
        }
    }

    /// <summary>
    /// target[x·targetStride + l] = source[offsets[l] + x] for l &lt; 8 and x &lt; <paramref name="count"/>: eight runs of
    /// <paramref name="count"/> floats, each starting at its own offset, written as rows of eight (one per x). 8×8
    /// blocks in registers where AVX is there, the rest element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeRuns8(ref float source, ReadOnlySpan<int> offsets, int count, ref float target, int targetStride)
    {
        int x = 0;
        if (Avx.IsSupported)
        {
            ref float r0 = ref Unsafe.Add(ref source, offsets[0]), r1 = ref Unsafe.Add(ref source, offsets[1]);
            ref float r2 = ref Unsafe.Add(ref source, offsets[2]), r3 = ref Unsafe.Add(ref source, offsets[3]);
            ref float r4 = ref Unsafe.Add(ref source, offsets[4]), r5 = ref Unsafe.Add(ref source, offsets[5]);
            ref float r6 = ref Unsafe.Add(ref source, offsets[6]), r7 = ref Unsafe.Add(ref source, offsets[7]);
            for (; x + 8 <= count; x += 8)
            {
                Transpose8x8(
                    Vector256.LoadUnsafe(ref r0, (nuint)x), Vector256.LoadUnsafe(ref r1, (nuint)x), Vector256.LoadUnsafe(ref r2, (nuint)x), Vector256.LoadUnsafe(ref r3, (nuint)x),
                    Vector256.LoadUnsafe(ref r4, (nuint)x), Vector256.LoadUnsafe(ref r5, (nuint)x), Vector256.LoadUnsafe(ref r6, (nuint)x), Vector256.LoadUnsafe(ref r7, (nuint)x),
                    ref Unsafe.Add(ref target, x * targetStride), targetStride);
            }
        }
        for (; x < count; x++)
        {
            ref float row = ref Unsafe.Add(ref target, x * targetStride);
            for (int l = 0; l < 8; l++)
            {
                Unsafe.Add(ref row, l) = Unsafe.Add(ref source, offsets[l] + x);
            }
        }
    }

    /// <summary>
    /// filters[l·tapCount + t] = taps[t·<paramref name="tapStride"/> + l] for l &lt; <paramref name="channels"/> and t &lt;
    /// <paramref name="tapCount"/>: the tap vectors of a step (one channel per lane) written out as
    /// <paramref name="channels"/> consecutive filters (9 taps for 3×3, 25 for 5×5). Eight channels at a time where AVX is
    /// there, taps eight at a time as 8×8 blocks in registers, the last (tapCount mod 8) element by element; the rest
    /// element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void TapsToFilters(ref float taps, int tapStride, int channels, int tapCount, ref float filters)
    {
        int l = 0, blocked = tapCount / 8 * 8;
        if (Avx.IsSupported)
        {
            for (; l + 8 <= channels; l += 8)
            {
                for (int t = 0; t < blocked; t += 8)
                {
                    Block8x8(ref Unsafe.Add(ref taps, t * tapStride + l), tapStride, ref Unsafe.Add(ref filters, l * tapCount + t), tapCount);
                }
                for (int t = blocked; t < tapCount; t++)
                {
                    for (int i = 0; i < 8; i++)
                    {
                        Unsafe.Add(ref filters, (l + i) * tapCount + t) = Unsafe.Add(ref taps, t * tapStride + l + i);
                    }
                }
            }
        }
        for (; l < channels; l++)
        {
            for (int t = 0; t < tapCount; t++)
            {
                Unsafe.Add(ref filters, l * tapCount + t) = Unsafe.Add(ref taps, t * tapStride + l);
            }
        }
    }

    /// <summary>
    /// Transposes the 16×16 block at <paramref name="source"/> into <paramref name="target"/> (AVX-512: 16 loads, 64
    /// shuffles, 16 stores). Too large for the JIT to inline, so it is compiled on its own, and fully optimised from the
    /// first call: as a tiered method it ran its Tier-0 code (the loads and shuffles as calls, vectors through the
    /// stack) until promoted, 4-10× slower, for the first hundreds of milliseconds of a process (Zen 5: 64 blocks of a
    /// 16 × 49 transpose 12.5 µs at Tier 0, 1.4 µs compiled this way).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block16x16(ref float source, nint sourceStride, ref float target, nint targetStride)
    {
        Vector512<float> r0 = Row512(ref source, 0), r1 = Row512(ref source, sourceStride), r2 = Row512(ref source, 2 * sourceStride), r3 = Row512(ref source, 3 * sourceStride);
        Vector512<float> r4 = Row512(ref source, 4 * sourceStride), r5 = Row512(ref source, 5 * sourceStride), r6 = Row512(ref source, 6 * sourceStride), r7 = Row512(ref source, 7 * sourceStride);
        Vector512<float> r8 = Row512(ref source, 8 * sourceStride), r9 = Row512(ref source, 9 * sourceStride), r10 = Row512(ref source, 10 * sourceStride), r11 = Row512(ref source, 11 * sourceStride);
        Vector512<float> r12 = Row512(ref source, 12 * sourceStride), r13 = Row512(ref source, 13 * sourceStride), r14 = Row512(ref source, 14 * sourceStride), r15 = Row512(ref source, 15 * sourceStride);
        // Interleave pairs of rows, then pairs of pairs: 128-bit lane i of q{g}{j} holds column 4i + j of rows 4g..4g+3.
        Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1), t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5), t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
        Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9), t10 = Avx512F.UnpackLow(r10, r11), t11 = Avx512F.UnpackHigh(r10, r11);
        Vector512<float> t12 = Avx512F.UnpackLow(r12, r13), t13 = Avx512F.UnpackHigh(r12, r13), t14 = Avx512F.UnpackLow(r14, r15), t15 = Avx512F.UnpackHigh(r14, r15);
        Vector512<float> q00 = Avx512F.Shuffle(t0, t2, 0x44), q01 = Avx512F.Shuffle(t0, t2, 0xEE), q02 = Avx512F.Shuffle(t1, t3, 0x44), q03 = Avx512F.Shuffle(t1, t3, 0xEE);
        Vector512<float> q10 = Avx512F.Shuffle(t4, t6, 0x44), q11 = Avx512F.Shuffle(t4, t6, 0xEE), q12 = Avx512F.Shuffle(t5, t7, 0x44), q13 = Avx512F.Shuffle(t5, t7, 0xEE);
        Vector512<float> q20 = Avx512F.Shuffle(t8, t10, 0x44), q21 = Avx512F.Shuffle(t8, t10, 0xEE), q22 = Avx512F.Shuffle(t9, t11, 0x44), q23 = Avx512F.Shuffle(t9, t11, 0xEE);
        Vector512<float> q30 = Avx512F.Shuffle(t12, t14, 0x44), q31 = Avx512F.Shuffle(t12, t14, 0xEE), q32 = Avx512F.Shuffle(t13, t15, 0x44), q33 = Avx512F.Shuffle(t13, t15, 0xEE);
        // Gather lane i of the four row groups into target row 4i + j.
        StoreColumns(q00, q10, q20, q30, ref target, targetStride, 0);
        StoreColumns(q01, q11, q21, q31, ref target, targetStride, 1);
        StoreColumns(q02, q12, q22, q32, ref target, targetStride, 2);
        StoreColumns(q03, q13, q23, q33, ref target, targetStride, 3);
    }

    /// <summary>
    /// Stores target rows j, 4 + j, 8 + j and 12 + j of a 16×16 transpose from the four row groups' vectors of column
    /// j (128-bit lane i holding column 4i + j): two rounds of 128-bit lane shuffles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumns(Vector512<float> group0, Vector512<float> group1, Vector512<float> group2, Vector512<float> group3, ref float target, nint targetStride, int j)
    {
        // Lanes 0 and 2 (0x88) or 1 and 3 (0xDD) of each source, then the same of the pairs.
        Vector512<float> even01 = Avx512F.Shuffle4x128(group0, group1, 0x88), odd01 = Avx512F.Shuffle4x128(group0, group1, 0xDD);
        Vector512<float> even23 = Avx512F.Shuffle4x128(group2, group3, 0x88), odd23 = Avx512F.Shuffle4x128(group2, group3, 0xDD);
        Avx512F.Shuffle4x128(even01, even23, 0x88).StoreUnsafe(ref Unsafe.Add(ref target, j * targetStride));
        Avx512F.Shuffle4x128(odd01, odd23, 0x88).StoreUnsafe(ref Unsafe.Add(ref target, (4 + j) * targetStride));
        Avx512F.Shuffle4x128(even01, even23, 0xDD).StoreUnsafe(ref Unsafe.Add(ref target, (8 + j) * targetStride));
        Avx512F.Shuffle4x128(odd01, odd23, 0xDD).StoreUnsafe(ref Unsafe.Add(ref target, (12 + j) * targetStride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row512(ref float source, nint offset) => Vector512.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8x8(ref float source, nint sourceStride, ref float target, nint targetStride) =>
        Transpose8x8(
            Vector256.LoadUnsafe(ref source), Vector256.LoadUnsafe(ref Unsafe.Add(ref source, sourceStride)),
            Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 2 * sourceStride)), Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 3 * sourceStride)),
            Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 4 * sourceStride)), Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 5 * sourceStride)),
            Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 6 * sourceStride)), Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 7 * sourceStride)),
            ref target, targetStride);

    /// <summary>Stores the transpose of the 8×8 matrix with rows r0..r7 as eight rows of <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, ref float target, nint targetStride)
    {
        // Interleave pairs of rows, then pairs of pairs: each 128-bit lane holds a 4×4 block's transpose.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        // Lower lanes are columns 0-3, upper lanes columns 4-7.
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref target);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref Unsafe.Add(ref target, targetStride));
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref Unsafe.Add(ref target, 2 * targetStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref Unsafe.Add(ref target, 3 * targetStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 4 * targetStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 5 * targetStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 6 * targetStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 7 * targetStride));
    }
}
