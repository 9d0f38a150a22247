using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>Which backward-data plans read the caller's OIHW weights in place instead of repacking them on every call.</summary>
public sealed class BackwardDataPlannerTests
{
    private static LayerSpec Data(int c, int k, int size, int kernel, int stride, int padding, int groups = 1, int dilation = 1) =>
        new(c, k, size, size, kernel, kernel, stride, stride, padding, padding, dilation, dilation, groups, ActivationKind.None, AlgorithmKind.Auto, HasBias: false, PassKind.BackwardData);

    [Theory]
    [InlineData(512, 512, 7, 3, 1, 1, 1, 1, true)] // ResNet-18's 7×7 layer: one gathered phase with every tap
    [InlineData(64, 64, 56, 3, 1, 1, 1, 1, true)] // a plane phase with every tap
    [InlineData(16, 24, 17, 3, 1, 2, 1, 2, true)] // dilation keeps one phase with every tap
    [InlineData(16, 24, 16, 3, 2, 1, 1, 1, false)] // stride 2: four phases, each a subset of the taps
    [InlineData(16, 24, 16, 3, 1, 1, 4, 1, false)] // groups: the transposed channel blocks are per group
    public void StrideOneSingleGroupLayersReadTheWeightsInPlace(int c, int k, int size, int kernel, int stride, int padding, int groups, int dilation, bool inPlace)
    {
        BackwardDataPlan plan = BackwardPlanner.PlanData(Data(c, k, size, kernel, stride, padding, groups, dilation));
        Assert.Equal(inPlace, plan.ReadsWeightsInPlace);
    }

    [Theory]
    [InlineData(3, 128, 64, 4, 2, 1, true)] // DCGAN's last layer (128 → 3, 32 → 64) as a backward-data: 6 K weights, 148 K plane floats
    [InlineData(3, 64, 224, 7, 2, 3, true)] // ResNet-18's stem: 9 K weights, 0.9 M plane floats
    [InlineData(128, 256, 14, 3, 2, 1, false)] // a wide downsampling layer: its weights are 14 times its planes
    [InlineData(512, 1024, 8, 4, 2, 1, false)] // gathered phases keep the phase-by-phase split
    [InlineData(16, 24, 16, 3, 2, 1, false)] // 16 → 24 at 16×16: 3.5 K weights against 2.4 K plane floats (24 planes of 10×10)
    [InlineData(16, 24, 48, 3, 2, 1, true)] // the same at 48×48: 24 planes of 26×26, 16 K floats
    public void ThinLayersSplitImagesByGridRows(int c, int k, int size, int kernel, int stride, int padding, bool byRows)
    {
        BackwardDataPlan plan = BackwardPlanner.PlanData(Data(c, k, size, kernel, stride, padding));
        Assert.Equal(byRows, plan.SlicesByRows);
    }

    [Fact]
    public void InPlaceWeightsKeepTheKernelRowLoopOfLargeKernels()
    {
        // 81 taps are too many to unroll: the phase plans a kernel-row loop, and the tile emitted for it must be that
        // loop whether the weights are repacked or read in place.
        LayerSpec layer = Data(16, 12, 20, 9, 1, 4);
        BackwardDataPlan plan = BackwardPlanner.PlanData(layer);
        Assert.True(plan.ReadsWeightsInPlace);
        BackwardDataPhase phase = Assert.Single(plan.Phases);
        Assert.Equal(TapUnrolling.RowLoop, phase.Unrolling);
        ConvGen.Generator.Emit.TileGeometry geometry = ConvGen.Generator.Emit.TileGeometry.BackwardData(layer, plan, phase);
        Assert.Null(geometry.AllTaps);
        Assert.Equal(9, geometry.LoopRows);
        Assert.Equal(81, geometry.WeightRowStride);
        Assert.Equal(16 * 81, geometry.WeightChannelStep);
    }

    [Theory]
    [InlineData(4, 4)] // shorter than a cache line: rows share lines, nothing to spread
    [InlineData(36, 36)] // 144-byte rows already walk through the sets
    [InlineData(1024, 1040)] // 4 KB rows: every row in one set, so one line more
    [InlineData(512, 528)] // 2 KB rows: two sets for all rows
    [InlineData(4096, 4112)]
    public void RepackedRowsAreSpreadOverTheL1Sets(int rowFloats, int pitch)
    {
        Assert.Equal(pitch, DirectConvPlanner.PaddedWeightPitch(rowFloats));
        Assert.True(DirectConvPlanner.WeightRowsPerL1Set(pitch, DirectConvPlanner.MaxAccumulators512) <= DirectConvPlanner.MaxWeightRowsPerL1Set || rowFloats < 16);
    }

