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
public sealed class BackwardNumericsTests : GuardedKernelTests
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

    /// <summary>
    /// With non-negative data every term of a weight gradient has the same sign, so rounding errors do not cancel and
    /// grow with the length of each floating-point sum: over 40 images of 16 tiles the Winograd kernel must still hold
    /// F(4,3)'s bound (it sums groups of 16 images, 256 tiles, apart and adds the groups: here 16, 16 and a last 8).
    /// </summary>
    [Fact]
    public void WinogradBackwardWeightsHoldTheBoundOverManyImagesOfNonNegativeData()
    {
        BackwardLayerCase layer = BackwardCatalog.Find("WinogradWeightsAuto");
        const int batch = 40;
        var random = new Random(5);
        ConvGen.Reference.Conv2DShape s = layer.Shape;
        float[] input = new float[batch * s.InputImage], gradOutput = new float[batch * s.OutputImage];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)random.NextDouble();
        }
        for (int i = 0; i < gradOutput.Length; i++)
        {
            gradOutput[i] = (float)random.NextDouble();
        }
        float[] gradWeights = new float[s.WeightCount], gradBias = new float[s.OutChannels];
        layer.Weights(input, gradOutput, gradWeights, gradBias);
        var expected = ConvGen.Tests.Reference.Conv2DReference.BackwardWeights(ForwardChecks.Parameters(s), batch, s.Height, s.Width,
            ConvGen.Tests.Reference.ReferenceResult.ToDouble(input), ConvGen.Tests.Reference.ReferenceResult.ToDouble(gradOutput));
        Assert.True(expected.Weight.IsWithinBound(gradWeights, layer.WeightsKappa, out string? failure), failure);
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
