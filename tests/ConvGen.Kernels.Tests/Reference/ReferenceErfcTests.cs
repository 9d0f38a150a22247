using System;
using ConvGen.Tests.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests.Reference;

/// <summary>
/// The fp64 erfc behind the GELU reference, against published values (those of the C library's erfc, correct to a
/// unit in the last place), on both sides of its switch at 1 from the series to the continued fraction and far into
/// the tail, where GELU's relative accuracy is checked.
/// </summary>
public sealed class ReferenceErfcTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.1, 0.8875370839817152)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(0.99, 0.1614919304446302)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(2.9, 4.109787809945886e-05)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(3.5, 7.430983723414128e-07)]
    [InlineData(5.0, 1.5374597944280351e-12)]
    [InlineData(10.0, 2.088487583762545e-45)]
    [InlineData(20.0, 5.3958656116079005e-176)]
    public void MatchesPublishedValues(double z, double expected)
    {
        Assert.True(Math.Abs(ReferenceActivations.Erfc(z) - expected) <= 1e-12 * expected, $"erfc({z}) = {ReferenceActivations.Erfc(z):R}, expected {expected:R}");
        Assert.True(Math.Abs(ReferenceActivations.Erfc(-z) - (2 - expected)) <= 1e-15, $"erfc({-z})");
    }

    [Fact]
    public void NormalDistributionIsHalfAtZeroAndSymmetric()
    {
        Assert.Equal(0.5, ReferenceActivations.NormalDistribution(0));
        Assert.Equal(0.8413447460685429, ReferenceActivations.NormalDistribution(1), 14);
        Assert.Equal(1, ReferenceActivations.NormalDistribution(1.7) + ReferenceActivations.NormalDistribution(-1.7), 15);
    }
}
