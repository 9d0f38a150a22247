using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests.Reference;

/// <summary>
/// Finite-difference checks (fp64) of the backward references against their forward, on small random layers:
/// for the loss L = Σ dY·Y, dL/dX, dL/dW and dL/dbias must equal the backward results. The forward pass is
/// linear in each argument, so central differences are exact up to rounding.
/// </summary>
public sealed class ReferenceGradientTests
{
    private const double Step = 1e-3;

    public static IEnumerable<object[]> SccLayers => new[]
    {
        // Cin, Cout, gw, s, batch, H, W
        new object[] { 4, 4, 2, 1, 2, 2, 3 },     // co = .5, last window wraps
        new object[] { 8, 8, 4, 1, 1, 3, 2 },     // co = .75: 4 filters per channel (DSXplore's backward is wrong here)
        new object[] { 16, 50, 4, 2, 1, 2, 2 },   // partial last cycle
        new object[] { 16, 3, 4, 2, 2, 1, 3 },    // unread channels
        new object[] { 12, 12, 12, 9, 1, 2, 2 },  // cg = 1, co = .25: rotated dense
        new object[] { 8, 8, 4, 0, 2, 2, 2 },     // co = 1: shared window
        new object[] { 12, 24, 3, 3, 1, 2, 3 },   // co = 0: grouped, interleaved
        new object[] { 10, 7, 5, 2, 2, 3, 1 },    // Cin not a power of two, Cout*s wraps
        new object[] { 9, 20, 3, 1, 1, 2, 2 },    // odd Cin, s = 1
        new object[] { 6, 5, 6, 6, 1, 1, 1 },     // dense pointwise, 1x1 spatial
    };

    public static IEnumerable<object[]> ConvLayers()
    {
        // Cin, Cout, kh, kw, sh, sw, pt, pl, dh, dw, groups, pb, pr, batch, H, W
        yield return new object[] { 4, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 5, 5 };
        yield return new object[] { 4, 6, 3, 2, 2, 1, 1, 0, 1, 2, 2, 1, 0, 1, 5, 6 };
        yield return new object[] { 6, 6, 3, 3, 2, 2, 1, 1, 1, 1, 6, 1, 1, 2, 6, 5 };   // depthwise, stride 2
        yield return new object[] { 3, 4, 2, 3, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 4, 5 };   // asymmetric padding
        yield return new object[] { 2, 2, 3, 3, 1, 1, 2, 2, 2, 2, 1, 2, 2, 1, 5, 5 };   // dilation 2
        yield return new object[] { 6, 4, 1, 1, 1, 1, 0, 0, 1, 1, 2, 0, 0, 2, 3, 3 };   // grouped 1x1
        yield return new object[] { 2, 3, 2, 2, 3, 3, 0, 0, 1, 1, 1, 0, 0, 1, 7, 8 };   // stride > kernel: untouched inputs
        yield return new object[] { 3, 6, 3, 3, 1, 2, 1, 1, 1, 1, 3, 1, 1, 1, 4, 6 };   // depthwise, channel multiplier 2
        yield return new object[] { 8, 8, 5, 3, 2, 1, 2, 0, 1, 3, 4, 1, 2, 1, 6, 7 };   // everything per axis
    }

    [Theory]
    [MemberData(nameof(SccLayers))]
    public void Scc_BackwardMatchesFiniteDifferences(int cin, int cout, int gw, int s, int batch, int h, int w)
    {
        var layer = new SccParameters(cin, cout, gw, s);
        var random = new Random((cin * 1000) + (cout * 10) + s);
        double[] x = RandomArray(random, batch * cin * h * w);
        double[] wt = RandomArray(random, cout * gw);
        double[] bias = RandomArray(random, cout);
        double[] dy = RandomArray(random, batch * cout * h * w);

        double Loss(double[] xx, double[] ww, double[] bb) => Dot(SccReference.Forward(layer, batch, h, w, xx, ww, bb).Values, dy);

        ReferenceResult dx = SccReference.BackwardData(layer, batch, h, w, dy, wt);
        ReferenceWeightGradients g = SccReference.BackwardWeights(layer, batch, h, w, x, dy);

        CheckGradient(x, dx.Values, v => Loss(v, wt, bias), "dX");
        CheckGradient(wt, g.Weight.Values, v => Loss(x, v, bias), "dW");
        CheckGradient(bias, g.Bias.Values, v => Loss(x, wt, v), "dBias");
    }

