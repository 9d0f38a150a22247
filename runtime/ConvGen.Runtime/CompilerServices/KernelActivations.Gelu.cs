using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen.Runtime.CompilerServices;

/// <remarks>
/// <para>
/// GELU, x·Φ(x) with Φ the standard normal distribution function (PyTorch's <c>GELU()</c>, not its tanh
/// approximation). Φ(x) = erfc(−x/√2) / 2, so with z = |x|/√2 it is erfc(z)/2 below zero and 1 − erfc(z)/2 above. The
/// erfc is t·e^(−z² + g(t)) with t = 1/(1 + z/2) (the form of Numerical Recipes' erfcc), where g is a degree-11
/// Chebyshev fit of ln(erfc(z)/t) + z² over all of t ∈ (0, 1], within 1.5e-8 of it, so erfc keeps that relative
/// accuracy however small it gets. Each float is widened to double for this: in float, z²'s rounding alone
/// (2^-24·z², with z² up to 90) would cost the exponential's result some 90 units. The exponential is Cody and
/// Waite's reduction with fdlibm's two-part ln 2 and a degree-7 Taylor polynomial (within 5e-9), its argument
/// clamped at −700. The product x·Φ(x) is rounded to float once. Both polynomials are evaluated by Estrin's scheme.
/// </para>
/// <para>
/// Measured against fp64 over half a million arguments by <c>KernelActivationTests</c>: within 1.23·2^-24 relative
/// (the final rounding's 1, the rest the fit's); the asserted bound is 2·2^-24, plus 2^-100 absolute for results
/// that underflow float. NaN gives NaN, +∞ gives +∞ and −∞ NaN (−∞·0, as in PyTorch).
/// </para>
/// </remarks>
public static partial class KernelActivations
{
    // g(t) = ln(erfc(z)/t) + z², t = 1/(1 + z/2): Chebyshev fit of degree 11 on [0, 1] (within 1.5e-8), lowest order first.
    private const double G0 = -1.265512118540437, G1 = 0.9999985530342681, G2 = 0.37507448476774785,
        G3 = 0.08175679194557582, G4 = -0.06813770390333353, G5 = -0.26409587957993014, G6 = 0.42285965563491995,
        G7 = -1.3866666635165432, G8 = 2.5901291907548187, G9 = -2.346272391647526, G10 = 1.0502335223085688,
        G11 = -0.18936745565456595;
    private const double InverseSqrt2 = 0.70710678118654752440;
    // e^u = 2^k · e^r (double): fdlibm's ln 2, whose high part has 32 trailing zero bits, so k·Ln2HighD is exact.
    private const double Log2ED = 1.4426950408889634074;
    private const double Ln2HighD = 6.93147180369123816490e-01, Ln2LowD = 1.90821492927058770002e-10;
    // 1.5·2^52: adding it rounds to an integer in the low mantissa bits; its bits are 0x4338000000000000.
    private const double RoundingShiftD = 6755399441055744.0;
    private const long RoundingShiftBitsD = 0x4338000000000000;
    // Below this e^u is clamped (2^k stays normal); e^−700 ≈ 1e-304 is far below float's smallest subnormal.
    private const double MinExponentD = -700;
    // e^r for |r| ≤ ln 2 / 2: Taylor to degree 7 (the remainder is below 5e-9, a twelfth of a float unit).
    private const double E7 = 1.0 / 5040, E6 = 1.0 / 720, E5 = 1.0 / 120, E4 = 1.0 / 24, E3 = 1.0 / 6, E2 = 0.5;

    /// <summary>x·Φ(x) (GELU), each half of the vector in double lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Gelu(Vector512<float> x)
    {
        (Vector512<double> lower, Vector512<double> upper) = Vector512.Widen(x);
        return Vector512.Narrow(Gelu(lower), Gelu(upper));
    }

