using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen.Runtime.CompilerServices;

/// <remarks>
/// <para>
/// GELU, x·Φ(x) with Φ the standard normal distribution function (PyTorch's <c>GELU()</c>, not its tanh
/// approximation). Φ(x) = erfc(−x/√2) / 2, so with z = |x|/√2 it is erfc(z)/2 below zero and 1 − erfc(z)/2 above. The
/// erfc is t·e^(g(t) − x²/2) with t = 1/(1 + z/2) (the form of Numerical Recipes' erfcc), where g is a degree-11
/// Chebyshev fit of ln(erfc(z)/t) + z² over all of t ∈ (0, 1], within 1.5e-8 of it, so erfc keeps that relative
/// accuracy however small it gets, provided the exponent is exact: rounding x² in float would cost up to 2^-24·x²/2
/// (some 90 units for x near −13). So x² is split into two floats exactly (a fused multiply-add gives the low part),
/// g − x²/2 is summed with its rounding error kept (a two-sum), the exponential (the sigmoid's) takes the rounded sum,
/// and 1 + (error − low/2) corrects it. The product x·Φ(x) is rounded once.
/// </para>
/// <para>
/// Measured against fp64 over half a million arguments by <c>KernelActivationTests</c>: within 6.5·2^-24 relative on
/// the vector widths, at worst in the lower tail (near x = −3.8 and −9.5), where t's rounding (t's error moves
/// ln erfc by about 2/(z·t) times as much) and the float exponential's error add up; the float form, in double,
/// within 1.23. The asserted bound is 8·2^-24, plus 2^-149 (one subnormal step) absolute: the results keep their
/// relative accuracy down to the subnormals, near x = −13. A double form of the vector code (each half widened, the
/// exponential's Taylor polynomial in double) measured 1.23 as well but took 1.3 ns a float on one thread, against
/// this form's 0.8 (SiLU's 0.27). NaN gives NaN, +∞ gives +∞ and −∞ gives −0, the limit (PyTorch's −∞·Φ(−∞) is NaN).
/// </para>
/// </remarks>
public static partial class KernelActivations
{
    // g(t) = ln(erfc(z)/t) + z² with t = 1/(1 + z/2), as a polynomial in v = 2t − 1 ∈ (−1, 1]: Chebyshev fit of degree
    // 11 (within 1.5e-8), lowest order first. In v its coefficients are at most 0.67, so float's evaluation error stays
    // near a unit; as a polynomial in t they reach 2.6 with alternating signs and lost some ten.
    private const double H0 = -0.671794092775805, H1 = 0.6726432124855481, H2 = 0.04734394039462034,
        H3 = -0.046894781015071704, H4 = -0.009880431637582687, H5 = 0.008815156956125787,
        H6 = 0.0017952014937328141, H7 = -0.0023031434654053823, H8 = -0.00022919226001198893,
        H9 = 0.0005880716887598385, H10 = 8.508316609820583e-06, H11 = -9.246457795633103e-05;
    // 1/(2√2): t = 1/(1 + |x|·c) = 1/(1 + z/2).
    private const double HalfInverseSqrt2 = 0.35355339059327376;
    // Where g − x²/2 is below −87, e^(g − x²/2) = e^(g − x²/2 + 22.1875)·e^−22.1875, so the exponential stays in its
    // range while GELU's results go on, as floats, down to the subnormals (x ≈ −14); 22.1875 = 32·(9-bit ln 2), so the
    // shifted sum is exact. Below −87 − 22.1875 the result is under half the smallest subnormal, and 0.
    private const float DeepShift = 22.1875f;
    private const float DeepScale = 2.3125502732234879e-10f; // e^−22.1875
    // |x| beyond which e is 0 (g − x²/2 < −109.1875 from |x| = 14.8).
    private const float QLimit = 16f;