    [Theory]
    [MemberData(nameof(ConvLayers))]
    public void Conv2D_BackwardMatchesFiniteDifferences(
        int cin, int cout, int kh, int kw, int sh, int sw, int pt, int pl, int dh, int dw, int groups, int pb, int pr, int batch, int h, int w)
    {
        var layer = new Conv2DParameters(cin, cout, kh, kw, sh, sw, pt, pl, dh, dw, groups, pb, pr);
        int oh = layer.OutHeight(h), ow = layer.OutWidth(w);
        var random = new Random((cin * 7919) + (kh * 31) + (kw * 17) + groups);
        double[] x = RandomArray(random, batch * cin * h * w);
        double[] wt = RandomArray(random, layer.WeightLength);
        double[] bias = RandomArray(random, cout);
        double[] dy = RandomArray(random, batch * cout * oh * ow);

        double Loss(double[] xx, double[] ww, double[] bb) => Dot(Conv2DReference.Forward(layer, batch, h, w, xx, ww, bb).Values, dy);

        ReferenceResult dx = Conv2DReference.BackwardData(layer, batch, h, w, dy, wt);
        ReferenceWeightGradients g = Conv2DReference.BackwardWeights(layer, batch, h, w, x, dy);
        Assert.Equal(new[] { batch, cin, h, w }, dx.Shape);
        Assert.Equal(new[] { cout, cin / groups, kh, kw }, g.Weight.Shape);

        CheckGradient(x, dx.Values, v => Loss(v, wt, bias), "dX");
        CheckGradient(wt, g.Weight.Values, v => Loss(x, v, bias), "dW");
        CheckGradient(bias, g.Bias.Values, v => Loss(x, wt, v), "dBias");
    }

    [Theory]
    [InlineData(ReferenceActivation.Relu)]
    [InlineData(ReferenceActivation.Relu6)]
    public void Conv2D_ActivationBackwardMatchesFiniteDifferences(ReferenceActivation activation)
    {
        var layer = new Conv2DParameters(3, 4, 3, 3, padTop: 1, padLeft: 1);
        int batch = 2, h = 4, w = 5;
        var random = new Random(77);
        double[] x = RandomArray(random, batch * 3 * h * w, 3);
        double[] wt = RandomArray(random, layer.WeightLength, 1);
        double[] bias = RandomArray(random, 4, 2);
        double[] dy = RandomArray(random, batch * 4 * h * w);

        ReferenceResult linear = Conv2DReference.Forward(layer, batch, h, w, x, wt, bias);
        ReferenceResult y = Conv2DReference.Forward(layer, batch, h, w, x, wt, bias, activation);
        Assert.Contains(linear.Values, v => v < 0);
        if (activation == ReferenceActivation.Relu6)
        {
            Assert.Contains(linear.Values, v => v > 6);
        }

        // Keep away from the kinks so the finite differences see one linear piece.
        Assert.All(linear.Values, v => Assert.True(Math.Abs(v) > 1e-6 && Math.Abs(v - 6) > 1e-6));

        double[] dz = Conv2DReference.ActivationBackward(y.Values, dy, activation);
        ReferenceResult dx = Conv2DReference.BackwardData(layer, batch, h, w, dz, wt);
        ReferenceWeightGradients g = Conv2DReference.BackwardWeights(layer, batch, h, w, x, dz);

        double Loss(double[] xx, double[] ww, double[] bb) => Dot(Conv2DReference.Forward(layer, batch, h, w, xx, ww, bb, activation).Values, dy);
        CheckGradient(x, dx.Values, v => Loss(v, wt, bias), "dX", 1e-7);
        CheckGradient(wt, g.Weight.Values, v => Loss(x, v, bias), "dW", 1e-7);
        CheckGradient(bias, g.Bias.Values, v => Loss(x, wt, v), "dBias", 1e-7);
    }

