using System;
using System.Collections.Generic;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests.Reference;

/// <summary>
/// The fp64 transposed-convolution reference itself: tiny hand-computed cases (stride 1 and 2, padding, output padding,
/// dilation, groups, bias, activations), the independent cross-check "transposed forward = Conv2D backward-data",
/// "transposed backward-data = Conv2D forward" and "transposed backward-weights = Conv2D backward-weights" against
/// <see cref="Conv2DReference"/> (exact on data in multiples of 1/16), and finite differences of its own backward passes.
/// </summary>
public sealed class TransposedReferenceTests
{
    // x = [[1, 2], [3, 4]] and w = [[1, 10], [100, -1000]]: every product is a distinct power-of-ten pattern.
    private static readonly double[] X2x2 = { 1, 2, 3, 4 };
    private static readonly double[] W2x2 = { 1, 10, 100, -1000 };

    public static IEnumerable<object[]> CrossCheckLayers()
    {
        // Cin, Cout, kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, groups, batch, H, W
        yield return new object[] { 3, 4, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1, 2, 4, 5 };   // stride 1: full correlation
        yield return new object[] { 3, 4, 3, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 5, 4 };   // stride 1, "same"
        yield return new object[] { 4, 3, 4, 4, 2, 2, 1, 1, 0, 0, 1, 1, 1, 2, 3, 4 };   // DCGAN k4 s2 p1
        yield return new object[] { 2, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 4, 3 };   // k3 s2 p1 op1
        yield return new object[] { 2, 2, 5, 5, 3, 3, 2, 1, 2, 1, 1, 1, 1, 1, 3, 3 };   // k5 s3, op 2 and 1
        yield return new object[] { 4, 6, 3, 2, 2, 3, 1, 0, 1, 2, 1, 1, 2, 2, 3, 4 };   // non-square, per-axis everything, groups 2
        yield return new object[] { 4, 4, 3, 3, 2, 2, 2, 2, 1, 0, 2, 2, 4, 1, 4, 3 };   // depthwise-like, dilation 2
        yield return new object[] { 6, 3, 1, 1, 2, 2, 0, 0, 1, 1, 1, 1, 3, 2, 3, 2 };   // 1x1 kernel, stride 2: holes in the output
        yield return new object[] { 3, 5, 2, 2, 3, 3, 0, 0, 0, 2, 1, 1, 1, 1, 1, 1 };   // one input pixel, kernel < stride
        yield return new object[] { 2, 4, 4, 3, 1, 2, 3, 2, 0, 1, 1, 1, 2, 2, 5, 5 };   // padding k−1, stride 1 on one axis
    }

    [Fact]
    public void StrideOneIsTheFullConvolution()
    {
        var layer = new TransposedConv2DParameters(1, 1, 2, 2);
        ReferenceResult y = TransposedConvReference.Forward(layer, 1, 2, 2, X2x2, W2x2);
        Assert.Equal(new[] { 1, 1, 3, 3 }, y.Shape);
        Assert.Equal(new double[] { 1, 12, 20, 103, -766, -1960, 300, -2600, -4000 }, y.Values);
        Assert.Equal(new double[] { 1, 12, 20, 103, 1234, 2040, 300, 3400, 4000 }, y.Magnitudes);
    }

    [Fact]
    public void StrideTwoWithKernelTwoIsTheKroneckerProduct()
    {
        var layer = new TransposedConv2DParameters(1, 1, 2, 2, 2, 2);
        ReferenceResult y = TransposedConvReference.Forward(layer, 1, 2, 2, X2x2, W2x2);
        Assert.Equal(new[] { 1, 1, 4, 4 }, y.Shape);
        Assert.Equal(
            new double[]
            {
                1, 10, 2, 20,
                100, -1000, 200, -2000,
                3, 30, 4, 40,
                300, -3000, 400, -4000,
            },
            y.Values);
    }

