using System;
using System.Linq;
using System.Runtime.InteropServices;
using ConvGen.Runtime.CompilerServices;
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

    public static TheoryData<string> WinogradWeightsLayers => new(BackwardCatalog.All.Where(l => l.Name.StartsWith("WinogradWeights", StringComparison.Ordinal)).Select(l => l.Name));

    /// <summary>
    /// The Winograd backward-weights kernels keep their planes and transforms in the calling thread's shared scratch,
    /// which another kernel has just left full of its own data: poisoned with NaN first, every zero the kernel relies on
    /// (padding rows, columns and channels) must be its own.
    /// </summary>
    [Theory]
    [MemberData(nameof(WinogradWeightsLayers))]
    public void WinogradBackwardWeightsWriteEveryZeroTheyRead(string name)
    {
        BackwardLayerCase layer = BackwardCatalog.Find(name);
        const long floats = 4 << 20;
        MemoryMarshal.CreateSpan(ref KernelMemory.AsRef(KernelMemory.CallerScratch(floats)), (int)floats).Fill(float.NaN);
        string? failure = BackwardChecks.CheckWeights(layer, seed: 3);
        Assert.True(failure is null, failure);
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