    /// <summary>x·Φ(x) (GELU), each half of the vector in double lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Gelu(Vector256<float> x)
    {
        (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(x);
        return Vector256.Narrow(Gelu(lower), Gelu(upper));
    }

    /// <summary>x·Φ(x) (GELU), each half of the vector in double lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Gelu(Vector128<float> x)
    {
        (Vector128<double> lower, Vector128<double> upper) = Vector128.Widen(x);
        return Vector128.Narrow(Gelu(lower), Gelu(upper));
    }

    /// <summary>x·Φ(x) (GELU), in double.</summary>
    public static float Gelu(float x)
    {
        double d = x, z = Math.Abs(d) * InverseSqrt2, t = 1 / (1 + 0.5 * z);
        double g = ((((((((((G11 * t + G10) * t + G9) * t + G8) * t + G7) * t + G6) * t + G5) * t + G4) * t + G3) * t + G2) * t + G1) * t + G0;
        double half = 0.5 * t * Math.Exp(Math.Max(-z * z + g, MinExponentD)); // erfc(z) / 2
        return (float)(d * (d >= 0 ? 1 - half : half));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Gelu(Vector512<double> x)
    {
        Vector512<double> z = Vector512.Abs(x) * Vector512.Create(InverseSqrt2);
        Vector512<double> t = Vector512<double>.One / Vector512.MultiplyAddEstimate(z, Vector512.Create(0.5), Vector512<double>.One);
        // g(t) by Estrin's scheme (pairs, then t², t⁴, t⁸): four multiply-adds deep instead of eleven, and fewer live
        // constants than Horner's chain keeps (the JIT hoists none of them out of the loop).
        Vector512<double> t2 = t * t, t4 = t2 * t2;
        Vector512<double> g01 = Vector512.MultiplyAddEstimate(Vector512.Create(G1), t, Vector512.Create(G0)), g23 = Vector512.MultiplyAddEstimate(Vector512.Create(G3), t, Vector512.Create(G2));
        Vector512<double> g45 = Vector512.MultiplyAddEstimate(Vector512.Create(G5), t, Vector512.Create(G4)), g67 = Vector512.MultiplyAddEstimate(Vector512.Create(G7), t, Vector512.Create(G6));
        Vector512<double> g89 = Vector512.MultiplyAddEstimate(Vector512.Create(G9), t, Vector512.Create(G8)), g1011 = Vector512.MultiplyAddEstimate(Vector512.Create(G11), t, Vector512.Create(G10));
        Vector512<double> g03 = Vector512.MultiplyAddEstimate(g23, t2, g01), g47 = Vector512.MultiplyAddEstimate(g67, t2, g45), g811 = Vector512.MultiplyAddEstimate(g1011, t2, g89);
        Vector512<double> g = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(g811, t4, g47), t4, g03);
        Vector512<double> u = Vector512.Max(Vector512.MultiplyAddEstimate(-z, z, g), Vector512.Create(MinExponentD));
        // e^u = 2^k·e^r, e^r's Taylor polynomial by Estrin's scheme too.
        Vector512<double> shifted = Vector512.MultiplyAddEstimate(u, Vector512.Create(Log2ED), Vector512.Create(RoundingShiftD));
        Vector512<double> k = shifted - Vector512.Create(RoundingShiftD);
        Vector512<double> r = Vector512.MultiplyAddEstimate(k, Vector512.Create(-Ln2LowD), Vector512.MultiplyAddEstimate(k, Vector512.Create(-Ln2HighD), u));
        Vector512<double> r2 = r * r;
        Vector512<double> e03 = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(Vector512.Create(E3), r, Vector512.Create(E2)), r2, r + Vector512<double>.One);
        Vector512<double> e47 = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(Vector512.Create(E7), r, Vector512.Create(E6)), r2, Vector512.MultiplyAddEstimate(Vector512.Create(E5), r, Vector512.Create(E4)));
        Vector512<double> scale = Vector512.ShiftLeft(shifted.AsInt64() + Vector512.Create(1023 - RoundingShiftBitsD), 52).AsDouble();
        Vector512<double> half = Vector512.Create(0.5) * t * (Vector512.MultiplyAddEstimate(e47, r2 * r2, e03) * scale); // erfc(z) / 2
        return x * Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero), Vector512<double>.One - half, half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Gelu(Vector256<double> x)
    {
        Vector256<double> z = Vector256.Abs(x) * Vector256.Create(InverseSqrt2);
        Vector256<double> t = Vector256<double>.One / Vector256.MultiplyAddEstimate(z, Vector256.Create(0.5), Vector256<double>.One);
        Vector256<double> t2 = t * t, t4 = t2 * t2;
        Vector256<double> g01 = Vector256.MultiplyAddEstimate(Vector256.Create(G1), t, Vector256.Create(G0)), g23 = Vector256.MultiplyAddEstimate(Vector256.Create(G3), t, Vector256.Create(G2));
        Vector256<double> g45 = Vector256.MultiplyAddEstimate(Vector256.Create(G5), t, Vector256.Create(G4)), g67 = Vector256.MultiplyAddEstimate(Vector256.Create(G7), t, Vector256.Create(G6));
        Vector256<double> g89 = Vector256.MultiplyAddEstimate(Vector256.Create(G9), t, Vector256.Create(G8)), g1011 = Vector256.MultiplyAddEstimate(Vector256.Create(G11), t, Vector256.Create(G10));
        Vector256<double> g03 = Vector256.MultiplyAddEstimate(g23, t2, g01), g47 = Vector256.MultiplyAddEstimate(g67, t2, g45), g811 = Vector256.MultiplyAddEstimate(g1011, t2, g89);
        Vector256<double> g = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(g811, t4, g47), t4, g03);
        Vector256<double> u = Vector256.Max(Vector256.MultiplyAddEstimate(-z, z, g), Vector256.Create(MinExponentD));
        Vector256<double> shifted = Vector256.MultiplyAddEstimate(u, Vector256.Create(Log2ED), Vector256.Create(RoundingShiftD));
        Vector256<double> k = shifted - Vector256.Create(RoundingShiftD);
        Vector256<double> r = Vector256.MultiplyAddEstimate(k, Vector256.Create(-Ln2LowD), Vector256.MultiplyAddEstimate(k, Vector256.Create(-Ln2HighD), u));
        Vector256<double> r2 = r * r;
        Vector256<double> e03 = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(Vector256.Create(E3), r, Vector256.Create(E2)), r2, r + Vector256<double>.One);
        Vector256<double> e47 = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(Vector256.Create(E7), r, Vector256.Create(E6)), r2, Vector256.MultiplyAddEstimate(Vector256.Create(E5), r, Vector256.Create(E4)));
        Vector256<double> scale = Vector256.ShiftLeft(shifted.AsInt64() + Vector256.Create(1023 - RoundingShiftBitsD), 52).AsDouble();
        Vector256<double> half = Vector256.Create(0.5) * t * (Vector256.MultiplyAddEstimate(e47, r2 * r2, e03) * scale);
        return x * Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<double>.Zero), Vector256<double>.One - half, half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Gelu(Vector128<double> x)
    {
        Vector128<double> z = Vector128.Abs(x) * Vector128.Create(InverseSqrt2);
        Vector128<double> t = Vector128<double>.One / Vector128.MultiplyAddEstimate(z, Vector128.Create(0.5), Vector128<double>.One);
        Vector128<double> t2 = t * t, t4 = t2 * t2;
        Vector128<double> g01 = Vector128.MultiplyAddEstimate(Vector128.Create(G1), t, Vector128.Create(G0)), g23 = Vector128.MultiplyAddEstimate(Vector128.Create(G3), t, Vector128.Create(G2));
        Vector128<double> g45 = Vector128.MultiplyAddEstimate(Vector128.Create(G5), t, Vector128.Create(G4)), g67 = Vector128.MultiplyAddEstimate(Vector128.Create(G7), t, Vector128.Create(G6));
        Vector128<double> g89 = Vector128.MultiplyAddEstimate(Vector128.Create(G9), t, Vector128.Create(G8)), g1011 = Vector128.MultiplyAddEstimate(Vector128.Create(G11), t, Vector128.Create(G10));
        Vector128<double> g03 = Vector128.MultiplyAddEstimate(g23, t2, g01), g47 = Vector128.MultiplyAddEstimate(g67, t2, g45), g811 = Vector128.MultiplyAddEstimate(g1011, t2, g89);
        Vector128<double> g = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(g811, t4, g47), t4, g03);
        Vector128<double> u = Vector128.Max(Vector128.MultiplyAddEstimate(-z, z, g), Vector128.Create(MinExponentD));
        Vector128<double> shifted = Vector128.MultiplyAddEstimate(u, Vector128.Create(Log2ED), Vector128.Create(RoundingShiftD));
        Vector128<double> k = shifted - Vector128.Create(RoundingShiftD);
        Vector128<double> r = Vector128.MultiplyAddEstimate(k, Vector128.Create(-Ln2LowD), Vector128.MultiplyAddEstimate(k, Vector128.Create(-Ln2HighD), u));
        Vector128<double> r2 = r * r;
        Vector128<double> e03 = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(Vector128.Create(E3), r, Vector128.Create(E2)), r2, r + Vector128<double>.One);
        Vector128<double> e47 = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(Vector128.Create(E7), r, Vector128.Create(E6)), r2, Vector128.MultiplyAddEstimate(Vector128.Create(E5), r, Vector128.Create(E4)));
        Vector128<double> scale = Vector128.ShiftLeft(shifted.AsInt64() + Vector128.Create(1023 - RoundingShiftBitsD), 52).AsDouble();
        Vector128<double> half = Vector128.Create(0.5) * t * (Vector128.MultiplyAddEstimate(e47, r2 * r2, e03) * scale);
        return x * Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<double>.Zero), Vector128<double>.One - half, half);
    }
}
