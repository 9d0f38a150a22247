using System.Linq;
using System.Text.RegularExpressions;
using ConvGen.Generator.Tests.Generator;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Emit;

/// <summary>The packing the depthwise weights gradient inlines into its channel kernel.</summary>
public sealed class InputPackingEmitterTests
{
    [Fact]
    public void InlinedPackingCopiesLongRowsInPiecesTheJitUnrolls()
    {
        // RyuJIT unrolls a constant block copy of up to 128 bytes and calls memmove for a longer one; a call inside the
        // channel kernel would leave its accumulators in stack slots. Rows of 112 floats (448 bytes) come in pieces.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "[Conv2D(InChannels = 2, OutChannels = 2, Height = 4, Width = 112, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)] " +
            "public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);"));
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        Assert.Contains("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]\n        private static void PackInterior", text);
        int[] sizes = Regex.Matches(text, @"CopyBlockUnaligned\([^;]*, (\d+)\);").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(new[] { 128, 128, 128, 64 }, sizes);
    }
}
