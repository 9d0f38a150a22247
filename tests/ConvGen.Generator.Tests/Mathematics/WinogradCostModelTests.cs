using ConvGen.Generator.Mathematics;
using Xunit;

namespace ConvGen.Generator.Tests.Mathematics;

public sealed class WinogradCostModelTests
{
    /// <summary>The §3.1 table (opcount_output.txt), textbook points, ± pairing on and off.</summary>
    [Theory]
    [InlineData(2, 3, 4, 4, 4, 4, 4, 6, 32, 24, 28)]
    [InlineData(4, 3, 12, 10, 9, 16, 14, 13, 144, 100, 81)]
    [InlineData(6, 3, 24, 20, 12, 36, 32, 18, 384, 280, 132)]
    [InlineData(2, 5, 12, 8, 13, 16, 8, 21, 144, 64, 143)]
    [InlineData(4, 5, 24, 16, 18, 36, 22, 30, 384, 192, 234)]
    [InlineData(3, 2, 4, 4, 3, 4, 5, 4, 32, 28, 18)]
    [InlineData(4, 2, 11, 8, 7, 11, 10, 7, 110, 72, 49)]
    [InlineData(6, 2, 27, 18, 11, 27, 26, 11, 378, 234, 99)]
    [InlineData(2, 2, 2, 2, 1, 2, 2, 1, 12, 10, 5)]
    public void OperationCountsMatchTheSpecTable(
        int m, int r, int inputOps, int outputOps, int filterOps, int unpairedInput, int unpairedOutput, int unpairedFilter,
        int input2D, int output2D, int filter2D)
    {
        WinogradOpCounts counts = WinogradCostModel.CountOperations(CookToom.Textbook(m, r));

        Assert.Equal(
            new WinogradOpCounts(m, r, inputOps, outputOps, filterOps, unpairedInput, unpairedOutput, unpairedFilter),
            counts);
        Assert.Equal(input2D, counts.InputTransform2D);
        Assert.Equal(output2D, counts.OutputTransform2D);
        Assert.Equal(filter2D, counts.FilterTransform2D);
    }

    [Fact]
    public void OneDnnPointsCostTwelveOpsEachWay()
    {
        // point_search_output.txt: {0,±5/8,±3/2} "1D ops B^T 12 A^T 12".
        WinogradOpCounts counts = WinogradCostModel.CountOperations(CookToom.Standard(4, 3));

        Assert.Equal(12, counts.InputTransform1D);
        Assert.Equal(12, counts.OutputTransform1D);
    }

    [Fact]
    public void PerOutputPixelFactorsMatchTheSpec()
    {
        // §3.1: F(2,3) 8.0·C + 6.0·K, F(4,3) 9.0·C + 6.25·K (textbook points).
        WinogradOpCounts f23 = WinogradCostModel.CountOperations(CookToom.Textbook(2, 3));
        WinogradOpCounts f43 = WinogradCostModel.CountOperations(CookToom.Textbook(4, 3));

        Assert.Equal(new Rational(8), f23.InputOpsPerOutputPixel);
        Assert.Equal(new Rational(6), f23.OutputOpsPerOutputPixel);
        Assert.Equal(new Rational(9), f43.InputOpsPerOutputPixel);
        Assert.Equal(new Rational(25, 4), f43.OutputOpsPerOutputPixel);
    }

    [Theory]
    [InlineData(2, 3, "4", "9/4")]
    [InlineData(4, 3, "9/4", "4")]
    [InlineData(6, 3, "16/9", "81/16")]
    [InlineData(2, 5, "9", "25/9")]
    [InlineData(4, 5, "4", "25/4")]
    [InlineData(3, 2, "16/9", "9/4")]
    [InlineData(4, 2, "25/16", "64/25")]
    [InlineData(6, 2, "49/36", "144/49")]
    public void MultiplicationsPerOutput(int m, int r, string perOutput2D, string reduction)
    {
        Assert.Equal(RationalTestData.Parse(perOutput2D), WinogradCostModel.MultiplicationsPerOutput2D(m, r));
        Assert.Equal(RationalTestData.Parse(reduction), WinogradCostModel.MultiplicationReduction2D(m, r));
        Assert.Equal(new Rational(m + r - 1, m), WinogradCostModel.MultiplicationsPerOutput1D(m, r));
    }

