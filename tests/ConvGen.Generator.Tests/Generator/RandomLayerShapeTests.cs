using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Tests.Harness;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised mid-sized layers, the shapes whose plans the small random shapes of
/// <see cref="RandomBackwardShapeTests"/> never reach: 3×3 stride-1 layers with enough channels for Winograd, 1×1
/// layers with enough channels and positions for the GEMM tiles and their channel and position remainders, few-channel
/// 7×7 stride-2 stems, and grouped layers with several channels per group. Generated, compiled and run in memory on
/// this machine's instruction set: forward (no activation, ReLU and ReLU6 in turn, every other one with a bias; packed
/// weights bit-identical), backward-data, backward-weights and the bias gradient against the fp64 references with the
/// κ·2^-23·Σ|terms| bound (κ = 4 for direct plans; a Winograd plan, in any pass, is held to the κ its generated remarks
/// state). The seeds are fixed, so a failure is reproducible. <c>CONVGEN_FUZZ_SEEDS</c> (for example <c>3-40</c>) runs a
/// longer campaign of further seeds locally.
/// </summary>
[Collection(nameof(RandomShapes))]
public sealed class RandomLayerShapeTests : RandomShapeTests
{
    private sealed record Shape(int C, int K, int H, int W, int Kh, int Kw, int Stride, int Padding, int G, int Batch)
    {
        public int OutHeight => (H + 2 * Padding - Kh) / Stride + 1;
        public int OutWidth => (W + 2 * Padding - Kw) / Stride + 1;
        public Conv2DParameters Parameters => new(C, K, Kh, Kw, Stride, Stride, Padding, Padding, 1, 1, G);

        public string Attribute(string pass) =>
            $"[Conv2D(InChannels = {C}, OutChannels = {K}, Height = {H}, Width = {W}, KernelHeight = {Kh}, KernelWidth = {Kw}, " +
            $"StrideHeight = {Stride}, StrideWidth = {Stride}, PaddingHeight = {Padding}, PaddingWidth = {Padding}, Groups = {G}, Pass = ConvPass.{pass})]";
    }

    /// <summary>Shapes for <paramref name="seed"/>, cycling through the four families the summary names.</summary>
    private static List<Shape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<Shape>();
        for (int i = 0; i < count; i++)
        {
            int h = random.Next(4, 33), w = random.Next(4, 33), batch = 1 + random.Next(2);
            shapes.Add((i % 4) switch
            {
                // 3×3, stride 1, padding 0 or 1, 16-80 channels: the Winograd candidates.
                0 => new Shape(random.Next(16, 81), random.Next(16, 81), h, w, 3, 3, 1, random.Next(2), 1, batch),
                // 1×1 with 8-100 channels each way: GEMM tiles with remainders in both channels and positions.
                1 => new Shape(random.Next(8, 101), random.Next(8, 101), h, w, 1, 1, 1, 0, 1, batch),
                // A stem: 1-4 input channels, 7×7 stride 2 padding 3, 8-40 output channels, planes up to 64.
                2 => new Shape(random.Next(1, 5), random.Next(8, 41), 2 * h, 2 * w, 7, 7, 2, 3, 1, batch),
                // Grouped: 2-8 groups of 2-12 input and output channels, 1×1 or 3×3, stride 1 or 2.
                _ => Grouped(random, h, w, batch),
            });
        }
        return shapes;
    }

    private static Shape Grouped(Random random, int h, int w, int batch)
    {
        int g = random.Next(2, 9), k = random.Next(2) == 0 ? 1 : 3;
        return new Shape(g * random.Next(2, 13), g * random.Next(2, 13), h, w, k, k, 1 + random.Next(2), k / 2, g, batch);
    }

    protected override void CheckSeed(int seed)
    {
        List<Shape> shapes = Shapes(8, seed);
        using InMemoryRunner run = RandomShapes.CompileLayers(shapes.Count, (source, i) => RandomShapes.DeclarePasses(source, i, shapes[i].Attribute), out GeneratorTestResult result);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            Shape s = shapes[i];
            string name = $"seed {seed}, {s}";
            int inputLength = s.Batch * s.C * s.H * s.W, outputLength = s.Batch * s.K * s.OutHeight * s.OutWidth;
            float[] x = RandomShapes.Uniform(inputLength, random), dy = RandomShapes.Uniform(outputLength, random), w = RandomShapes.Uniform(s.K * (s.C / s.G) * s.Kh * s.Kw, random);
            double forwardKappa = WinogradKappa(result, "Forward" + i), dataKappa = WinogradKappa(result, "Data" + i);

            float[] bias = RandomShapes.ForwardHasBias(i) ? RandomShapes.Uniform(s.K, random) : Array.Empty<float>();
            float[] y = RandomShapes.RunForward(run, i, x, w, bias, outputLength, name);
            ReferenceResult expectedY = Conv2DReference.Forward(s.Parameters, s.Batch, s.H, s.W, x, w, bias, (ReferenceActivation)RandomShapes.ForwardActivation(i));
            Assert.True(expectedY.IsWithinBound(y, forwardKappa, out string? failure), $"{name} forward: {failure}");

            float[] dx = RandomShapes.RunBackwardData(run, i, dy, w, inputLength, name);
            ReferenceResult expectedDx = Conv2DReference.BackwardData(s.Parameters, s.Batch, s.H, s.W, dy, w);
            Assert.True(expectedDx.IsWithinBound(dx, dataKappa, out failure), $"{name} data: {failure}");

            (float[] dw, float[] db) = RandomShapes.RunBackwardWeights(run, i, x, dy, w.Length, s.K, name);
            ReferenceWeightGradients expected = Conv2DReference.BackwardWeights(s.Parameters, s.Batch, s.H, s.W, ReferenceResult.ToDouble(x), ReferenceResult.ToDouble(dy));
            Assert.True(expected.Weight.IsWithinBound(dw, WinogradKappa(result, "Weights" + i), out failure), $"{name} weights: {failure}");
            Assert.True(expected.Bias.IsWithinBound(db, 4, out failure), $"{name} bias: {failure}");
        }
    }

    /// <summary>
    /// The κ the generated method's remarks state for a Winograd plan ("error bound κ = 128·2^-23·Σ|w·x|"), or 4 for a
    /// direct plan, whose remarks state none.
    /// </summary>
    private static double WinogradKappa(GeneratorTestResult result, string method)
    {
        string? text = result.GeneratedSources.Select(s => s.Text).FirstOrDefault(t => t.Contains($"partial void {method}(", StringComparison.Ordinal));
        const string Marker = "error bound κ = ";
        int at = text?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (text is null || at < 0)
        {
            return 4;
        }
        int start = at + Marker.Length, end = text.IndexOf('·', start);
        return double.Parse(text.AsSpan(start, end - start), System.Globalization.CultureInfo.InvariantCulture);
    }
}