    [Fact]
    public void OutputPaddingAddsRowsAndColumnsThatOnlyTheBiasReaches()
    {
        // k2 s2 p0 op1: 5x5, the last row and column receive no product.
        var layer = new TransposedConv2DParameters(1, 1, 2, 2, 2, 2, outputPaddingHeight: 1, outputPaddingWidth: 1);
        ReferenceResult y = TransposedConvReference.Forward(layer, 1, 2, 2, X2x2, W2x2, new double[] { -0.5 });
        Assert.Equal(new[] { 1, 1, 5, 5 }, y.Shape);
        Assert.Equal(
            new double[]
            {
                0.5, 9.5, 1.5, 19.5, -0.5,
                99.5, -1000.5, 199.5, -2000.5, -0.5,
                2.5, 29.5, 3.5, 39.5, -0.5,
                299.5, -3000.5, 399.5, -4000.5, -0.5,
                -0.5, -0.5, -0.5, -0.5, -0.5,
            },
            y.Values);
        Assert.Equal(0.5, y.Magnitudes[24]);
        Assert.Equal(1000.5, y.Magnitudes[6]);
    }

    [Fact]
    public void PaddingCropsBothSidesOfTheFullOutput()
    {
        // k2 s2 p1 op1: full size 5, rows/columns 1..3 of it remain.
        var layer = new TransposedConv2DParameters(1, 1, 2, 2, 2, 2, 1, 1, 1, 1);
        ReferenceResult y = TransposedConvReference.Forward(layer, 1, 2, 2, X2x2, W2x2);
        Assert.Equal(new[] { 1, 1, 3, 3 }, y.Shape);
        Assert.Equal(new double[] { -1000, 200, -2000, 30, 4, 40, -3000, 400, -4000 }, y.Values);

        // k3 s1 p1 ("same"): y[o] = Σ x[i]·w[o − i + 1], the flipped-kernel correlation.
        var same = new TransposedConv2DParameters(1, 1, 1, 3, paddingWidth: 1);
        ReferenceResult row = TransposedConvReference.Forward(same, 1, 1, 3, new double[] { 1, 2, 3 }, new double[] { 1, 10, 100 });
        Assert.Equal(new double[] { 10 + 2, 100 + 20 + 3, 200 + 30 }, row.Values);
    }

    [Fact]
    public void DilationSpreadsTheTaps()
    {
        var layer = new TransposedConv2DParameters(1, 1, 2, 2, dilationHeight: 2, dilationWidth: 2);
        ReferenceResult y = TransposedConvReference.Forward(layer, 1, 1, 1, new double[] { 2 }, W2x2);
        Assert.Equal(new[] { 1, 1, 3, 3 }, y.Shape);
        Assert.Equal(new double[] { 2, 0, 20, 0, 0, 0, 200, 0, -2000 }, y.Values);
    }

    [Fact]
    public void GroupsBiasAndActivations()
    {
        // Cin 2, Cout 4, groups 2, 1x1: outputs 0,1 read channel 0 only, outputs 2,3 channel 1 only.
        var layer = new TransposedConv2DParameters(2, 4, 1, 1, groups: 2);
        Assert.Equal(4, layer.WeightLength);
        double[] x = { 3, -2 }, w = { 1, -1, 4, 0.5 }, bias = { 0, 0, 0, 8 };
        Assert.Equal(new double[] { 3, -3, -8, 7 }, TransposedConvReference.Forward(layer, 1, 1, 1, x, w, bias).Values);
        Assert.Equal(new double[] { 3, 0, 0, 7 }, TransposedConvReference.Forward(layer, 1, 1, 1, x, w, bias, ReferenceActivation.Relu).Values);
        Assert.Equal(new double[] { 3, 0, 0, 6 }, TransposedConvReference.Forward(layer, 1, 1, 1, x, w, bias, ReferenceActivation.Relu6).Values);
        Assert.Equal(new double[] { 3, 3, 8, 9 }, TransposedConvReference.Forward(layer, 1, 1, 1, x, w, bias, ReferenceActivation.Relu6).Magnitudes);
    }

    [Fact]
    public void BackwardPassesOfTheStrideOneExample()
    {
        var layer = new TransposedConv2DParameters(1, 1, 2, 2);
        double[] dy = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

        // dX[iy,ix] = Σ w[ky,kx]·dY[iy+ky, ix+kx].
        ReferenceResult dx = TransposedConvReference.BackwardData(layer, 1, 2, 2, dy, W2x2);
        Assert.Equal(new double[] { 1 + 20 + 400 - 5000, 2 + 30 + 500 - 6000, 4 + 50 + 700 - 8000, 5 + 60 + 800 - 9000 }, dx.Values);
        Assert.Equal(1 + 20 + 400 + 5000, dx.Magnitudes[0]);

        // dW[ky,kx] = Σ x[iy,ix]·dY[iy+ky, ix+kx]; dBias = Σ dY.
        ReferenceWeightGradients g = TransposedConvReference.BackwardWeights(layer, 1, 2, 2, X2x2, dy);
        Assert.Equal(new double[] { 1 + 4 + 12 + 20, 2 + 6 + 15 + 24, 4 + 10 + 21 + 32, 5 + 12 + 24 + 36 }, g.Weight.Values);
        Assert.Equal(new[] { 1, 1, 2, 2 }, g.Weight.Shape);
        Assert.Equal(new double[] { 45 }, g.Bias.Values);
    }

