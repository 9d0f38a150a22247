using System.Linq;
using System.Text.RegularExpressions;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// The AVX2 stride-2 depthwise split tile: the method's remarks name the row tile the emitted method runs, whichever
/// rule picked its height (3 rows on channels larger than L1, up to 7 on the others, narrow rows or not).
/// </summary>
public sealed class SplitTileRemarksTests
{
    [Theory]
    [InlineData(112, 112, "3×8")] // 49 KB channel
    [InlineData(28, 28, "7×8")]
    [InlineData(14, 14, "7×7")] // rows of 7, one tile
    [InlineData(1200, 14, "3×7")] // rows of 7 in a 66 KB channel
    [InlineData(10, 12, "5×6")] // five rows of 6
    public void RemarksNameTheEmittedRowTile(int height, int width, string tile)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"[Conv2D(InChannels = 2, OutChannels = 2, Groups = 2, Height = {height}, Width = {width}, KernelSize = 3, Stride = 2, Padding = 1)]\n" +
            "public static partial void Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);"));
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        string remark = Assert.Single(text.Split('\n'), line => line.Contains("<para>AVX2 packs nothing either"));
        Assert.Contains($"row tiles of {tile} (", remark);
        string rows = tile.Split('×')[0];
        string summary = Assert.Single(text.Split('\n'), line => line.Contains("Vector256 path (AVX2) without packing"));
        Assert.Matches(new Regex($"row tiles of {rows} output rows"), summary);
    }
}
