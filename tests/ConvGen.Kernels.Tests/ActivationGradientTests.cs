using System;
using System.Linq;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// <see cref="ActivationGradient.FromOutput"/> against the derivative written in terms of the activation's input (not
/// its output, so the reference is independent of the formula under test), PyTorch's conventions at the kinks, the
/// same bits on every vector width, its argument checks, and one training step through a fused leaky ReLU on data
/// whose every sum is exact.
/// </summary>
public sealed partial class ActivationGradientTests
{
    public static TheoryData<Activation, float> Computable() => new()
    {
        { Activation.None, 0.01f }, { Activation.Relu, 0.01f }, { Activation.Relu6, 0.01f }, { Activation.LeakyRelu, 0.01f },
        { Activation.LeakyRelu, 0.2f }, { Activation.LeakyRelu, 0f }, { Activation.LeakyRelu, 1f }, { Activation.Sigmoid, 0.01f },
        { Activation.Tanh, 0.01f }, { Activation.HardSigmoid, 0.01f },
    };

    [Theory]
    [MemberData(nameof(Computable))]
    public void MatchesTheDerivativeAtTheInputAwayFromTheKinks(Activation activation, float slope)
    {
        var random = new Random(17);
        const int count = 1001; // whole vectors and a remainder on every width
        double[] x = new double[count];
        float[] y = new float[count], gradient = new float[count];
        for (int i = 0; i < count; i++)
        {
            do
            {
                x[i] = random.NextDouble() * 18 - 9;
            }
            while (new[] { 0.0, 6.0, -3.0, 3.0 }.Any(kink => Math.Abs(x[i] - kink) < 1e-3));
            y[i] = (float)ReferenceActivations.Apply(x[i], (ReferenceActivation)(int)activation, slope);
            gradient[i] = (float)(random.NextDouble() * 2 - 1);
        }
        float[] result = (float[])gradient.Clone();
        ActivationGradient.FromOutput(activation, y, result, slope);
        for (int i = 0; i < count; i++)
        {
            double g = gradient[i], expected = g * Derivative(activation, x[i], slope);
            // Piecewise: the product of two floats rounds once; the hard sigmoid's 1f / 6 was rounded too. Smooth: y = f(x) rounded (a unit of 2^-24·|y|)
            // moves y·(1 − y) by |1 − 2y|·Δy and 1 − y² by 2|y|·Δy; rounding y² adds y²·2^-24 (1 − y² is then exact
            // where y² ≥ 1/2), and the other float operations a unit of the result each.
            double bound = activation switch
            {
                Activation.Sigmoid => Math.Abs(g) * (Math.Abs(1 - 2.0 * y[i]) * Math.Abs(y[i]) * ReferenceActivations.Unit) + 4 * ReferenceActivations.Unit * Math.Abs(expected),
                Activation.Tanh => Math.Abs(g) * (3.0 * y[i] * y[i] * ReferenceActivations.Unit) + 4 * ReferenceActivations.Unit * Math.Abs(expected),
                Activation.HardSigmoid => 2 * ReferenceActivations.Unit * Math.Abs(expected),
                _ => ReferenceActivations.Unit * Math.Abs(expected),
            };
            Assert.True(Math.Abs(result[i] - expected) <= bound,
                $"{activation} (slope {slope}) at x = {x[i]:R}, y = {y[i]:R}, g = {g:R}: {result[i]:R}, expected {expected:R} ± {bound:E2}");
        }
    }

