using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ConvGen.Generator.Tests.Harness;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised depthwise 3×3, padding-1 layers at stride 1 and 2, the shape family with the most specialised kernels
/// (whole-row, split, in-place, channel-pair and interleaved tiles, bands that shrink on planes larger than L1, odd
/// channel counts and last bands of one row), generated, compiled and run in memory on this machine's instruction set:
/// forward (no activation, ReLU and ReLU6 in turn, every other one with a bias), backward-data, backward-weights and
/// the bias gradient against the fp64 references with the κ·2^-23·Σ|terms| bound (κ = 4). Plane sizes run from 1×1 to
/// past L1 (128×120: 60 KB a channel); the seeds are fixed, so a failure is reproducible. <c>CONVGEN_FUZZ_SEEDS</c>
/// (for example <c>3-60</c>) runs a longer campaign of further seeds locally.
/// </summary>
public sealed class RandomDepthwiseShapeTests
{
    private delegate void ForwardKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    private delegate void ForwardBiasKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);
    private delegate void DataKernel(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    private delegate void WeightsKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    private sealed record Shape(int C, int H, int W, int Stride, int Batch)
    {
        public int OutHeight => (H - 1) / Stride + 1;
        public int OutWidth => (W - 1) / Stride + 1;
        public Conv2DParameters Parameters => new(C, C, 3, 3, Stride, Stride, 1, 1, 1, 1, C);

        public string Attribute(string pass) =>
            $"[Conv2D(InChannels = {C}, OutChannels = {C}, Height = {H}, Width = {W}, KernelHeight = 3, KernelWidth = 3, " +
            $"StrideHeight = {Stride}, StrideWidth = {Stride}, PaddingHeight = 1, PaddingWidth = 1, Groups = {C}, Pass = ConvPass.{pass})]";
    }

    /// <summary>
    /// Shapes for <paramref name="seed"/>: a third small planes (1-20), a third medium (16-64, where rows span one to
    /// four vectors), a third large (96-130 on a side, larger than the 32 KB L1 per channel); strides 2, 1, 2 in blocks
    /// of three; 1-5 channels (1-3 on the large planes), so pairs, odd leftovers and the thread split all occur; batch
    /// 1 or 2.
    /// </summary>
    private static List<Shape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<Shape>();
        for (int i = 0; i < count; i++)
        {
            (int low, int high) = (i % 3) switch { 0 => (1, 21), 1 => (16, 65), _ => (96, 131) };
            int c = (i % 3) == 2 ? random.Next(1, 4) : random.Next(1, 6);
            int h = random.Next(low, high), w = random.Next(low, high);
            // Even planes two times in three (the stride-2 kernels that split or interleave phases need them), and always
            // for the first large plane, which is stride 2: the interleaved backward-data row walk of channels past L1.
            if (i == 2 || random.Next(3) != 0)
            {
                h += h & 1;
                w += w & 1;
            }
            shapes.Add(new Shape(c, h, w, (i / 3) % 2 == 0 ? 2 : 1, 1 + random.Next(2)));
        }
        return shapes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void DepthwiseKernelsOfRandomShapesAreWithinTheBound(int seed) => CheckSeed(seed);

    /// <summary>The seeds <c>CONVGEN_FUZZ_SEEDS</c> names (<c>a-b</c> or <c>a,b,c</c>); none when it is unset, so CI runs only the two above.</summary>
    [Fact]
    public void DepthwiseKernelsOfTheCampaignSeedsAreWithinTheBound()
    {
        foreach (int seed in RandomShapes.CampaignSeeds())
        {
            CheckSeed(seed);
        }
    }

    /// <summary>The activation of shape <paramref name="i"/>'s forward pass: none, ReLU and ReLU6 in turn.</summary>
    private static Activation ForwardActivation(int i) => (Activation)(i % 3);

    private static void CheckSeed(int seed)
    {
        List<Shape> shapes = Shapes(9, seed);
        var source = new StringBuilder();
        for (int i = 0; i < shapes.Count; i++)
        {
            // The forward passes cycle through the activations, and every other one adds a bias.
            source.AppendLine(shapes[i].Attribute("Forward").Replace(")]", $", Activation = Activation.{ForwardActivation(i)})]", StringComparison.Ordinal));
            source.AppendLine(i % 2 == 0
                ? $"public static partial void Forward{i}(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);"
                : $"public static partial void Forward{i}(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);");
            source.AppendLine(shapes[i].Attribute("BackwardData"));
            source.AppendLine($"public static partial void Data{i}(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);");
            source.AppendLine(shapes[i].Attribute("BackwardWeights"));
            source.AppendLine($"public static partial void Weights{i}(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);");
        }
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(source.ToString()));
        result.AssertNoErrors();
        using InMemoryRunner run = InMemoryRunner.EmitAndLoad(result);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            Shape s = shapes[i];
            string name = $"seed {seed}, {s}";
            int inputLength = s.Batch * s.C * s.H * s.W, outputLength = s.Batch * s.C * s.OutHeight * s.OutWidth;
            float[] x = RandomShapes.Uniform(inputLength, random), dy = RandomShapes.Uniform(outputLength, random), w = RandomShapes.Uniform(s.C * 9, random);

            float[] y = new float[outputLength];
            Array.Fill(y, float.NaN);
            float[] bias = i % 2 == 0 ? RandomShapes.Uniform(s.C, random) : Array.Empty<float>();
            if (i % 2 == 0)
            {
                run.CreateDelegate<ForwardBiasKernel>("Demo.Layers", "Forward" + i)(x, w, bias, y);
            }
            else
            {
                run.CreateDelegate<ForwardKernel>("Demo.Layers", "Forward" + i)(x, w, y);
            }
            ReferenceResult expectedY = Conv2DReference.Forward(s.Parameters, s.Batch, s.H, s.W, x, w, bias, (ReferenceActivation)ForwardActivation(i));
            Assert.True(expectedY.IsWithinBound(y, 4, out string? failure), $"{name} forward: {failure}");

            float[] dx = new float[inputLength];
            Array.Fill(dx, float.NaN);
            run.CreateDelegate<DataKernel>("Demo.Layers", "Data" + i)(dy, w, dx);
            ReferenceResult expectedDx = Conv2DReference.BackwardData(s.Parameters, s.Batch, s.H, s.W, dy, w);
            Assert.True(expectedDx.IsWithinBound(dx, 4, out failure), $"{name} data: {failure}");

            float[] dw = new float[w.Length], db = new float[s.C];
            Array.Fill(dw, float.NaN);
            Array.Fill(db, float.NaN);
            run.CreateDelegate<WeightsKernel>("Demo.Layers", "Weights" + i)(x, dy, dw, db);
            ReferenceWeightGradients expected = Conv2DReference.BackwardWeights(s.Parameters, s.Batch, s.H, s.W, ReferenceResult.ToDouble(x), ReferenceResult.ToDouble(dy));
            Assert.True(expected.Weight.IsWithinBound(dw, 4, out failure), $"{name} weights: {failure}");
            Assert.True(expected.Bias.IsWithinBound(db, 4, out failure), $"{name} bias: {failure}");
        }
    }
}
