using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>
/// The column scatter (col2im) of generated backward-data kernels that compute a convolution's gradient columns as a
/// GEMM: each tap's column plane added, row by row, into the gradInput pixels it reaches.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelColumns
{
    /// <summary>
    /// target[r·targetPitch + x·stride] += source[r·sourcePitch + x] for r &lt; <paramref name="rows"/> and x &lt;
    /// <paramref name="count"/>: one tap's column rows added into the gradInput row pixels it reaches, a stride apart.
    /// Each target element gets exactly one addition, in order, so the sums are the same on every path. Stride 1 and 2
    /// run eight floats at a time where AVX is there, then four (stride 2: the eight source values spread over the even lanes of two
    /// target vectors, the odd lanes kept by a blend), the rest element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRows(ref float source, int sourcePitch, ref float target, int targetPitch, int rows, int count, int stride)
    {
        for (int r = 0; r < rows; r++)
        {
            ref float s = ref Unsafe.Add(ref source, r * sourcePitch);
            ref float t = ref Unsafe.Add(ref target, r * targetPitch);
            int x = 0;
            if (Avx.IsSupported && stride == 1)
            {
                for (; x + 8 <= count; x += 8)
                {
                    (Vector256.LoadUnsafe(ref t, (nuint)x) + Vector256.LoadUnsafe(ref s, (nuint)x)).StoreUnsafe(ref t, (nuint)x);
                }
                if (x + 4 <= count)
                {
                    (Vector128.LoadUnsafe(ref t, (nuint)x) + Vector128.LoadUnsafe(ref s, (nuint)x)).StoreUnsafe(ref t, (nuint)x);
                    x += 4;
                }
            }
            else if (Avx.IsSupported && stride == 2)
            {
                // The odd lane past a block's last sum must lie inside the row's run (before its last pixel): outside
                // it, it may be another channel's plane, which another thread writes.
                for (; x + 9 <= count; x += 8)
                {
                    Vector256<float> values = Vector256.LoadUnsafe(ref s, (nuint)x);
                    // [v0 v1 v2 v3 | v4 v5 v6 v7] → [v0 v0 v1 v1 | v4 v4 v5 v5] and [v2 v2 v3 v3 | v6 v6 v7 v7], then
                    // lanes regrouped to [v0 · v1 · v2 · v3 ·] and [v4 · v5 · v6 · v7 ·].
                    Vector256<float> low = Avx.UnpackLow(values, values), high = Avx.UnpackHigh(values, values);
                    Vector256<float> first = Avx.Permute2x128(low, high, 0x20), second = Avx.Permute2x128(low, high, 0x31);
                    ref float pair = ref Unsafe.Add(ref t, 2 * x);
                    Vector256<float> t0 = Vector256.LoadUnsafe(ref pair), t1 = Vector256.LoadUnsafe(ref pair, 8);
                    // Only the even lanes take a sum; the odd ones (another phase's pixels) are stored back unchanged.
                    Avx.Blend(t0 + first, t0, 0b1010_1010).StoreUnsafe(ref pair);
                    Avx.Blend(t1 + second, t1, 0b1010_1010).StoreUnsafe(ref pair, 8);
                }
                if (x + 5 <= count)
                {
                    // Four more: [v0 v1 v2 v3] → [v0 · v1 ·] and [v2 · v3 ·] (the same rule for the odd lane past the last).
                    Vector128<float> values = Vector128.LoadUnsafe(ref s, (nuint)x);
                    ref float pair = ref Unsafe.Add(ref t, 2 * x);
                    Vector128<float> t0 = Vector128.LoadUnsafe(ref pair), t1 = Vector128.LoadUnsafe(ref pair, 4);
                    Sse41.Blend(t0 + Sse.UnpackLow(values, values), t0, 0b1010).StoreUnsafe(ref pair);
                    Sse41.Blend(t1 + Sse.UnpackHigh(values, values), t1, 0b1010).StoreUnsafe(ref pair, 4);
                    x += 4;
                }
            }
            for (; x < count; x++)
            {
                Unsafe.Add(ref t, x * stride) += Unsafe.Add(ref s, x);
            }
        }
    }
}
