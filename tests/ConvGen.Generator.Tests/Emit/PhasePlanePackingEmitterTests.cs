using System.Linq;
using ConvGen.Generator.Emit;
using Xunit;

namespace ConvGen.Generator.Tests.Emit;

/// <summary>Which plane columns the Winograd packing may de-interleave without bounds checks.</summary>
public sealed class PhasePlanePackingEmitterTests
{
    [Theory]
    [InlineData(4, 56, 1, 15, 1, 14)] // ResNet-18 56×56, F(4,3): column 0 reads the left padding, 14 the right
    [InlineData(2, 8, 2, 6, 1, 5)] // padding 2
    [InlineData(4, 17, 0, 5, 0, 4)] // no padding
    [InlineData(2, 5, -1, 4, 0, 2)] // a TDC window starting inside the input
    [InlineData(4, 3, 1, 2, 1, 1)] // too narrow: none
    public void InsideColumnsAreThoseWhosePhasesAllReadTheRow(int m, int width, int padLeft, int planeWidth, int first, int end) =>
        Assert.Equal((first, end), PhasePlanePackingEmitter.InsideColumns(m, width, padLeft, planeWidth));

    [Fact]
    public void InsideColumnsMatchABruteForceCount()
    {
        foreach (int m in new[] { 2, 4, 6 })
        {
            for (int width = 1; width <= 40; width++)
            {
                for (int padLeft = -3; padLeft <= 3; padLeft++)
                {
                    foreach (int planeWidth in new[] { 1, 3, (width + m) / m + 1, 20 })
                    {
                        bool[] inside = Enumerable.Range(0, planeWidth)
                            .Select(u => Enumerable.Range(0, m).All(p => (uint)(u * m + p - padLeft) < (uint)width)).ToArray();
                        (int first, int end) = PhasePlanePackingEmitter.InsideColumns(m, width, padLeft, planeWidth);
                        Assert.InRange(first, 0, planeWidth);
                        Assert.InRange(end, first, planeWidth);
                        for (int u = 0; u < planeWidth; u++)
                        {
                            Assert.Equal(inside[u], u >= first && u < end);
                        }
                    }
                }
            }
        }
    }
}
