using System;
using System.Linq;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// <see cref="BatchNormFolding"/>: which weights belong to which output channel in each layout (indexed here
/// independently), and the folded layer against convolution followed by the normalization. The end-to-end data are
/// multiples of 1/16 with factors k = scale / √(variance + ε) that are powers of two, so every value is exact in fp32
/// and the comparisons use tolerance 0.
/// </summary>
public sealed class BatchNormFoldingTests
{
    /// <summary>Statistics whose factors k are powers of two, ±1/2 to ±4 (variance + ε = 0.25 or 1, scale ±1/2, ±1 or ±2).</summary>
    private static (float[] Scale, float[] Shift, float[] Mean, float[] Variance) ExactStatistics(Random random, int channels)
    {
        float[] scale = Enumerable.Range(0, channels).Select(_ => (random.Next(2) == 0 ? -1f : 1f) * (random.Next(3) switch { 0 => 0.5f, 1 => 1f, _ => 2f })).ToArray();
        float[] variance = Enumerable.Range(0, channels).Select(_ => random.Next(2) == 0 ? 0.25f : 1f).ToArray();
        return (scale, ForwardChecks.Sixteenths(channels, random), ForwardChecks.Sixteenths(channels, random), variance);
    }

    private static double Factor(float scale, float variance, float epsilon) => scale / Math.Sqrt((double)variance + epsilon);

