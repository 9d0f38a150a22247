using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>
/// Stores of Winograd output tiles computed 8 tiles per Vector256 (lane l = tile l of a tile row): element (a, b) of the
/// 8 tiles is one vector, and row a of the 8 tiles is 8·m contiguous output floats, so writing it is a lane transpose.
/// Also the interleaving stores of the stride-phase kernels, the masked store of the direct tiles' compacted output and
/// (KernelStores.ChannelRows.cs) the transposed stores of the channel-lane pointwise tiles.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class KernelStores
{
    /// <summary>
    /// Writes 8 consecutive 2×2 tiles held as y[(a·2 + b)·8 + l] to output rows a = 0, 1 (16 floats each, <paramref name="rowStride"/> apart).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void StoreTileRows2x8(ref float y, ref float output, nint rowStride)
    {
        if (Avx.IsSupported)
        {
            for (int a = 0; a < 2; a++)
            {
                Vector256<float> b0 = Vector256.LoadUnsafe(ref y, (nuint)(a * 16)), b1 = Vector256.LoadUnsafe(ref y, (nuint)(a * 16 + 8));
                Vector256<float> lo = Avx.UnpackLow(b0, b1), hi = Avx.UnpackHigh(b0, b1); // tiles 0,1 | 4,5 and 2,3 | 6,7
                ref float row = ref Unsafe.Add(ref output, a * rowStride);
                Avx.Permute2x128(lo, hi, 0x20).StoreUnsafe(ref row);
                Avx.Permute2x128(lo, hi, 0x31).StoreUnsafe(ref row, 8);
            }
            return;
        }
        Scalar(ref y, ref output, rowStride, 2);
    }

    /// <summary>
    /// Writes 8 4×4 tiles held as y[(a·4 + b)·8 + l] as two runs of 4 consecutive tiles: tiles 0-3 to output rows
    /// a = 0..3 from <paramref name="first"/> (16 floats each), tiles 4-7 from <paramref name="second"/>, rows
    /// <paramref name="rowStride"/> apart: one tile row's 8 tiles with second = first + 16, or
    /// two tile rows of an image 4 tiles wide.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void StoreTileRows4x4Pair(ref float y, ref float first, ref float second, nint rowStride)
    {
        if (Avx.IsSupported)
        {
            for (int a = 0; a < 4; a++)
            {
                (Vector256<float> u0, Vector256<float> u1, Vector256<float> u2, Vector256<float> u3) = TransposeRow4x4(ref y, a);
                ref float low = ref Unsafe.Add(ref first, a * rowStride), high = ref Unsafe.Add(ref second, a * rowStride);
                Avx.Permute2x128(u0, u1, 0x20).StoreUnsafe(ref low);
                Avx.Permute2x128(u2, u3, 0x20).StoreUnsafe(ref low, 8);
                Avx.Permute2x128(u0, u1, 0x31).StoreUnsafe(ref high);
                Avx.Permute2x128(u2, u3, 0x31).StoreUnsafe(ref high, 8);
            }
            return;
        }
        for (int a = 0; a < 4; a++)
        {
            for (int l = 0; l < 8; l++)
            {
                ref float row = ref Unsafe.Add(ref l < 4 ? ref first : ref second, a * rowStride + (l & 3) * 4);
                for (int b = 0; b < 4; b++)
                {
                    Unsafe.Add(ref row, b) = Unsafe.Add(ref y, (a * 4 + b) * 8 + l);
                }
            }
        }
    }

    /// <summary>
    /// Writes 8 consecutive 4×4 tiles held as y[(a·4 + b)·8 + l], tile <paramref name="firstTile"/> + l at output row
    /// (t / tilesX)·4, column (t mod tilesX)·4 of an <paramref name="outHeight"/> × <paramref name="outWidth"/> plane, wherever
    /// they fall: vectors that cross tile rows or overhang the edge, which <see cref="StoreTileRows4x4Pair"/> cannot take.
    /// Each row a is lane-transposed once; a tile wholly inside then writes its four rows as four 4-float stores, an
    /// overhanging one only its inside, and tiles at or past <paramref name="tiles"/> nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StoreTiles4x4(ref float y, ref float output, int firstTile, int tilesX, int tiles, int outHeight, int outWidth)
    {
        int count = System.Math.Min(8, tiles - firstTile);
        if (Avx.IsSupported)
        {
            for (int a = 0; a < 4; a++)
            {
                (Vector256<float> u0, Vector256<float> u1, Vector256<float> u2, Vector256<float> u3) = TransposeRow4x4(ref y, a);
                for (int l = 0; l < count; l++)
                {
                    // Tile l's row a: the lower half of u(l) for tiles 0-3, the upper of u(l − 4) for tiles 4-7.
                    Vector256<float> pair = (l & 3) switch { 0 => u0, 1 => u1, 2 => u2, _ => u3 };
                    Vector128<float> row = l < 4 ? pair.GetLower() : pair.GetUpper();
                    int t = firstTile + l, ty = t / tilesX, oy = ty * 4 + a, ox = (t - ty * tilesX) * 4;
                    if (oy >= outHeight)
                    {
                        continue;
                    }
                    ref float target = ref Unsafe.Add(ref output, oy * outWidth + ox);
                    if (ox + 4 <= outWidth)
                    {
                        row.StoreUnsafe(ref target);
                    }
                    else
                    {
                        for (int b = 0; b < outWidth - ox; b++)
                        {
                            Unsafe.Add(ref target, b) = row.GetElement(b);
                        }
                    }
                }
            }
            return;
        }
        for (int l = 0; l < count; l++)
        {
            int t = firstTile + l, ty = t / tilesX, oy = ty * 4, ox = (t - ty * tilesX) * 4;
            int rows = System.Math.Min(4, outHeight - oy), columns = System.Math.Min(4, outWidth - ox);
            for (int a = 0; a < rows; a++)
            {
                for (int b = 0; b < columns; b++)
                {
                    Unsafe.Add(ref output, (oy + a) * outWidth + ox + b) = Unsafe.Add(ref y, (a * 4 + b) * 8 + l);
                }
            }
        }
    }

    /// <summary>
    /// Row a of 8 4×4 tiles held as y[(a·4 + b)·8 + l], lane-transposed (AVX): each result holds two tiles' row a, 4 floats
    /// each, tiles 0 | 4, 1 | 5, 2 | 6 and 3 | 7 in its lower | upper half.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) TransposeRow4x4(ref float y, int a)
    {
        ref float ya = ref Unsafe.Add(ref y, a * 32);
        Vector256<float> b0 = Vector256.LoadUnsafe(ref ya), b1 = Vector256.LoadUnsafe(ref ya, 8);
        Vector256<float> b2 = Vector256.LoadUnsafe(ref ya, 16), b3 = Vector256.LoadUnsafe(ref ya, 24);
        Vector256<float> t0 = Avx.UnpackLow(b0, b1), t1 = Avx.UnpackHigh(b0, b1);
        Vector256<float> t2 = Avx.UnpackLow(b2, b3), t3 = Avx.UnpackHigh(b2, b3);
        return (Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t0, t2, 0xEE), Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t1, t3, 0xEE));
    }

    /// <summary>Writes <paramref name="even"/> and <paramref name="odd"/> interleaved: 32 floats e0, o0, e1, o1, …, e15, o15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void StoreInterleaved(Vector512<float> even, Vector512<float> odd, ref float destination)
    {
        if (Avx512F.IsSupported)
        {
            // Two-source permutes: index i < 16 takes even[i], 16 + i takes odd[i].
            Avx512F.PermuteVar16x32x2(even, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), odd).StoreUnsafe(ref destination);
            Avx512F.PermuteVar16x32x2(even, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), odd).StoreUnsafe(ref destination, 16);
            return;
        }
        StoreInterleaved(even.GetLower(), odd.GetLower(), ref destination);
        StoreInterleaved(even.GetUpper(), odd.GetUpper(), ref Unsafe.Add(ref destination, 16));
    }

    /// <summary>Writes <paramref name="even"/> and <paramref name="odd"/> interleaved: 16 floats e0, o0, e1, o1, …, e7, o7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void StoreInterleaved(Vector256<float> even, Vector256<float> odd, ref float destination)
    {
        if (Avx.IsSupported)
        {
            Vector256<float> lo = Avx.UnpackLow(even, odd), hi = Avx.UnpackHigh(even, odd); // pairs 0,1 | 4,5 and 2,3 | 6,7
            Avx.Permute2x128(lo, hi, 0x20).StoreUnsafe(ref destination);
            Avx.Permute2x128(lo, hi, 0x31).StoreUnsafe(ref destination, 8);
            return;
        }
        StoreInterleaved(even.GetLower(), odd.GetLower(), ref destination);
        StoreInterleaved(even.GetUpper(), odd.GetUpper(), ref Unsafe.Add(ref destination, 8));
    }

    /// <summary>Writes <paramref name="even"/> and <paramref name="odd"/> interleaved: 8 floats e0, o0, …, e3, o3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void StoreInterleaved(Vector128<float> even, Vector128<float> odd, ref float destination)
    {
        if (Sse.IsSupported)
        {
            Sse.UnpackLow(even, odd).StoreUnsafe(ref destination);
            Sse.UnpackHigh(even, odd).StoreUnsafe(ref destination, 4);
            return;
        }
        if (AdvSimd.Arm64.IsSupported)
        {
            AdvSimd.Arm64.ZipLow(even, odd).StoreUnsafe(ref destination);
            AdvSimd.Arm64.ZipHigh(even, odd).StoreUnsafe(ref destination, 4);
            return;
        }
        for (int i = 0; i < 4; i++)
        {
            Unsafe.Add(ref destination, 2 * i) = even.GetElement(i);
            Unsafe.Add(ref destination, 2 * i + 1) = odd.GetElement(i);
        }
    }

    /// <summary>
    /// Stores the lanes of <paramref name="value"/> whose <paramref name="mask"/> lane has its sign bit set (a comparison's all-ones lanes), at
    /// <paramref name="destination"/> + lane (one AVX-512 masked store; other lanes are neither read nor written and may
    /// lie outside the buffer). <paramref name="destination"/> must not move: pinned or native memory, as every kernel's is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static unsafe void MaskStore(ref float destination, Vector512<float> mask, Vector512<float> value)
    {
        if (Avx512F.IsSupported)
        {
            Avx512F.MaskStore((float*)Unsafe.AsPointer(ref destination), mask, value);
            return;
        }
        for (int i = 0; i < Vector512<float>.Count; i++)
        {
            if (mask.AsInt32().GetElement(i) < 0)
            {
                Unsafe.Add(ref destination, i) = value.GetElement(i);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar(ref float y, ref float output, nint rowStride, int m)
    {
        for (int a = 0; a < m; a++)
        {
            for (int l = 0; l < 8; l++)
            {
                for (int b = 0; b < m; b++)
                {
                    Unsafe.Add(ref output, a * rowStride + l * m + b) = Unsafe.Add(ref y, (a * m + b) * 8 + l);
                }
            }
        }
    }
}