    [Fact]
    public void Scc_HandComputedExample()
    {
        // Cin=4, Cout=4, gw=2, s=1, one pixel: Y[o] = W[o,0]·X[o] + W[o,1]·X[(o+1) mod 4] + b[o].
        var layer = new SccParameters(4, 4, 2, 1);
        double[] x = { 1, 2, 3, 4 };
        double[] w = { 1, -1, 2, 0.5, -3, 1, 0.25, 4 };
        double[] b = { 0.5, 0, 0, -1 };
        ReferenceResult y = SccReference.Forward(layer, 1, 1, 1, x, w, b);
        Assert.Equal(new[] { 1 - 2 + 0.5, 4 + 1.5, -9 + 4.0, 1 + 4 - 1.0 }, y.Values);
        Assert.Equal(new[] { 1 + 2 + 0.5, 4 + 1.5, 9 + 4.0, 1 + 4 + 1.0 }, y.Magnitudes);

        // dX[0] = W[0,0]·dY[0] + W[3,1]·dY[3] (filter 3's window wraps onto channel 0).
        double[] dy = { 1, 10, 100, 1000 };
        ReferenceResult dx = SccReference.BackwardData(layer, 1, 1, 1, dy, w);
        Assert.Equal(1 * 1 + (4 * 1000), dx.Values[0]);
        Assert.Equal((-1 * 1) + (2 * 10), dx.Values[1]);

        ReferenceWeightGradients g = SccReference.BackwardWeights(layer, 1, 1, 1, x, dy);
        Assert.Equal(new double[] { 1, 2, 20, 30, 300, 400, 4000, 1000 }, g.Weight.Values);
        Assert.Equal(dy, g.Bias.Values);
    }

    [Fact]
    public void Scc_BackwardDataIsTheTransposeOfTheDenseView()
    {
        // dX = Dᵀ·dY per pixel, for an overlap of .75 (every channel read by 4 filters).
        var layer = new SccParameters(8, 13, 4, 1);
        var random = new Random(5);
        double[] w = RandomArray(random, 13 * 4);
        double[] dy = RandomArray(random, 2 * 13 * 3);
        double[] dense = SccReference.EquivalentDenseWeight(layer, w);
        ReferenceResult dx = SccReference.BackwardData(layer, 2, 1, 3, dy, w);
        for (int b = 0; b < 2; b++)
        {
            for (int c = 0; c < 8; c++)
            {
                for (int p = 0; p < 3; p++)
                {
                    double expected = 0;
                    for (int o = 0; o < 13; o++)
                    {
                        expected += dense[(o * 8) + c] * dy[(((b * 13) + o) * 3) + p];
                    }

                    Assert.Equal(expected, dx.Values[(((b * 8) + c) * 3) + p], 12);
                }
            }
        }
    }

    [Fact]
    public void Scc_MatchesDenseConv2DOnRandomData()
    {
        var random = new Random(9);
        foreach ((int cin, int cout, int gw, int s) in new[] { (16, 40, 4, 3), (12, 30, 6, 2), (10, 10, 10, 3), (8, 20, 2, 2) })
        {
            var layer = new SccParameters(cin, cout, gw, s);
            double[] x = RandomArray(random, 2 * cin * 3 * 4);
            double[] w = RandomArray(random, cout * gw);
            double[] bias = RandomArray(random, cout);
            double[] dense = SccReference.EquivalentDenseWeight(layer, w);
            var pointwise = new Conv2DParameters(cin, cout, 1, 1);
            ReferenceResult a = SccReference.Forward(layer, 2, 3, 4, x, w, bias);
            ReferenceResult b = Conv2DReference.Forward(pointwise, 2, 3, 4, x, dense, bias);
            for (int i = 0; i < a.Length; i++)
            {
                Assert.Equal(a.Values[i], b.Values[i], 12);
                Assert.Equal(a.Magnitudes[i], b.Magnitudes[i], 12);
            }
        }
    }

