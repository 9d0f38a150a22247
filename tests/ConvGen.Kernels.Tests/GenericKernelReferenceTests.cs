using System;
using System.Linq;
using ConvGen.Reference;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The generic kernels (the naive loops and im2col + SGEMM), which the samples and the training benchmark use as the
/// oracle for generated kernels, against the independent fp64 references: forward with every activation, backward-data,
/// and backward-weights with its bias gradient, over a batch of 3 (a gradient summed over one image would show). Each
/// output is a float sum of n terms (taps, channels, positions and images) in some order, so it is within
/// n·2^-24·Σ|terms| of the exact value: κ = n / 2 + 1 in the references' 2^-23 units, plus the activation's own error.
/// </summary>
public sealed class GenericKernelReferenceTests
{
    private const int Batch = 3;

    private static readonly Conv2DShape[] Shapes =
    {
        new(5, 7, 9, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, Activation.Relu6),
        new(4, 6, 11, 10, 3, 2, 2, 2, 2, 1, 2, 2, 1, Activation.Sigmoid),
        new(8, 12, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 4, Activation.Silu),
        new(6, 6, 13, 12, 5, 5, 2, 2, 2, 2, 1, 1, 6, Activation.Tanh),
        new(16, 10, 5, 6, 1, 1, Activation: Activation.HardSwish),
        new(3, 4, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, Activation.HardSigmoid),
        new(6, 9, 8, 9, 3, 3, 1, 1, 0, 0, 1, 1, 3, Activation.Relu),
        new(4, 4, 6, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, Activation.None),
        new(8, 8, 9, 10, 3, 3, 1, 1, 1, 1, 1, 1, 2, Activation.LeakyRelu, 0.2f),
        new(12, 16, 6, 11, 1, 1, Activation: Activation.Gelu),
    };

    public static TheoryData<int> ShapeIndices() => new(Enumerable.Range(0, Shapes.Length));

    [Theory]
    [MemberData(nameof(ShapeIndices))]
    public void ForwardKernelsAreWithinTheBoundOfFp64(int index)
    {
        Conv2DShape s = Shapes[index];
        var random = new Random(100 + index);
        // Inputs up to ±3, so sums leave ReLU6's and the hard activations' linear ranges and the clamps are exercised.
        float[] input = ForwardChecks.RandomData(Batch * s.InputImage, random).Select(x => 3 * x).ToArray();
        float[] weights = ForwardChecks.RandomData(s.WeightCount, random), bias = ForwardChecks.RandomData(s.OutChannels, random);
        ReferenceResult expected = Conv2DReference.Forward(ForwardChecks.Parameters(s), Batch, s.Height, s.Width, input, weights, bias, ForwardChecks.Activation(s), s.NegativeSlope);
        double kappa = Kappa(s.InChannels / s.Groups * s.KernelHeight * s.KernelWidth + 1);

        float[] naive = NaNs(expected.Length), im2col = NaNs(expected.Length);
        GenericConv.NaiveForward(s, input, weights, bias, naive);
        Im2ColGemmConv.Forward(s, input, weights, bias, im2col);
        Assert.True(expected.IsWithinBound(naive, kappa, out string? failure), $"{s} naive forward: {failure}");
        Assert.True(expected.IsWithinBound(im2col, kappa, out failure), $"{s} im2col forward: {failure}");
        if (s.Activation is Activation.Relu6 or Activation.HardSigmoid or Activation.HardSwish && expected.Length >= 100)
        {
            // The data reaches both ends of the clamp (6 or 3 above, 0 or −3 below); the one-pixel layer has 12 outputs only.
            double top = s.Activation == Activation.HardSigmoid ? 1 : 6;
            Assert.Contains(expected.Values, v => v == top || (s.Activation == Activation.HardSwish && v > 3));
            Assert.Contains(expected.Values, v => v == 0);
        }
    }

    [Theory]
    [MemberData(nameof(ShapeIndices))]
    public void BackwardDataIsWithinTheBoundOfFp64(int index)
    {
        Conv2DShape s = Shapes[index] with { Activation = Activation.None };
        var random = new Random(200 + index);
        float[] gradOutput = ForwardChecks.RandomData(Batch * s.OutputImage, random), weights = ForwardChecks.RandomData(s.WeightCount, random);
        ReferenceResult expected = Conv2DReference.BackwardData(ForwardChecks.Parameters(s), Batch, s.Height, s.Width, gradOutput, weights);
        float[] actual = NaNs(expected.Length);
        GenericConv.NaiveBackwardData(s, gradOutput, weights, actual);
        // At most (OutChannels / Groups)·kh·kw terms reach one input element.
        Assert.True(expected.IsWithinBound(actual, Kappa(s.OutChannels / s.Groups * s.KernelHeight * s.KernelWidth), out string? failure), $"{s} naive backward-data: {failure}");
    }

    [Theory]
    [MemberData(nameof(ShapeIndices))]
    public void BackwardWeightsAndBiasAreWithinTheBoundOfFp64(int index)
    {
        Conv2DShape s = Shapes[index] with { Activation = Activation.None };
        var random = new Random(300 + index);
        float[] input = ForwardChecks.RandomData(Batch * s.InputImage, random), gradOutput = ForwardChecks.RandomData(Batch * s.OutputImage, random);
        ReferenceWeightGradients expected = Conv2DReference.BackwardWeights(ForwardChecks.Parameters(s), Batch, s.Height, s.Width, input, gradOutput);
        float[] gradWeights = NaNs(s.WeightCount), gradBias = NaNs(s.OutChannels);
        GenericConv.NaiveBackwardWeights(s, input, gradOutput, gradWeights, gradBias);
        double kappa = Kappa(Batch * s.OutHeight * s.OutWidth);
        Assert.True(expected.Weight.IsWithinBound(gradWeights, kappa, out string? failure), $"{s} naive backward-weights: {failure}");
        Assert.True(expected.Bias.IsWithinBound(gradBias, kappa, out failure), $"{s} naive bias gradient: {failure}");
    }

    /// <summary>
    /// A leaky ReLU with slope 0 is a ReLU in the generic kernels as in the generated ones (the generator reads it so):
    /// −∞ gives 0, not −∞·0. A 1×1 layer of weight 1 over 16 positions, so im2col's vector epilogue runs too.
    /// </summary>
    [Fact]
    public void LeakyReluWithSlopeZeroIsRelu()
    {
        var s = new Conv2DShape(1, 1, 1, 16, 1, 1, Activation: Activation.LeakyRelu, NegativeSlope: 0f);
        float[] input = { float.NegativeInfinity, -2, 3, -0.5f, 0, float.PositiveInfinity, -1e30f, 7, -3, 1, -1, 2, -7, 5, -4, 4 };
        float[] expected = input.Select(x => MathF.Max(x, 0f)).ToArray();
        float[] naive = NaNs(16), im2col = NaNs(16);
        GenericConv.NaiveForward(s, input, new[] { 1f }, [], naive);
        Im2ColGemmConv.Forward(s, input, new[] { 1f }, [], im2col);
        Assert.Equal(expected, naive);
        Assert.Equal(expected, im2col);
    }

    /// <summary>κ for a float sum of <paramref name="terms"/> terms: n·2^-24 = (n / 2)·2^-23, plus one for the final rounding.</summary>
    private static double Kappa(int terms) => terms / 2.0 + 1;

    private static float[] NaNs(int count) => Enumerable.Repeat(float.NaN, count).ToArray();
}
