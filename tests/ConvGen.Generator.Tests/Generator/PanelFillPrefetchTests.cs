using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// Pointwise backward-data with the channels in the lanes: a block's first tile, which reads the OIHW weight rows in
/// place as it fills the block's panel, prefetches the row 16 output channels ahead where the rows are a page or more
/// apart, on every path that has the tile, and the remarks say so; rows closer together get no prefetch.
/// </summary>
public sealed class PanelFillPrefetchTests
{
    private static string Generate(int channels, int size)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"[Conv2D(InChannels = {channels}, OutChannels = {channels}, Height = {size}, Width = {size}, KernelSize = 1, Pass = ConvPass.BackwardData)]\n" +
            "public static partial void Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);"));
        result.AssertNoErrors();
        return Assert.Single(result.GeneratedSources).Text;
    }

    [Fact]
    public void RowsAPageApartArePrefetchedByTheFillingTileOfEveryPath()
    {
        string text = Generate(1024, 7); // rows of 1024 floats: 4 KB apart
        string[] lines = text.Split('\n');
        // Vector512's block is two lines wide, the other paths' one line.
        Assert.Single(lines, line => line.Trim() == "KernelMemory.Prefetch(ref w, 16 * GroupIn); KernelMemory.Prefetch(ref w, 16 * GroupIn + 16);");
        Assert.Equal(3, lines.Count(line => line.Trim() == "KernelMemory.Prefetch(ref w, 16 * GroupIn);"));
        Assert.Equal(4, lines.Count(line => line.Contains("FillingPanel(ref float rows")));
        Assert.Contains("the rows are a page or more apart, so it prefetches each row 16 output channels ahead", text);
    }

    [Fact]
    public void RowsCloserTogetherAreNotPrefetched()
    {
        string text = Generate(512, 14); // 2 KB apart, two rows to a page
        Assert.Contains("FillingPanel(ref float rows", text);
        Assert.DoesNotContain("KernelMemory.Prefetch(ref w", text);
        Assert.DoesNotContain("prefetches each row", text);
    }
}
