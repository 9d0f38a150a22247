using System;

namespace ConvGen.Tests.Reference;

/// <summary>
/// The activations in fp64, and what each may add to a kernel's error: a float32 kernel computes the linear value ŷ
/// within B of the exact y, then f̂(ŷ) within <see cref="RelativeError"/>·|f(ŷ)| + <see cref="AbsoluteError"/> of
/// f(ŷ) (measured for ConvGen's KernelActivations by <c>KernelActivationTests</c>, which asserts these constants), so
/// |f̂(ŷ) − f(y)| ≤ L·(1 + rel)·B + rel·|f(y)| + abs, with L the activation's Lipschitz constant.
/// </summary>
public static class ReferenceActivations
{
    /// <summary>2^-24, half the float32 machine epsilon: the unit the activation errors are counted in.</summary>
    public const double Unit = 1.0 / 16777216.0;

    /// <summary>
    /// f(x) in fp64; <paramref name="negativeSlope"/> is the leaky ReLU's, whose default (NaN) the leaky ReLU refuses, so
    /// that a test cannot check a layer against a slope other than its own.
    /// </summary>
    public static double Apply(double x, ReferenceActivation activation, double negativeSlope = double.NaN) => activation switch
    {
        ReferenceActivation.None => x,
        ReferenceActivation.LeakyRelu when double.IsNaN(negativeSlope) => throw new ArgumentException("The leaky ReLU needs its negative slope.", nameof(negativeSlope)),
        ReferenceActivation.LeakyRelu => x > 0 ? x : negativeSlope * x,
        ReferenceActivation.Gelu => x * NormalDistribution(x),
        ReferenceActivation.Relu => x > 0 ? x : 0,
        ReferenceActivation.Relu6 => x > 0 ? (x < 6 ? x : 6) : 0,
        ReferenceActivation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        ReferenceActivation.Tanh => Math.Tanh(x),
        ReferenceActivation.Silu => x / (1 + Math.Exp(-x)),
        ReferenceActivation.HardSigmoid => Math.Clamp(x + 3, 0, 6) / 6,
        ReferenceActivation.HardSwish => x * Math.Clamp(x + 3, 0, 6) / 6,
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>
    /// sup |f′|: 1/4 for the sigmoid, 1.0998 for SiLU (at x ≈ 2.4), 3/2 for hard swish (at x = 3), 1/6 for hard sigmoid,
    /// 1.129 for GELU (Φ(x) + x·φ(x) at x = √2); 1 for the others (the leaky ReLU's slope is at most 1).
    /// </summary>
    public static double Lipschitz(ReferenceActivation activation) => activation switch
    {
        ReferenceActivation.Sigmoid => 0.25,
        ReferenceActivation.Silu => 1.1,
        ReferenceActivation.HardSigmoid => 1.0 / 6,
        ReferenceActivation.HardSwish => 1.5,
        ReferenceActivation.Gelu => 1.13,
        _ => 1,
    };

    /// <summary>The largest relative error of the float32 activation itself, in units of 2^-24 times this.</summary>
    public static double RelativeError(ReferenceActivation activation) => activation switch
    {
        ReferenceActivation.Sigmoid or ReferenceActivation.Tanh or ReferenceActivation.Silu => 6 * Unit,
        ReferenceActivation.HardSigmoid or ReferenceActivation.HardSwish => 3 * Unit,
        // max(y, fl(s·y)): the product's one rounding.
        ReferenceActivation.LeakyRelu => Unit,
        // x·Φ(x) with the exponent kept exact and the tail in float (measured 6.47).
        ReferenceActivation.Gelu => 8 * Unit,
        _ => 0,
    };

    /// <summary>
    /// The absolute error allowed besides: none for ReLU and ReLU6; 2^-149, one subnormal step, for the leaky ReLU and
    /// GELU, whose results are relatively accurate down to the subnormals, where float's rounding is absolute (2^-150);
    /// 2^-100 for the exponential ones and the hard ones, which also covers the sigmoid and SiLU clamping e^−|x| at
    /// e^−87 ≈ 1.6e-38 (so σ(x) for x &lt; −87 is that, not smaller), which SiLU multiplies by x, for |x| up to 2^24.
    /// </summary>
    public static double AbsoluteError(ReferenceActivation activation) => activation switch
    {
        ReferenceActivation.Sigmoid or ReferenceActivation.Tanh or ReferenceActivation.Silu or ReferenceActivation.HardSigmoid or
            ReferenceActivation.HardSwish => Math.Pow(2, -100),
        // Results that underflow float: one subnormal step. GELU keeps its relative accuracy down to there.
        ReferenceActivation.LeakyRelu or ReferenceActivation.Gelu => Math.Pow(2, -149),
        _ => 0,
    };

    /// <summary>Φ(x) = erfc(−x/√2) / 2, with its relative accuracy kept far into the lower tail.</summary>
    public static double NormalDistribution(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>
    /// erfc(z) in fp64, written independently of ConvGen's approximation: below 1, 1 − erf(z) with erf from its series
    /// of positive terms, (2/√π)·e^(−z²)·Σ (2z²)^n·z / (1·3·…·(2n + 1)) (erfc ≥ 0.157 there, so the subtraction loses
    /// under a digit); from 1 on, Laplace's continued fraction e^(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))),
    /// evaluated from 200 levels down (within a few units of the last place from z = 1); below 0, 2 − erfc(−z).
    /// </summary>
    public static double Erfc(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }
        if (z < 0)
        {
            return 2 - Erfc(-z);
        }
        if (z < 1)
        {
            double term = z, sum = z;
            for (int n = 1; term > 1e-17 * sum; n++)
            {
                term *= 2 * z * z / (2 * n + 1);
                sum += term;
            }
            return 1 - 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z) * sum;
        }
        double fraction = z;
        for (int level = 200; level >= 1; level--)
        {
            fraction = z + level / 2.0 / fraction;
        }
        return Math.Exp(-z * z) / Math.Sqrt(Math.PI) / fraction;
    }

    /// <summary>
    /// <paramref name="linear"/> (values and Σ|terms| of the linear part) through the activation: values f(y), magnitudes
    /// L·(1 + rel)·Σ|terms|, and the activation's own error as the slack. ReLU and ReLU6 leave the magnitudes as they are.
    /// </summary>
    public static ReferenceResult Apply(ReferenceResult linear, ReferenceActivation activation, double negativeSlope = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(linear);
        if (activation == ReferenceActivation.None)
        {
            return linear;
        }
        double scale = Lipschitz(activation) * (1 + RelativeError(activation));
        var values = new double[linear.Length];
        var magnitudes = new double[linear.Length];
        var slack = new double[linear.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Apply(linear.Values[i], activation, negativeSlope);
            magnitudes[i] = scale * linear.Magnitudes[i];
            slack[i] = RelativeError(activation) * Math.Abs(values[i]) + AbsoluteError(activation);
        }
        return new ReferenceResult(linear.Shape, values, magnitudes, slack);
    }
}