    /// <summary>f′(x), from the input: an independent statement of each activation's derivative.</summary>
    private static double Derivative(Activation activation, double x, double slope) => activation switch
    {
        Activation.None => 1,
        Activation.Relu => x > 0 ? 1 : 0,
        Activation.Relu6 => x > 0 && x < 6 ? 1 : 0,
        Activation.LeakyRelu => x > 0 ? 1 : slope,
        Activation.Sigmoid => Math.Exp(-x) / ((1 + Math.Exp(-x)) * (1 + Math.Exp(-x))),
        Activation.Tanh => 1 / (Math.Cosh(x) * Math.Cosh(x)),
        Activation.HardSigmoid => x > -3 && x < 3 ? 1.0 / 6 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    [Theory]
    // Outputs at the kinks take PyTorch's one-sided choices: ReLU and ReLU6 pass nothing at 0 (and ReLU6 at 6), the
    // leaky ReLU its slope at 0, the hard sigmoid nothing at 0 and 1 (and g·(1f / 6) inside: 0.75·(1f / 6) is 0.125).
    [InlineData(Activation.Relu, 0f, 0.75f, 0f)]
    [InlineData(Activation.Relu, 1e-30f, 0.75f, 0.75f)]
    [InlineData(Activation.Relu6, 6f, 0.75f, 0f)]
    [InlineData(Activation.Relu6, 5.9999995f, 0.75f, 0.75f)]
    [InlineData(Activation.Relu6, 0f, 0.75f, 0f)]
    [InlineData(Activation.LeakyRelu, 0f, 0.75f, 0.075f)]
    [InlineData(Activation.LeakyRelu, -0f, 0.5f, 0.05f)]
    [InlineData(Activation.HardSigmoid, 0f, 0.75f, 0f)]
    [InlineData(Activation.HardSigmoid, 1f, 0.75f, 0f)]
    [InlineData(Activation.HardSigmoid, 0.5f, 0.75f, 0.125f)]
    // A zero derivative selects 0, even for an infinite or NaN gradient (PyTorch's ReLU backward selects too).
    [InlineData(Activation.Relu, -1f, float.PositiveInfinity, 0f)]
    [InlineData(Activation.Relu, 0f, float.NaN, 0f)]
    [InlineData(Activation.Relu6, 7f, float.NegativeInfinity, 0f)]
    // NaN and +∞ outputs: ReLU and ReLU6 zero only where y ≤ 0 (or y ≥ 6), so NaN passes; the leaky ReLU passes where
    // y > 0, so NaN takes the slope; the hard sigmoid passes inside (0, 1) only.
    [InlineData(Activation.Relu, float.NaN, 0.75f, 0.75f)]
    [InlineData(Activation.Relu, float.PositiveInfinity, 0.75f, 0.75f)]
    [InlineData(Activation.Relu6, float.NaN, 0.75f, 0.75f)]
    [InlineData(Activation.LeakyRelu, float.NaN, 0.75f, 0.075f)]
    [InlineData(Activation.LeakyRelu, float.PositiveInfinity, 0.75f, 0.75f)]
    [InlineData(Activation.LeakyRelu, float.NegativeInfinity, 0.75f, 0.075f)]
    [InlineData(Activation.HardSigmoid, float.NaN, 0.75f, 0f)]
    [InlineData(Activation.Sigmoid, float.NaN, 0.75f, float.NaN)]
    // The sigmoid's and tanh's saturated ends.
    [InlineData(Activation.Sigmoid, 1f, 0.75f, 0f)]
    [InlineData(Activation.Tanh, -1f, 0.75f, 0f)]
    public void KinksAndSpecialValuesFollowPyTorch(Activation activation, float output, float gradient, float expected)
    {
        // Once as a whole vector (the element repeated), once alone (the scalar remainder).
        foreach (int length in new[] { 64, 1 })
        {
            float[] y = Enumerable.Repeat(output, length).ToArray(), g = Enumerable.Repeat(gradient, length).ToArray();
            ActivationGradient.FromOutput(activation, y, g, 0.1f);
            Assert.All(g, value => Assert.Equal(expected, value));
        }
    }

    [Theory]
    [MemberData(nameof(Computable))]
    public void EveryLengthGivesTheSameBitsAsTheScalarRemainder(Activation activation, float slope)
    {
        var random = new Random(5);
        foreach (int length in new[] { 0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 70 })
        {
            float[] y = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 8 - 1)).ToArray();
            float[] g = ForwardChecks.RandomData(length, random);
            float[] whole = (float[])g.Clone();
            ActivationGradient.FromOutput(activation, y, whole, slope);
            for (int i = 0; i < length; i++)
            {
                float[] one = { g[i] };
                ActivationGradient.FromOutput(activation, y.AsSpan(i, 1), one, slope);
                Assert.True(BitConverter.SingleToInt32Bits(one[0]) == BitConverter.SingleToInt32Bits(whole[i]),
                    $"{activation}, length {length}, element {i}: {whole[i]:R} in the span, {one[0]:R} alone");
            }
        }
    }

    [Theory]
    [InlineData(Activation.Silu)]
    [InlineData(Activation.HardSwish)]
    [InlineData(Activation.Gelu)]
    public void ActivationsThatTheOutputDoesNotDetermineAreRefusedWithTheWayAround(Activation activation)
    {
        Assert.False(ActivationGradient.IsComputableFromOutput(activation));
        var e = Assert.Throws<ArgumentException>(() => ActivationGradient.FromOutput(activation, new float[4], new float[4]));
        Assert.Equal("activation", e.ParamName);
        Assert.Contains(activation.ToString(), e.Message);
        Assert.Contains("Activation = None", e.Message);
    }

    [Fact]
    public void BadArgumentsThrowBeforeAnyElementIsWritten()
    {
        float[] gradient = { 1, 2, 3, 4 };
        void Unchanged() => Assert.Equal(new float[] { 1, 2, 3, 4 }, gradient);

        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => ActivationGradient.FromOutput((Activation)42, new float[4], gradient)).ParamName);
        var length = Assert.Throws<ArgumentException>(() => ActivationGradient.FromOutput(Activation.Relu, new float[5], gradient));
        Assert.Equal("gradient", length.ParamName);
        Assert.Contains("4", length.Message);
        Assert.Contains("5", length.Message);
        float[] shared = new float[8];
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => ActivationGradient.FromOutput(Activation.Relu, shared.AsSpan(0, 4), shared.AsSpan(2, 4))).ParamName);
        foreach (float slope in new[] { -0.1f, 1.5f, float.NaN, float.PositiveInfinity })
        {
            Assert.Equal("negativeSlope", Assert.Throws<ArgumentOutOfRangeException>(() => ActivationGradient.FromOutput(Activation.LeakyRelu, new float[4], gradient, slope)).ParamName);
        }
        Unchanged();
        // The slope belongs to the leaky ReLU only; other activations ignore it.
        ActivationGradient.FromOutput(Activation.None, new float[4], gradient, 5f);
        Unchanged();
    }

    // One training step through a fused leaky ReLU (slope 1/4) on sixteenths, where every sum is exact: the forward
    // kernel's output, the gradient through the activation from that output, then the backward kernels.
    [Conv2D(InChannels = 8, OutChannels = 12, Height = 6, Width = 7, KernelSize = 3, Padding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.25f, Algorithm = ConvAlgorithm.Direct)]
    private static partial void LeakyForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 8, OutChannels = 12, Height = 6, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    private static partial void LeakyBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 8, OutChannels = 12, Height = 6, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    private static partial void LeakyBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Fact]
    public void ATrainingStepThroughAFusedActivationMatchesTheReferenceExactly()
    {
        const int batch = 2;
        var shape = LeakyForwardShape;
        var random = new Random(23);
        float[] x = ForwardChecks.Sixteenths(batch * shape.InputImage, random), w = ForwardChecks.Sixteenths(shape.WeightCount, random);
        float[] dy = ForwardChecks.Sixteenths(batch * shape.OutputImage, random);
        // Rows 0-2 of the first image are zero in every channel, so output rows 0 and 1 are exactly 0 before the
        // activation: the kink, where the leaky ReLU's derivative is its slope.
        for (int c = 0; c < shape.InChannels; c++)
        {
            Array.Clear(x, c * shape.Height * shape.Width, 3 * shape.Width);
        }
        float[] y = new float[dy.Length];
        LeakyForward(x, w, y);

        float[] gradient = (float[])dy.Clone();
        ActivationGradient.FromOutput(Activation.LeakyRelu, y, gradient, 0.25f);
        float[] dx = new float[x.Length], dw = new float[w.Length];
        LeakyBackwardData(gradient, w, dx);
        LeakyBackwardWeights(x, gradient, dw);

        // The reference: the pre-activation in fp64, the derivative at it (1 above 0, the slope at or below), the
        // backward passes of the linear part.
        var parameters = ForwardChecks.Parameters(shape);
        double[] z = Conv2DReference.Forward(parameters, batch, shape.Height, shape.Width, ReferenceResult.ToDouble(x), ReferenceResult.ToDouble(w)).Values;
        Assert.True(z.Count(value => value == 0) >= 2 * shape.Width * shape.OutChannels, "the kink is not exercised");
        double[] pre = z.Select((value, i) => value > 0 ? dy[i] : 0.25 * dy[i]).ToArray();
        double[] dxExpected = Conv2DReference.BackwardData(parameters, batch, shape.Height, shape.Width, pre, ReferenceResult.ToDouble(w)).Values;
        double[] dwExpected = Conv2DReference.BackwardWeights(parameters, batch, shape.Height, shape.Width, ReferenceResult.ToDouble(x), pre).Weight.Values;
        Assert.Equal(dxExpected, dx.Select(v => (double)v));
        Assert.Equal(dwExpected, dw.Select(v => (double)v));
    }
}
