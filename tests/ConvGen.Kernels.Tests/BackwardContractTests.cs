using System;
using System.Linq;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Tests;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The generated backward kernels agree with the generated forward kernels (a finite-difference check of the loss
/// L = Σ dY·Y accumulated in double), give bit-identical results for 1 and 2 threads, and overwrite their outputs.
/// </summary>
[Collection(nameof(ThreadSettingsCollection))]
public sealed class BackwardContractTests : GuardedKernelTests
{
    /// <summary>Forward layers without activation whose backward twins (same shape) are in <see cref="BackwardCatalog"/>.</summary>
    [Theory]
    [InlineData("Dense3x3Stride2")]
    [InlineData("Depthwise3x3")]
    [InlineData("Depthwise5x5")]
    [InlineData("NonSquareMixedStride")]
    [InlineData("GroupedPointwise")]
    [InlineData("Dense3x3Dilation2")]
    public void FiniteDifferencesOfTheForwardKernelMatchTheBackwardKernels(string name)
    {
        LayerCase forward = LayerCatalog.Find(name);
        BackwardLayerCase backward = BackwardCatalog.Find(name);
        Assert.Equal(forward.Shape, backward.Shape);
        int batch = backward.Batch;
        var random = new Random(7);
        var s = forward.Shape;
        float[] x = ForwardChecks.RandomData(batch * s.InputImage, random);
        float[] w = ForwardChecks.RandomData(s.WeightCount, random);
        float[] b = forward.HasBias ? ForwardChecks.RandomData(s.OutChannels, random) : Array.Empty<float>();
        float[] dy = ForwardChecks.RandomData(batch * s.OutputImage, random);
        float[] y = new float[dy.Length];

        double Loss()
        {
            forward.Run(x, w, b, y);
            double sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                sum += (double)y[i] * dy[i];
            }
            return sum;
        }

        // The forward pass is linear in each argument, so a large step has no truncation error.
        const float step = 0.25f;
        double Derivative(float[] values, int index)
        {
            float saved = values[index];
            values[index] = saved + step;
            double plus = Loss();
            values[index] = saved - step;
            double minus = Loss();
            values[index] = saved;
            return (plus - minus) / (2 * step);
        }

        float[] dx = new float[x.Length], dw = new float[w.Length], db = new float[backward.HasBias ? s.OutChannels : 0];
        backward.Data(dy, w, dx);
        backward.Weights(x, dy, dw, db);

        void Check(string what, float[] values, float[] gradient, int samples)
        {
            var pick = new Random(values.Length);
            for (int n = 0; n < samples; n++)
            {
                int i = n < values.Length ? (n * 7919) % values.Length : pick.Next(values.Length);
                double expected = Derivative(values, i);
                Assert.True(Math.Abs(gradient[i] - expected) <= 1e-4 * (1 + Math.Abs(expected)),
                    $"{name} d{what}[{i}]: backward kernel {gradient[i]:R}, finite difference {expected:R}");
            }
        }

        Check("X", x, dx, 40);
        Check("W", w, dw, 40);
        if (forward.HasBias && backward.HasBias)
        {
            Check("bias", b, db, s.OutChannels);
        }
    }

    [Theory]
    [InlineData("Dense256At7")]
    [InlineData("Dense64to48")]
    [InlineData("Stem7x7")]
    [InlineData("Depthwise5x5")]
    [InlineData("DepthwiseThreads")]
    [InlineData("DepthwiseThreadsStride2")]
    [InlineData("PointwiseLanesThreads")]
    [InlineData("ChunkedLanes")]
    [InlineData("ReductionRuns")]
    [InlineData("ReductionRuns14")]
    [InlineData("ReductionRunsStride2")]
    [InlineData("WinogradWeightsAuto")]
    [InlineData("WinogradWeightsBlocks")]
    [InlineData("WinogradWeightsR18")]
    public void OneAndTwoThreadsGiveBitIdenticalGradients(string name)
    {
        BackwardLayerCase layer = BackwardCatalog.Find(name);
        var random = new Random(3);
        var s = layer.Shape;
        float[] x = ForwardChecks.RandomData(layer.Batch * s.InputImage, random);
        float[] w = ForwardChecks.RandomData(s.WeightCount, random);
        float[] dy = ForwardChecks.RandomData(layer.Batch * s.OutputImage, random);
        int biasLength = layer.HasBias ? s.OutChannels : 0;
        (float[] Dx, float[] Dw, float[] Db) Run()
        {
            float[] dx = new float[x.Length], dw = new float[w.Length], db = new float[biasLength];
            layer.Data(dy, w, dx);
            layer.Weights(x, dy, dw, db);
            return (dx, dw, db);
        }

        using (ThreadSettings.Saved())
        {
            ConvThreads.MaxThreads = 1;
            var single = Run();
            ConvThreads.MaxThreads = Environment.ProcessorCount;
            for (int i = 0; i < 10; i++)
            {
                var parallel = Run();
                Assert.Equal(single.Dx, parallel.Dx);
                Assert.Equal(single.Dw, parallel.Dw);
                Assert.Equal(single.Db, parallel.Db);
            }
        }
    }

    /// <summary>
    /// The columns plan runs its images in chunks of at most 16 MB of columns: ColumnsChunkedData (1.6M floats per image)
    /// runs a batch of three as two images, then one. Each image's gradient must be the bits of that image run alone
    /// (the layer's numerics are the other Columns* layers'), and every float written (gradInput starts as NaN).
    /// </summary>
    [Fact]
    public void ColumnsChunksOfImagesGiveEachImagesOwnGradient()
    {
        var s = BackwardLayers.ColumnsChunkedDataShape;
        var random = new Random(5);
        float[] w = ForwardChecks.RandomData(s.WeightCount, random);
        float[] dy = ForwardChecks.RandomData(3 * s.OutputImage, random);
        float[] batch = Enumerable.Repeat(float.NaN, 3 * s.InputImage).ToArray();
        BackwardLayers.ColumnsChunkedData(dy, w, batch);
        for (int n = 0; n < 3; n++)
        {
            float[] single = Enumerable.Repeat(float.NaN, s.InputImage).ToArray();
            BackwardLayers.ColumnsChunkedData(dy.AsSpan(n * s.OutputImage, s.OutputImage), w, single);
            Assert.All(single, v => Assert.True(float.IsFinite(v)));
            Assert.Equal(single, batch.AsSpan(n * s.InputImage, s.InputImage).ToArray());
        }
    }

    [Fact]
    public void BackwardWeightsOverwritesAndEmptyBatchGivesZeros()
    {
        BackwardLayerCase layer = BackwardCatalog.Find("Depthwise3x3Stride2");
        var s = layer.Shape;
        float[] dw = Enumerable.Repeat(5f, s.WeightCount).ToArray(), db = Enumerable.Repeat(5f, s.OutChannels).ToArray();
        layer.Weights(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, dw, db);
        Assert.All(dw, v => Assert.Equal(0f, v));
        Assert.All(db, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void WrongLengthsThrowNamingTheParameter()
    {
        BackwardLayerCase layer = BackwardCatalog.Find("Dense3x3Odd");
        var s = layer.Shape;
        var e = Assert.Throws<ArgumentException>(() => layer.Data(new float[s.OutputImage], new float[s.WeightCount], new float[s.InputImage + 1]));
        Assert.Equal("gradInput", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => layer.Weights(new float[s.InputImage], new float[s.OutputImage], new float[s.WeightCount - 1], Span<float>.Empty));
        Assert.Equal("gradWeights", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => layer.Weights(new float[s.InputImage], new float[2 * s.OutputImage], new float[s.WeightCount], Span<float>.Empty));
        Assert.Equal("gradOutput", e.ParamName);
    }
}
