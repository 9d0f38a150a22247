using System;
using System.Linq;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Tests;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Generated SCC kernels, all three passes and the bias gradient: against the fp64 reference on random data
/// (κ = 4 bound) and against every exact SCC vector with tolerance 0.
/// </summary>
public sealed class SccNumericsTests : GuardedKernelTests
{
    public static TheoryData<string> Layers => new(SccCatalog.All.Select(l => l.Name));

    public static TheoryData<string> Vectors => new(SccCatalog.Vectors.Keys);

    [Theory]
    [MemberData(nameof(Layers))]
    public void ForwardIsWithinTheBoundOfFp64(string name)
    {
        for (int seed = 1; seed <= 2; seed++)
        {
            string? failure = SccChecks.CheckForward(SccCatalog.Find(name), seed);
            Assert.True(failure is null, failure);
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void BackwardDataIsWithinTheBoundOfFp64(string name)
    {
        for (int seed = 1; seed <= 2; seed++)
        {
            string? failure = SccChecks.CheckBackwardData(SccCatalog.Find(name), seed);
            Assert.True(failure is null, failure);
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void BackwardWeightsAndBiasAreWithinTheBoundOfFp64(string name)
    {
        for (int seed = 1; seed <= 2; seed++)
        {
            string? failure = SccChecks.CheckBackwardWeights(SccCatalog.Find(name), seed);
            Assert.True(failure is null, failure);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void EveryPassReproducesTheExactVector(string name)
    {
        string? failure = SccChecks.CheckVector(name);
        Assert.True(failure is null, failure);
    }

    [Fact]
    public void CatalogCoversEverySccVector()
    {
        string[] files = TestVectors.Names().Where(n => n.StartsWith("scc_", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(files);
        Assert.Equal(files.OrderBy(n => n), SccCatalog.Vectors.Keys.OrderBy(n => n));
    }

    [Fact]
    public void BackwardWeightsDoNotDependOnTheThreadCount()
    {
        SccCase layer = SccCatalog.Find("Big512Cg4Co50");
        var random = new Random(5);
        float[] input = ForwardChecks.RandomData(layer.InputLength, random);
        float[] gradOutput = ForwardChecks.RandomData(layer.OutputLength, random);
        using (ThreadSettings.Saved())
        {
            ConvThreads.MaxThreads = 1;
            float[] one = new float[layer.WeightCount];
            layer.BackwardWeights(input, gradOutput, one, Array.Empty<float>());
            ConvThreads.MaxThreads = Environment.ProcessorCount;
            for (int run = 0; run < 3; run++)
            {
                float[] many = new float[layer.WeightCount];
                layer.BackwardWeights(input, gradOutput, many, Array.Empty<float>());
                Assert.Equal(one.Select(BitConverter.SingleToInt32Bits), many.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    [Fact]
    public void BackwardDataIsRightWhereDsxploreIsWrong()
    {
        // co = 0.75: every channel is read by four filters; DSXplore's input-centric kernel keeps only the first and
        // the last (scc-spec §3.2). The generated kernel equals the dense view Dᵀ·dY.
        SccCase layer = SccCatalog.Find("Cin24Cout40Cg3Co75");
        Assert.True(layer.Layer.GroupWidth / (double)layer.Layer.StrideChannels > 2);
        Assert.Null(SccChecks.CheckBackwardData(layer, seed: 9));
    }

    [Fact]
    public void SpanLengthsAreCheckedBeforeAnyWork()
    {
        var e = Assert.Throws<ArgumentException>(() => SccLayers.SccCin8Cout8Cg2Co50BackwardData(new float[2 * 8 * 16], new float[31], new float[2 * 8 * 16]));
        Assert.Equal("weights", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => SccLayers.SccCin8Cout8Cg2Co50BackwardWeights(new float[2 * 8 * 16], new float[8 * 16], new float[32]));
        Assert.Equal("gradOutput", e.ParamName);
        float[] gradWeights = Enumerable.Repeat(1f, 32).ToArray();
        SccLayers.SccCin8Cout8Cg2Co50BackwardWeights(Array.Empty<float>(), Array.Empty<float>(), gradWeights);
        Assert.All(gradWeights, g => Assert.Equal(0f, g));
    }
}