    [Fact]
    public void PaddedRepackLetsTheGatheredPanelUseTallTiles()
    {
        // DCGAN's 4×4 → 8×8 upsampler, 1024 → 512, as the backward-data of its equivalent convolution: each phase's
        // panel has 1024 × 4 (channel, tap) rows; unpadded, its 16 KB weight rows all fell in one L1 set and capped the
        // tile at 4 rows (1T: 3.1 against 1.7 ms with the padding, one process).
        LayerSpec layer = Data(512, 1024, 8, 4, 2, 1);
        BackwardDataPlan plan = BackwardPlanner.PlanData(layer);
        Assert.All(plan.Phases, phase =>
        {
            Assert.True(phase.Gathered);
            Assert.Equal(1024 * 4 + 16, phase.WeightRowPitch);
            Assert.Equal(24, phase.Vector512Tile!.Rows);
        });
        Assert.Equal(4 * 512 * (1024 * 4 + 16), plan.RepackedFloats);
        Assert.Equal(1024 * 4 + 16, ConvGen.Generator.Emit.TileGeometry.BackwardData(layer, plan, plan.Phases[1]).WeightRowStride);
    }

    [Theory]
    [InlineData(512, 4)] // ResNet-18's 7×7: 9 MB of weights and 1 MB of panel, in runs of 4 channels (81 KB)
    [InlineData(220, 9)] // 220 × 9 weights and 9 × 56 panel floats per channel: 9.9 KB, 9 per 96 KB; 433 KB of panel
    [InlineData(190, 0)] // 383 KB of panel stays in L2: one run
    [InlineData(16, 0)]
    public void GatheredPhasesSplitTheReductionWhereItOverflowsL2(int channels, int run)
    {
        BackwardDataPhase phase = Assert.Single(BackwardPlanner.PlanData(Data(channels, channels, 7, 3, 1, 1)).Phases);
        Assert.True(phase.Gathered);
        Assert.Equal(56, phase.GridExtent); // 49 positions padded to whole vectors of 8
        Assert.Equal(run, phase.Vector256Tile!.ReductionChunk);
        Assert.Equal(0, phase.Vector256Tile.ReductionChunk > 0 ? 56 % phase.Vector256Tile.Width : 0);
        // The Vector512 tile spans 32 positions, which overlap on 56: no split, as chunks would count the overlap twice.
        Assert.True(phase.Vector512Tile!.Width % 16 == 0 && 56 % phase.Vector512Tile.Width != 0);
        Assert.Equal(0, phase.Vector512Tile.ReductionChunk);
    }

    [Fact]
    public void LargerGatheredPhasesPadToVectorsOf16AndSplitOnEveryPath()
    {
        // ResNet-18's 14×14 backward-data: 196 positions gathered (the 17-wide padded plane's 235-position grid would
        // waste 15 % of the lanes), padded to 208 so 16-lane tiles divide it; the 1.9 MB panel is reduced in runs.
        BackwardDataPhase phase = Assert.Single(BackwardPlanner.PlanData(Data(256, 256, 14, 3, 1, 1)).Phases);
        Assert.True(phase.Gathered);
        Assert.Equal(208, phase.GridExtent);
        foreach (TilePlan tile in new[] { phase.Vector512Tile!, phase.Vector256Tile!, phase.Vector128Tile! })
        {
            Assert.Equal(0, 208 % tile.Width);
            Assert.True(tile.ReductionChunk > 0);
        }
        // Above 256 positions the phase keeps its padded plane.
        Assert.False(Assert.Single(BackwardPlanner.PlanData(Data(16, 16, 17, 3, 1, 1)).Phases).Gathered);
    }

    [Fact]
    public void ReductionChunkNeedsATileWidthThatDividesTheGrid()
    {
        var tile = new TilePlan(8, 12, 1, 0, 7, 0) { Blocks = 43, ChunkBlocks = 1 };
        Assert.Equal(4, DirectConvPlanner.WithReductionChunk(tile, 512, 512, 9, 9 * 56, 56)!.ReductionChunk);
        Assert.Equal(0, DirectConvPlanner.WithReductionChunk(tile, 512, 512, 9, 9 * 49, 49)!.ReductionChunk); // the last tile would overlap
        Assert.Equal(0, DirectConvPlanner.WithReductionChunk(tile, 512, 1, 9, 9 * 56, 56)!.ReductionChunk); // nothing to split
        Assert.Equal(0, DirectConvPlanner.WithReductionChunk(tile, 512, 4096, 1, 16, 16)!.ReductionChunk); // a 256 KB panel stays in L2
        Assert.Null(DirectConvPlanner.WithReductionChunk(null, 512, 512, 9, 9 * 56, 56));
    }

