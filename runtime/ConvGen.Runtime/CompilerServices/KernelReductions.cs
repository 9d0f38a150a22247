using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    public static void ChannelSums(ReadOnlySpan<float> gradOutput, int channels, int plane, Span<float> sums)
    {
        int batch = gradOutput.Length / (channels * plane);
        ref float values = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(gradOutput);
        for (int c = 0; c < channels; c++)
        {
            float total = 0;
            for (int n = 0; n < batch; n++)
            {
                total += Sum(ref Unsafe.Add(ref values, ((nint)n * channels + c) * plane), plane);
            }
            sums[c] = total;
        }
    }

    /// <summary>target[i] += source[i] for i &lt; <paramref name="count"/> (element by element, so the same sums on any path).</summary>
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

    /// <summary>The sum of <paramref name="count"/> floats, in a fixed order for the process's instruction set.</summary>
    public static float Sum(ref float values, int count)
    {
        int i = 0;
        float total = 0;
        if (Vector256.IsHardwareAccelerated && count >= 8)
        {
            Vector256<float> a = Vector256<float>.Zero, b = Vector256<float>.Zero;
            for (; i + 16 <= count; i += 16)
            {
                a += Vector256.LoadUnsafe(ref values, (nuint)i);
                b += Vector256.LoadUnsafe(ref values, (nuint)(i + 8));
            }
            for (; i + 8 <= count; i += 8)
            {
                a += Vector256.LoadUnsafe(ref values, (nuint)i);
            }
            total = Vector256.Sum(a + b);
        }
        else if (Vector128.IsHardwareAccelerated && count >= 4)
        {
            Vector128<float> a = Vector128<float>.Zero;
            for (; i + 4 <= count; i += 4)
            {
                a += Vector128.LoadUnsafe(ref values, (nuint)i);
            }
            total = Vector128.Sum(a);
        }
        for (; i < count; i++)
        {
            total += Unsafe.Add(ref values, i);
        }
        return total;
    }
}
