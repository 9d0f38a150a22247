using System;
using System.Linq;
using ConvGen.Kernels.Tests.Layers;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Generated backward-data and backward-weights kernels against the fp64 references (κ·2^-23·Σ|terms|, κ = 4) and the
/// exact vectors (tolerance 0), plus the contract: outputs overwritten, results independent of the thread count.
/// </summary>
public sealed class BackwardNumericsTests
{
    public static TheoryData<string> Layers => new(BackwardCatalog.All.Select(l => l.Name));

    public static TheoryData<string> Vectors => new(BackwardCatalog.Vectors.Keys);

    [Theory]
    [MemberData(nameof(Layers))]
    public void BackwardDataIsWithinTheBoundOfFp64(string name)
    {
        BackwardLayerCase layer = BackwardCatalog.Find(name);
        for (int seed = 1; seed <= 2; seed++)
        {
            string? failure = BackwardChecks.CheckData(layer, seed);
            Assert.True(failure is null, failure);
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void BackwardWeightsIsWithinTheBoundOfFp64(string name)
    {
        BackwardLayerCase layer = BackwardCatalog.Find(name);
        for (int seed = 1; seed <= 2; seed++)
        {
            string? failure = BackwardChecks.CheckWeights(layer, seed);
            Assert.True(failure is null, failure);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void BackwardKernelsReproduceTheExactVector(string name)
    {
        string? failure = BackwardChecks.CheckVector(name);
        Assert.True(failure is null, failure);
    }

    [Fact]
    public void CatalogCoversEveryVectorOfTheConvolutionKinds()
    {
        string[] files = ConvGen.Tests.Reference.TestVectors.Names().Where(n => n.StartsWith("conv2d_") || n.StartsWith("dw")).ToArray();
        Assert.Equal(files.OrderBy(n => n), BackwardCatalog.Vectors.Keys.OrderBy(n => n));
    }
}