    [Theory]
    [InlineData(112, 3, 1, 4)] // MobileNet 112×112 stride 2: 56 gradOutput columns in tiles at 0, 16, 32 and 40
    [InlineData(56, 3, 1, 2)]
    [InlineData(32, 3, 1, 1)] // 16 gradOutput columns: one tile
    [InlineData(28, 3, 1, 1)] // 14 gradOutput columns: one vector per row
    [InlineData(14, 3, 1, 1)] // 7 gradOutput columns: a pair of gradInput rows per vector
    [InlineData(57, 3, 1, 0)] // odd plane
    [InlineData(56, 3, 0, 0)] // no padding
    [InlineData(56, 5, 2, 0)] // 5×5
    public void StrideTwoDepthwiseInterleavesInRegistersOnEvenPlanes(int size, int kernel, int padding, int columnTiles)
    {
        StridedDepthwiseDataPlan plan = BackwardPlanner.PlanStridedDepthwiseData(Data(16, 16, size, kernel, 2, padding, groups: 16))!;
        Assert.Equal(columnTiles, plan.InterleavedColumnTiles512);
    }

    [Theory]
    [InlineData(112, 3, 1, nameof(InterleavedWalk.Rows))] // MobileNet 112×112: a 49 KB gradInput channel, over the 32 KB L1
    [InlineData(96, 3, 1, nameof(InterleavedWalk.Rows))] // 36 KB
    [InlineData(90, 3, 1, nameof(InterleavedWalk.ColumnStrips))] // 31.6 KB
    [InlineData(56, 3, 1, nameof(InterleavedWalk.ColumnStrips))]
    [InlineData(16, 3, 1, nameof(InterleavedWalk.ColumnStrips))] // 8 gradOutput columns: the last tile only
    [InlineData(14, 3, 1, nameof(InterleavedWalk.WholeRows))] // 7 gradOutput columns: one vector per row
    [InlineData(8, 3, 1, nameof(InterleavedWalk.WholeRows))] // 4 gradOutput columns, 16 in all
    [InlineData(57, 3, 1, nameof(InterleavedWalk.None))] // odd plane
    [InlineData(56, 3, 0, nameof(InterleavedWalk.None))] // no padding
    [InlineData(56, 5, 2, nameof(InterleavedWalk.None))] // 5×5
    public void StrideTwoDepthwiseWalksByRowsOnAvx2WhereAChannelExceedsL1(int size, int kernel, int padding, string walk)
    {
        StridedDepthwiseDataPlan plan = BackwardPlanner.PlanStridedDepthwiseData(Data(16, 16, size, kernel, 2, padding, groups: 16))!;
        Assert.Equal(walk, plan.Walk256.ToString());
    }

    [Theory]
    [InlineData(112, nameof(InterleavedWalk.Rows))] // MobileNet 112×112: a 49 KB gradInput channel, over the 32 KB L1
    [InlineData(96, nameof(InterleavedWalk.Rows))] // 36 KB
    [InlineData(90, nameof(InterleavedWalk.ColumnStrips))] // 31.6 KB
    [InlineData(56, nameof(InterleavedWalk.ColumnStrips))]
    [InlineData(32, nameof(InterleavedWalk.ColumnStrips))] // 16 gradOutput columns: one whole tile
    [InlineData(30, nameof(InterleavedWalk.None))] // 15 gradOutput columns: whole rows, no 16-column tiles
    [InlineData(57, nameof(InterleavedWalk.None))] // odd plane: not interleaved
    public void StrideTwoDepthwiseWalksByRowsOnAvx512WhereAChannelExceedsL1(int size, string walk)
    {
        StridedDepthwiseDataPlan plan = BackwardPlanner.PlanStridedDepthwiseData(Data(16, 16, size, 3, 2, 1, groups: 16))!;
        Assert.Equal(walk, plan.Walk512.ToString());
    }

    [Fact]
    public void InPlaceWeightsTakeTheVector512ChunksOfTheForwardPass()
    {
        // 28×28 256 → 256 pointwise: 256 KB of weights. Read in place they are an ordinary direct tile's weights, which
        // L2 holds in one 512 KB chunk as the forward pass does; only a Winograd GEMM's U, streamed from L3 anyway, keeps
        // the 128 KB chunks (it took 3 chunks of 10 blocks: 548-590 µs against 516-532 in one, Zen 5, 1 thread).
        BackwardDataPlan plan = BackwardPlanner.PlanData(Data(256, 256, 28, 1, 1, 0));
        Assert.True(plan.ReadsWeightsInPlace);
        TilePlan tile = Assert.Single(plan.Phases).Vector512Tile!;
        Assert.Equal(tile.Blocks, tile.ChunkBlocks);
        Assert.Equal(tile.Blocks, DirectConvPlanner.Plan(Data(256, 256, 28, 1, 1, 0) with { Pass = PassKind.Forward }).Vector512Tile!.ChunkBlocks);

        TilePlan streamed = DirectConvPlanner.ChooseTile(1, 256, 256, 1, 16, 784, 1, 0, packedWeightsOnly: true, weightsStreamFromL3: true)!;
        Assert.Equal(DirectConvPlanner.ChunkWeightBytes / (streamed.Rows * 256 * sizeof(float)), streamed.ChunkBlocks);
    }
}
