using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests.Reference;

/// <summary>The fp64 references reproduce every exact test vector (values are k/16, so tolerance 0).</summary>
public sealed class ReferenceVectorTests
{
    public static IEnumerable<object[]> AllVectors => TestVectors.TheoryData();

    public static IEnumerable<object[]> SccVectors => TestVectors.TheoryData("scc");

    public static IEnumerable<object[]> ConvVectors =>
        TestVectors.TheoryData("conv2d").Concat(TestVectors.TheoryData("depthwise_conv2d"));

    [Fact]
    public void Directory_HoldsVectorsOfEveryOp()
    {
        IReadOnlyList<TestVector> all = TestVectors.LoadAll();
        Assert.Contains(all, v => v.Op == "scc");
        Assert.Contains(all, v => v.Op == "conv2d");
        Assert.Contains(all, v => v.Op == "depthwise_conv2d");
        Assert.All(all, v => Assert.Equal(TestVectors.Schema, v.Schema));
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void Vector_IsWellFormed(string name)
    {
        TestVector v = TestVectors.LoadNamed(name);
        Assert.Equal(name, v.Name);
        Assert.True(v.ExactFp32);
        foreach (string t in new[] { "input", "weight", "output", "grad_output", "grad_input", "grad_weight" })
        {
            Assert.True(v.Tensors.ContainsKey(t), name + " lacks " + t);
        }

        bool bias = v.GetBool("bias");
        Assert.Equal(bias, v.Tensors.ContainsKey("bias"));
        Assert.Equal(bias, v.Tensors.ContainsKey("grad_bias"));

        // Inputs are k/16 with |k| <= 32.
        foreach (string t in new[] { "input", "weight", "bias", "grad_output" })
        {
            VectorTensor? tensor = v.TryTensor(t);
            if (tensor == null)
            {
                continue;
            }

            Assert.All(tensor.Data, x => Assert.True(x * 16 == Math.Round(x * 16) && Math.Abs(x) <= 2, name + "." + t + " has " + x.ToString("R", CultureInfo.InvariantCulture)));
        }
    }

    [Theory]
    [MemberData(nameof(SccVectors))]
    public void Scc_ReproducesVector(string name)
    {
        TestVector v = TestVectors.LoadNamed(name);
        int cin = v.GetInt("cin"), cout = v.GetInt("cout"), cg = v.GetInt("cg"), gw = v.GetInt("gw");
        int batch = v.GetInt("batch"), h = v.GetInt("height"), w = v.GetInt("width");
        var layer = new SccParameters(cin, cout, gw, v.GetInt("stride_channels"));

        // The reference's own ratio rule gives the vector's stride.
        SccParameters fromRatio = SccParameters.FromRatio(cin, cout, cg, v.GetDouble("co"));
        Assert.Equal(cin / cg, fromRatio.GroupWidth);
        Assert.Equal(gw, fromRatio.GroupWidth);
        Assert.Equal(v.GetInt("overlap_channels"), fromRatio.OverlapChannels);
        Assert.Equal(layer.StrideChannels, fromRatio.StrideChannels);

        // channel_map agrees with the reference's chan(o, j).
        int[][] map = v.GetIntMatrix("channel_map")!;
        for (int o = 0; o < cout; o++)
        {
            for (int j = 0; j < gw; j++)
            {
                Assert.Equal(map[o][j], layer.Channel(o, j));
            }
        }

        float[] x = v.Tensor("input").Data, wt = v.Tensor("weight").Data, dy = v.Tensor("grad_output").Data;
        float[] bias = v.TryTensor("bias")?.Data ?? Array.Empty<float>();

        ReferenceResult y = SccReference.Forward(layer, batch, h, w, x, wt, bias);
        AssertExact(v.Tensor("output"), y, name + " output");

        ReferenceResult dx = SccReference.BackwardData(layer, batch, h, w, dy, wt);
        AssertExact(v.Tensor("grad_input"), dx, name + " grad_input");

        ReferenceWeightGradients g = SccReference.BackwardWeights(layer, batch, h, w, x, dy);
        AssertExact(v.Tensor("grad_weight"), g.Weight, name + " grad_weight");
        VectorTensor? gradBias = v.TryTensor("grad_bias");
        if (gradBias != null)
        {
            AssertExact(gradBias, g.Bias, name + " grad_bias");
        }

        // Equivalent dense weight, and the dense-view identity through the Conv2D reference.
        double[] dense = SccReference.EquivalentDenseWeight(layer, wt);
        VectorTensor expectedDense = v.Tensor("equivalent_dense_weight");
        Assert.Equal(new[] { cout, cin }, expectedDense.Shape);
        for (int i = 0; i < dense.Length; i++)
        {
            Assert.Equal((double)expectedDense.Data[i], dense[i]);
        }

        var pointwise = new Conv2DParameters(cin, cout, 1, 1);
        float[] denseSingle = dense.Select(d => (float)d).ToArray();
        AssertExact(v.Tensor("output"), Conv2DReference.Forward(pointwise, batch, h, w, x, denseSingle, bias), name + " dense-view output");
        AssertExact(v.Tensor("grad_input"), Conv2DReference.BackwardData(pointwise, batch, h, w, dy, denseSingle), name + " dense-view grad_input");
    }

    [Theory]
    [MemberData(nameof(ConvVectors))]
    public void Conv2D_ReproducesVector(string name)
    {
        TestVector v = TestVectors.LoadNamed(name);
        Conv2DParameters layer = LayerOf(v);
        int batch = v.GetInt("batch"), h = v.GetInt("height"), w = v.GetInt("width");
        Assert.Equal(v.GetInt("out_height"), layer.OutHeight(h));
        Assert.Equal(v.GetInt("out_width"), layer.OutWidth(w));

        float[] x = v.Tensor("input").Data, wt = v.Tensor("weight").Data, dy = v.Tensor("grad_output").Data;
        float[] bias = v.TryTensor("bias")?.Data ?? Array.Empty<float>();

        AssertExact(v.Tensor("output"), Conv2DReference.Forward(layer, batch, h, w, x, wt, bias), name + " output");
        AssertExact(v.Tensor("grad_input"), Conv2DReference.BackwardData(layer, batch, h, w, dy, wt), name + " grad_input");
        ReferenceWeightGradients g = Conv2DReference.BackwardWeights(layer, batch, h, w, x, dy);
        AssertExact(v.Tensor("grad_weight"), g.Weight, name + " grad_weight");
        VectorTensor? gradBias = v.TryTensor("grad_bias");
        if (gradBias != null)
        {
            AssertExact(gradBias, g.Bias, name + " grad_bias");
        }
    }

    [Theory]
    [MemberData(nameof(ConvVectors))]
    public void Conv2D_ActivationsMatchClampedVectorOutput(string name)
    {
        TestVector v = TestVectors.LoadNamed(name);
        Conv2DParameters layer = LayerOf(v);
        int batch = v.GetInt("batch"), h = v.GetInt("height"), w = v.GetInt("width");
        float[] x = v.Tensor("input").Data, wt = v.Tensor("weight").Data;
        float[] bias = v.TryTensor("bias")?.Data ?? Array.Empty<float>();
        float[] expected = v.Tensor("output").Data;

        ReferenceResult relu = Conv2DReference.Forward(layer, batch, h, w, x, wt, bias, ReferenceActivation.Relu);
        ReferenceResult relu6 = Conv2DReference.Forward(layer, batch, h, w, x, wt, bias, ReferenceActivation.Relu6);
        ReferenceResult linear = Conv2DReference.Forward(layer, batch, h, w, x, wt, bias);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(Math.Max(0.0, expected[i]), relu.Values[i]);
            Assert.Equal(Math.Min(6.0, Math.Max(0.0, expected[i])), relu6.Values[i]);
            Assert.Equal(linear.Magnitudes[i], relu.Magnitudes[i]);
        }
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void MagnitudeSums_BoundTheValues(string name)
    {
        TestVector v = TestVectors.LoadNamed(name);
        int batch = v.GetInt("batch"), h = v.GetInt("height"), w = v.GetInt("width");
        float[] x = v.Tensor("input").Data, wt = v.Tensor("weight").Data, dy = v.Tensor("grad_output").Data;
        float[] bias = v.TryTensor("bias")?.Data ?? Array.Empty<float>();
        var results = new List<ReferenceResult>();
        if (v.Op == "scc")
        {
            var layer = new SccParameters(v.GetInt("cin"), v.GetInt("cout"), v.GetInt("gw"), v.GetInt("stride_channels"));
            results.Add(SccReference.Forward(layer, batch, h, w, x, wt, bias));
            results.Add(SccReference.BackwardData(layer, batch, h, w, dy, wt));
            ReferenceWeightGradients g = SccReference.BackwardWeights(layer, batch, h, w, x, dy);
            results.Add(g.Weight);
            results.Add(g.Bias);
        }
        else
        {
            Conv2DParameters layer = LayerOf(v);
            results.Add(Conv2DReference.Forward(layer, batch, h, w, x, wt, bias));
            results.Add(Conv2DReference.BackwardData(layer, batch, h, w, dy, wt));
            ReferenceWeightGradients g = Conv2DReference.BackwardWeights(layer, batch, h, w, x, dy);
            results.Add(g.Weight);
            results.Add(g.Bias);
        }

        foreach (ReferenceResult r in results)
        {
            for (int i = 0; i < r.Length; i++)
            {
                Assert.True(Math.Abs(r.Values[i]) <= r.Magnitudes[i], name + " " + r.FormatIndex(i));
            }

            // The exact values are within any bound, including kappa = 0.
            Assert.True(r.IsWithinBound(r.ToSingle(), 0, out string? failure), failure);
            Assert.Equal(0, r.MaxErrorRatio(r.ToSingle()));
        }
    }

    internal static Conv2DParameters LayerOf(TestVector v)
    {
        int cin, cout;
        if (v.Op == "depthwise_conv2d")
        {
            cin = cout = v.GetInt("channels");
        }
        else
        {
            cin = v.GetInt("cin");
            cout = v.GetInt("cout");
        }

        (int kh, int kw) = v.GetIntPair("kernel");
        (int sh, int sw) = v.GetIntPair("stride", 1);
        (int ph, int pw) = v.GetIntPair("padding", 0);
        (int dh, int dw) = v.GetIntPair("dilation", 1);
        int groups = v.GetInt("groups", 1);
        return new Conv2DParameters(cin, cout, kh, kw, sh, sw, ph, pw, dh, dw, groups);
    }

    private static void AssertExact(VectorTensor expected, ReferenceResult actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Length; i++)
        {
            if ((double)expected.Data[i] != actual.Values[i])
            {
                Assert.Fail(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}{1}: expected {2:R}, reference {3:R}",
                    what,
                    actual.FormatIndex(i),
                    expected.Data[i],
                    actual.Values[i]));
            }
        }
    }
}
