using System;
using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

public sealed class WinogradErrorModelTests
{
    [Theory]
    [InlineData(3, 16)]
    [InlineData(4, 16)]
    [InlineData(5, 64)]
    [InlineData(6, 128)]
    [InlineData(7, 256)]
    [InlineData(8, 512)]
    public void KappaFollowsTheSpecTable(int n, int kappa)
    {
        Assert.Equal(kappa, WinogradErrorModel.ElementwiseKappa(n));
        Assert.Equal(kappa + 4, WinogradErrorModel.ElementwiseKappa(n, fp32Reference: true));
    }

    [Fact]
    public void DirectKappaAndOutOfRangeTiles()
    {
        Assert.Equal(4, WinogradErrorModel.DirectElementwiseKappa());
        Assert.Equal(8, WinogradErrorModel.DirectElementwiseKappa(fp32Reference: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => WinogradErrorModel.ElementwiseKappa(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => WinogradErrorModel.RelativeL2Limit(0));
    }

    [Theory]
    [InlineData(4, 2e-6)]
    [InlineData(5, 1.5e-5)]
    [InlineData(6, 1.5e-5)]
    [InlineData(7, 3e-5)]
    [InlineData(8, 3e-5)]
    public void RelativeL2Limits(int n, double limit)
    {
        Assert.Equal(limit, WinogradErrorModel.RelativeL2Limit(n));
    }

    [Fact]
    public void ElementwiseToleranceIsKappaEpsilonTimesMagnitude()
    {
        Assert.Equal(WinogradErrorModel.SingleEpsilon, Math.Pow(2, -23));
        Assert.Equal(128 * Math.Pow(2, -23) * 10.0, WinogradErrorModel.ElementwiseTolerance(128, 10.0));
    }

    [Theory]
    [InlineData(2, 3, 8.0)]
    [InlineData(4, 3, 48.0)]
    [InlineData(3, 2, 6.0)]
    [InlineData(2, 2, 4.0)]
    [InlineData(4, 2, 20.0)]
    [InlineData(6, 2, 55.0)]
    [InlineData(6, 3, 67.7)]
    [InlineData(2, 5, 57.7)]
    [InlineData(4, 5, 86.8)]
    public void AmplificationProxyMatchesCookToomPy(int m, int r, double expected)
    {
        double proxy = WinogradErrorModel.AmplificationProxy(CookToom.Textbook(m, r)).ToDouble();

        Assert.Equal(expected, proxy, 0.05); // cooktoom_output.txt prints 3 significant digits
    }

    [Fact]
    public void BetterPointsHaveASmallerProxy()
    {
        Assert.Equal(23.745602240896357, WinogradErrorModel.AmplificationProxy(CookToom.Standard(4, 3)).ToDouble(), 1e-12);
        Assert.Equal(29.6, WinogradErrorModel.AmplificationProxy(CookToom.Create(4, 3, CookToom.BarabaszPoints(6))).ToDouble(), 0.05);
    }

    [Fact]
    public void ProxyIsInvariantUnderNormalisation()
    {
        WinogradTransform fractionsInG = CookToom.Textbook(6, 3);
        WinogradTransform integerA = CookToom.Create(6, 3, CookToom.TextbookPoints(8), CookToomNormalization.IntegerA);

        Assert.Equal(WinogradErrorModel.AmplificationProxy(fractionsInG), WinogradErrorModel.AmplificationProxy(integerA));
    }
}
