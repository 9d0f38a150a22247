using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>Deterministic reductions for generated backward kernels (the same order on every call and thread count).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelReductions
{
    /// <summary>
    /// The bias gradient of a layer: per channel, the sum of <paramref name="gradOutput"/> over the batch and the
    /// channel's <paramref name="plane"/> positions (image by image, each image's plane with <see cref="Sum"/>).
    /// The caller has checked the lengths: <c>gradOutput.Length</c> is a multiple of channels·plane.
    /// </summary>
    public static void ChannelSums(ReadOnlySpan<float> gradOutput, int channels, int plane, Span<float> sums) =>
        ChannelSums(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(gradOutput), gradOutput.Length / (channels * plane),
            channels, plane, ref System.Runtime.InteropServices.MemoryMarshal.GetReference(sums), 0, channels);

    /// <summary>
    /// <see cref="ChannelSums(ReadOnlySpan{float}, int, int, Span{float})"/> for the channels <paramref name="begin"/> ≤ c &lt;
    /// <paramref name="end"/> of <paramref name="batch"/> images (one thread's range; the same sums as the whole call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChannelSums(ref float gradOutput, int batch, int channels, int plane, ref float sums, int begin, int end)
    {
        for (int c = begin; c < end; c++)
        {
            float total = 0;
            for (int n = 0; n < batch; n++)
            {
                total += Sum(ref Unsafe.Add(ref gradOutput, ((nint)n * channels + c) * plane), plane);
            }
            Unsafe.Add(ref sums, c) = total;
        }
    }

    /// <summary>target[i] += source[i] for i &lt; <paramref name="count"/> (element by element, so the same sums on any path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ref float target, ref float source, int count)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= count; i += 16)
            {
                (Vector512.LoadUnsafe(ref target, (nuint)i) + Vector512.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
            {
                (Vector256.LoadUnsafe(ref target, (nuint)i) + Vector256.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= count; i += 4)
            {
                (Vector128.LoadUnsafe(ref target, (nuint)i) + Vector128.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
            }
        }
        for (; i < count; i++)
        {
            Unsafe.Add(ref target, i) += Unsafe.Add(ref source, i);
        }
    }

    /// <summary>
    /// The sum of <paramref name="count"/> floats, in a fixed order for the process's instruction set: four
    /// accumulators of the widest accelerated vector take every fourth vector (so the adds are not one chain of
    /// dependent additions, which would run at the add latency, not the load rate), then one vector at a time, then
    /// (a + b) + (c + d), its lanes, and the scalar tail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum(ref float values, int count)
    {
        int i = 0;
        float total = 0;
        if (Vector512.IsHardwareAccelerated && count >= 16)
        {
            Vector512<float> a = Vector512<float>.Zero, b = a, c = a, d = a;
            for (; i + 64 <= count; i += 64)
            {
                a += Vector512.LoadUnsafe(ref values, (nuint)i);
                b += Vector512.LoadUnsafe(ref values, (nuint)(i + 16));
                c += Vector512.LoadUnsafe(ref values, (nuint)(i + 32));
                d += Vector512.LoadUnsafe(ref values, (nuint)(i + 48));
            }
            for (; i + 16 <= count; i += 16)
            {
                a += Vector512.LoadUnsafe(ref values, (nuint)i);
            }
            total = Vector512.Sum((a + b) + (c + d));
        }
        else if (Vector256.IsHardwareAccelerated && count >= 8)
        {
            Vector256<float> a = Vector256<float>.Zero, b = a, c = a, d = a;
            for (; i + 32 <= count; i += 32)
            {
                a += Vector256.LoadUnsafe(ref values, (nuint)i);
                b += Vector256.LoadUnsafe(ref values, (nuint)(i + 8));
                c += Vector256.LoadUnsafe(ref values, (nuint)(i + 16));
                d += Vector256.LoadUnsafe(ref values, (nuint)(i + 24));
            }
            for (; i + 8 <= count; i += 8)
            {
                a += Vector256.LoadUnsafe(ref values, (nuint)i);
            }
            total = Vector256.Sum((a + b) + (c + d));
        }
        else if (Vector128.IsHardwareAccelerated && count >= 4)
        {
            Vector128<float> a = Vector128<float>.Zero, b = a, c = a, d = a;
            for (; i + 16 <= count; i += 16)
            {
                a += Vector128.LoadUnsafe(ref values, (nuint)i);
                b += Vector128.LoadUnsafe(ref values, (nuint)(i + 4));
                c += Vector128.LoadUnsafe(ref values, (nuint)(i + 8));
                d += Vector128.LoadUnsafe(ref values, (nuint)(i + 12));
            }
            for (; i + 4 <= count; i += 4)
            {
                a += Vector128.LoadUnsafe(ref values, (nuint)i);
            }
            total = Vector128.Sum((a + b) + (c + d));
        }
        for (; i < count; i++)
        {
            total += Unsafe.Add(ref values, i);
        }
        return total;
    }

    /// <summary>
    /// Writes the lane sums of eight accumulators to <paramref name="destination"/>[0, 8): one tree of 512-bit
    /// unpacks, shuffles and adds (24 instructions, each one µop), in a fixed lane order. It replaces folding each
    /// accumulator to 256 bits and a tree of <c>vhaddps</c>, which AMD and Intel cores split into several µops each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSums8(ref float destination, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3, Vector512<float> a4, Vector512<float> a5, Vector512<float> a6, Vector512<float> a7)
    {
        if (Avx512F.IsSupported)
        {
            // Blocks of v: sums of taps 0-3 over 128-bit blocks 0-1, 0-3 over blocks 2-3, 4-7 over blocks 0-1, 4-7 over 2-3.
            Vector512<float> v = BlockPairs(Quads(Pairs(a0, a1), Pairs(a2, a3)), Quads(Pairs(a4, a5), Pairs(a6, a7)));
            Vector512<float> sums = v + Avx512F.Shuffle4x128(v, v, 0xB1);
            Avx512F.Shuffle4x128(sums, sums, 0x08).GetLower().StoreUnsafe(ref destination);
            return;
        }
        destination = Total(a0);
        Unsafe.Add(ref destination, 1) = Total(a1);
        Unsafe.Add(ref destination, 2) = Total(a2);
        Unsafe.Add(ref destination, 3) = Total(a3);
        Unsafe.Add(ref destination, 4) = Total(a4);
        Unsafe.Add(ref destination, 5) = Total(a5);
        Unsafe.Add(ref destination, 6) = Total(a6);
        Unsafe.Add(ref destination, 7) = Total(a7);
    }

    /// <summary>Writes the lane sums of two accumulators to <paramref name="first"/> and <paramref name="second"/> with one tree of 512-bit shuffles and adds (a fixed lane order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSums2(ref float first, ref float second, Vector512<float> a, Vector512<float> b)
    {
        if (Avx512F.IsSupported)
        {
            // Every 128-bit block holds [a, b, a, b] summed over its 256-bit half, then over both halves.
            Vector512<float> halves = HalfSums(a, b);
            Vector512<float> sums = halves + Avx512F.Shuffle4x128(halves, halves, 0x4E);
            first = sums.ToScalar();
            second = sums.GetElement(1);
            return;
        }
        first = Total(a);
        second = Total(b);
    }

    /// <summary>
    /// The gradients of two depthwise channels c and c + 1 whose 3×3 tap accumulators <paramref name="a0"/>-<paramref name="a8"/>
    /// and bias accumulator <paramref name="bias"/> hold channel c in lanes [0, 8) and c + 1 in lanes [8, 16): writes
    /// the 18 tap sums to <paramref name="gradWeights"/>[0, 18) (c's nine, then c + 1's) and, if
    /// <paramref name="storeBias"/>, the two bias sums to <paramref name="gradBias"/>[0, 2). One tree of 512-bit
    /// shuffles and adds (about 30 instructions for 20 sums, in a fixed lane order).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void StoreChannelPairSums(ref float gradWeights, ref float gradBias, bool storeBias, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3, Vector512<float> a4, Vector512<float> a5, Vector512<float> a6, Vector512<float> a7, Vector512<float> a8, Vector512<float> bias)
    {
        if (Avx512F.IsSupported)
        {
            // Blocks of v: taps 0-3 of channel c, taps 0-3 of c + 1, taps 4-7 of c, taps 4-7 of c + 1.
            Vector512<float> v = BlockPairs(Quads(Pairs(a0, a1), Pairs(a2, a3)), Quads(Pairs(a4, a5), Pairs(a6, a7)));
            // Block 0 of z: [tap 8, bias, tap 8, bias] of channel c; block 2: of c + 1.
            Vector512<float> z = HalfSums(a8, bias);
            Avx512F.PermuteVar16x32x2(v, Vector512.Create(0, 1, 2, 3, 8, 9, 10, 11, 16, 4, 5, 6, 7, 12, 13, 14), z).StoreUnsafe(ref gradWeights);
            // Lanes 0-1: taps 7 and 8 of c + 1; lanes 2-3: the two bias sums.
            Vector128<ulong> rest = Avx512F.PermuteVar16x32x2(v, Vector512.Create(15, 24, 17, 25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), z).GetLower().GetLower().AsUInt64();
            Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref gradWeights, 16)), rest.ToScalar());
            if (storeBias)
            {
                Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref gradBias), rest.GetElement(1));
            }
            return;
        }
        ReadOnlySpan<Vector512<float>> taps = [a0, a1, a2, a3, a4, a5, a6, a7, a8];
        for (int t = 0; t < 9; t++)
        {
            Unsafe.Add(ref gradWeights, t) = Vector256.Sum(taps[t].GetLower());
            Unsafe.Add(ref gradWeights, 9 + t) = Vector256.Sum(taps[t].GetUpper());
        }
        if (storeBias)
        {
            gradBias = Vector256.Sum(bias.GetLower());
            Unsafe.Add(ref gradBias, 1) = Vector256.Sum(bias.GetUpper());
        }
    }

    /// <summary>Per 128-bit block: [a lanes 0 + 2, b lanes 0 + 2, a lanes 1 + 3, b lanes 1 + 3].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pairs(Vector512<float> a, Vector512<float> b) => Avx512F.UnpackLow(a, b) + Avx512F.UnpackHigh(a, b);

    /// <summary>Per 128-bit block, from two <see cref="Pairs"/>: the block sums of its four sources, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Quads(Vector512<float> p, Vector512<float> q) => Avx512F.Shuffle(p, q, 0x44) + Avx512F.Shuffle(p, q, 0xEE);

    /// <summary>Per 128-bit block: [a, b, a, b], each the sum of its source's lanes in that block's 256-bit half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> HalfSums(Vector512<float> a, Vector512<float> b)
    {
        Vector512<float> p = Pairs(a, b);
        Vector512<float> q = p + Avx512F.Permute4x32(p, 0x4E);
        return q + Avx512F.Shuffle4x128(q, q, 0xB1);
    }

    /// <summary>Blocks [u 0 + 1, u 2 + 3, w 0 + 1, w 2 + 3]: each 256-bit half of two <see cref="Quads"/> summed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> BlockPairs(Vector512<float> u, Vector512<float> w) => Avx512F.Shuffle4x128(u, w, 0x88) + Avx512F.Shuffle4x128(u, w, 0xDD);

    private static float Total(Vector512<float> a) => Vector256.Sum(a.GetLower() + a.GetUpper());
}