    /// <summary>x·Φ(x) (GELU).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Gelu(Vector512<float> x)
    {
        Vector512<float> t = Vector512<float>.One / Vector512.MultiplyAddEstimate(Vector512.Abs(x), Vector512.Create((float)HalfInverseSqrt2), Vector512<float>.One);
        Vector512<float> v = t + t - Vector512<float>.One; // exact for t ≥ 1/4 (|x| ≤ 8.5)
        // g by Estrin's scheme: pairs, then v², v⁴.
        Vector512<float> v2 = v * v, v4 = v2 * v2;
        Vector512<float> g03 = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(Vector512.Create((float)H3), v, Vector512.Create((float)H2)), v2, Vector512.MultiplyAddEstimate(Vector512.Create((float)H1), v, Vector512.Create((float)H0)));
        Vector512<float> g47 = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(Vector512.Create((float)H7), v, Vector512.Create((float)H6)), v2, Vector512.MultiplyAddEstimate(Vector512.Create((float)H5), v, Vector512.Create((float)H4)));
        Vector512<float> g811 = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(Vector512.Create((float)H11), v, Vector512.Create((float)H10)), v2, Vector512.MultiplyAddEstimate(Vector512.Create((float)H9), v, Vector512.Create((float)H8)));
        Vector512<float> g = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(g811, v4, g47), v4, g03);
        // The exponent g − x²/2 without rounding x²: x² = high + low exactly, their halves exact too, g − high/2 summed
        // with its rounding error kept (Knuth's two-sum), and e^(error − low/2) taken as 1 + error − low/2 (|·| < 3e-6).
        Vector512<float> high = x * x;
        Vector512<float> low = Vector512.FusedMultiplyAdd(x, x, -high);
        Vector512<float> halfSquare = Vector512.Create(0.5f) * high;
        Vector512<float> s = g - halfSquare;
        Vector512<float> back = s - g;
        Vector512<float> error = (g - (s - back)) + (-halfSquare - back);
        // Below −87 the exponent is shifted up and the product scaled back (DeepShift), and below −109.1875 the result is
        // 0 whatever |x| (x² may even overflow, making the two-sum NaN, which the select discards). With q = x·(t/2)·scale
        // (a normal float), x·Φ(x) is q·e below zero, rounded once even where it is subnormal, and x − q·e above; x is
        // held within ±QLimit in q, where e is already 0, so that +∞ gives +∞ rather than ∞·0.
        Vector512<float> deep = Vector512.LessThan(s, Vector512.Create(MinExponent));
        Vector512<float> scale = Vector512.ConditionalSelect(deep, Vector512.Create(DeepScale), Vector512<float>.One);
        Vector512<float> e = Vector512.ConditionalSelect(Vector512.LessThan(s, Vector512.Create(MinExponent - DeepShift)), Vector512<float>.Zero,
            Exp(Vector512.Max(Vector512.ConditionalSelect(deep, s + Vector512.Create(DeepShift), s), Vector512.Create(MinExponent)), out _, out _) *
            Vector512.MultiplyAddEstimate(Vector512.Create(-0.5f), low, error + Vector512<float>.One));
        Vector512<float> q = Vector512.Min(Vector512.Max(x, Vector512.Create(-QLimit)), Vector512.Create(QLimit)) * (Vector512.Create(0.5f) * t * scale);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512.MultiplyAddEstimate(-q, e, x), q * e);
    }

    /// <summary>x·Φ(x) (GELU).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Gelu(Vector256<float> x)
    {
        Vector256<float> t = Vector256<float>.One / Vector256.MultiplyAddEstimate(Vector256.Abs(x), Vector256.Create((float)HalfInverseSqrt2), Vector256<float>.One);
        Vector256<float> v = t + t - Vector256<float>.One;
        Vector256<float> v2 = v * v, v4 = v2 * v2;
        Vector256<float> g03 = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(Vector256.Create((float)H3), v, Vector256.Create((float)H2)), v2, Vector256.MultiplyAddEstimate(Vector256.Create((float)H1), v, Vector256.Create((float)H0)));
        Vector256<float> g47 = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(Vector256.Create((float)H7), v, Vector256.Create((float)H6)), v2, Vector256.MultiplyAddEstimate(Vector256.Create((float)H5), v, Vector256.Create((float)H4)));
        Vector256<float> g811 = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(Vector256.Create((float)H11), v, Vector256.Create((float)H10)), v2, Vector256.MultiplyAddEstimate(Vector256.Create((float)H9), v, Vector256.Create((float)H8)));
        Vector256<float> g = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(g811, v4, g47), v4, g03);
        Vector256<float> high = x * x;
        Vector256<float> low = Vector256.FusedMultiplyAdd(x, x, -high);
        Vector256<float> halfSquare = Vector256.Create(0.5f) * high;
        Vector256<float> s = g - halfSquare;
        Vector256<float> back = s - g;
        Vector256<float> error = (g - (s - back)) + (-halfSquare - back);
        Vector256<float> deep = Vector256.LessThan(s, Vector256.Create(MinExponent));
        Vector256<float> scale = Vector256.ConditionalSelect(deep, Vector256.Create(DeepScale), Vector256<float>.One);
        Vector256<float> e = Vector256.ConditionalSelect(Vector256.LessThan(s, Vector256.Create(MinExponent - DeepShift)), Vector256<float>.Zero,
            Exp(Vector256.Max(Vector256.ConditionalSelect(deep, s + Vector256.Create(DeepShift), s), Vector256.Create(MinExponent)), out _, out _) *
            Vector256.MultiplyAddEstimate(Vector256.Create(-0.5f), low, error + Vector256<float>.One));
        Vector256<float> q = Vector256.Min(Vector256.Max(x, Vector256.Create(-QLimit)), Vector256.Create(QLimit)) * (Vector256.Create(0.5f) * t * scale);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256.MultiplyAddEstimate(-q, e, x), q * e);
    }

    /// <summary>x·Φ(x) (GELU).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Gelu(Vector128<float> x)
    {
        Vector128<float> t = Vector128<float>.One / Vector128.MultiplyAddEstimate(Vector128.Abs(x), Vector128.Create((float)HalfInverseSqrt2), Vector128<float>.One);
        Vector128<float> v = t + t - Vector128<float>.One;
        Vector128<float> v2 = v * v, v4 = v2 * v2;
        Vector128<float> g03 = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(Vector128.Create((float)H3), v, Vector128.Create((float)H2)), v2, Vector128.MultiplyAddEstimate(Vector128.Create((float)H1), v, Vector128.Create((float)H0)));
        Vector128<float> g47 = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(Vector128.Create((float)H7), v, Vector128.Create((float)H6)), v2, Vector128.MultiplyAddEstimate(Vector128.Create((float)H5), v, Vector128.Create((float)H4)));
        Vector128<float> g811 = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(Vector128.Create((float)H11), v, Vector128.Create((float)H10)), v2, Vector128.MultiplyAddEstimate(Vector128.Create((float)H9), v, Vector128.Create((float)H8)));
        Vector128<float> g = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(g811, v4, g47), v4, g03);
        Vector128<float> high = x * x;
        Vector128<float> low = Vector128.FusedMultiplyAdd(x, x, -high);
        Vector128<float> halfSquare = Vector128.Create(0.5f) * high;
        Vector128<float> s = g - halfSquare;
        Vector128<float> back = s - g;
        Vector128<float> error = (g - (s - back)) + (-halfSquare - back);
        Vector128<float> deep = Vector128.LessThan(s, Vector128.Create(MinExponent));
        Vector128<float> scale = Vector128.ConditionalSelect(deep, Vector128.Create(DeepScale), Vector128<float>.One);
        Vector128<float> e = Vector128.ConditionalSelect(Vector128.LessThan(s, Vector128.Create(MinExponent - DeepShift)), Vector128<float>.Zero,
            Exp(Vector128.Max(Vector128.ConditionalSelect(deep, s + Vector128.Create(DeepShift), s), Vector128.Create(MinExponent)), out _, out _) *
            Vector128.MultiplyAddEstimate(Vector128.Create(-0.5f), low, error + Vector128<float>.One));
        Vector128<float> q = Vector128.Min(Vector128.Max(x, Vector128.Create(-QLimit)), Vector128.Create(QLimit)) * (Vector128.Create(0.5f) * t * scale);
        return Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), Vector128.MultiplyAddEstimate(-q, e, x), q * e);
    }

    /// <summary>x·Φ(x) (GELU), in double (the kernels' scalar path, which runs only without SIMD hardware).</summary>
    public static float Gelu(float x)
    {
        double d = x, t = 1 / (1 + Math.Abs(d) * HalfInverseSqrt2), v = 2 * t - 1;
        double g = ((((((((((H11 * v + H10) * v + H9) * v + H8) * v + H7) * v + H6) * v + H5) * v + H4) * v + H3) * v + H2) * v + H1) * v + H0;
        double tail = 0.5 * t * Math.Exp(Math.Max(g - 0.5 * d * d, -700)); // erfc(|x|/√2) / 2
        return (float)(d >= 0 ? d * (1 - tail) : Math.Max(d, -QLimit) * tail); // below −16 the result is 0, also at −∞
    }
}
