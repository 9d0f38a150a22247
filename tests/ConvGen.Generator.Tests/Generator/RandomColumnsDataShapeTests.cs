using System;
using System.Collections.Generic;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised layers for the columns plan of backward-data (<c>ChannelLanePlanner.PlanColumnsData</c>), which the other
/// random shapes rarely reach: a stride of 2 or 3 on at least one axis, gradOutput planes of 6-256 positions, kernels of
/// 1-5 per axis (non-square), padding below the kernel, dilation 1-2, 1 or 2 groups, input channels per group such that
/// the columns (input channels × taps) are whole 16-lane vectors, and 128-160 output channels per group (256-272 on
/// planes above 64 positions), the reduction the columns GEMM needs. Each layer's backward-data plan must be that plan
/// (its remarks say so); backward-data, backward-weights with the bias gradient, and the forward pass are checked
/// against the fp64 references with κ = 4, at every thread count.
/// </summary>
[Collection(nameof(RandomShapes))]
public sealed class RandomColumnsDataShapeTests : RandomShapeTests
{
    /// <summary>What the remarks of a backward-data kernel on the columns plan say.</summary>
    private const string PlanMarker = "Plan: a columns GEMM";

    private static List<RandomConv2DShape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<RandomConv2DShape>();
        while (shapes.Count < count)
        {
            if (SmallPlaneGeometry.TryDraw(random, k => k.Sh > 1 || k.Sw > 1) is not { } g)
            {
                continue;
            }
            // Input channels per group: a multiple of 16 / gcd(taps, 16), so the columns fill whole 16-lane vectors.
            int step = 16 / Gcd(g.Taps, 16);
            int groups = 1 + random.Next(2), groupIn = step * random.Next(1, Math.Max(2, 64 / (step * g.Taps) + 1) + 1);
            int groupOut = (g.Positions > 64 ? 256 : 128) + 16 * random.Next(2);
            shapes.Add(g.Layer(groups * groupIn, groups * groupOut, groups, 1 + random.Next(2)));
        }
        return shapes;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    protected override void CheckSeed(int seed)
    {
        List<RandomConv2DShape> shapes = Shapes(6, seed);
        using InMemoryRunner run = RandomShapes.CompileLayers(shapes.Count, (source, i) => RandomShapes.DeclarePasses(source, i, seed, shapes[i].Attribute), out GeneratorTestResult result);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            string name = $"seed {seed}, {shapes[i]}";
            Assert.True(result.SourceOf("Data" + i).Contains(PlanMarker, StringComparison.Ordinal), $"{name}: the backward-data kernel is not on the columns plan");
            shapes[i].Check(run, i, seed, random, name, forward: true);
        }
    }
}
