using System.Linq;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>Where depthwise row tiles apply, and the overhanging tiles of rows narrower than a Vector256.</summary>
public sealed class DepthwiseRowTilePlannerTests
{
    private static LayerSpec Depthwise(int channels, int h, int w, int k, int stride = 1, int padding = 0, int dilation = 1) =>
        new(channels, channels, h, w, k, k, stride, stride, padding, padding, dilation, dilation, channels, ActivationKind.None, AlgorithmKind.Auto, HasBias: false, PassKind.Forward);

    [Theory]
    [InlineData(9, 9, 1, 0, 7, 1)] // 9×9 unpadded → 7×7 (MobileNet's padded 7×7 reads whole rows on AVX2: no packed tile)
    [InlineData(13, 13, 2, 1, 7, 1)] // stride 2 on an odd plane, 13×13 → 7×7 (its even 14×14 is split on AVX2, with no packed tile)
    [InlineData(9, 8, 1, 0, 6, 2)]
    [InlineData(13, 8, 2, 1, 4, 4)] // OutWidth 4: half a vector
    public void NarrowRowsOverhangOneVector(int h, int w, int stride, int padding, int outWidth, int overhang)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, stride, padding));
        Assert.True(plan.UsesRowTiles);
        Assert.True(plan.PacksInput); // even without padding: the overhang reads past a row
        Assert.False(plan.CompactsOutput);
        RowTilePlan tile = plan.RowTile256!;
        Assert.Equal(1, tile.Vectors);
        Assert.Equal(1, tile.ColumnTiles);
        Assert.Equal(overhang, tile.Overhang);
        Assert.Equal(8 - outWidth, tile.Overhang);
        Assert.Equal(overhang, plan.ReadSlack);
        // A Vector512 row would overhang more than a whole row, spilling past the tile: no Vector512 path.
        Assert.Null(plan.RowTile512);
        Assert.Equal(0, plan.RowTile128!.Overhang);
        Assert.Equal(0, plan.RowTileScalar!.Overhang);
    }

    [Fact]
    public void RowsOfAVectorOrMoreDoNotOverhang()
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, 14, 18, 3, 1, 2));
        Assert.True(plan.UsesRowTiles);
        Assert.Equal(0, plan.RowTile256!.Overhang);
        Assert.Equal(0, plan.RowTile512!.Overhang);
        // 14-wide output rows (padding 2, so packed on every instruction set) are narrower than a Vector512: its tile
        // overhangs 2 lanes, and the packing leaves that slack.
        DirectConvPlan narrow = DirectConvPlanner.Plan(Depthwise(16, 20, 12, 3, 1, 2));
        Assert.Equal(2, narrow.RowTile512!.Overhang);
        Assert.Equal(2, narrow.ReadSlack);
    }

    [Fact]
    public void Vector512TilesUseTheirLargerRegisterFile()
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, 56, 56, 5, 1, 2));
        RowTilePlan tile = plan.RowTile512!;
        Assert.Equal(16, tile.Lanes);
        Assert.InRange(tile.Accumulators, DirectConvPlanner.MaxAccumulators + 1, DirectConvPlanner.MaxAccumulators512);
        Assert.True(tile.Accumulators + 3 <= DirectConvPlanner.MaxLiveRegisters512);
        Assert.True(plan.RowTile256!.Accumulators <= DirectConvPlanner.MaxAccumulators);
    }

    [Theory]
    [InlineData(5, 5, 1, 0)] // OutWidth 3: under MinRowTileWidth
    [InlineData(9, 2, 1, 1)] // OutWidth 2
    public void RowsNarrowerThanHalfAVectorKeepTheGrid(int h, int w, int stride, int padding)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, stride, padding));
        Assert.False(plan.UsesRowTiles);
        Assert.Equal(0, plan.ReadSlack);
    }

    [Fact]
    public void BackwardWeightsRowPlanTakesNarrowRows()
    {
        LayerSpec layer = Depthwise(16, 7, 7, 3, 1, 1);
        Assert.True(DirectConvPlanner.Plan(layer).UsesRowTiles);
        Assert.Equal(4, BackwardPlanner.DepthwiseRows(layer, DirectConvPlanner.Plan(layer)));
    }

    [Theory]
    [InlineData(112, 112, 4, 14, 2, 0, 2, false, 16)] // MobileNet 112×112 → 56×56: 14 row tiles of 4, tiles of two vectors at columns 0 and 24
    [InlineData(92, 92, 4, 12, 2, 0, 1, true, 16)] // 46 output columns: a tile of 32 and one of 16 at column 30; 46 rows in 12 tiles of 4
    [InlineData(88, 88, 4, 11, 2, 0, 1, true, 16)] // 44 output columns and rows
    [InlineData(56, 56, 4, 7, 1, 0, 1, false, 12)] // 56×56 → 28×28: one tile of two vectors at columns 0 and 12
    [InlineData(28, 28, 7, 2, 1, 2, 0, false, 16)] // 28×28 → 14×14: one vector per row, overhanging 2 lanes into the next
    [InlineData(22, 40, 6, 2, 2, 0, 0, false, 16)] // 20 output columns (under MinSplitPairWidth): two one-vector tiles; 11 rows in two tiles of 6
    [InlineData(2, 64, 1, 1, 1, 0, 1, false, 16)] // one output row of 32: one tile of two vectors
    [InlineData(10, 16, 5, 1, 1, 8, 0, false, 16)] // 8 output columns: half a vector
    public void EvenStride2PlanesOfAtLeast16ColumnsSplitInRegisters(int h, int w, int rows, int rowTiles, int columnTiles, int overhang, int pairTiles, bool singleTail, int second)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, 2, 1));
        SplitRowTilePlan split = plan.SplitTile512!;
        Assert.Equal((rows, rowTiles, columnTiles, overhang), (split.Rows, split.RowTiles, split.ColumnTiles, split.Overhang));
        Assert.Equal((pairTiles, singleTail, second), (split.PairTiles, split.SingleTail, split.SecondVector));
        Assert.Equal(2 * rows + 1, split.InputRows);
        Assert.True(split.Rows <= DirectConvPlanner.MaxSplitRows);
        // The packed row tiles stay for the narrower instruction sets (and for backward-weights, which reuses the packing);
        // the packed Vector256 one only where AVX2 does not split the phases itself.
        Assert.True(plan.PacksInput);
        Assert.NotNull(plan.RowTile128);
        Assert.Equal(!plan.SplitTile256, plan.RowTile256 is not null);
        // AVX-512 machines always take the split tile: no packed Vector512 path.
        Assert.Null(plan.RowTile512);
    }

    [Theory]
    [InlineData(112, 1, 19)] // MobileNet 112×112 (448-byte rows): 19 rows ahead, 8.3 KB
    [InlineData(56, 1, 37)] // 56×56, four column tiles: 8.1 KB
    [InlineData(28, 1, 0)] // 28×28, two column tiles: the hardware prefetchers keep up, no prefetch
    [InlineData(112, 2, 19)]
    [InlineData(56, 2, 37)]
    [InlineData(28, 2, 74)] // a whole row per tile: 74 rows (2.6 channels) ahead
    public void TilesOfWideChannelsPrefetchAboutStreamPrefetchBytesAhead(int size, int stride, int rowsAhead)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, size, size, 3, stride, 1));
        int ahead = stride == 1 ? plan.InPlaceTile512!.StreamAheadRows : plan.SplitTile512!.StreamAheadRows;
        Assert.Equal(rowsAhead, ahead);
        if (ahead > 0)
        {
            // The fewest whole rows that reach StreamPrefetchBytes.
            Assert.InRange(ahead * size * sizeof(float) - DirectConvPlanner.StreamPrefetchBytes, 0, size * sizeof(float) - 1);
        }
    }

    [Theory]
    [InlineData(112, 1, 19)]
    [InlineData(56, 1, 37)]
    [InlineData(28, 1, 0)] // two column tiles of 16
    [InlineData(14, 1, 0)] // the row-spanning tile of rows of 9-15
    [InlineData(112, 2, 19)]
    [InlineData(28, 2, 74)]
    [InlineData(14, 2, 0)] // rows of 7 outputs
    public void Vector256TilesReadingInPlacePrefetchByTheSameRules(int size, int stride, int rowsAhead)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, size, size, 3, stride, 1));
        Assert.True(stride == 1 ? plan.InPlaceTile256 is not null : plan.SplitTile256);
        Assert.Equal(rowsAhead, plan.StreamAheadRows256);
    }

    [Theory]
    [InlineData(112, 19)] // MobileNet 112×112 → 56×56: bands of 16-column tiles
    [InlineData(56, 37)]
    [InlineData(28, 28)] // 14 outputs per row, one vector each: at most one plane ahead, the next image's same rows
    [InlineData(14, 0)] // rows in pairs
    public void Stride2WeightGradientBandsPrefetchByTheForwardRule(int size, int rowsAhead)
    {
        SplitWeightsPlan plan = BackwardPlanner.ChooseSplitWeights(Depthwise(16, size, size, 3, 2, 1))!;
        Assert.Equal(rowsAhead, plan.StreamAheadRows);
    }

    [Theory]
    [InlineData(112, 1, 19)] // in-place AVX2 bands
    [InlineData(56, 1, 37)] // in place too, though the channel fits L1: at most one plane ahead
    [InlineData(14, 1, 14)] // at most one plane ahead: the next image's same rows
    [InlineData(112, 2, 19)] // split AVX2 bands
    [InlineData(28, 2, 74)]
    [InlineData(14, 2, 0)] // split AVX2 bands on rows of 7 outputs: no prefetch
    public void Avx2WeightGradientBandsReadingNchwPrefetchByTheSameRules(int size, int stride, int rowsAhead)
    {
        LayerSpec layer = Depthwise(16, size, size, 3, stride, 1) with { Pass = PassKind.BackwardWeights };
        BackwardWeightsPlan plan = BackwardPlanner.PlanWeights(layer);
        Assert.Equal(rowsAhead, plan.StreamAheadRows256);
        Assert.True(stride == 1 ? plan.InPlaceRows256 : plan.Split256);
    }

    [Fact]
    public void SingleTilePairedRowsDoNotPrefetch()
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, 14, 14, 3, 2, 1));
        Assert.True(plan.SplitTile512!.PairsRows);
        Assert.Equal(0, plan.SplitTile512.StreamAheadRows);
    }

    [Theory]
    [InlineData(14, 14, 7, 2)] // MobileNet 14×14 → 7×7: pairs (0, 1), (2, 3), (4, 5) and (5, 6)
    [InlineData(8, 10, 4, 6)] // 5 output columns: 10 lanes per pair
    [InlineData(24, 8, 12, 8)] // 4 output columns on MaxPairedRows rows
    public void Stride2RowsOf4To7OutputsSplitInPairs(int h, int w, int rows, int overhang)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, 2, 1));
        SplitRowTilePlan split = plan.SplitTile512!;
        Assert.True(split.PairsRows);
        Assert.Equal((rows, 1, 1, overhang), (split.Rows, split.RowTiles, split.ColumnTiles, split.Overhang));
        Assert.Equal((rows + 1) / 2, split.Accumulators);
        Assert.Null(plan.RowTile512);
    }

    [Theory]
    [InlineData(7, 7, 2, 4, 2)] // MobileNet's last depthwise layer: pairs (0, 1), (2, 3), (4, 5) and (5, 6)
    [InlineData(4, 4, 2, 2, 8)] // 16 floats per channel: the smallest plane every load stays inside
    [InlineData(12, 5, 2, 6, 6)]
    [InlineData(14, 14, 1, 14, 2)] // MobileNet's 14×14 layer: a row per vector
    [InlineData(16, 16, 1, 16, 0)]
    public void NarrowStride1RowsSkipThePacking(int h, int w, int rowsPerVector, int accumulators, int overhang)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, 1, 1));
        WholeRowTilePlan tile = plan.WholeRowTile512!;
        Assert.Equal((h, rowsPerVector, accumulators, overhang), (tile.Rows, tile.RowsPerVector, tile.Accumulators, tile.Overhang));
        Assert.True(plan.SkipsPacking512);
        Assert.Null(plan.SplitTile512);
        Assert.Null(plan.RowTile512);
    }

    [Theory]
    [InlineData(112, 112, 7, 16, 3, 1, 16)] // MobileNet 112×112: 16 row tiles of 7, three of 32 columns and one of 16
    [InlineData(56, 56, 7, 8, 2, 0, 16)] // 56×56: tiles of 32 columns at 0 and 24
    [InlineData(28, 28, 7, 4, 1, 0, 12)] // 28×28: one tile of two vectors, at columns 0 and 12
    [InlineData(20, 17, 7, 3, 1, 0, 1)] // 17 columns: two vectors at columns 0 and 1
    [InlineData(20, 16, 10, 2, 0, 1, 16)] // 16 columns: one vector, more rows than a whole-row tile takes
    [InlineData(5, 40, 5, 1, 1, 1, 16)] // fewer rows than MinInPlaceRows: one tile of all of them; 32 columns and the last 16
    [InlineData(30, 32, 6, 5, 1, 0, 16)] // 32 columns: one tile of two vectors, padding on both sides
    [InlineData(24, 49, 6, 4, 2, 0, 16)] // 17 columns past 32: a second two-vector tile, shifted back to column 17
    [InlineData(24, 48, 6, 4, 1, 1, 16)] // 16 columns past 32: a one-vector tile at column 32
    public void WideStride1RowsAreReadInPlace(int h, int w, int rows, int rowTiles, int pairTiles, int singleTiles, int second)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, 1, 1));
        InPlaceRowTilePlan tile = plan.InPlaceTile512!;
        Assert.Equal((rows, rowTiles, pairTiles, singleTiles, second), (tile.Rows, tile.RowTiles, tile.PairTiles, tile.SingleTiles, tile.SecondVector));
        Assert.InRange(tile.Rows, 1, tile.PairTiles > 0 ? DirectConvPlanner.MaxInPlacePairRows : DirectConvPlanner.MaxInPlaceRows);
        Assert.True(plan.SkipsPacking512);
        Assert.Null(plan.WholeRowTile512);
        Assert.Null(plan.RowTile512);
        Assert.NotNull(plan.RowTile256);
    }

    [Theory]
    [InlineData(720, 1280, 7, 103, 40, 0)] // a 720p image filter: 103 row tiles for the threads to share
    [InlineData(250, 262, 7, 36, 8, 1)]
    [InlineData(16, 16, 8, 2, 0, 1)] // 16 columns: one column tile
    public void SingleChannelFiltersReadInPlaceWithRowTilesSplitAcrossThreads(int h, int w, int rows, int rowTiles, int pairTiles, int singleTiles)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(1, h, w, 3, 1, 1));
        Assert.False(plan.FusesGroups); // one channel: phases split across threads, not (image, group) tasks
        InPlaceRowTilePlan tile = plan.InPlaceTile512!;
        Assert.Equal((rows, rowTiles, pairTiles, singleTiles), (tile.Rows, tile.RowTiles, tile.PairTiles, tile.SingleTiles));
        Assert.True(plan.SplitsInPlaceRows512);
        Assert.True(plan.SkipsPacking512);
        Assert.Null(plan.RowTile512);
        // AVX2 reads it in place with the packed path's own tile, whose packed code still runs the row tiles on the
        // image's first and last rows; Vector128 and scalar pack the plane in row bands.
        Assert.True(plan.SplitsInPlaceRows256);
        Assert.Equal(plan.RowTile256, plan.InPlaceTile256);
        Assert.True(plan.PacksInput);
        Assert.True(plan.PackBands > 1);
    }

    [Fact]
    public void ShortWideSingleChannelFiltersOnSeveralThreadsKeepThePackedTiles()
    {
        // 6 rows of 4096 (0.44 MFLOP): one row tile, which several threads could not share; the packed tiles they can.
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(1, 6, 4096, 3, 1, 1));
        Assert.True(plan.UsesRowTiles);
        Assert.False(plan.SplitsInPlaceRows512);
        Assert.False(plan.SplitsInPlaceRows256);
        // Below the threshold a call runs on one thread, so one row tile is no loss.
        Assert.True(DirectConvPlanner.Plan(Depthwise(1, 6, 1024, 3, 1, 1)).SplitsInPlaceRows512);
    }

    [Theory]
    [InlineData(20, 6, 3, 1)] // rows narrower than a vector
    [InlineData(64, 64, 5, 2)] // 5×5
    [InlineData(64, 64, 3, 0)] // no padding: nothing to pack anyway
    public void OtherSingleChannelFiltersKeepThePackedRowTiles(int h, int w, int k, int padding)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(1, h, w, k, 1, padding));
        Assert.Null(plan.InPlaceTile512);
        Assert.False(plan.SplitsInPlaceRows512);
        Assert.False(plan.SplitsInPlaceRows256);
    }

    [Theory]
    [InlineData(112, 112)] // MobileNet dw1
    [InlineData(56, 56)]
    [InlineData(28, 28)]
    [InlineData(50, 48)] // a tile as wide as the row
    public void Vector256ReadsWideStride1RowsInPlaceWithThePackedTile(int h, int w)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, 1, 1));
        RowTilePlan tile = plan.InPlaceTile256!;
        Assert.Equal(plan.RowTile256, tile); // the same tile as the packed path, whose cost model chose it
        Assert.Equal(0, tile.Overhang);
        Assert.InRange(tile.Width, 8, w);
        Assert.InRange(tile.Rows, 1, h);
    }

    [Theory]
    [InlineData(28, 28, 3, 2, 1, 1)] // stride 2: the split phases are packed
    [InlineData(14, 14, 5, 1, 2, 1)] // 5×5
    [InlineData(14, 14, 3, 1, 0, 1)] // no padding
    [InlineData(14, 14, 3, 1, 2, 2)] // dilation 2
    [InlineData(20, 7, 3, 1, 1, 1)] // rows narrower than a vector: the tile overhangs into the next row
    public void Vector256PacksOtherLayers(int h, int w, int k, int stride, int padding, int dilation)
    {
        Assert.Null(DirectConvPlanner.Plan(Depthwise(16, h, w, k, stride, padding, dilation)).InPlaceTile256);
    }

    [Theory]
    [InlineData(112, 112, true)] // MobileNet dw2: 50 KB channels, tiles of 3 rows
    [InlineData(92, 100, true)]
    [InlineData(56, 56, true)] // 12.5 KB: taller tiles instead of packing
    [InlineData(28, 28, true)]
    [InlineData(16, 16, true)] // rows of 8
    [InlineData(14, 14, true)] // MobileNet dw8: rows of 7
    [InlineData(20, 12, true)] // rows of 6, two row tiles
    [InlineData(18, 10, true)] // rows of 5
    [InlineData(4, 12, true)] // two output rows of 6
    [InlineData(4, 16, false)] // two output rows of 8: packed
    [InlineData(16, 8, false)] // rows of 4: packed
    [InlineData(91, 100, false)] // odd height: the last output row would read the padding row below
    [InlineData(92, 101, false)] // odd width
    [InlineData(14, 13, false)]
    public void Avx2SplitsStride2PhasesOfEvenPlanes(int h, int w, bool splits)
    {
        Assert.Equal(splits, DirectConvPlanner.Plan(Depthwise(16, h, w, 3, 2, 1)).SplitTile256);
    }

    [Theory]
    [InlineData(14, 14, 5, 3)] // MobileNet dw7: 3 tiles of 5 rows × 2 vectors (columns 0 and 6), not 2 × 2 tiles of 7 × 8
    [InlineData(3, 9, 3, 1)] // 3 rows: one tile
    [InlineData(14, 10, 5, 3)] // rows of 10: columns 0 and 2
    public void Avx2InPlaceTilesOfRowsOf9To15SpanTheRow(int h, int w, int rows, int rowTiles)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, 1, 1));
        RowTilePlan tile = plan.InPlaceTile256!;
        Assert.Equal((rows, 2, rowTiles, 1), (tile.Rows, tile.Vectors, tile.RowTiles, tile.ColumnTiles));
        Assert.True(tile.Width > w);
        // The packed path (the tensor's first and last channels) keeps its own tile, inside the row.
        Assert.True(plan.RowTile256!.Width <= w);
    }

    [Theory]
    [InlineData(16, 16)] // whole vectors: the packed path's tile
    [InlineData(8, 8)]
    [InlineData(28, 28)]
    public void Avx2InPlaceTilesOfOtherRowsAreThePackedTile(int h, int w)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, 1, 1));
        Assert.Null(DirectConvPlanner.ChooseRowSpanningTile256(Depthwise(16, h, w, 3, 1, 1)));
        Assert.Equal(plan.RowTile256, plan.InPlaceTile256);
    }

    [Theory]
    [InlineData(112, 112, 1, true)] // 50 KB channels
    [InlineData(90, 94, 1, true)]
    [InlineData(56, 56, 1, true)] // 12.5 KB: fits L1, in place all the same
    [InlineData(14, 14, 1, true)]
    [InlineData(8, 8, 1, true)] // rows of 8, one vector each
    [InlineData(7, 7, 1, false)] // rows of 7: not a whole vector
    [InlineData(112, 112, 2, false)] // stride 2
    public void Avx2BackwardWeightsReadsStride1RowsOfWholeVectorsInPlace(int h, int w, int stride, bool inPlace)
    {
        LayerSpec layer = Depthwise(16, h, w, 3, stride, 1) with { Pass = PassKind.BackwardWeights };
        BackwardWeightsPlan plan = BackwardPlanner.PlanWeights(layer);
        Assert.Equal(inPlace, plan.InPlaceRows256);
        // In-place bands are of 3 rows, though the packed paths' are of 4; none where AVX2 packs.
        Assert.Equal(inPlace ? BackwardPlanner.InPlaceBandRows256 : 0, plan.InPlaceBandRows256);
        Assert.Equal(BackwardPlanner.MaxDepthwiseRows, plan.DepthwiseRows);
    }

    [Theory]
    [InlineData(7, 7, true)] // MobileNet dw9: one tile
    [InlineData(2, 4, true)]
    [InlineData(23, 6, true)] // tiles of 7 rows
    [InlineData(1, 7, false)] // one row
    [InlineData(8, 8, false)] // rows of whole vectors: the in-place tiles
    [InlineData(5, 3, false)] // rows of 3: no row tiles
    public void Avx2ForwardReadsRowsOf4To7OutputsWhole(int h, int w, bool wholeRows)
    {
        DirectConvPlan plan = DirectConvPlanner.Plan(Depthwise(16, h, w, 3, 1, 1));
        Assert.Equal(wholeRows, plan.WholeRows256);
        // AVX2 machines never reach the packed Vector256 tiles then: none are planned.
        Assert.Equal(wholeRows, plan.RowTile256 is null && plan.UsesRowTiles);
    }

    [Theory]
    [InlineData(7, 7, 1, true)] // MobileNet dw9
    [InlineData(12, 5, 1, true)]
    [InlineData(2, 7, 1, true)] // row 1's vector would leave the channel: loaded ending at its end
    [InlineData(4, 4, 1, true)]
    [InlineData(2, 4, 1, true)] // the channel is one vector
    [InlineData(5, 3, 1, false)] // rows of 1-3 take no depthwise row plan
    [InlineData(2, 3, 1, false)] // 6 floats: a row's vector would leave the channel
    [InlineData(8, 8, 1, false)] // rows of whole vectors: the in-place bands
    [InlineData(14, 14, 2, false)] // stride 2: the split bands
    public void Avx2BackwardWeightsReadsRowsNarrowerThanAVectorWhole(int h, int w, int stride, bool wholeRows)
    {
        LayerSpec layer = Depthwise(16, h, w, 3, stride, 1) with { Pass = PassKind.BackwardWeights };
        BackwardWeightsPlan plan = BackwardPlanner.PlanWeights(layer);
        Assert.Equal(wholeRows, plan.WholeRows256);
        Assert.False(plan.WholeRows256 && (plan.InPlaceRows256 || plan.Split256));
    }

    [Theory]
    [InlineData(112, 112, 2, true)] // MobileNet dw2: a 49 KB input channel
    [InlineData(102, 90, 2, true)]
    [InlineData(56, 56, 2, true)] // 12.5 KB
    [InlineData(46, 46, 2, true)] // 8.3 KB
    [InlineData(28, 28, 2, true)] // 3 KB
    [InlineData(16, 16, 2, true)] // rows of 8
    [InlineData(4, 16, 2, false)] // two rows of 8: packed
    [InlineData(101, 100, 2, false)] // odd height
    [InlineData(112, 112, 1, false)] // stride 1 reads in place instead
    [InlineData(14, 14, 2, true)] // rows of 7 outputs: split whatever the channel's size
    [InlineData(18, 10, 2, true)] // rows of 5
    [InlineData(4, 12, 2, true)] // two rows of 6
    [InlineData(2, 14, 2, false)] // one row: its load ending at its end would leave the channel
    [InlineData(16, 8, 2, false)] // rows of 4
    public void Avx2BackwardWeightsSplitsStride2PhasesOfEvenPlanes(int h, int w, int stride, bool splits)
    {
        LayerSpec layer = Depthwise(16, h, w, 3, stride, 1) with { Pass = PassKind.BackwardWeights };
        BackwardWeightsPlan plan = BackwardPlanner.PlanWeights(layer);
        Assert.Equal(splits, plan.Split256);
        Assert.False(plan.Split256 && plan.InPlaceRows256);
    }

    [Fact]
    public void InPlaceEdgeScratchHoldsTheZeroRowAroundTheTile()
    {
        // The zero row is read from float 32 at columns −1 to the tile's width; the scratch stays whole 64-byte lines.
        foreach (int width in new[] { 8, 16, 48, 112 })
        {
            int floats = ConvGen.Generator.Emit.InPlaceRowTile256Emitter.EdgeFloats(width);
            Assert.True(floats >= 32 + width + 8, $"width {width}: {floats} floats");
            Assert.Equal(0, floats % 16);
        }
    }

    [Fact]
    public void InPlaceInputRowsFeedTheirOutputRows()
    {
        // Input row oy − 1 + q of a 3-row tile: kernel row q − t of output row t.
        Assert.Equal(new[] { (0, 0) }, ConvGen.Generator.Emit.InPlaceRowTileEmitter.Uses(0, 3));
        Assert.Equal(new[] { (0, 2), (1, 1), (2, 0) }, ConvGen.Generator.Emit.InPlaceRowTileEmitter.Uses(2, 3));
        Assert.Equal(new[] { (2, 2) }, ConvGen.Generator.Emit.InPlaceRowTileEmitter.Uses(4, 3));
        var counts = new int[3, 3];
        for (int q = 0; q < 5; q++)
        {
            foreach ((int row, int kh) in ConvGen.Generator.Emit.InPlaceRowTileEmitter.Uses(q, 3))
            {
                counts[row, kh]++;
            }
        }
        Assert.All(counts.Cast<int>(), c => Assert.Equal(1, c));
    }

    [Theory]
    [InlineData(3, 4)] // 12 floats per channel: a 16-float load would leave it
    [InlineData(1, 7)] // one row of pairs
    [InlineData(13, 7)] // more rows than MaxPairedRows
    [InlineData(17, 14)] // more rows than MaxWholeRows
    public void OtherNarrowStride1LayersPack(int h, int w)
    {
        Assert.Null(DirectConvPlanner.Plan(Depthwise(16, h, w, 3, 1, 1)).WholeRowTile512);
    }

    [Theory]
    [InlineData(2, 14, 3, 2, 1)] // 7 output columns on one row: no pair
    [InlineData(26, 14, 3, 2, 1)] // 7 output columns on 13 rows: more pairs than MaxPairedRows allows
    [InlineData(56, 57, 3, 2, 1)] // odd width: the last output reads padding column W
    [InlineData(57, 56, 3, 2, 1)] // odd height: the last output row reads padding row H
    [InlineData(56, 56, 3, 1, 1)] // stride 1
    [InlineData(56, 56, 3, 2, 0)] // no padding
    [InlineData(56, 56, 5, 2, 2)] // 5×5
    public void OtherLayersKeepThePackedPlanes(int h, int w, int k, int stride, int padding)
    {
        Assert.Null(DirectConvPlanner.Plan(Depthwise(16, h, w, k, stride, padding)).SplitTile512);
    }

    [Fact]
    public void SplitInputRowsFeedTheirOutputRows()
    {
        // Input row 2·oy − 1 + q of a 3-row tile: kernel row q − 2t of output row t.
        Assert.Equal(new[] { (0, 0) }, ConvGen.Generator.Emit.SplitRowTileEmitter.Uses(0, 3));
        Assert.Equal(new[] { (0, 1) }, ConvGen.Generator.Emit.SplitRowTileEmitter.Uses(1, 3));
        Assert.Equal(new[] { (1, 0), (0, 2) }, ConvGen.Generator.Emit.SplitRowTileEmitter.Uses(2, 3));
        Assert.Equal(new[] { (2, 0), (1, 2) }, ConvGen.Generator.Emit.SplitRowTileEmitter.Uses(4, 3));
        Assert.Equal(new[] { (2, 2) }, ConvGen.Generator.Emit.SplitRowTileEmitter.Uses(6, 3));
        // Every output row gets each of its 3 kernel rows exactly once.
        var counts = new int[3, 3];
        for (int q = 0; q < 7; q++)
        {
            foreach ((int row, int kh) in ConvGen.Generator.Emit.SplitRowTileEmitter.Uses(q, 3))
            {
                counts[row, kh]++;
            }
        }
        Assert.All(counts.Cast<int>(), c => Assert.Equal(1, c));
    }
    [Theory]
    [InlineData(7, 7, 2, 4)] // MobileNet's 7×7×1024 layer: pairs (0, 1), (2, 3), (4, 5) and (5, 6)
    [InlineData(4, 4, 2, 2)] // 16 floats per channel
    [InlineData(14, 14, 1, 14)] // MobileNet's 14×14×512 layer: a row per vector
    [InlineData(16, 16, 1, 16)]
    [InlineData(2, 8, 1, 2)]
    public void Avx512BackwardWeightsReadRowsOf4To16WholeWithoutPacking(int h, int w, int rowsPerVector, int vectors)
    {
        LayerSpec layer = Depthwise(16, h, w, 3, 1, 1) with { Pass = PassKind.BackwardWeights };
        BackwardWeightsPlan plan = BackwardPlanner.PlanWeights(layer);
        Assert.True(plan.UsesDepthwiseRows); // the packed row plan stays for Vector256, Vector128 and scalar code
        WholeRowTilePlan rows = plan.WholeRows512!;
        Assert.Equal((rowsPerVector, vectors), (rows.RowsPerVector, rows.Accumulators));
        Assert.Equal(DirectConvPlanner.ChooseWholeRowTile(layer), rows); // laid out as the forward tile
        Assert.Null(plan.InPlaceRows512);
    }

    [Theory]
    [InlineData(112, 112, 4, 28, 0, 7)] // MobileNet 112×112×32: 28 bands of 4, 10 rows (6 input, 4 gradOutput) streamed at once
    [InlineData(56, 56, 4, 14, 0, 4)]
    [InlineData(28, 28, 4, 7, 0, 2)]
    [InlineData(16, 32, 4, 4, 0, 2)]
    [InlineData(23, 40, 4, 5, 3, 3)] // a last band of 3
    [InlineData(3, 17, 3, 1, 0, 2)] // fewer rows than a band: one band of them all
    [InlineData(17, 16, 4, 4, 1, 1)] // 17 rows of 16: too many for a whole-row tile; a last band of 1
    public void Avx512BackwardWeightsBandRowsOf16OrMoreInPlace(int h, int w, int rows, int fullBands, int remainder, int columnTiles)
    {
        LayerSpec layer = Depthwise(16, h, w, 3, 1, 1) with { Pass = PassKind.BackwardWeights };
        BackwardWeightsPlan plan = BackwardPlanner.PlanWeights(layer);
        Assert.Null(plan.WholeRows512);
        Assert.Equal(new InPlaceWeightsPlan(rows, fullBands, remainder, columnTiles), plan.InPlaceRows512! with { PrefetchesBands = false, StreamAheadRows = 0 });
        Assert.Equal(h, fullBands * rows + remainder);
        // A streaming call prefetches about StreamPrefetchBytes ahead, at most the plane's height (the next image's same rows).
        Assert.Equal(System.Math.Min(DirectConvPlanner.StreamAheadRows(w), h), plan.InPlaceRows512!.StreamAheadRows);
    }

    [Theory]
    [InlineData(28, 28, 3, 2, 1, 1)] // stride 2
    [InlineData(14, 14, 5, 1, 2, 1)] // 5×5
    [InlineData(14, 14, 3, 1, 0, 1)] // no padding
    [InlineData(14, 14, 3, 1, 2, 2)] // dilation 2 (padding 2 keeps the size)
    [InlineData(20, 3, 3, 1, 1, 1)] // rows of 3: no depthwise row plan at all
    public void Avx512BackwardWeightsKeepPackingForOtherLayers(int h, int w, int k, int stride, int padding, int dilation)
    {
        LayerSpec layer = Depthwise(16, h, w, k, stride, padding) with { Pass = PassKind.BackwardWeights, DilationHeight = dilation, DilationWidth = dilation };
        BackwardWeightsPlan plan = BackwardPlanner.PlanWeights(layer);
        Assert.Null(plan.WholeRows512);
        Assert.Null(plan.InPlaceRows512);
    }
    [Theory]
    [InlineData(112, 112, 2, 28, 0, 4, false)] // MobileNet 112×112×64 → 56×56, 50 KB channels (more than L1): 28 bands of 2, column tiles at 0, 16, 32 and 40
    [InlineData(90, 90, 4, 11, 1, 3, false)] // 32,400-byte channels, just inside the 32 KB L1: 45 rows in bands of 4 and a last band of 1
    [InlineData(102, 90, 2, 25, 1, 3, false)] // 36.7 KB channels: 51 rows in bands of 2 and a last band of 1
    [InlineData(56, 56, 4, 7, 0, 2, false)] // 28 rows
    [InlineData(28, 28, 4, 3, 2, 1, true)] // 14 rows of 14: one vector per row, a last band of 2
    [InlineData(30, 20, 4, 3, 3, 1, true)]
    [InlineData(2, 32, 1, 1, 0, 1, false)] // one output row
    [InlineData(4, 16, 2, 1, 0, 1, true)] // two rows of 8: 16 floats
    public void Avx512StrideTwoBackwardWeightsSplitInRegisters(int h, int w, int rows, int fullBands, int remainder, int columnTiles, bool wholeRow)
    {
        LayerSpec layer = Depthwise(16, h, w, 3, 2, 1) with { Pass = PassKind.BackwardWeights };
        BackwardWeightsPlan plan = BackwardPlanner.PlanWeights(layer);
        Assert.Equal(new SplitWeightsPlan(rows, fullBands, remainder, columnTiles, wholeRow, PairsRows: false)
        {
            StreamAheadRows = wholeRow ? System.Math.Min(DirectConvPlanner.StreamAheadRows(w), h) : DirectConvPlanner.StreamAheadRows(w),
        }, plan.Split512);
        Assert.Equal(layer.OutHeight, fullBands * rows + remainder);
        Assert.Null(plan.WholeRows512);
        Assert.Null(plan.InPlaceRows512);
    }

    [Theory]
    [InlineData(14, 14)] // MobileNet 14×14×512 → 7×7
    [InlineData(8, 8)] // 4×4: 16 floats
    [InlineData(8, 10)]
    public void Avx512StrideTwoBackwardWeightsPairRowsOf4To7(int h, int w)
    {
        LayerSpec layer = Depthwise(16, h, w, 3, 2, 1) with { Pass = PassKind.BackwardWeights };
        Assert.Equal(new SplitWeightsPlan(h / 2, 1, 0, 1, WholeRow: false, PairsRows: true), BackwardPlanner.PlanWeights(layer).Split512);
    }

    [Theory]
    [InlineData(2, 16)] // one row of 8: under 16 gradOutput floats
    [InlineData(27, 28)] // odd height
    [InlineData(28, 14)] // rows of 7 on 14 rows: more than MaxPairedRows
    public void Avx512StrideTwoBackwardWeightsKeepPackingElsewhere(int h, int w)
    {
        LayerSpec layer = Depthwise(16, h, w, 3, 2, 1) with { Pass = PassKind.BackwardWeights };
        Assert.Null(BackwardPlanner.PlanWeights(layer).Split512);
    }
    [Theory]
    [InlineData(112, 112, true)] // MobileNet 112×112×32: 12 544 floats per channel
    [InlineData(56, 56, true)] // 3 136
    [InlineData(28, 28, false)] // 784: the hardware prefetchers keep up
    [InlineData(40, 51, false)] // 2 040
    [InlineData(32, 64, true)] // 2 048
    public void InPlaceBackwardWeightsPrefetchTheNextBandOnLargePlanes(int h, int w, bool prefetches)
    {
        LayerSpec layer = Depthwise(16, h, w, 3, 1, 1) with { Pass = PassKind.BackwardWeights };
        Assert.Equal(prefetches, BackwardPlanner.PlanWeights(layer).InPlaceRows512!.PrefetchesBands);
    }
    [Theory]
    [InlineData(7, 7, 1, true)] // MobileNet 7×7×1024
    [InlineData(14, 14, 2, true)] // MobileNet 14×14×512 → 7×7
    [InlineData(4, 4, 1, true)] // 16 floats per channel
    [InlineData(2, 8, 1, true)] // rows of 8: half a vector
    [InlineData(12, 5, 1, true)]
    [InlineData(14, 14, 1, false)] // rows of 14 fill a vector alone
    [InlineData(28, 28, 2, false)] // 14×14 outputs
    [InlineData(13, 5, 1, false)] // 13 rows: more than MaxPairedRows
    [InlineData(4, 16, 2, true)] // two output rows of 8: 16 floats
    [InlineData(2, 16, 2, false)] // one output row of 8: under 16 floats
    public void Avx512BackwardWeightsPairChannelsOnSmallPlanes(int h, int w, int stride, bool pairs)
    {
        LayerSpec layer = Depthwise(16, h, w, 3, stride, 1) with { Pass = PassKind.BackwardWeights };
        Assert.Equal(pairs, BackwardPlanner.PlanWeights(layer).ChannelPairs512);
    }

    [Fact]
    public void Avx512BackwardWeightsPairChannelsOnlyWithTwoOrMore()
    {
        LayerSpec layer = Depthwise(1, 7, 7, 3, 1, 1) with { Pass = PassKind.BackwardWeights };
        Assert.False(BackwardPlanner.PlanWeights(layer).ChannelPairs512);
    }

    [Theory]
    [InlineData(512, 14, 14, 2, true)] // MobileNet's 14×14 → 7×7: rows of 7
    [InlineData(1024, 7, 7, 1, true)] // its 7×7: rows of 7
    [InlineData(4, 8, 8, 1, true)] // rows of 8: a full half each
    [InlineData(5, 4, 4, 1, true)] // a 16-float plane, the smallest
    [InlineData(9, 16, 14, 2, true)] // 8 output rows of 7
    [InlineData(256, 28, 28, 2, false)] // rows of 14: more than half a vector
    public void NarrowDepthwiseForwardComputesChannelPairs(int channels, int h, int w, int stride, bool pairs)
    {
        Assert.Equal(pairs, DirectConvPlanner.Plan(Depthwise(channels, h, w, 3, stride, 1)).ChannelPairs512);
    }

    [Theory]
    [InlineData(2, 7, 7, 1, true)]
    [InlineData(1, 7, 7, 1, false)] // one channel: no pair
    [InlineData(8, 3, 5, 1, false)] // a 15-float plane: channel c + 1's loads would leave the pair
    [InlineData(8, 14, 17, 2, false)] // input rows of 17: one load no longer holds a row
    [InlineData(8, 26, 7, 1, false)] // 26 output rows: more accumulators than registers allow
    [InlineData(8, 13, 13, 3, false)] // stride 3 (rows of 5)
    [InlineData(8, 7, 3, 1, false)] // rows of 3: narrower than any row tile
    public void ChannelPairsNeedTheirGeometry(int channels, int h, int w, int stride, bool pairs)
    {
        Assert.Equal(pairs, DirectConvPlanner.PairsChannels(Depthwise(channels, h, w, 3, stride, 1)));
    }
}
