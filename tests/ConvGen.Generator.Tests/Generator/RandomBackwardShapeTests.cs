using System;
using System.Collections.Generic;
using ConvGen.Generator.Tests.Harness;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised layers (stride, padding, dilation, groups, depthwise, 1x1, non-square, batch &gt; 1) generated, compiled
/// and run in memory: backward-data, backward-weights and the bias gradient against the fp64 references with the
/// κ·2^-23·Σ|terms| bound (κ = 4). The shapes are drawn from a fixed seed, so a failure is reproducible.
/// </summary>
[Collection(nameof(RandomShapes))]
public sealed class RandomBackwardShapeTests : RandomShapeTests
{
    private sealed record Shape(int C, int K, int H, int W, int Kh, int Kw, int Sh, int Sw, int Ph, int Pw, int Dh, int Dw, int G, int Batch)
    {
        public int OutHeight => (H + 2 * Ph - Dh * (Kh - 1) - 1) / Sh + 1;
        public int OutWidth => (W + 2 * Pw - Dw * (Kw - 1) - 1) / Sw + 1;
        public Conv2DParameters Parameters => new(C, K, Kh, Kw, Sh, Sw, Ph, Pw, Dh, Dw, G);

        public string Attribute(string pass) =>
            $"[Conv2D(InChannels = {C}, OutChannels = {K}, Height = {H}, Width = {W}, KernelHeight = {Kh}, KernelWidth = {Kw}, " +
            $"StrideHeight = {Sh}, StrideWidth = {Sw}, PaddingHeight = {Ph}, PaddingWidth = {Pw}, DilationHeight = {Dh}, DilationWidth = {Dw}, Groups = {G}, Pass = ConvPass.{pass})]";
    }

    private static List<Shape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<Shape>();
        while (shapes.Count < count)
        {
            int kind = shapes.Count % 4; // dense, grouped, depthwise (multiplier 1 or 2), 1x1
            int g = kind switch { 0 => 1, 1 => random.Next(2, 4), _ => 0 };
            int c, k;
            if (kind == 2)
            {
                c = random.Next(1, 9);
                g = c;
                k = c * random.Next(1, 3);
            }
            else
            {
                g = kind == 3 ? random.Next(1, 3) : g;
                c = g * random.Next(1, 6);
                k = g * random.Next(1, 6);
            }
            int kh = kind == 3 ? 1 : random.Next(1, 6), kw = kind == 3 ? 1 : random.Next(1, 6);
            int sh = random.Next(1, 4), sw = random.Next(1, 4);
            int dh = random.Next(1, 3), dw = random.Next(1, 3);
            int ph = random.Next(0, kh), pw = random.Next(0, kw);
            int h = random.Next(1, 16), w = random.Next(1, 20);
            var shape = new Shape(c, k, h, w, kh, kw, sh, sw, ph, pw, dh, dw, g, random.Next(1, 4));
            if (dh * (kh - 1) + 1 <= h + 2 * ph && dw * (kw - 1) + 1 <= w + 2 * pw)
            {
                shapes.Add(shape);
            }
        }
        return shapes;
    }

    protected override void CheckSeed(int seed)
    {
        List<Shape> shapes = Shapes(12, seed);
        using InMemoryRunner run = RandomShapes.CompileLayers(shapes.Count, (source, i) => RandomShapes.DeclareBackwardPasses(source, i, shapes[i].Attribute), out _);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            Shape s = shapes[i];
            string name = $"seed {seed}, {s}";
            int inputLength = s.Batch * s.C * s.H * s.W, outputLength = s.Batch * s.K * s.OutHeight * s.OutWidth;
            float[] x = RandomShapes.Uniform(inputLength, random), dy = RandomShapes.Uniform(outputLength, random), w = RandomShapes.Uniform(s.K * (s.C / s.G) * s.Kh * s.Kw, random);

            float[] dx = RandomShapes.RunBackwardData(run, i, dy, w, inputLength, name);
            ReferenceResult expectedDx = Conv2DReference.BackwardData(s.Parameters, s.Batch, s.H, s.W, dy, w);
            Assert.True(expectedDx.IsWithinBound(dx, 4, out string? failure), $"{name} data: {failure}");

            (float[] dw, float[] db) = RandomShapes.RunBackwardWeights(run, i, x, dy, w.Length, s.K, name);
            ReferenceWeightGradients expected = Conv2DReference.BackwardWeights(s.Parameters, s.Batch, s.H, s.W, ReferenceResult.ToDouble(x), ReferenceResult.ToDouble(dy));
            Assert.True(expected.Weight.IsWithinBound(dw, 4, out failure), $"{name} weights: {failure}");
            Assert.True(expected.Bias.IsWithinBound(db, 4, out failure), $"{name} bias: {failure}");
        }
    }
}