    [Fact]
    public void OutputSizesAndValidation()
    {
        Assert.Equal(16, new TransposedConv2DParameters(1, 1, 4, 4, 2, 2, 1, 1).OutHeight(8));          // DCGAN doubles
        Assert.Equal(10, new TransposedConv2DParameters(1, 1, 3, 3, 2, 2, 1, 1, 1, 1).OutHeight(5));
        Assert.Equal(17, new TransposedConv2DParameters(1, 1, 5, 5, 3, 3, 1, 1, 2, 2).OutWidth(5));
        Assert.Equal(9, new TransposedConv2DParameters(1, 1, 3, 3, dilationHeight: 2).OutHeight(5));
        Assert.Equal(5, new TransposedConv2DParameters(1, 1, 3, 3, paddingHeight: 1).OutHeight(5));
        Assert.Equal(1, new TransposedConv2DParameters(1, 1, 3, 3, paddingWidth: 1).OutWidth(1));
        Assert.Equal(6 * 2 * 3 * 5, new TransposedConv2DParameters(6, 4, 3, 5, groups: 2).WeightLength);
        Assert.Throws<ArgumentException>(() => new TransposedConv2DParameters(1, 1, 3, 3, 2, 2, outputPaddingHeight: 2));
        Assert.Throws<ArgumentException>(() => new TransposedConv2DParameters(3, 4, 3, 3, groups: 2));
        Assert.Throws<ArgumentException>(() => new TransposedConv2DParameters(1, 1, 1, 1, paddingHeight: 1).OutHeight(1));
        Assert.Throws<ArgumentException>(() => TransposedConvReference.Forward(new TransposedConv2DParameters(2, 2, 3, 3), 1, 2, 2, new double[7], new double[36]));
        Assert.Throws<ArgumentException>(() => TransposedConvReference.Forward(new TransposedConv2DParameters(2, 2, 3, 3), 1, 2, 2, new double[8], new double[35]));
    }

    /// <summary>
    /// Transposed convolution is the adjoint of convolution: with the same k, stride, padding, dilation and groups,
    /// and the Conv2D layer's input size equal to the transposed layer's output size, the transposed forward pass is
    /// Conv2D's backward-data (Conv2D weights [Cout_conv = Cin][Cin_conv/g = Cout/g][kh][kw] are the transposed
    /// layer's weights unchanged), transposed backward-data is Conv2D forward, and the weight gradients coincide.
    /// Data in multiples of 1/16 keep every sum exact, so the comparison is exact (values and Σ|terms|).
    /// </summary>
    [Theory]
    [MemberData(nameof(CrossCheckLayers))]
    public void AgreesExactlyWithTheAdjointOfTheConv2DReference(
        int cin, int cout, int kh, int kw, int sh, int sw, int ph, int pw, int oph, int opw, int dh, int dw, int groups, int batch, int h, int w)
    {
        var layer = new TransposedConv2DParameters(cin, cout, kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, groups);
        var conv = new Conv2DParameters(cout, cin, kh, kw, sh, sw, ph, pw, dh, dw, groups);
        int oh = layer.OutHeight(h), ow = layer.OutWidth(w);
        Assert.Equal(h, conv.OutHeight(oh));
        Assert.Equal(w, conv.OutWidth(ow));
        Assert.Equal(layer.WeightLength, conv.WeightLength);

        var random = new Random((cin * 131) + (kh * 17) + (kw * 5) + sh + oph);
        double[] x = Sixteenths(random, batch * cin * h * w);
        double[] weight = Sixteenths(random, layer.WeightLength);
        double[] dy = Sixteenths(random, batch * cout * oh * ow);

        AssertSame(
            Conv2DReference.BackwardData(conv, batch, oh, ow, x, weight),
            TransposedConvReference.Forward(layer, batch, h, w, x, weight));
        AssertSame(
            Conv2DReference.Forward(conv, batch, oh, ow, dy, weight),
            TransposedConvReference.BackwardData(layer, batch, h, w, dy, weight));
        AssertSame(
            Conv2DReference.BackwardWeights(conv, batch, oh, ow, dy, x).Weight,
            TransposedConvReference.BackwardWeights(layer, batch, h, w, x, dy).Weight);
    }

