using System;
using System.Runtime.InteropServices;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Runtime.CompilerServices;
using Xunit;
using L = ConvGen.Kernels.Tests.Layers.ForwardLayers;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// <see cref="AlignedMemory"/> and the buffers ConvGen allocates itself (packed weights, cached weight transforms)
/// start on 64-byte boundaries, stay there across garbage collections, and hold what a plain array would.
/// </summary>
public sealed class AlignedMemoryTests : GuardedKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(200_000)]
    public void AllocatesZeroedAlignedBuffersThatStayAligned(int length)
    {
        Memory<float> buffers = AlignedMemory.Allocate(length);
        Assert.Equal(length, buffers.Length);
        Assert.True(AlignedMemory.IsAligned(buffers.Span));
        Assert.True(buffers.Span.IndexOfAnyExcept(0f) < 0, "the buffer is not zeroed");
        buffers.Span[length - 1] = 3.5f;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Assert.True(AlignedMemory.IsAligned(buffers.Span), "a compacting collection moved the buffer off its boundary");
        Assert.Equal(3.5f, buffers.Span[length - 1]);
    }

    [Fact]
    public void RejectsNegativeLengthsAndReportsMisalignedSpans()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignedMemory.Allocate(-1));
        Assert.Equal(0, AlignedMemory.Allocate(0).Length);
        Memory<float> buffer = AlignedMemory.Allocate(64);
        Assert.False(AlignedMemory.IsAligned(buffer.Span[1..]));
        Assert.False(AlignedMemory.IsAligned(buffer.Span[4..]));
        Assert.True(AlignedMemory.IsAligned(buffer.Span[16..]));
        Assert.True(AlignedMemory.IsAligned(ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void PackedWeightsStartOnACacheLine()
    {
        var random = new Random(5);
        foreach (string name in new[] { "Pointwise", "Dense3x3Odd" })
        {
            LayerCase layer = LayerCatalog.Find(name);
            PackedWeights packed = LayerCatalog.Packed[name].Pack(ForwardChecks.RandomData(layer.Shape.WeightCount, random));
            Assert.True(AlignedMemory.IsAligned(KernelWeights.Contents(packed)), $"{name}: packed weights are not 64-byte aligned");
        }
    }

    [Fact]
    public void PackedWeightsNameWhatTheyWerePackedForWhenRejected()
    {
        ConvGen.PackedWeights packed = KernelWeights.Allocate(16, "Demo.Layers.APackWeights", layout: 4, typeof(OwnerA));
        Assert.Equal(16, KernelWeights.Use(packed, "Demo.Layers.APackWeights", 4, typeof(OwnerA), "weights").Length);
        var otherKernel = Assert.Throws<ArgumentException>(() => KernelWeights.Use(packed, "Demo.Layers.APackWeightsWithBias", 4, typeof(OwnerA), "weights"));
        Assert.StartsWith("'weights' was packed by Demo.Layers.APackWeights, but this overload reads weights packed by Demo.Layers.APackWeightsWithBias; pack them with that method.", otherKernel.Message);
        var otherLayout = Assert.Throws<ArgumentException>(() => KernelWeights.Use(packed, "Demo.Layers.APackWeights", 8, typeof(OwnerA), "weights"));
        Assert.Contains("packed by Demo.Layers.APackWeights for blocked layout 4, but the instruction set this process runs uses layout 8", otherLayout.Message);
        // A kernel of the same full name in another assembly (another generated class) may have another shape and length.
        var otherOwner = Assert.Throws<ArgumentException>(() => KernelWeights.Use(packed, "Demo.Layers.APackWeights", 4, typeof(OwnerB), "weights"));
        Assert.Contains("was packed by Demo.Layers.APackWeights of assembly ConvGen.Kernels.Tests, but this overload is Demo.Layers.APackWeights of assembly ConvGen.Kernels.Tests", otherOwner.Message);
        Assert.Equal("weights", otherLayout.ParamName);
    }

    [Fact]
    public void CachedTransformsAreAddressedAtTheirFirstCacheLine()
    {
        for (int extra = 0; extra < 16; extra++)
        {
            float[] array = GC.AllocateUninitializedArray<float>(100 + extra, pinned: true);
            GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
            try
            {
                long start = handle.AddrOfPinnedObject();
                long address = TransformedWeightsCache<NoTransform>.AddressOf(array);
                Assert.Equal(0, address % AlignedMemory.Alignment);
                Assert.InRange(address - start, 0, AlignedMemory.Alignment - sizeof(float));
            }
            finally
            {
                handle.Free();
            }
        }
    }

    [Fact]
    public void KernelsGiveTheSameResultsOnAlignedAndArrayBuffers()
    {
        LayerCase layer = LayerCatalog.Find("Pointwise");
        var s = layer.Shape;
        var random = new Random(9);
        float[] x = ForwardChecks.RandomData(s.InputImage, random), w = ForwardChecks.RandomData(s.WeightCount, random);
        float[] expected = new float[s.OutputImage];
        L.Pointwise(x, w, expected);
        Memory<float> ax = AlignedMemory.Allocate(x.Length), aw = AlignedMemory.Allocate(w.Length), ay = AlignedMemory.Allocate(expected.Length);
        x.CopyTo(ax.Span);
        w.CopyTo(aw.Span);
        L.Pointwise(ax.Span, aw.Span, ay.Span);
        Assert.True(ay.Span.SequenceEqual(expected));
    }

    /// <summary>A stand-in kernel for the cache's static methods; <see cref="TransformedWeightsCache{T}.AddressOf"/> needs no transform.</summary>
    private sealed class NoTransform : ITransformedWeights
    {
        public static int TransformedFloats => 0;

        public static void TransformWeights(ReadOnlySpan<float> weights, Span<float> target)
        {
        }
    }

    private sealed class OwnerA
    {
    }

    private sealed class OwnerB
    {
    }
}
