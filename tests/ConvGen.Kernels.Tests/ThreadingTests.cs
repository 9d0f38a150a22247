using System;
using System.Threading.Tasks;
using ConvGen.Kernels.Tests.Layers;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Results do not depend on the thread count (each output element is computed by exactly one tile), the pool survives
/// concurrent callers, and <see cref="ConvThreads.MaxThreads"/> clamps its input.
/// </summary>
[Collection(nameof(ThreadSettingsCollection))]
public sealed class ThreadingTests : GuardedKernelTests
{
    private static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var data = new float[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return data;
    }

    /// <summary>Direct chunks, depthwise (image, channel) tasks with double-buffered packing, packing split into row bands, Winograd with several tile blocks (one with tail GEMMs on its last block), and single-block Winograd (its GEMMs split across threads).</summary>
    [Theory]
    [InlineData("Dense256At7")]
    [InlineData("Stem7x7")]
    [InlineData("PointwiseLanesThreads")]
    [InlineData("DepthwiseNarrowThreads")]
    [InlineData("ImageFilterBands")]
    [InlineData("GroupedThreads")]
    [InlineData("WinogradF4Blocks")]
    [InlineData("WinogradF4TailOne")]
    [InlineData("WinogradByAuto")]
    public void OneAndTwoThreadsGiveBitIdenticalResults(string name)
    {
        LayerCase layer = LayerCatalog.Find(name);
        float[] x = Random(layer.Batch * layer.Shape.InputImage, 1), w = Random(layer.Shape.WeightCount, 2), b = Random(layer.Shape.OutChannels, 3);
        float[] single = new float[layer.Batch * layer.Shape.OutputImage], parallel = new float[single.Length];
        int saved = ConvThreads.MaxThreads;
        try
        {
            ConvThreads.MaxThreads = 1;
            layer.Run(x, w, b, single);
            ConvThreads.MaxThreads = Environment.ProcessorCount;
            for (int i = 0; i < 20; i++)
            {
                Array.Clear(parallel);
                layer.Run(x, w, b, parallel);
                Assert.Equal(single, parallel);
            }
        }
        finally
        {
            ConvThreads.MaxThreads = saved;
        }
    }

    [Fact]
    public void ConcurrentCallersGetCorrectResults()
    {
        LayerCase layer = LayerCatalog.Find("Dense64to48");
        float[] x = Random(layer.Shape.InputImage, 4), w = Random(layer.Shape.WeightCount, 5), b = Random(layer.Shape.OutChannels, 6);
        float[] expected = new float[layer.Shape.OutputImage];
        layer.Run(x, w, b, expected);
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 25; i++)
            {
                float[] actual = new float[expected.Length];
                layer.Run(x, w, b, actual);
                Assert.Equal(expected, actual);
            }
        });
    }

    [Fact]
    public void MaxThreadsIsClamped()
    {
        int saved = ConvThreads.MaxThreads;
        try
        {
            ConvThreads.MaxThreads = 0;
            Assert.Equal(1, ConvThreads.MaxThreads);
            ConvThreads.MaxThreads = 10_000;
            Assert.Equal(Environment.ProcessorCount, ConvThreads.MaxThreads);
        }
        finally
        {
            ConvThreads.MaxThreads = saved;
        }
    }

    [Fact]
    public void WakeMinimumFlopsIsClampedAtZero()
    {
        long saved = ConvThreads.WakeMinimumFlops;
        try
        {
            ConvThreads.WakeMinimumFlops = -5;
            Assert.Equal(0, ConvThreads.WakeMinimumFlops);
            ConvThreads.WakeMinimumFlops = 16_000_000;
            Assert.Equal(16_000_000, ConvThreads.WakeMinimumFlops);
        }
        finally
        {
            ConvThreads.WakeMinimumFlops = saved;
        }
    }
}

/// <summary>Tests that change the global thread cap run one at a time.</summary>
[CollectionDefinition(nameof(ThreadSettingsCollection), DisableParallelization = true)]
public sealed class ThreadSettingsCollection
{
}
