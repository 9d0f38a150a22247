using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>
/// The transposed stores of the channel-lane pointwise tiles. A tile holds one vector per position whose lanes are
/// channels; NCHW wants each channel's positions contiguous. Lane l of <c>p0</c> … <c>p7</c> (positions 0-7) becomes
/// row l, <c>rowFloats</c> floats at <c>target + l·rowStride</c>: a register transpose and one vector store per row
/// instead of an element extract and a scalar store per value.
/// </summary>
public static partial class KernelStores
{
    /// <summary>
    /// Writes 16 channel rows from the 16 lanes of <paramref name="p0"/> … <paramref name="p7"/>: row l (at
    /// <paramref name="target"/> + l·<paramref name="rowStride"/>) gets lane l of p0, p1, … in order.
    /// <paramref name="rowFloats"/> is 8 (all eight positions), or 4 to 7 (exactly the first <paramref name="rowFloats"/>,
    /// nothing after them). A tile of fewer than 8 positions passes its last vector for the rest and writes 8 where the
    /// row has room: the extra floats belong to the next tile, which overwrites them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void StoreChannelRows(Vector512<float> p0, Vector512<float> p1, Vector512<float> p2, Vector512<float> p3,
        Vector512<float> p4, Vector512<float> p5, Vector512<float> p6, Vector512<float> p7, ref float target, nint rowStride, int rowFloats)
    {
        if (!Avx512F.IsSupported)
        {
            StoreChannelRowsByElement(p0, p1, p2, p3, p4, p5, p6, p7, ref target, rowStride, rowFloats);
            return;
        }
        // Within each 128-bit block (channels 4k … 4k + 3): pairs of positions, then quads. u(i) holds channel 4k + i's
        // positions 0-3 in block k, u(i + 4) its positions 4-7.
        Vector512<float> t0 = Avx512F.UnpackLow(p0, p1), t1 = Avx512F.UnpackHigh(p0, p1), t2 = Avx512F.UnpackLow(p2, p3), t3 = Avx512F.UnpackHigh(p2, p3);
        Vector512<float> t4 = Avx512F.UnpackLow(p4, p5), t5 = Avx512F.UnpackHigh(p4, p5), t6 = Avx512F.UnpackLow(p6, p7), t7 = Avx512F.UnpackHigh(p6, p7);
        StoreBlockRows(Avx512F.Shuffle(t0, t2, 0x44), Avx512F.Shuffle(t4, t6, 0x44), ref target, rowStride, rowFloats);
        StoreBlockRows(Avx512F.Shuffle(t0, t2, 0xEE), Avx512F.Shuffle(t4, t6, 0xEE), ref Unsafe.Add(ref target, rowStride), rowStride, rowFloats);
        StoreBlockRows(Avx512F.Shuffle(t1, t3, 0x44), Avx512F.Shuffle(t5, t7, 0x44), ref Unsafe.Add(ref target, 2 * rowStride), rowStride, rowFloats);
        StoreBlockRows(Avx512F.Shuffle(t1, t3, 0xEE), Avx512F.Shuffle(t5, t7, 0xEE), ref Unsafe.Add(ref target, 3 * rowStride), rowStride, rowFloats);
    }

    /// <summary>
    /// Writes 8 channel rows from the 8 lanes of <paramref name="p0"/> … <paramref name="p7"/>, as the Vector512
    /// overload does for 16.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void StoreChannelRows(Vector256<float> p0, Vector256<float> p1, Vector256<float> p2, Vector256<float> p3,
        Vector256<float> p4, Vector256<float> p5, Vector256<float> p6, Vector256<float> p7, ref float target, nint rowStride, int rowFloats)
    {
        if (!Avx2.IsSupported)
        {
            StoreChannelRowsByElement(p0.ToVector512Unsafe(), p1.ToVector512Unsafe(), p2.ToVector512Unsafe(), p3.ToVector512Unsafe(),
                p4.ToVector512Unsafe(), p5.ToVector512Unsafe(), p6.ToVector512Unsafe(), p7.ToVector512Unsafe(), ref target, rowStride, rowFloats, channels: 8);
            return;
        }
        // Within each 128-bit half (channels 4h … 4h + 3): u(i) holds channel 4h + i's positions 0-3, u(i + 4) positions 4-7.
        Vector256<float> t0 = Avx.UnpackLow(p0, p1), t1 = Avx.UnpackHigh(p0, p1), t2 = Avx.UnpackLow(p2, p3), t3 = Avx.UnpackHigh(p2, p3);
        Vector256<float> t4 = Avx.UnpackLow(p4, p5), t5 = Avx.UnpackHigh(p4, p5), t6 = Avx.UnpackLow(p6, p7), t7 = Avx.UnpackHigh(p6, p7);
        StoreHalfRows(Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t4, t6, 0x44), ref target, rowStride, rowFloats);
        StoreHalfRows(Avx.Shuffle(t0, t2, 0xEE), Avx.Shuffle(t4, t6, 0xEE), ref Unsafe.Add(ref target, rowStride), rowStride, rowFloats);
        StoreHalfRows(Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t5, t7, 0x44), ref Unsafe.Add(ref target, 2 * rowStride), rowStride, rowFloats);
        StoreHalfRows(Avx.Shuffle(t1, t3, 0xEE), Avx.Shuffle(t5, t7, 0xEE), ref Unsafe.Add(ref target, 3 * rowStride), rowStride, rowFloats);
    }

    /// <summary>Block k of <paramref name="low"/> / <paramref name="high"/>: a channel's positions 0-3 / 4-7; rows 0, 4, 8 and 12 from here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void StoreBlockRows(Vector512<float> low, Vector512<float> high, ref float target, nint rowStride, int rowFloats)
    {
        // [low.0, low.1, high.0, high.1], then blocks reordered 0, 2, 1, 3: rows 0 and 4; likewise blocks 2 and 3 for rows 8 and 12.
        Vector512<float> first = Avx512F.Shuffle4x128(low, high, 0x44), second = Avx512F.Shuffle4x128(low, high, 0xEE);
        first = Avx512F.Shuffle4x128(first, first, 0xD8);
        second = Avx512F.Shuffle4x128(second, second, 0xD8);
        StoreRow(first.GetLower(), ref target, rowFloats);
        StoreRow(first.GetUpper(), ref Unsafe.Add(ref target, 4 * rowStride), rowFloats);
        StoreRow(second.GetLower(), ref Unsafe.Add(ref target, 8 * rowStride), rowFloats);
        StoreRow(second.GetUpper(), ref Unsafe.Add(ref target, 12 * rowStride), rowFloats);
    }

    /// <summary>Half h of <paramref name="low"/> / <paramref name="high"/>: a channel's positions 0-3 / 4-7; rows 0 and 4 from here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void StoreHalfRows(Vector256<float> low, Vector256<float> high, ref float target, nint rowStride, int rowFloats)
    {
        StoreRow(Avx.Permute2x128(low, high, 0x20), ref target, rowFloats);
        StoreRow(Avx.Permute2x128(low, high, 0x31), ref Unsafe.Add(ref target, 4 * rowStride), rowFloats);
    }

    /// <summary>
    /// One row: 8 floats in one store, or exactly <paramref name="rowFloats"/> (4-7) as two overlapping 4-float stores,
    /// of positions 0-3 and of the last four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void StoreRow(Vector256<float> row, ref float target, int rowFloats)
    {
        if (rowFloats == 8)
        {
            row.StoreUnsafe(ref target);
            return;
        }
        row.GetLower().StoreUnsafe(ref target);
        Vector256<int> last4 = Vector256.Create(rowFloats - 4) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        Avx2.PermuteVar8x32(row, last4).GetLower().StoreUnsafe(ref Unsafe.Add(ref target, rowFloats - 4));
    }

    /// <summary>The definition of <see cref="StoreChannelRows(Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float}, ref float, nint, int)"/>, element by element, for hardware without the shuffles.</summary>
    private static void StoreChannelRowsByElement(Vector512<float> p0, Vector512<float> p1, Vector512<float> p2, Vector512<float> p3,
        Vector512<float> p4, Vector512<float> p5, Vector512<float> p6, Vector512<float> p7, ref float target, nint rowStride, int rowFloats, int channels = 16)
    {
        for (int l = 0; l < channels; l++)
        {
            ref float row = ref Unsafe.Add(ref target, l * rowStride);
            for (int j = 0; j < rowFloats; j++)
            {
                Unsafe.Add(ref row, j) = (j switch { 0 => p0, 1 => p1, 2 => p2, 3 => p3, 4 => p4, 5 => p5, 6 => p6, _ => p7 }).GetElement(l);
            }
        }
    }
}
