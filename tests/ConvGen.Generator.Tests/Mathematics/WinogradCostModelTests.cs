using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Planning;
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
    public void IneligibleShapesAreNotWinograd()
    {
        Assert.False(WinogradCostModel.IsEligibleShape(4, 64, 32, 32));
        Assert.False(WinogradCostModel.IsEligibleShape(8, 16, 32, 32)); // C·K = 128 < 256
        Assert.False(WinogradCostModel.IsEligibleShape(64, 64, 3, 32));
        Assert.True(WinogradCostModel.IsEligibleShape(16, 16, 4, 4));
    }

    [Fact]
    public void LargeTileIsACandidateOnlyWhenAllowed()
    {
        Assert.Equal(new[] { 2, 4 }, WinogradPlanner.CandidateTiles(allowLargeTile: false));
        Assert.Equal(new[] { 2, 4, 6 }, WinogradPlanner.CandidateTiles(allowLargeTile: true));
        // 5×5 plans are all behind the opt-in (their error is 10-20× direct's, winograd-spec §3).
        Assert.Empty(WinogradPlanner.CandidateTiles(allowLargeTile: false, filterSize: 5));
        Assert.Equal(new[] { 2, 4 }, WinogradPlanner.CandidateTiles(allowLargeTile: true, filterSize: 5));
    }

    [Theory]
    [InlineData(28, 784, 64, 104, 20, 98)] // 56×56 F(2,3): 28 tiles a row, 13 blocks of 64; the last block is mostly past the end
    [InlineData(14, 196, 40, 25, 11, 25)] // 56×56 F(4,3): every other vector crosses a tile row
    [InlineData(4, 16, 16, 2, 2, 2)] // 7×7 F(2,3): rows of 4 tiles, so every vector is gathered
    [InlineData(2, 4, 8, 1, 1, 1)] // 7×7 F(4,3): one vector, half of it past the last tile
    [InlineData(16, 256, 64, 32, 0, 32)] // tile rows a multiple of the vector: nothing to gather
    public void TileVectorsCountTheGatheredEdgeVectors(int tilesX, int tiles, int tileBlock, int all, int gathered, int stored)
    {
        WinogradCostModel.TileVectors vectors = WinogradCostModel.CountTileVectors(tilesX, tiles, tileBlock);

        Assert.Equal(all, vectors.All);
        Assert.Equal(gathered, vectors.Gathered);
        Assert.Equal(stored, vectors.Stored);
    }

    [Fact]
    public void CycleEstimateFollowsTheFormulas()
    {
        // F(2,3), C = 64 → K = 48, 56×56 output, blocks of 64 tiles: 784 tiles, 13 blocks, 104 vectors (20 gathered,
        // 98 holding tiles); 2-D input transform 32 ops, 16 loads, 16 stores (port bound 16 cycles), output transform 24
        // ops, 16 loads, 4 stores (bound 12 cycles); planes 2·58·29 elements per channel;
        // U = 4·16·64·48 = 196,608 bytes stays in L2.
        const double gemmPerBlock = 1000;
        WinogradCycleEstimate e = WinogradCostModel.EstimateWinogradCycles(CookToom.Standard(2, 3), 64, 48, 56, 56, 64, gemmPerBlock);

        Assert.Equal(2, e.OutputTileSize);
        Assert.Equal(16.0 * 13 * gemmPerBlock, e.Gemm, 6);
        Assert.Equal(64 * ((104 * 16 * WinogradCostModel.TransformCyclesPerBoundCycle) + (20 * 8.0 * 16 * WinogradCostModel.GatherCyclesPerElement)), e.InputTransform, 6);
        Assert.Equal(48 * ((98 * 12 * WinogradCostModel.TransformCyclesPerBoundCycle) + (56.0 * 56 * WinogradCostModel.ScatterCyclesPerOutput)), e.OutputTransform, 6);
        Assert.Equal(64 * 2.0 * 58 * 29 * WinogradCostModel.PackCyclesPerElement, e.Packing, 6);
        Assert.Equal(0, e.WeightStreaming);
        Assert.Equal(e.Gemm + e.InputTransform + e.OutputTransform + e.Packing + e.WeightStreaming, e.Total, 6);

        // C = K = 512 at 7×7: U = 4·16·512·512 bytes (16 MiB) comes from L3 for the one block; F(4,3)'s 36 MiB from DRAM.
        WinogradCycleEstimate l3 = WinogradCostModel.EstimateWinogradCycles(CookToom.Standard(2, 3), 512, 512, 7, 7, 16, gemmPerBlock);
        Assert.Equal(16.0 * 512 * 512 * 4 * WinogradCostModel.L3StreamCyclesPerByte, l3.WeightStreaming, 6);
        WinogradCycleEstimate dram = WinogradCostModel.EstimateWinogradCycles(CookToom.Standard(4, 3), 512, 512, 7, 7, 8, gemmPerBlock);
        Assert.Equal(36.0 * 512 * 512 * 4 * WinogradCostModel.DramStreamCyclesPerByte, dram.WeightStreaming, 6);
    }

    [Theory]
    [InlineData(32, 16, 16, 16)] // F(2,3) input transform: store-bound
    [InlineData(144, 36, 36, 72)] // F(4,3) input transform: arithmetic-bound
    [InlineData(24, 16, 4, 12)]
    [InlineData(4, 40, 2, 20)] // load-bound
    public void TransformBoundIsTheBusiestPort(int arithmetic, int loads, int stores, double cycles)
    {
        Assert.Equal(cycles, WinogradCostModel.TransformBoundCycles(arithmetic, loads, stores));
    }

    [Fact]
    public void WeightsAreStreamedOncePerBlockFromTheLevelTheyFitIn()
    {
        Assert.Equal(0, WinogradCostModel.WeightStreamCyclesPerByte(WinogradCostModel.L2ResidentWeightBytes));
        Assert.Equal(WinogradCostModel.L3StreamCyclesPerByte, WinogradCostModel.WeightStreamCyclesPerByte(WinogradCostModel.L2ResidentWeightBytes + 1));
        Assert.Equal(WinogradCostModel.L3StreamCyclesPerByte, WinogradCostModel.WeightStreamCyclesPerByte(WinogradCostModel.L3WeightBudgetBytes));
        Assert.Equal(WinogradCostModel.DramStreamCyclesPerByte, WinogradCostModel.WeightStreamCyclesPerByte(WinogradCostModel.L3WeightBudgetBytes + 1));

        // Three blocks read U three times.
        WinogradCycleEstimate one = WinogradCostModel.EstimateWinogradCycles(CookToom.Standard(2, 3), 256, 256, 8, 8, 16, 0);
        WinogradCycleEstimate three = WinogradCostModel.EstimateWinogradCycles(CookToom.Standard(2, 3), 256, 256, 12, 16, 16, 0);
        Assert.Equal(3 * one.WeightStreaming, three.WeightStreaming, 6);
    }

    [Fact]
    public void PartialTilesCostTheirWholeTile()
    {
        // 13×13 and 16×16 outputs both need 4×4 F(4,3) tiles: the GEMM, the transforms of every tile and the weight
        // streaming and the packed planes cost the same; only the per-output stores differ.
        WinogradCycleEstimate ragged = WinogradCostModel.EstimateWinogradCycles(CookToom.Standard(4, 3), 128, 128, 13, 13, 16, 5000);
        WinogradCycleEstimate exact = WinogradCostModel.EstimateWinogradCycles(CookToom.Standard(4, 3), 128, 128, 16, 16, 16, 5000);

        Assert.Equal(exact.Gemm, ragged.Gemm);
        Assert.Equal(exact.InputTransform, ragged.InputTransform);
        Assert.Equal(exact.WeightStreaming, ragged.WeightStreaming);
        Assert.Equal(exact.Packing, ragged.Packing);
        Assert.Equal(exact.OutputTransform - (128.0 * ((16 * 16) - (13 * 13)) * WinogradCostModel.ScatterCyclesPerOutput), ragged.OutputTransform, 6);
        Assert.True(ragged.Total / (13 * 13) > exact.Total / (16 * 16));
    }

    [Fact]
    public void WinogradNeedsAMarginOverDirect()
    {
        Assert.True(WinogradCostModel.WinogradPays(0.89, 1.0));
        Assert.False(WinogradCostModel.WinogradPays(0.9, 1.0));
        Assert.False(WinogradCostModel.WinogradPays(0.95, 1.0));
        Assert.Equal(WinogradCostModel.DirectCyclesPerTileCycle * 1e6, WinogradCostModel.EstimateDirectCycles(1e6), 6);
    }

    [Fact]
    public void BlockMustBeWholeVectors()
    {
        Assert.Throws<System.ArgumentOutOfRangeException>(() => WinogradCostModel.EstimateWinogradCycles(CookToom.Standard(2, 3), 64, 64, 8, 8, 12, 100));
    }
}
