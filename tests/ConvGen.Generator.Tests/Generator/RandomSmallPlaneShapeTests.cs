using System;
using System.Collections.Generic;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Randomised layers for the channel-lane convolution plan (<c>ChannelLanePlanner.PlanConvolution</c>), which the other
/// random shapes rarely reach: output planes of 6-256 positions, 16, 32 or 48 output channels per group, 1 or 2 groups,
/// kernels of 1-5 per axis (non-square; never 1×1 at stride 1, nor an undilated 3×3 at stride 1, which may be Winograd),
/// strides of 1-3 per axis, padding below the kernel, dilation 1-2, and enough input channels for a reduction (input
/// channels per group × taps) of at least 128. Each layer's forward plan must be that plan (its remarks say so); forward
/// (with ReLU, ReLU6 or leaky ReLU in turn, every other one with a bias; packed weights bit-identical), backward-data,
/// backward-weights and the bias gradient are checked against the fp64 references with κ = 4, at every thread count.
/// </summary>
[Collection(nameof(RandomShapes))]
public sealed class RandomSmallPlaneShapeTests : RandomShapeTests
{
    /// <summary>What the remarks of a forward kernel on the channel-lane convolution plan say.</summary>
    private const string PlanMarker = "Σ over (c, tap)";

    private static List<RandomConv2DShape> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var shapes = new List<RandomConv2DShape>();
        while (shapes.Count < count)
        {
            // Never a plain pointwise layer, nor an undilated 3×3 at stride 1 (which may be Winograd).
            if (SmallPlaneGeometry.TryDraw(random, k => !(k.Kh * k.Kw == 1 && k.Sh * k.Sw == 1) &&
                    !(k.Kh == 3 && k.Kw == 3 && k.Sh == 1 && k.Sw == 1 && k.Dh == 1 && k.Dw == 1)) is not { } g)
            {
                continue;
            }
            int groups = 1 + random.Next(2), groupOut = 16 * random.Next(1, 4);
            int groupIn = Math.Max((128 + g.Taps - 1) / g.Taps, random.Next(4, 41));
            shapes.Add(g.Layer(groups * groupIn, groups * groupOut, groups, 1 + random.Next(2)));
        }
        return shapes;
    }

    protected override void CheckSeed(int seed)
    {
        List<RandomConv2DShape> shapes = Shapes(8, seed);
        using InMemoryRunner run = RandomShapes.CompileLayers(shapes.Count, (source, i) => RandomShapes.DeclarePasses(source, i, seed, shapes[i].Attribute), out GeneratorTestResult result);

        var random = new Random(seed);
        for (int i = 0; i < shapes.Count; i++)
        {
            string name = $"seed {seed}, {shapes[i]}";
            Assert.True(result.SourceOf("Forward" + i).Contains(PlanMarker, StringComparison.Ordinal), $"{name}: the forward kernel is not on the channel-lane convolution plan");
            shapes[i].Check(run, i, seed, random, name, forward: true);
        }
    }
}