    [Fact]
    public void EachLayoutScalesTheWeightsOfTheirOutputChannel()
    {
        var random = new Random(5);
        const float epsilon = 1e-3f;
        // Full-mantissa statistics: every folded weight must be the once-rounded product with its own channel's factor.
        float[] Stat(int n, double low, double high) => Enumerable.Range(0, n).Select(_ => (float)(low + random.NextDouble() * (high - low))).ToArray();

        var conv = new Conv2DShape(6, 4, 5, 5, 3, 2, Groups: 2);
        float[] w = Stat(conv.WeightCount, -1, 1), weights = (float[])w.Clone(), bias = new float[4];
        float[] scale = Stat(4, 0.5, 2), shift = Stat(4, -1, 1), mean = Stat(4, -1, 1), variance = Stat(4, 0.1, 3);
        BatchNormFolding.Fold(conv, weights, bias, scale, shift, mean, variance, epsilon);
        for (int o = 0; o < 4; o++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int t = 0; t < 6; t++)
                {
                    int i = ((o * 3) + c) * 6 + t;
                    Assert.Equal((float)(w[i] * Factor(scale[o], variance[o], epsilon)), weights[i]);
                }
            }
            Assert.Equal((float)((0 - (double)mean[o]) * Factor(scale[o], variance[o], epsilon) + shift[o]), bias[o]);
        }

        // Transposed, 2 groups: input channel ci of group g holds output channels g·(K/G) + j.
        var transposed = new ConvTranspose2DShape(4, 6, 3, 3, 2, 2, 2, 2, Groups: 2);
        w = Stat(transposed.WeightCount, -1, 1);
        weights = (float[])w.Clone();
        bias = Stat(6, -1, 1);
        float[] biasBefore = (float[])bias.Clone();
        scale = Stat(6, 0.5, 2); shift = Stat(6, -1, 1); mean = Stat(6, -1, 1); variance = Stat(6, 0.1, 3);
        BatchNormFolding.Fold(transposed, weights, bias, scale, shift, mean, variance, epsilon);
        for (int ci = 0; ci < 4; ci++)
        {
            for (int j = 0; j < 3; j++)
            {
                int o = (ci / 2 * 3) + j;
                for (int t = 0; t < 4; t++)
                {
                    int i = ((ci * 3) + j) * 4 + t;
                    Assert.Equal((float)(w[i] * Factor(scale[o], variance[o], epsilon)), weights[i]);
                }
            }
        }
        for (int o = 0; o < 6; o++)
        {
            Assert.Equal((float)((biasBefore[o] - (double)mean[o]) * Factor(scale[o], variance[o], epsilon) + shift[o]), bias[o]);
        }

        // SCC: [K][gw].
        var scc = new SlidingChannelConvShape(8, 5, 2, 2, 2, 1);
        w = Stat(scc.WeightCount, -1, 1);
        weights = (float[])w.Clone();
        bias = new float[5];
        scale = Stat(5, 0.5, 2); shift = Stat(5, -1, 1); mean = Stat(5, -1, 1); variance = Stat(5, 0.1, 3);
        BatchNormFolding.Fold(scc, weights, bias, scale, shift, mean, variance, epsilon);
        for (int i = 0; i < weights.Length; i++)
        {
            Assert.Equal((float)(w[i] * Factor(scale[i / 4], variance[i / 4], epsilon)), weights[i]);
        }
    }

    [Fact]
    public void AFoldedConvolutionIsTheConvolutionThenTheNormalizationThenTheActivation()
    {
        var random = new Random(7);
        var shape = new Conv2DShape(6, 4, 7, 6, 3, 3, PaddingHeight: 1, PaddingWidth: 1, DilationHeight: 2, DilationWidth: 1, Groups: 2, Activation: Activation.Relu);
        float[] x = ForwardChecks.Sixteenths(2 * shape.InputImage, random), w = ForwardChecks.Sixteenths(shape.WeightCount, random), b = ForwardChecks.Sixteenths(4, random);
        (float[] scale, float[] shift, float[] mean, float[] variance) = ExactStatistics(random, 4);

        // Convolution without activation, then BN and ReLU by hand.
        var linear = new float[2 * shape.OutputImage];
        GenericConv.NaiveForward(shape with { Activation = Activation.None }, x, w, b, linear);
        int plane = shape.OutHeight * shape.OutWidth;
        float[] expected = linear.Select((y, i) =>
        {
            int o = i / plane % 4;
            return Math.Max(0f, (float)((y - (double)mean[o]) * Factor(scale[o], variance[o], 0f) + shift[o]));
        }).ToArray();

        float[] folded = (float[])w.Clone(), foldedBias = (float[])b.Clone();
        BatchNormFolding.Fold(shape, folded, foldedBias, scale, shift, mean, variance, epsilon: 0f);
        var output = new float[linear.Length];
        GenericConv.NaiveForward(shape, x, folded, foldedBias, output);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void FoldedTransposedAndSlidingChannelLayersMatchTheNormalizedOutput()
    {
        var random = new Random(9);
        var transposed = new ConvTranspose2DShape(4, 6, 3, 4, 4, 4, 2, 2, 1, 1, Groups: 2);
        float[] x = ForwardChecks.Sixteenths(transposed.InputImage, random), w = ForwardChecks.Sixteenths(transposed.WeightCount, random), b = ForwardChecks.Sixteenths(6, random);
        (float[] scale, float[] shift, float[] mean, float[] variance) = ExactStatistics(random, 6);
        var linear = new float[transposed.OutputImage];
        GenericConv.NaiveTransposedForward(transposed, x, w, b, linear);
        BatchNormFolding.Fold(transposed, w, b, scale, shift, mean, variance, epsilon: 0f);
        var output = new float[linear.Length];
        GenericConv.NaiveTransposedForward(transposed, x, w, b, output);
        int plane = transposed.OutHeight * transposed.OutWidth;
        Assert.Equal(linear.Select((y, i) => (float)((y - (double)mean[i / plane]) * Factor(scale[i / plane], variance[i / plane], 0f) + shift[i / plane])), output);

        // SCC through its dense equivalent, the way a user checks one.
        SlidingChannelConvShape scc = SccLayers.Cin24Cout40Cg3Co75ForwardShape;
        float[] xs = ForwardChecks.Sixteenths(scc.InputImage, random), ws = ForwardChecks.Sixteenths(scc.WeightCount, random), bs = new float[scc.OutChannels];
        (scale, shift, mean, variance) = ExactStatistics(random, scc.OutChannels);
        var dense = new float[scc.OutChannels * scc.InChannels];
        scc.ToDenseWeights(ws, dense);
        var sccLinear = new float[scc.OutputImage];
        GenericConv.NaiveForward(scc.Dense, xs, dense, bs, sccLinear);
        BatchNormFolding.Fold(scc, ws, bs, scale, shift, mean, variance, epsilon: 0f);
        var sccOutput = new float[scc.OutputImage];
        SccLayers.Cin24Cout40Cg3Co75Forward(xs, ws, sccOutput); // the generated kernel has no bias: add the folded one
        int sccPlane = scc.Height * scc.Width;
        for (int i = 0; i < sccOutput.Length; i++)
        {
            sccOutput[i] += bs[i / sccPlane];
        }
        Assert.Equal(sccLinear.Select((y, i) => (float)((y - (double)mean[i / sccPlane]) * Factor(scale[i / sccPlane], variance[i / sccPlane], 0f) + shift[i / sccPlane])), sccOutput);
    }

    [Fact]
    public void BadInputsThrowBeforeAnythingIsWritten()
    {
        var shape = new Conv2DShape(2, 3, 4, 4, 1, 1);
        float[] weights = { 1, 2, 3, 4, 5, 6 }, bias = { 1, 2, 3 }, ones = { 1, 1, 1 }, zeros = { 0, 0, 0 };
        void Untouched()
        {
            Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, weights);
            Assert.Equal(new float[] { 1, 2, 3 }, bias);
        }

        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(shape, weights.AsSpan(1), bias, ones, zeros, zeros, ones)).ParamName);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(shape, weights, bias, ones, zeros, new float[2], ones)).ParamName);
        Assert.Equal("variance", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(shape, weights, bias, ones, zeros, zeros, new float[] { 1, -1, 1 })).ParamName);
        Assert.Equal("variance", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(shape, weights, bias, ones, zeros, zeros, zeros, epsilon: 0f)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(shape, weights, bias, ones, zeros, zeros, ones, float.NaN)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(shape, weights, weights.AsSpan(3), ones, zeros, zeros, ones)).ParamName);
        Assert.Equal("shift", Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(shape, weights, bias, ones, weights.AsSpan(0, 3), zeros, ones)).ParamName);
        Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(shape with { Groups = 0 }, weights, bias, ones, zeros, zeros, ones));
        Untouched();
    }
}
