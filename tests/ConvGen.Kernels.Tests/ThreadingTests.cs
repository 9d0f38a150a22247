using System;
using System.Threading;
using System.Threading.Tasks;
using ConvGen.Runtime.CompilerServices;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Tests;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Results do not depend on the thread count (each output element is computed by exactly one tile), the pool survives
/// concurrent callers, <see cref="ConvThreads.MaxThreads"/> clamps its input, and <see cref="ConvThreads.Limit"/> caps
/// the calls of its own execution context.
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

    /// <summary>
    /// The thread tests here and in the generator tests compare one thread with <see cref="Environment.ProcessorCount"/>
    /// of them: on a one-core runner that is one with one, and they would pass without testing anything. Such a runner
    /// can still run them on two threads (time-sliced) by reporting two processors to .NET; <c>.ci/run</c> does that.
    /// </summary>
    [Fact]
    public void TheThreadTestsHaveMoreThanOneThreadToCompare()
    {
        Assert.True(Environment.ProcessorCount >= 2,
            $"Environment.ProcessorCount is {Environment.ProcessorCount}: the thread-count tests would compare one thread with one. " +
            "Run the tests with DOTNET_PROCESSOR_COUNT=2 (as .ci/run does on a one-core machine).");
    }

    /// <summary>Direct chunks, channel-lane convolutions (a single image with two blocks: every thread packs its own planes; one block: no split packing; in place), depthwise (image, channel) tasks with double-buffered packing, packing split into row bands, Winograd with several tile blocks (one with tail GEMMs on its last block), and single-block Winograd (its GEMMs split across threads).</summary>
    [Theory]
    [InlineData("Dense256At7")]
    [InlineData("DenseChunksAt7")]
    [InlineData("LanesConvStride2Leaky")]
    [InlineData("LanesConvThreads")]
    [InlineData("LanesConvInPlace")]
    [InlineData("Stem7x7")]
    [InlineData("RowAlignedRemainder")]
    [InlineData("PointwiseLanesThreads")]
    [InlineData("DepthwiseNarrowThreads")]
    [InlineData("ImageFilterBands")]
    [InlineData("GroupedThreads")]
    [InlineData("PointwiseNextPanel")]
    [InlineData("WinogradF4Blocks")]
    [InlineData("WinogradF4TailOne")]
    [InlineData("WinogradByAuto")]
    public void OneAndTwoThreadsGiveBitIdenticalResults(string name)
    {
        LayerCase layer = LayerCatalog.Find(name);
        float[] x = Random(layer.Batch * layer.Shape.InputImage, 1), w = Random(layer.Shape.WeightCount, 2), b = Random(layer.Shape.OutChannels, 3);
        float[] single = new float[layer.Batch * layer.Shape.OutputImage], parallel = new float[single.Length];
        using (ThreadSettings.Saved())
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
    }

    /// <summary>
    /// Layers whose threads pack the plane rows they read themselves: Winograd's tile blocks (whole blocks each, and the
    /// blocks left over, a last block of one or four tiles or a whole block, shared by output channels), and direct
    /// kernels on few input channels (each thread's position tiles; strides, dilation, tall and wide filters, tiles that
    /// store into the output or into the grid). New data on every call, so a thread that read rows it did not pack this
    /// call would show.
    /// </summary>
    [Theory]
    [InlineData("WinogradF4TailOne")]
    [InlineData("WinogradF4TailFour")]
    [InlineData("WinogradF4SharedBlock")]
    [InlineData("WinogradF4Blocks")]
    [InlineData("Stem7x7")]
    [InlineData("FewChannels11x11Stride4")]
    [InlineData("FewChannelsTall13x1Dilated")]
    [InlineData("FewChannels3x3Dilation2")]
    [InlineData("CompactedStoresWideSpare")]
    [InlineData("CompactedStoresRemainder")]
    [InlineData("RowAlignedStem")]
    [InlineData("RowAlignedNarrowRows")]
    [InlineData("Wide1x255")]
    public void ThreadsPackingTheirOwnRowsGiveBitIdenticalResultsWithFreshInputs(string name)
    {
        LayerCase layer = LayerCatalog.Find(name);
        float[] w = Random(layer.Shape.WeightCount, 2), b = Random(layer.Shape.OutChannels, 3);
        AssertThreadCountDoesNotMatter(layer.Batch * layer.Shape.InputImage, layer.Batch * layer.Shape.OutputImage, (x, y) => layer.Run(x, w, b, y));
    }

    /// <summary>
    /// Stride-phase backward-data and direct TDC: thin layers split each image by grid rows (every thread pads the plane
    /// rows it reads and scatters its own rows), wide ones split the phases' units; the channel-lane pointwise pass; and
    /// the columns GEMM with its column scatter.
    /// New data on every call, so a thread that read rows it did not pad this call would show.
    /// </summary>
    [Theory]
    [InlineData("GroupedStride2Rows")]
    [InlineData("WideStride2Chunks")]
    [InlineData("ChunkedStride2Rows")]
    [InlineData("Dense3x3Stride2")]
    [InlineData("PointwiseLanesThreads")]
    [InlineData("PointwiseLanesPages")]
    [InlineData("PointwiseLanesPagesGrouped")]
    [InlineData("ColumnsThreads")]
    [InlineData("ColumnsDcgan")]
    public void BackwardDataGivesBitIdenticalResultsOnOneAndTwoThreads(string name)
    {
        BackwardLayerCase layer = BackwardCatalog.Find(name);
        float[] w = Random(layer.Shape.WeightCount, 2);
        // One image (channel-lane kernels then copy their strips on every thread) and the catalog's batch.
        foreach (int batch in new[] { 1, layer.Batch })
        {
            AssertThreadCountDoesNotMatter(batch * layer.Shape.OutputImage, batch * layer.Shape.InputImage, (dy, dx) => layer.Data(dy, w, dx));
        }
    }

    /// <summary>
    /// Channel-lane backward-weights walked in chunks: each slice transposes the chunks its tiles read and its tiles
    /// prefetch the next chunk's rows, split inside a block (ChunkedLanesGrouped's 90 units at 45 | 45) or by whole blocks
    /// (ChunkedLanes); and tiles run output tile by output tile where gradWeights rows are 4 KB apart (AliasingRows, whose
    /// slices then own whole rows). Fresh inputs on every call; the weights and the bias gradient must not depend on the
    /// thread count.
    /// </summary>
    [Theory]
    [InlineData("ChunkedLanes")]
    [InlineData("ChunkedLanesGrouped")]
    [InlineData("AliasingRows")]
    public void ChunkedBackwardWeightsGivesBitIdenticalResultsOnOneAndTwoThreads(string name)
    {
        BackwardLayerCase layer = BackwardCatalog.Find(name);
        ConvGen.Reference.Conv2DShape s = layer.Shape;
        float[] dy = Random(layer.Batch * s.OutputImage, 2);
        int bias = layer.HasBias ? s.OutChannels : 0;
        AssertThreadCountDoesNotMatter(layer.Batch * s.InputImage, s.WeightCount + bias,
            (x, gradients) => layer.Weights(x, dy, gradients.AsSpan(0, s.WeightCount), gradients.AsSpan(s.WeightCount)));
    }

    [Theory]
    [InlineData("ThinK4Stride2Rows")]
    [InlineData("Dcgan16To8At32")]
    public void TransposedForwardGivesBitIdenticalResultsOnOneAndTwoThreads(string name)
    {
        TransposedCase layer = TransposedCatalog.FindForward(name);
        float[] w = Random(layer.Shape.WeightCount, 2), b = Random(layer.Shape.OutChannels, 3);
        AssertThreadCountDoesNotMatter(2 * layer.Shape.InputImage, 2 * layer.Shape.OutputImage, (x, y) => layer.Run(x, w, b, y));
    }

    /// <summary>Runs <paramref name="run"/> on fresh inputs, on one thread and on all of them, and compares the outputs bit for bit.</summary>
    private static void AssertThreadCountDoesNotMatter(int inputs, int outputs, Action<float[], float[]> run)
    {
        using (ThreadSettings.Saved())
        {
            for (int call = 0; call < 6; call++)
            {
                float[] x = Random(inputs, 10 + call), single = new float[outputs], parallel = new float[outputs];
                ConvThreads.MaxThreads = 1;
                run(x, single);
                ConvThreads.MaxThreads = Environment.ProcessorCount;
                run(x, parallel);
                Assert.Equal(single, parallel);
                Assert.DoesNotContain(single, float.IsNaN);
            }
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
        using (ThreadSettings.Saved())
        {
            ConvThreads.MaxThreads = 0;
            Assert.Equal(1, ConvThreads.MaxThreads);
            ConvThreads.MaxThreads = 10_000;
            Assert.Equal(Environment.ProcessorCount, ConvThreads.MaxThreads);
        }
    }

    [Fact]
    public async Task LimitCapsTheCallsOfItsOwnExecutionContextOnly()
    {
        using (ThreadSettings.Saved())
        {
            ConvThreads.MaxThreads = Environment.ProcessorCount;
            int all = ConvThreads.CurrentMaxThreads;
            Assert.Equal(Environment.ProcessorCount, all);
            using (ConvThreads.Limit(1))
            {
                Assert.Equal(1, ConvThreads.CurrentMaxThreads);
                // What every generated kernel asks before it forks: a huge job now gets one slice.
                Assert.Equal(1, KernelParallel.Slices(1L << 40, 400_000, 100));
                // A thread that does not inherit this context keeps the process-wide cap.
                int elsewhere = 0;
                var thread = new Thread(() => elsewhere = ConvThreads.CurrentMaxThreads);
                using (ExecutionContext.SuppressFlow())
                {
                    thread.Start();
                }
                thread.Join();
                Assert.Equal(all, elsewhere);
                // The async flow keeps it across an await, wherever it resumes.
                await Task.Yield();
                Assert.Equal(1, ConvThreads.CurrentMaxThreads);
                // A nested scope can tighten the limit, not loosen it.
                using (ConvThreads.Limit(4))
                {
                    Assert.Equal(1, ConvThreads.CurrentMaxThreads);
                }
                Assert.Equal(1, ConvThreads.CurrentMaxThreads);
            }
            Assert.Equal(all, ConvThreads.CurrentMaxThreads);
            Assert.Equal(all, KernelParallel.Slices(1L << 40, 400_000, 100));
            // Under a process-wide cap of 1 a looser scope changes nothing; a limit of 0 is refused.
            ConvThreads.MaxThreads = 1;
            using (ConvThreads.Limit(8))
            {
                Assert.Equal(1, ConvThreads.CurrentMaxThreads);
            }
            Assert.Equal("threads", Assert.Throws<ArgumentOutOfRangeException>(() => ConvThreads.Limit(0)).ParamName);
            // A limit at or above the cap leaves the cap.
            ConvThreads.MaxThreads = Environment.ProcessorCount;
            using (ConvThreads.Limit(Environment.ProcessorCount))
            {
                Assert.Equal(Environment.ProcessorCount, ConvThreads.CurrentMaxThreads);
            }
        }
    }

    [Fact]
    public async Task LimitScopesEndOnlyInOrderAndInTheirOwnContext()
    {
        using (ThreadSettings.Saved())
        {
            ConvThreads.MaxThreads = Environment.ProcessorCount;
            int all = ConvThreads.CurrentMaxThreads;
            // Out of order: the outer scope cannot end before the one opened inside it, and nothing changes when it tries.
            ConvThreadLimit outer = ConvThreads.Limit(1), inner = ConvThreads.Limit(1);
            Assert.Throws<InvalidOperationException>(() => outer.Dispose());
            Assert.Equal(1, ConvThreads.CurrentMaxThreads);
            inner.Dispose();
            inner.Dispose(); // a second dispose does nothing
            Assert.Equal(1, ConvThreads.CurrentMaxThreads);
            outer.Dispose();
            Assert.Equal(all, ConvThreads.CurrentMaxThreads);
            // A scope opened inside an async method ends with that method's context: the caller never had it, and
            // cannot end it.
            ConvThreadLimit leaked = await OpenInAnotherContext();
            Assert.Equal(all, ConvThreads.CurrentMaxThreads);
            Assert.Throws<InvalidOperationException>(() => leaked.Dispose());
            using (ConvThreads.Limit(1))
            {
                Assert.Equal(1, ConvThreads.CurrentMaxThreads);
            }
            Assert.Equal(all, ConvThreads.CurrentMaxThreads);
        }

        static async Task<ConvThreadLimit> OpenInAnotherContext()
        {
            await Task.Yield();
            return ConvThreads.Limit(1);
        }
    }

    [Fact]
    public void WakeMinimumFlopsIsClampedAtZero()
    {
        using (ThreadSettings.Saved())
        {
            ConvThreads.WakeMinimumFlops = -5;
            Assert.Equal(0, ConvThreads.WakeMinimumFlops);
            ConvThreads.WakeMinimumFlops = 16_000_000;
            Assert.Equal(16_000_000, ConvThreads.WakeMinimumFlops);
        }
    }
}

/// <summary>Tests that change the global thread cap run one at a time.</summary>
[CollectionDefinition(nameof(ThreadSettingsCollection), DisableParallelization = true)]
public sealed class ThreadSettingsCollection
{
}
