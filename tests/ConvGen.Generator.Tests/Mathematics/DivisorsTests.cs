using System.Linq;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

/// <summary>The divisor lists behind the group-count diagnostics (CNVG0104, CNVG0120), against trial division.</summary>
public sealed class DivisorsTests
{
    [Fact]
    public void DivisorsAreEveryNumberThatDividesInAscendingOrder()
    {
        foreach (int n in Enumerable.Range(1, 400).Concat(new[] { 720720, 1048576, 1000003, 1048575 }))
        {
            int[] trial = Enumerable.Range(1, n).Where(d => n % d == 0).ToArray();
            Assert.Equal(trial, Divisors.Of(n));
        }
    }

    [Theory]
    [InlineData(1, "only 1")]
    [InlineData(2, "one of 1 or 2")]
    [InlineData(12, "one of 1, 2, 3, 4, 6 or 12")]
    [InlineData(2048, "one of 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024 or 2048")] // twelve: all listed
    [InlineData(4096, "one of 1, 2, 4, 8, 16, 32, 64, 128, 256, …, 4096")]             // thirteen: nine, then the largest
    [InlineData(720720, "one of 1, 2, 3, 4, 5, 6, 7, 8, 9, …, 720720")]
    public void DescribeListsTheDivisorsAsAMessageStatesThem(int n, string expected)
    {
        Assert.Equal(expected, Divisors.Describe(n));
    }

    [Theory]
    [InlineData(6, 4, 2)]
    [InlineData(4, 6, 2)]
    [InlineData(7, 5, 1)]
    [InlineData(12, 0, 12)]
    [InlineData(1024, 768, 256)]
    public void GreatestCommonDivisorOfChannelCounts(int a, int b, int expected)
    {
        Assert.Equal(expected, ShapeMath.GreatestCommonDivisor(a, b));
    }
}
