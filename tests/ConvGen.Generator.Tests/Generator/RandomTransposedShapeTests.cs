using System;
using System.Collections.Generic;
using ConvGen.Generator.Tests.Harness;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised [ConvTranspose2D] layers on the direct TDC plans: stride 1-3 (phases that own no taps included),
/// padding, output padding, dilation, groups, non-square kernels and batch &gt; 1, generated, compiled and run in memory
/// on this machine's instruction set: forward (no activation, ReLU and ReLU6 in turn, every other one with a bias;
/// packed weights bit-identical), backward-data, backward-weights and the bias gradient against the fp64
/// scatter-form references with the κ·2^-23·Σ|terms| bound (κ = 4). Channels stay under the 16 that lets Auto pick
/// Winograd, whose bound is stated per tile window and checked by the kernel tests' catalogue. The seeds are fixed, so
/// a failure is reproducible; <c>CONVGEN_FUZZ_SEEDS</c> runs a longer campaign locally.
/// </summary>
[Collection(nameof(RandomShapes))]
public sealed class RandomTransposedShapeTests : RandomShapeTests
{
    private sealed record Shape(int C, int K, int H, int W, int Kh, int Kw, int Sh, int Sw, int Ph, int Pw, int Oph, int Opw, int Dh, int Dw, int G, int Batch)
    {
        public int OutHeight => (H - 1) * Sh - 2 * Ph + Dh * (Kh - 1) + Oph + 1;
        public int OutWidth => (W - 1) * Sw - 2 * Pw + Dw * (Kw - 1) + Opw + 1;
        public TransposedConv2DParameters Parameters => new(C, K, Kh, Kw, Sh, Sw, Ph, Pw, Oph, Opw, Dh, Dw, G);

        public string Attribute(string pass) =>
            $"[ConvTranspose2D(InChannels = {C}, OutChannels = {K}, Height = {H}, Width = {W}, KernelHeight = {Kh}, KernelWidth = {Kw}, " +
            $"StrideHeight = {Sh}, StrideWidth = {Sw}, PaddingHeight = {Ph}, PaddingWidth = {Pw}, OutputPaddingHeight = {Oph}, OutputPaddingWidth = {Opw}, " +
            $"DilationHeight = {Dh}, DilationWidth = {Dw}, Groups = {G}, Pass = ConvPass.{pass})]";
    }

    private static List<Shape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<Shape>();
        while (shapes.Count < count)
        {
            int g = random.Next(1, 4);
            int c = g * random.Next(1, 16 / g), k = g * random.Next(1, 16 / g);
            int kh = random.Next(1, 6), kw = random.Next(1, 6), sh = random.Next(1, 4), sw = random.Next(1, 4);
            int dh = random.Next(1, 3), dw = random.Next(1, 3);
            var shape = new Shape(c, k, random.Next(1, 17), random.Next(1, 21), kh, kw, sh, sw,
                random.Next(0, kh), random.Next(0, kw), random.Next(0, sh), random.Next(0, sw), dh, dw, g, random.Next(1, 3));
            if (shape.OutHeight >= 1 && shape.OutWidth >= 1)
            {
                shapes.Add(shape);
            }
        }
        return shapes;
    }

    protected override void CheckSeed(int seed)
    {
        List<Shape> shapes = Shapes(10, seed);
        using InMemoryRunner run = RandomShapes.CompileLayers(shapes.Count, (source, i) => RandomShapes.DeclarePasses(source, i, seed, shapes[i].Attribute), out _);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            Shape s = shapes[i];
            string name = $"seed {seed}, {s}";
            int inputLength = s.Batch * s.C * s.H * s.W, outputLength = s.Batch * s.K * s.OutHeight * s.OutWidth;
            float[] x = RandomShapes.Uniform(inputLength, random), dy = RandomShapes.Uniform(outputLength, random), w = RandomShapes.Uniform(s.C * (s.K / s.G) * s.Kh * s.Kw, random);

            float[] bias = RandomShapes.ForwardHasBias(i) ? RandomShapes.Uniform(s.K, random) : Array.Empty<float>();
            float[] y = RandomShapes.RunForward(run, i, x, w, bias, outputLength, name);
            ReferenceResult expectedY = TransposedConvReference.Forward(s.Parameters, s.Batch, s.H, s.W, x, w, bias, (ReferenceActivation)RandomShapes.ForwardActivation(i, seed), RandomShapes.ForwardNegativeSlope(i, seed));
            Assert.True(expectedY.IsWithinBound(y, 4, out string? failure), $"{name} forward: {failure}");

            float[] dx = RandomShapes.RunBackwardData(run, i, dy, w, inputLength, name);
            ReferenceResult expectedDx = TransposedConvReference.BackwardData(s.Parameters, s.Batch, s.H, s.W, dy, w);
            Assert.True(expectedDx.IsWithinBound(dx, 4, out failure), $"{name} data: {failure}");

            (float[] dw, float[] db) = RandomShapes.RunBackwardWeights(run, i, x, dy, w.Length, s.K, name);
            ReferenceWeightGradients expected = TransposedConvReference.BackwardWeights(s.Parameters, s.Batch, s.H, s.W, x, dy);
            Assert.True(expected.Weight.IsWithinBound(dw, 4, out failure), $"{name} weights: {failure}");
            Assert.True(expected.Bias.IsWithinBound(db, 4, out failure), $"{name} bias: {failure}");
        }
    }
}
