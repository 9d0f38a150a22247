using System;
using System.IO;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests.Reference;

public sealed class TestVectorLoaderTests
{
    [Fact]
    public void LoadsAnSccVector()
    {
        TestVector v = TestVectors.LoadNamed("scc_cin4_cout4_cg2_co50");
        Assert.Equal("scc", v.Op);
        Assert.Equal(TestVectors.Schema, v.Schema);
        Assert.Equal(1000L, v.Seed);
        Assert.True(v.ExactFp32);
        Assert.Equal(4, v.GetInt("cin"));
        Assert.Equal(0.5, v.GetDouble("co"));
        Assert.True(v.GetBool("integral_overlap"));
        Assert.Equal("1x1", v.GetString("kernel"));
        Assert.Equal(new[] { 4, 2 }, v.Tensor("weight").Shape);
        Assert.Equal(new[] { -1.5625f, -0.3125f, 1.9375f, -0.9375f, 1.3125f, 2.0f, -0.6875f, 1.4375f }, v.Tensor("weight").Data);
        Assert.Null(v.TryTensor("bias"));
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => v.Tensor("bias"));
        Assert.Equal(new[] { new[] { 0, 1 }, new[] { 1, 2 }, new[] { 2, 3 }, new[] { 3, 0 } }, v.GetIntMatrix("channel_table"));
        Assert.Equal("agrees", v.GetRootString("dsxplore_cuda_forward"));
        Assert.Null(v.GetIntMatrix("no_such_key"));
        Assert.Equal("scc_cin4_cout4_cg2_co50", v.ToString());
    }

    [Fact]
    public void PerAxisParameters_AcceptIntegersAndPairs()
    {
        TestVector v = TestVectors.LoadNamed("conv2d_k3_ci4_co6_s2_p1_g2_bias");
        Assert.Equal((3, 3), v.GetIntPair("kernel"));
        Assert.Equal((2, 2), v.GetIntPair("stride"));
        Assert.Equal((1, 1), v.GetIntPair("padding"));
        Assert.Equal((1, 1), v.GetIntPair("dilation", 1));
        Assert.Equal(2, v.GetInt("groups", 1));
        Assert.Equal(7, v.GetInt("no_such_param", 7));
        Assert.False(v.HasParam("dilation"));
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => v.GetInt("dilation"));
    }

    [Fact]
    public void SkipsNonVectorJson_AndRejectsItWhenLoadedDirectly()
    {
        string dir = Path.Combine(Path.GetTempPath(), "convgen-vectors-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string index = Path.Combine(dir, "index.json");
            File.WriteAllText(index, "[{\"name\": \"x\"}]");
            Assert.Throws<FormatException>(() => TestVectors.Load(index));

            string bad = Path.Combine(dir, "bad.json");
            File.WriteAllText(bad, "{\"schema\":\"convgen-testvector-v1\",\"name\":\"bad\",\"op\":\"scc\",\"params\":{},\"tensors\":{\"x\":{\"shape\":[2,2],\"data\":[1,2,3]}}}");
            Assert.Throws<ArgumentException>(() => TestVectors.Load(bad));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void FindsTheCopiedDirectory()
    {
        Assert.True(Directory.Exists(TestVectors.FindDirectory()));
        Assert.NotEmpty(TestVectors.Names("scc"));
        Assert.Empty(TestVectors.Names("no_such_op"));
    }
}