    [Theory]
    [MemberData(nameof(CrossCheckLayers))]
    public void BackwardMatchesFiniteDifferences(
        int cin, int cout, int kh, int kw, int sh, int sw, int ph, int pw, int oph, int opw, int dh, int dw, int groups, int batch, int h, int w)
    {
        var layer = new TransposedConv2DParameters(cin, cout, kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, groups);
        int oh = layer.OutHeight(h), ow = layer.OutWidth(w);
        var random = new Random((cout * 71) + (kw * 13) + sw + opw);
        double[] x = Uniform(random, batch * cin * h * w);
        double[] weight = Uniform(random, layer.WeightLength);
        double[] bias = Uniform(random, cout);
        double[] dy = Uniform(random, batch * cout * oh * ow);

        double Loss(double[] xx, double[] ww, double[] bb) => Dot(TransposedConvReference.Forward(layer, batch, h, w, xx, ww, bb).Values, dy);

        ReferenceResult dx = TransposedConvReference.BackwardData(layer, batch, h, w, dy, weight);
        ReferenceWeightGradients g = TransposedConvReference.BackwardWeights(layer, batch, h, w, x, dy);
        Assert.Equal(new[] { batch, cin, h, w }, dx.Shape);
        Assert.Equal(new[] { cin, cout / groups, kh, kw }, g.Weight.Shape);

        CheckGradient(x, dx.Values, v => Loss(v, weight, bias), "dX");
        CheckGradient(weight, g.Weight.Values, v => Loss(x, v, bias), "dW");
        CheckGradient(bias, g.Bias.Values, v => Loss(x, weight, v), "dBias");
    }

    [Fact]
    public void OutputPaddingBeyondTheStrideIsAllowedWhenSmallerThanTheDilation()
    {
        // PyTorch accepts op < max(stride, dilation); with stride 1, dilation 3, op 2 the last two rows get only taps ky = 0.
        var layer = new TransposedConv2DParameters(1, 1, 2, 1, dilationHeight: 3, outputPaddingHeight: 2);
        ReferenceResult y = TransposedConvReference.Forward(layer, 1, 2, 1, new double[] { 1, 2 }, new double[] { 10, 100 });
        Assert.Equal(new double[] { 10, 20, 0, 100, 200, 0, 0 }, y.Values);
    }

    private static void AssertSame(ReferenceResult expected, ReferenceResult actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                expected.Values[i] == actual.Values[i] && expected.Magnitudes[i] == actual.Magnitudes[i],
                $"element {expected.FormatIndex(i)}: transposed {actual.Values[i]:R} (Σ|terms| {actual.Magnitudes[i]:R}), Conv2D adjoint {expected.Values[i]:R} (Σ|terms| {expected.Magnitudes[i]:R})");
        }
    }

    private static double[] Sixteenths(Random random, int length)
    {
        var result = new double[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = random.Next(-32, 33) / 16.0;
        }

        return result;
    }

    private static double[] Uniform(Random random, int length)
    {
        var result = new double[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = (random.NextDouble() * 2) - 1;
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

    private static void CheckGradient(double[] point, double[] analytic, Func<double[], double> loss, string what)
    {
        // The forward pass is linear in each argument, so central differences are exact up to rounding.
        const double step = 1e-3;
        Assert.Equal(point.Length, analytic.Length);
        var probe = (double[])point.Clone();
        for (int i = 0; i < point.Length; i++)
        {
            double saved = probe[i];
            probe[i] = saved + step;
            double up = loss(probe);
            probe[i] = saved - step;
            double down = loss(probe);
            probe[i] = saved;
            double numeric = (up - down) / (2 * step);
            Assert.True(
                Math.Abs(numeric - analytic[i]) <= 1e-8 * (1 + Math.Abs(analytic[i])),
                $"{what}[{i}]: finite difference {numeric:R}, backward {analytic[i]:R}");
        }
    }
}
