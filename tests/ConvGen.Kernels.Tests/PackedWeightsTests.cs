using System;
using ConvGen.Kernels.Tests.Layers;
using Xunit;
using L = ConvGen.Kernels.Tests.Layers.ForwardLayers;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The packed-weights API: <c>{Method}PackWeights</c> + the packed overload give bit-identical results to the OIHW
/// overload on every plan shape (grid tiles with chunks, remainder blocks, row loops, pointwise panels, fused groups,
/// depthwise row tiles, scalar-only), and misuse is rejected with a clear exception.
/// </summary>
public sealed class PackedWeightsTests : GuardedKernelTests
{
    public static TheoryData<string> Layers => new(LayerCatalog.Packed.Keys);

    [Theory]
    [MemberData(nameof(Layers))]
    public void PackedWeightsGiveBitIdenticalResults(string name)
    {
        string? failure = ForwardChecks.CheckPacked(name);
        Assert.True(failure is null, failure);
        PackedWeights packed = LayerCatalog.Packed[name].Pack(new float[LayerCatalog.Find(name).Shape.WeightCount]);
        Assert.StartsWith($"ConvGen.Kernels.Tests.Layers.ForwardLayers.{name}PackWeights", packed.Kernel);
    }

    [Fact]
    public void WeightsPackedForAnotherKernelAreRejected()
    {
        PackedWeights other = L.Dense3x3OddPackWeights(new float[16 * 8 * 9]);
        var error = Assert.Throws<ArgumentException>(() => L.Pointwise(new float[32 * 49], other, new float[20 * 49]));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("Dense3x3Odd", error.Message);
        Assert.Throws<ArgumentNullException>(() => L.Pointwise(new float[32 * 49], (PackedWeights)null!, new float[20 * 49]));
    }

    [Fact]
    public void OverloadsOfOneNameRefuseEachOthersPackedWeights()
    {
        // Both overloads once tagged their weights with the method's name alone: the 64-channel overload accepted the
        // 4-channel one's 144 packed floats and read far past them.
        PackedWeights small = L.OverloadPairPackWeights(new float[4 * 4 * 9]);
        var error = Assert.Throws<ArgumentException>(() => L.OverloadPair(new float[64 * 64], small, new float[64], new float[64 * 64]));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("packed by ConvGen.Kernels.Tests.Layers.ForwardLayers.OverloadPairPackWeights, but this overload reads weights packed by ConvGen.Kernels.Tests.Layers.ForwardLayers.OverloadPairPackWeightsWithBias", error.Message);
        PackedWeights large = L.OverloadPairPackWeightsWithBias(new float[64 * 64 * 9]);
        Assert.Throws<ArgumentException>(() => L.OverloadPair(new float[4 * 64], large, new float[4 * 64]));
    }

    [Fact]
    public void PackingChecksTheWeightCount()
    {
        var error = Assert.Throws<ArgumentException>(() => L.PointwisePackWeights(new float[10]));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("exactly 640", error.Message);
    }
}
