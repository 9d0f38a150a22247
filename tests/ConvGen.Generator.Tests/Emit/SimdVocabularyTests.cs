using System.Linq;
using ConvGen.Generator.Emit;
using Xunit;

namespace ConvGen.Generator.Tests.Emit;

/// <summary>The path bookkeeping every emitter shares: which paths a plan has, and the folded checks that pick one.</summary>
public sealed class SimdVocabularyTests
{
    [Fact]
    public void PathsSkipTheInstructionSetsAPlanHasNoTileFor()
    {
        var paths = SimdVocabulary.Paths<string>(null, "t256", null, "scalar").ToList();
        Assert.Equal(new[] { SimdVocabulary.Vector256, SimdVocabulary.Scalar }, paths.Select(p => p.Simd));
        Assert.Equal(new[] { "t256", "scalar" }, paths.Select(p => p.Tile));
    }

    [Fact]
    public void PickChecksTheWidestPathFirstAndEndsWithTheScalarValue()
    {
        string text = SimdVocabulary.Pick(SimdVocabulary.WithVector512, s => s.Lanes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 1", text);
    }

    [Fact]
    public void DispatchCallsOneMethodPerPath()
    {
        Assert.Equal(
            new[]
            {
                "if (Vector512.IsHardwareAccelerated) Run512(x);",
                "else if (Vector256.IsHardwareAccelerated) Run256(x);",
                "else if (Vector128.IsHardwareAccelerated) Run128(x);",
                "else RunScalar(x);",
            },
            SimdVocabulary.Dispatch("Run", "x", SimdVocabulary.WithVector512));
        Assert.Equal(3, SimdVocabulary.Dispatch("Run", "x", SimdVocabulary.All).Count());
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(48, true)]
    [InlineData(40, false)] // whole vectors of 8, not of 16
    public void ChannelLanesGetVector512WhereTheyAreWhole16LaneVectors(int laneChannels, bool vector512)
    {
        Assert.Equal(vector512, ChannelLaneBlocks.Paths(laneChannels).Contains(SimdVocabulary.Vector512));
        Assert.Equal(vector512 ? 4 : 3, ChannelLaneBlocks.Paths(laneChannels).Count);
    }

    [Fact]
    public void Vector512AndVector256SumsFoldTheHalvesBeforeReducing()
    {
        Assert.Equal("Vector256.Sum(a.GetLower() + a.GetUpper())", SimdVocabulary.Vector512.Sum("a"));
        Assert.Equal("Vector128.Sum(a.GetLower() + a.GetUpper())", SimdVocabulary.Vector256.Sum("a"));
        Assert.Equal("Vector128.Sum(a)", SimdVocabulary.Vector128.Sum("a"));

        var accumulators = Enumerable.Range(0, 8).Select(i => "a" + i).ToList();
        string sums = string.Join("\n", SimdVocabulary.Vector512.StoreSums8(accumulators, "dw", 0)!);
        Assert.Contains("halves7 = a7.GetLower() + a7.GetUpper()", sums);
        Assert.Contains("HorizontalAdd(halves0, halves1)", sums);
        Assert.Null(SimdVocabulary.Vector128.StoreSums8(accumulators, "dw", 0));
    }

    [Fact]
    public void DispatchLinesBraceEachPathAndLeaveALoneScalarPathBare()
    {
        Assert.Equal(
            new[] { "if (Vector256.IsHardwareAccelerated)", "{", "    Run256();", "}", "else if (Vector128.IsHardwareAccelerated)", "{", "    Run128();", "}", "else", "{", "    RunScalar();", "}" },
            SimdVocabulary.DispatchLines(SimdVocabulary.All, s => $"Run{s.Suffix}();", braces: true));
        Assert.Equal(new[] { "RunScalar(x);" }, SimdVocabulary.Dispatch("Run", "x", new[] { SimdVocabulary.Scalar }));
    }
}
