using System;
using System.Collections.Generic;
using ConvGen.Generator.Tests.Harness;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised [SlidingChannelConv] layers: 1-6 channel groups of width 1-12, any overlap from 0 to the whole group
/// width (so windows that wrap once or many times, and channels no window reads), 1-70 output channels (partial last
/// cycles), planes of 1-20 and batch &gt; 1, generated, compiled and run in memory on this machine's instruction set:
/// forward, backward-data, backward-weights and the bias gradient against the fp64 references of <c>scc-spec.md</c>
/// with the κ·2^-23·Σ|terms| bound (κ = 4). The seeds are fixed, so a failure is reproducible;
/// <c>CONVGEN_FUZZ_SEEDS</c> runs a longer campaign locally.
/// </summary>
[Collection(nameof(RandomShapes))]
public sealed class RandomSccShapeTests : RandomShapeTests
{
    private sealed record Shape(int ChannelGroups, int GroupWidth, int Overlap, int OutChannels, int H, int W, int Batch)
    {
        public int InChannels => ChannelGroups * GroupWidth;
        public SccParameters Parameters => SccParameters.FromOverlap(InChannels, OutChannels, ChannelGroups, Overlap);

        public string Attribute(string pass) =>
            $"[SlidingChannelConv(InChannels = {InChannels}, OutChannels = {OutChannels}, Height = {H}, Width = {W}, " +
            $"ChannelGroups = {ChannelGroups}, OverlapChannels = {Overlap}, Pass = ConvPass.{pass})]";
    }

    private static List<Shape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<Shape>();
        for (int i = 0; i < count; i++)
        {
            int gw = random.Next(1, 13);
            shapes.Add(new Shape(random.Next(1, 7), gw, random.Next(0, gw + 1), random.Next(1, 71), random.Next(1, 21), random.Next(1, 21), random.Next(1, 3)));
        }
        return shapes;
    }

    protected override void CheckSeed(int seed)
    {
        List<Shape> shapes = Shapes(10, seed);
        using InMemoryRunner run = RandomShapes.CompileLayers(shapes.Count, (source, i) => RandomShapes.DeclarePlainPasses(source, i, shapes[i].Attribute), out _);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            Shape s = shapes[i];
            string name = $"seed {seed}, {s}";
            int inputLength = s.Batch * s.InChannels * s.H * s.W, outputLength = s.Batch * s.OutChannels * s.H * s.W;
            float[] x = RandomShapes.Uniform(inputLength, random), dy = RandomShapes.Uniform(outputLength, random), w = RandomShapes.Uniform(s.OutChannels * s.GroupWidth, random);

            float[] y = RandomShapes.RunPlainForward(run, i, x, w, outputLength, name);
            ReferenceResult expectedY = SccReference.Forward(s.Parameters, s.Batch, s.H, s.W, x, w);
            Assert.True(expectedY.IsWithinBound(y, 4, out string? failure), $"{name} forward: {failure}");

            float[] dx = RandomShapes.RunBackwardData(run, i, dy, w, inputLength, name);
            ReferenceResult expectedDx = SccReference.BackwardData(s.Parameters, s.Batch, s.H, s.W, dy, w);
            Assert.True(expectedDx.IsWithinBound(dx, 4, out failure), $"{name} data: {failure}");

            (float[] dw, float[] db) = RandomShapes.RunBackwardWeights(run, i, x, dy, w.Length, s.OutChannels, name);
            ReferenceWeightGradients expected = SccReference.BackwardWeights(s.Parameters, s.Batch, s.H, s.W, x, dy);
            Assert.True(expected.Weight.IsWithinBound(dw, 4, out failure), $"{name} weights: {failure}");
            Assert.True(expected.Bias.IsWithinBound(db, 4, out failure), $"{name} bias: {failure}");
        }
    }
}