    [Fact]
    public void Scc_RatioParameters()
    {
        Assert.Equal(29, SccParameters.FromRatio(100, 100, 1, 0.29).OverlapChannels);
        Assert.Equal(3, SccParameters.FromRatio(10, 10, 1, 0.3).OverlapChannels);
        Assert.Equal(1, SccParameters.FromRatio(12, 24, 4, 0.5).OverlapChannels); // co·gw = 1.5
        Assert.Equal(2, SccParameters.FromRatio(12, 24, 4, 0.5).StrideChannels);
        Assert.Equal(0, SccParameters.FromRatio(8, 8, 2, 1.0).StrideChannels);
        Assert.Equal(6, SccParameters.FromOverlap(16, 16, 2, 2).StrideChannels);
        Assert.Throws<ArgumentException>(() => SccParameters.FromRatio(10, 10, 4, 0.5));
        Assert.Throws<ArgumentException>(() => SccParameters.FromRatio(8, 8, 2, 1.5));
        Assert.Throws<ArgumentException>(() => new SccParameters(8, 8, 4, 5));
        Assert.Throws<ArgumentException>(() => SccReference.Forward(new SccParameters(4, 4, 2, 1), 1, 1, 1, new double[3], new double[8]));
    }

    [Fact]
    public void Float32Accumulation_IsWithinTheBound()
    {
        // A float32 sum in reverse order stays within κ·2^-23·Σ|terms| with κ = number of terms.
        var layer = new SccParameters(64, 64, 32, 8);
        var random = new Random(3);
        float[] x = RandomArray(random, 64 * 25).Select(v => (float)v).ToArray();
        float[] w = RandomArray(random, 64 * 32).Select(v => (float)v).ToArray();
        ReferenceResult y = SccReference.Forward(layer, 1, 5, 5, x, w);
        var actual = new float[y.Length];
        for (int o = 0; o < 64; o++)
        {
            for (int p = 0; p < 25; p++)
            {
                float sum = 0;
                for (int j = 31; j >= 0; j--)
                {
                    sum += w[(o * 32) + j] * x[(layer.Channel(o, j) * 25) + p];
                }

                actual[(o * 25) + p] = sum;
            }
        }

        Assert.True(y.IsWithinBound(actual, 33, out string? failure), failure);
        Assert.InRange(y.MaxErrorRatio(actual), 0, 33);

        actual[7] += 0.01f;
        Assert.False(y.IsWithinBound(actual, 33, out failure));
        Assert.Contains("[0,0,1,2]", failure);
    }

    [Fact]
    public void Conv2DParameters_OutputSizes()
    {
        Assert.Equal(5, new Conv2DParameters(1, 1, 3, 3, padTop: 1, padLeft: 1).OutHeight(5));
        Assert.Equal(3, new Conv2DParameters(1, 1, 3, 3, 2, 2, 1, 1).OutHeight(5));
        Assert.Equal(3, new Conv2DParameters(1, 1, 3, 3).OutHeight(5));
        Assert.Equal(1, new Conv2DParameters(1, 1, 3, 3, dilationHeight: 2).OutHeight(5));
        Assert.Equal(4, new Conv2DParameters(1, 1, 2, 2, padTop: 0, padBottom: 1).OutHeight(4));
        Assert.Throws<ArgumentException>(() => new Conv2DParameters(1, 1, 3, 3).OutHeight(2));
        Assert.Throws<ArgumentException>(() => new Conv2DParameters(3, 4, 3, 3, groups: 2));
    }

    private static double[] RandomArray(Random random, int length, double scale = 1)
    {
        var result = new double[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = ((random.NextDouble() * 2) - 1) * scale;
        }

        return result;
    }

    private static double Dot(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void CheckGradient(double[] point, double[] analytic, Func<double[], double> loss, string what, double tolerance = 1e-8)
    {
        Assert.Equal(point.Length, analytic.Length);
        var probe = (double[])point.Clone();
        for (int i = 0; i < point.Length; i++)
        {
            double saved = probe[i];
            probe[i] = saved + Step;
            double up = loss(probe);
            probe[i] = saved - Step;
            double down = loss(probe);
            probe[i] = saved;
            double numeric = (up - down) / (2 * Step);
            Assert.True(
                Math.Abs(numeric - analytic[i]) <= tolerance * (1 + Math.Abs(analytic[i])),
                $"{what}[{i}]: finite difference {numeric:R}, backward {analytic[i]:R}");
        }
    }
}
