using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>
/// The activations beyond ReLU for generated kernels, for each vector width and for one float: the hard sigmoid, hard
/// swish and leaky ReLU, which kernels fuse into their stores, and the sigmoid, tanh, SiLU and GELU (in
/// KernelActivations.Gelu.cs), which <see cref="Apply"/> runs over a kernel's whole output.
/// </summary>
/// <remarks>
/// <para>
/// The vector forms compute e^u only for u ≤ 0 (u = −|x| for the sigmoid, −2|x| for tanh), so nothing overflows: u is
/// split as k·ln 2 + r with |r| ≤ ln 2 / 2 (Cody and Waite's two-part ln 2, whose first part has 9 bits, so that
/// k·ln2hi is exact without a fused multiply-add), e^r − 1 is Cephes' degree-7 polynomial r + r²·P(r), and 2^k is
/// built in the exponent bits. u is clamped at −87 (2^k stays a normal float), so the sigmoid of x &lt; −87 is about
/// 1.6e-38 instead of a subnormal or 0. Tanh takes its numerator 1 − e^u straight from the polynomial's e^r − 1
/// where k = 0 (|x| &lt; 0.17), so it keeps its relative accuracy near 0.
/// </para>
/// <para>
/// Errors against double precision, measured over half a million arguments on every width by
/// <c>KernelActivationTests</c>, which asserts the bounds the kernels' fp64 tests use: the sigmoid, tanh and SiLU within
/// 6·2^-24 relative (measured 3.1, 3.0 and 3.8), the hard ones within 3·2^-24 (measured 2.0), plus 2^-100 absolute
/// (subnormal results, and the clamp); the leaky ReLU within 2^-24 and GELU within 8·2^-24 (measured 0.95 and 6.5),
/// plus 2^-149. NaN gives NaN. At ±∞: the sigmoid 1 and about 1.6e-38, tanh ±1, hard sigmoid 1 and 0, SiLU +∞ and
/// −∞ (x·σ(x) with σ clamped above 0), hard swish +∞ and NaN (−∞·0), the leaky ReLU ±∞, GELU +∞ and −0.
/// </para>
/// <para>
/// The scalar forms (the kernels' scalar path, which runs only without SIMD hardware, and <see cref="Apply"/> on
/// outputs shorter than a vector) use <see cref="MathF.Exp"/> and <see cref="MathF.Tanh"/>; GELU's works in double.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe partial class KernelActivations
{
    // e^u = 2^k · e^r: k = round(u·log2 e), r = u − k·ln2hi − k·ln2lo (Cephes expf).
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    // 1.5·2^23: adding it rounds to an integer in the low mantissa bits; its bits are 0x4B400000.
    private const float RoundingShift = 12582912f;
    private const int RoundingShiftBits = 0x4B400000;
    // e^r − 1 = r + r²·P(r), P's coefficients from highest to lowest order (Cephes expf).
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
        P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    // Below this e^u is clamped: 2^k must stay normal (k ≥ −126).
    private const float MinExponent = -87f;
    private const float OneSixth = 1f / 6f;

    // Floats per work unit of Apply's parallel split: a multiple of every vector width. The last unit takes the rest
    // (up to 2047 floats), so no slice is shorter than a vector and every element takes the same vector code.
    private const int ApplyBlock = 1024;
    // Apply's cost per element for the parallel threshold: about twenty vector instructions a vector, counted as flops
    // (GELU about three times that: 0.8 ns a float on one thread against SiLU's 0.27).
    private static long ApplyFlopsPerElement(Activation activation) => activation == Activation.Gelu ? 60 : 20;
    private const long ApplyParallelFlops = 400_000;

    /// <summary>
    /// Applies <paramref name="activation"/> (<see cref="Activation.Sigmoid"/>, <see cref="Activation.Tanh"/>,
    /// <see cref="Activation.Silu"/> or <see cref="Activation.Gelu"/>) to every element of <paramref name="values"/> in place, split across the worker pool
    /// where there is enough work. Generated kernels call it on their whole output after the convolution: fused into a
    /// register tile's stores, the exponential's fifteen constants would be hoisted into registers the tile needs for its
    /// accumulators. Every element goes through the same vector code (a short end is a last vector overlapping the one
    /// before, its earlier lanes kept), so results do not depend on the split or the thread count.
    /// </summary>
    public static void Apply(Span<float> values, Activation activation)
    {
        if (activation is not (Activation.Sigmoid or Activation.Tanh or Activation.Silu or Activation.Gelu))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Apply runs the sigmoid, tanh, SiLU and GELU; the others are fused into the kernels.");
        }
        fixed (float* start = values)
        {
            var task = new ApplyTask(start, values.Length, activation);
            KernelParallel.For(ref task, KernelParallel.Slices(values.Length * ApplyFlopsPerElement(activation), ApplyParallelFlops, ApplyBlocks(values.Length)));
        }
    }

    /// <summary>
    /// <see cref="Apply"/> split into <paramref name="slices"/> slices (at most one per block) run one after the other on
    /// the caller: the split a machine with that many cores would make, for the tests.
    /// </summary>
    internal static void ApplyInSlices(Span<float> values, Activation activation, int slices)
    {
        fixed (float* start = values)
        {
            var task = new ApplyTask(start, values.Length, activation);
            for (int i = 0; i < slices; i++)
            {
                task.Execute(i, slices);
            }
        }
    }

    /// <summary>Whole blocks of <see cref="ApplyBlock"/> floats in <paramref name="length"/>, the last one with the rest; at least one.</summary>
    internal static int ApplyBlocks(int length) => Math.Max(1, length / ApplyBlock);

    /// <summary>One slice of <see cref="Apply"/>: whole blocks of <see cref="ApplyBlock"/> floats (the last slice to the end).</summary>
    private readonly struct ApplyTask : IKernelTask
    {
        private readonly float* _values;
        private readonly int _length;
        private readonly Activation _activation;

        public ApplyTask(float* values, int length, Activation activation)
        {
            _values = values;
            _length = length;
            _activation = activation;
        }

        public void Execute(int index, int count)
        {
            long blocks = ApplyBlocks(_length);
            int begin = (int)(blocks * index / count * ApplyBlock), end = index == count - 1 ? _length : (int)(blocks * (index + 1) / count * ApplyBlock);
            switch (_activation)
            {
                case Activation.Sigmoid:
                    ApplyRange<SigmoidFunction>(_values, begin, end);
                    break;
                case Activation.Tanh:
                    ApplyRange<TanhFunction>(_values, begin, end);
                    break;
                case Activation.Gelu:
                    ApplyRange<GeluFunction>(_values, begin, end);
                    break;
                default:
                    ApplyRange<SiluFunction>(_values, begin, end);
                    break;
            }
        }
    }

    /// <summary>
    /// <typeparamref name="TFunction"/> over [<paramref name="begin"/>, <paramref name="end"/>) with the widest accelerated
    /// vectors; a range that is not a whole number of vectors ends with a vector overlapping the previous one, whose
    /// first lanes (already done) are kept. Ranges shorter than one vector take the float form.
    /// </summary>
    private static void ApplyRange<TFunction>(float* values, int begin, int end) where TFunction : struct, IActivationFunction
    {
        int i = begin;
        if (Vector512.IsHardwareAccelerated && end - begin >= Vector512<float>.Count)
        {
            for (; i <= end - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                TFunction.Apply(Vector512.Load(values + i)).Store(values + i);
            }
            if (i < end)
            {
                int at = end - Vector512<float>.Count;
                Vector512<float> x = Vector512.Load(values + at);
                Vector512<int> fresh = Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(i - at));
                Vector512.ConditionalSelect(fresh.AsSingle(), TFunction.Apply(x), x).Store(values + at);
            }
            return;
        }
        if (Vector256.IsHardwareAccelerated && end - begin >= Vector256<float>.Count)
        {
            for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                TFunction.Apply(Vector256.Load(values + i)).Store(values + i);
            }
            if (i < end)
            {
                int at = end - Vector256<float>.Count;
                Vector256<float> x = Vector256.Load(values + at);
                Vector256<int> fresh = Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(i - at));
                Vector256.ConditionalSelect(fresh.AsSingle(), TFunction.Apply(x), x).Store(values + at);
            }
            return;
        }
        if (Vector128.IsHardwareAccelerated && end - begin >= Vector128<float>.Count)
        {
            for (; i <= end - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                TFunction.Apply(Vector128.Load(values + i)).Store(values + i);
            }
            if (i < end)
            {
                int at = end - Vector128<float>.Count;
                Vector128<float> x = Vector128.Load(values + at);
                Vector128<int> fresh = Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(i - at));
                Vector128.ConditionalSelect(fresh.AsSingle(), TFunction.Apply(x), x).Store(values + at);
            }
            return;
        }
        for (; i < end; i++)
        {
            values[i] = TFunction.Apply(values[i]);
        }
    }

    /// <summary>One activation at every width, for <see cref="ApplyRange{TFunction}"/>.</summary>
    private interface IActivationFunction
    {
        static abstract Vector512<float> Apply(Vector512<float> x);

        static abstract Vector256<float> Apply(Vector256<float> x);

        static abstract Vector128<float> Apply(Vector128<float> x);

        static abstract float Apply(float x);
    }

    private readonly struct SigmoidFunction : IActivationFunction
    {
        public static Vector512<float> Apply(Vector512<float> x) => Sigmoid(x);

        public static Vector256<float> Apply(Vector256<float> x) => Sigmoid(x);

        public static Vector128<float> Apply(Vector128<float> x) => Sigmoid(x);

        public static float Apply(float x) => Sigmoid(x);
    }

    private readonly struct TanhFunction : IActivationFunction
    {
        public static Vector512<float> Apply(Vector512<float> x) => Tanh(x);

        public static Vector256<float> Apply(Vector256<float> x) => Tanh(x);

        public static Vector128<float> Apply(Vector128<float> x) => Tanh(x);

        public static float Apply(float x) => Tanh(x);
    }

    private readonly struct GeluFunction : IActivationFunction
    {
        public static Vector512<float> Apply(Vector512<float> x) => Gelu(x);

        public static Vector256<float> Apply(Vector256<float> x) => Gelu(x);

        public static Vector128<float> Apply(Vector128<float> x) => Gelu(x);

        public static float Apply(float x) => Gelu(x);
    }

    private readonly struct SiluFunction : IActivationFunction
    {
        public static Vector512<float> Apply(Vector512<float> x) => Silu(x);

        public static Vector256<float> Apply(Vector256<float> x) => Silu(x);

        public static Vector128<float> Apply(Vector128<float> x) => Silu(x);

        public static float Apply(float x) => Silu(x);
    }

    // ---- Vector512 ------------------------------------------------------------------------------------------------

    /// <summary>1 / (1 + e^−x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x)
    {
        Vector512<float> t = Exp(Vector512.Max(-Vector512.Abs(x), Vector512.Create(MinExponent)), out _, out _);
        Vector512<float> s = Vector512<float>.One / (Vector512<float>.One + t);
        // σ(−a) = e^−a / (1 + e^−a): no 1 − σ(a) cancellation for negative x.
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), t * s, s);
    }

    /// <summary>x·σ(x) (SiLU, also called swish).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Silu(Vector512<float> x) => x * Sigmoid(x);

    /// <summary>tanh(x) = sign(x)·(1 − e^−2|x|) / (1 + e^−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> t = Exp(Vector512.Max(Vector512.Create(-2f) * Vector512.Abs(x), Vector512.Create(MinExponent)), out Vector512<float> expm1, out Vector512<float> scale);
        // Where 2^k = 1, 1 − e^u is −(e^r − 1) straight from the polynomial, without cancelling.
        Vector512<float> numerator = Vector512.ConditionalSelect(Vector512.Equals(scale, Vector512<float>.One), -expm1, Vector512<float>.One - t);
        return Vector512.CopySign(numerator / (Vector512<float>.One + t), x);
    }

    /// <summary>min(max(x + 3, 0), 6) / 6.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HardSigmoid(Vector512<float> x) =>
        Vector512.Min(Vector512.Max(x + Vector512.Create(3f), Vector512<float>.Zero), Vector512.Create(6f)) * Vector512.Create(OneSixth);

    /// <summary>x·min(max(x + 3, 0), 6) / 6.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HardSwish(Vector512<float> x) => x * HardSigmoid(x);

    /// <summary>max(x, slope·x), the leaky ReLU for a <paramref name="slope"/> in (0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LeakyRelu(Vector512<float> x, float slope) => Vector512.Max(x, x * slope);

    /// <summary>e^u for u in [−87, 0] (or NaN), with e^r − 1 and 2^k of its reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp(Vector512<float> u, out Vector512<float> expm1, out Vector512<float> scale)
    {
        Vector512<float> shifted = Vector512.MultiplyAddEstimate(u, Vector512.Create(Log2E), Vector512.Create(RoundingShift));
        Vector512<float> k = shifted - Vector512.Create(RoundingShift);
        Vector512<float> r = Vector512.MultiplyAddEstimate(k, Vector512.Create(-Ln2High), u);
        r = Vector512.MultiplyAddEstimate(k, Vector512.Create(-Ln2Low), r);
        Vector512<float> p = Vector512.MultiplyAddEstimate(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(P2));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(P3));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(P4));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(P5));
        expm1 = Vector512.MultiplyAddEstimate(r * r, p, r);
        scale = Vector512.ShiftLeft(shifted.AsInt32() + Vector512.Create(127 - RoundingShiftBits), 23).AsSingle();
        return Vector512.MultiplyAddEstimate(expm1, scale, scale);
    }

    // ---- Vector256 (the same steps) --------------------------------------------------------------------------------

    /// <summary>1 / (1 + e^−x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        Vector256<float> t = Exp(Vector256.Max(-Vector256.Abs(x), Vector256.Create(MinExponent)), out _, out _);
        Vector256<float> s = Vector256<float>.One / (Vector256<float>.One + t);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), t * s, s);
    }

    /// <summary>x·σ(x) (SiLU, also called swish).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Silu(Vector256<float> x) => x * Sigmoid(x);

    /// <summary>tanh(x) = sign(x)·(1 − e^−2|x|) / (1 + e^−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> t = Exp(Vector256.Max(Vector256.Create(-2f) * Vector256.Abs(x), Vector256.Create(MinExponent)), out Vector256<float> expm1, out Vector256<float> scale);
        Vector256<float> numerator = Vector256.ConditionalSelect(Vector256.Equals(scale, Vector256<float>.One), -expm1, Vector256<float>.One - t);
        return Vector256.CopySign(numerator / (Vector256<float>.One + t), x);
    }

    /// <summary>min(max(x + 3, 0), 6) / 6.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSigmoid(Vector256<float> x) =>
        Vector256.Min(Vector256.Max(x + Vector256.Create(3f), Vector256<float>.Zero), Vector256.Create(6f)) * Vector256.Create(OneSixth);

    /// <summary>x·min(max(x + 3, 0), 6) / 6.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSwish(Vector256<float> x) => x * HardSigmoid(x);

    /// <summary>max(x, slope·x), the leaky ReLU for a <paramref name="slope"/> in (0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LeakyRelu(Vector256<float> x, float slope) => Vector256.Max(x, x * slope);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp(Vector256<float> u, out Vector256<float> expm1, out Vector256<float> scale)
    {
        Vector256<float> shifted = Vector256.MultiplyAddEstimate(u, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
        Vector256<float> k = shifted - Vector256.Create(RoundingShift);
        Vector256<float> r = Vector256.MultiplyAddEstimate(k, Vector256.Create(-Ln2High), u);
        r = Vector256.MultiplyAddEstimate(k, Vector256.Create(-Ln2Low), r);
        Vector256<float> p = Vector256.MultiplyAddEstimate(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(P2));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(P3));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(P4));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(P5));
        expm1 = Vector256.MultiplyAddEstimate(r * r, p, r);
        scale = Vector256.ShiftLeft(shifted.AsInt32() + Vector256.Create(127 - RoundingShiftBits), 23).AsSingle();
        return Vector256.MultiplyAddEstimate(expm1, scale, scale);
    }

    // ---- Vector128 (the same steps) --------------------------------------------------------------------------------

    /// <summary>1 / (1 + e^−x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x)
    {
        Vector128<float> t = Exp(Vector128.Max(-Vector128.Abs(x), Vector128.Create(MinExponent)), out _, out _);
        Vector128<float> s = Vector128<float>.One / (Vector128<float>.One + t);
        return Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), t * s, s);
    }

    /// <summary>x·σ(x) (SiLU, also called swish).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Silu(Vector128<float> x) => x * Sigmoid(x);

    /// <summary>tanh(x) = sign(x)·(1 − e^−2|x|) / (1 + e^−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> t = Exp(Vector128.Max(Vector128.Create(-2f) * Vector128.Abs(x), Vector128.Create(MinExponent)), out Vector128<float> expm1, out Vector128<float> scale);
        Vector128<float> numerator = Vector128.ConditionalSelect(Vector128.Equals(scale, Vector128<float>.One), -expm1, Vector128<float>.One - t);
        return Vector128.CopySign(numerator / (Vector128<float>.One + t), x);
    }

    /// <summary>min(max(x + 3, 0), 6) / 6.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> HardSigmoid(Vector128<float> x) =>
        Vector128.Min(Vector128.Max(x + Vector128.Create(3f), Vector128<float>.Zero), Vector128.Create(6f)) * Vector128.Create(OneSixth);

    /// <summary>x·min(max(x + 3, 0), 6) / 6.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> HardSwish(Vector128<float> x) => x * HardSigmoid(x);

    /// <summary>max(x, slope·x), the leaky ReLU for a <paramref name="slope"/> in (0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LeakyRelu(Vector128<float> x, float slope) => Vector128.Max(x, x * slope);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Exp(Vector128<float> u, out Vector128<float> expm1, out Vector128<float> scale)
    {
        Vector128<float> shifted = Vector128.MultiplyAddEstimate(u, Vector128.Create(Log2E), Vector128.Create(RoundingShift));
        Vector128<float> k = shifted - Vector128.Create(RoundingShift);
        Vector128<float> r = Vector128.MultiplyAddEstimate(k, Vector128.Create(-Ln2High), u);
        r = Vector128.MultiplyAddEstimate(k, Vector128.Create(-Ln2Low), r);
        Vector128<float> p = Vector128.MultiplyAddEstimate(Vector128.Create(P0), r, Vector128.Create(P1));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(P2));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(P3));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(P4));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(P5));
        expm1 = Vector128.MultiplyAddEstimate(r * r, p, r);
        scale = Vector128.ShiftLeft(shifted.AsInt32() + Vector128.Create(127 - RoundingShiftBits), 23).AsSingle();
        return Vector128.MultiplyAddEstimate(expm1, scale, scale);
    }

    // ---- float (the kernels' scalar path) --------------------------------------------------------------------------

    /// <summary>1 / (1 + e^−x), without overflow for either sign.</summary>
    public static float Sigmoid(float x)
    {
        if (x < 0)
        {
            float t = MathF.Exp(x);
            return t / (1f + t);
        }
        return 1f / (1f + MathF.Exp(-x));
    }

    /// <summary>x·σ(x) (SiLU, also called swish).</summary>
    public static float Silu(float x) => x * Sigmoid(x);

    /// <summary>tanh(x).</summary>
    public static float Tanh(float x) => MathF.Tanh(x);

    /// <summary>min(max(x + 3, 0), 6) / 6.</summary>
    public static float HardSigmoid(float x) => MathF.Min(MathF.Max(x + 3f, 0f), 6f) * OneSixth;

    /// <summary>x·min(max(x + 3, 0), 6) / 6.</summary>
    public static float HardSwish(float x) => x * HardSigmoid(x);

    /// <summary>max(x, slope·x), the leaky ReLU for a <paramref name="slope"/> in (0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LeakyRelu(float x, float slope) => MathF.Max(x, x * slope);
}