    [Theory]
    [InlineData(new[] { 0, 0 }, 0)]
    [InlineData(new[] { 3 }, 1)]
    [InlineData(new[] { 1, 0, -5, 0, 4 }, 2)]
    [InlineData(new[] { 4, 0, -5, 0, 1 }, 2)]
    [InlineData(new[] { 2, 3 }, 2)]
    public void LinearFormCostCountsFmasPlusAScaleWhenNoUnitCoefficient(int[] coefficients, int expected)
    {
        var rationals = new Rational[coefficients.Length];
        for (int i = 0; i < coefficients.Length; i++)
        {
            rationals[i] = coefficients[i];
        }

        Assert.Equal(expected, WinogradCostModel.LinearFormCost(rationals));
    }

    [Fact]
    public void MediumLayerPrefersF43AndF63UnderFast()
    {
        // C = K = 64, 56x56: F(4,3) is cheapest among {2, 4}; F(6,3) wins once allowed.
        Assert.Equal(4, WinogradCostModel.SelectOutputTileSize3x3(1, 64, 64, 56, 56, allowLargeTile: false));
        Assert.Equal(6, WinogradCostModel.SelectOutputTileSize3x3(1, 64, 64, 56, 56, allowLargeTile: true));
    }

    [Fact]
    public void WeightBoundLayerFallsBackToDirect()
    {
        // C = K = 512 at 7x7, batch 1: few tiles, 16+ MiB of transformed weights (§3.1 hidden cost 2).
        Assert.Null(WinogradCostModel.SelectOutputTileSize3x3(1, 512, 512, 7, 7, allowLargeTile: false));
    }

    [Fact]
    public void IneligibleShapesAreNotWinograd()
    {
        Assert.False(WinogradCostModel.IsEligibleShape(4, 64, 32, 32));
        Assert.False(WinogradCostModel.IsEligibleShape(8, 16, 32, 32)); // C·K = 128 < 256
        Assert.False(WinogradCostModel.IsEligibleShape(64, 64, 3, 32));
        Assert.True(WinogradCostModel.IsEligibleShape(16, 16, 4, 4));
        Assert.Null(WinogradCostModel.SelectOutputTileSize3x3(1, 4, 64, 32, 32, allowLargeTile: true));
    }

    [Fact]
    public void CostEstimatesFollowTheFormulas()
    {
        // F(2,3), N=1, C=K=64, 56x56: T = 784 tiles; 784·16·4096 + 784·(32·64 + 24·64).
        double winograd = WinogradCostModel.EstimateWinogradMacs(CookToom.Standard(2, 3), 1, 64, 64, 56, 56);
        double direct = WinogradCostModel.EstimateDirectMacs(3, 1, 64, 64, 56, 56);

        Assert.Equal((784.0 * 16 * 4096) + (784.0 * ((32 * 64) + (24 * 64))), winograd);
        Assert.Equal(9.0 * 56 * 56 * 64 * 64, direct);

        // Penalty: 4·16·512·512 bytes > 1 MiB with 16 < 32 tiles adds γ·16·512·512.
        double penalised = WinogradCostModel.EstimateWinogradMacs(CookToom.Standard(2, 3), 1, 512, 512, 7, 7);
        Assert.Equal((16.0 * 16 * 512 * 512) + (16.0 * ((32 * 512) + (24 * 512))) + (8.0 * 16 * 512 * 512), penalised);
    }

    [Theory]
    [InlineData(64, 64, 8, 8, true, 2)]
    [InlineData(128, 128, 14, 14, false, 2)]
    [InlineData(64, 64, 32, 32, true, 6)]
    [InlineData(64, 64, 32, 32, false, 4)]
    [InlineData(128, 64, 32, 32, true, 4)]
    [InlineData(64, 64, 15, 15, true, 4)]
    public void SimpleRuleReproducesLibraryBehaviour(int c, int k, int oh, int ow, bool fast, int expected)
    {
        Assert.Equal(expected, WinogradCostModel.SimpleRuleOutputTileSize3x3(c, k, oh, ow, fast));
    }
}
