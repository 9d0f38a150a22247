using System.Linq;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Xunit;

namespace ConvGen.Generator.Tests.Planning;

/// <summary>Where the channel-lane plans of backward passes apply, and the tiles they cut.</summary>
public sealed class ChannelLanePlannerTests
{
    private static LayerSpec Pointwise(int c, int k, int h, int w, PassKind pass, int groups = 1, int stride = 1, int padding = 0) =>
        new(c, k, h, w, 1, 1, stride, stride, padding, padding, 1, 1, groups, ActivationKind.None, AlgorithmKind.Auto, HasBias: false, pass);

    [Theory]
    [InlineData(1024, 1024, 7, 7, 1, 10, 44)] // 49 positions in 10 tiles of 5, not 54 in 9 of 6
    [InlineData(512, 512, 14, 14, 1, 33, 190)]
    [InlineData(40, 288, 5, 7, 1, 7, 30)] // 35 in 7 tiles of 5
    [InlineData(64, 256, 2, 3, 1, 1, 0)]
    [InlineData(64, 256, 16, 16, 1, 43, 250)]
    [InlineData(64, 1024, 7, 7, 4, 10, 44)] // groups of 16 → 256
    public void SmallPointwisePlanesGetTheChannelLaneDataPlan(int c, int k, int h, int w, int groups, int tiles, int lastTileStart)
    {
        ChannelLanePointwisePlan? plan = ChannelLanePlanner.PlanPointwise(Pointwise(c, k, h, w, PassKind.BackwardData, groups));
        Assert.NotNull(plan);
        Assert.Equal(h * w, plan!.Positions);
        Assert.Equal(tiles, plan.Tiles);
        Assert.Equal(lastTileStart, plan.LastTileStart);
    }

    [Theory]
    [InlineData(1024, 1024, 7, 7, 1, 7, 7, 42)] // 49 positions in 7 tiles of 7 instead of 50 in 10 of 5
    [InlineData(512, 512, 14, 14, 1, 7, 28, 189)] // 196 in 28 instead of 198 in 33
    [InlineData(48, 256, 4, 5, 1, 5, 4, 15)] // 20 in 4 tiles of 5, as the other paths: 7 would compute 21
    [InlineData(40, 256, 4, 5, 1, 5, 4, 15)] // 40 input channels: no Vector512 path, the other paths' tile
    [InlineData(64, 256, 4, 4, 1, 6, 3, 10)] // 16 positions: 21 in tiles of 7 against 18 in tiles of 6
    [InlineData(64, 256, 6, 7, 1, 6, 7, 36)] // 42: both divide the plane, so the tiles of 6 stay
    [InlineData(64, 256, 2, 3, 1, 6, 1, 0)] // 6 positions: one tile of 6
    public void TheVector512PathCutsWiderTilesWhereTheyComputeFewerPositions(int c, int k, int h, int w, int groups, int wideTilePositions, int wideTiles, int wideLastTileStart)
    {
        ChannelLanePointwisePlan plan = ChannelLanePlanner.PlanPointwise(Pointwise(c, k, h, w, PassKind.BackwardData, groups))!;
        Assert.Equal(wideTilePositions, plan.WideTilePositions);
        Assert.Equal(wideTilePositions != plan.TilePositions, plan.HasWideTile);
        Assert.Equal(wideTilePositions == ChannelLanePlanner.WideLaneTile, plan.HasWideTile);
        Assert.Equal(wideTiles, plan.WideTiles);
        Assert.Equal(wideLastTileStart, plan.WideLastTileStart);
        Assert.True(plan.WideTiles * plan.WideTilePositions <= plan.Tiles * plan.TilePositions);
    }

    [Theory]
    [InlineData(1024, 1024, 7, 7, 1, false, 16)] // backward-data rows GroupIn = 1024 floats apart: a page each
    [InlineData(2048, 256, 7, 7, 1, false, 16)]
    [InlineData(2048, 1024, 7, 7, 2, false, 16)] // groups of 1024 input channels
    [InlineData(512, 512, 14, 14, 1, false, 0)] // 2 KB apart: two rows to a page
    [InlineData(2048, 512, 7, 7, 4, false, 0)] // groups of 512 input channels
    [InlineData(1024, 1024, 7, 7, 1, true, 0)] // forward reads a transposed or packed panel, never the rows in place
    public void BackwardDataPrefetchesTheRowsItFillsThePanelFromWhereEachIsOnItsOwnPage(int c, int k, int h, int w, int groups, bool forward, int rows)
    {
        ChannelLanePointwisePlan plan = ChannelLanePlanner.PlanPointwise(Pointwise(c, k, h, w, forward ? PassKind.Forward : PassKind.BackwardData, groups))!;
        Assert.Equal(rows, plan.FillPrefetchRows);
    }

    [Theory]
    [InlineData(1024, 7, 1024, 4)] // 7×7 1024 → 1024 on Vector512: 7 tiles, the reduction divides by 4
    [InlineData(1024, 5, 1024, 4)]
    [InlineData(1024, 10, 4096, 4)]
    [InlineData(1024, 4, 1024, 0)] // too few tiles: the copy would crowd the ones after the first
    [InlineData(1024, 2, 2048, 0)]
    [InlineData(1024, 11, 1024, 0)] // too many
    [InlineData(256, 28, 1152, 0)]
    [InlineData(260, 7, 1024, 4)]
    [InlineData(261, 7, 1024, 0)] // a reduction that does not divide by 4
    [InlineData(512, 7, 512, 0)] // rows 2 KB apart: the fill kept its speed there
    [InlineData(1024, 7, 1023, 0)]
    public void BackwardDataCopiesTheNextPanelWhereRowsArePagesApart(int reduction, int tiles, int rowFloats, int expected)
    {
        Assert.Equal(expected, ChannelLanePlanner.NextPanelCopyTiles(reduction, tiles, rowFloats));
    }

    [Theory]
    [InlineData(1024, 1024, 7, 7, 1, 4, 4)] // 10 tiles of 5, 7 of 7 on Vector512
    [InlineData(1040, 132, 5, 7, 1, 4, 4)] // 7 tiles of 5, 5 of 7
    [InlineData(2048, 256, 5, 7, 2, 4, 4)] // groups of 1024 → 128
    [InlineData(1024, 256, 14, 14, 1, 0, 0)] // 33 tiles (28 on Vector512)
    [InlineData(512, 512, 7, 7, 1, 0, 0)] // rows 2 KB apart
    [InlineData(80, 260, 4, 5, 1, 0, 0)]
    public void BackwardDataPlansCountTheirCopyingTilesPerPath(int c, int k, int h, int w, int groups, int copying, int wideCopying)
    {
        ChannelLanePointwisePlan plan = ChannelLanePlanner.PlanPointwise(Pointwise(c, k, h, w, PassKind.BackwardData, groups))!;
        Assert.Equal((copying, wideCopying), (plan.NextPanelCopyTiles, plan.WideNextPanelCopyTiles));
        ChannelLanePointwisePlan forward = ChannelLanePlanner.PlanPointwise(Pointwise(k, c, h, w, PassKind.Forward, groups))!;
        Assert.Equal((0, 0), (forward.NextPanelCopyTiles, forward.WideNextPanelCopyTiles));
    }

    [Fact]
    public void ColumnsPlansCountTheirCopyingTilesOnTheirOwnTiles()
    {
        // An 8×8 gradOutput plane: the columns GEMM's 64 positions are 8 tiles of 8 on Vector512 and 13 of 5 elsewhere,
        // so only Vector512 copies: counted on the tiles as the columns plan sets them, not as PlanPointwise first cut them.
        ChannelLanePointwisePlan gemm = ChannelLanePlanner.PlanColumnsData(Conv(256, 512, 16, 16, 3, 2, 1, pass: PassKind.BackwardData))!.Columns;
        Assert.Equal((8, 13), (gemm.WideTiles, gemm.Tiles));
        Assert.Equal((4, 0), (gemm.WideNextPanelCopyTiles, gemm.NextPanelCopyTiles));
        // DCGAN's discriminator into 4×4: two tiles, none copies.
        ChannelLanePointwisePlan dcgan = ChannelLanePlanner.PlanColumnsData(Conv(256, 512, 8, 8, 4, 2, 1, pass: PassKind.BackwardData))!.Columns;
        Assert.Equal((0, 0), (dcgan.WideNextPanelCopyTiles, dcgan.NextPanelCopyTiles));
    }

    [Fact]
    public void ForwardWideTilesFollowTheOutputChannels()
    {
        // Forward, the output channels run along the lanes: 256 → 48 has a Vector512 path, 256 → 40 does not.
        Assert.Equal(7, ChannelLanePlanner.PlanPointwise(Pointwise(256, 48, 7, 7, PassKind.Forward))!.WideTilePositions);
        Assert.Equal(5, ChannelLanePlanner.PlanPointwise(Pointwise(256, 40, 7, 7, PassKind.Forward))!.WideTilePositions);
    }

    [Theory]
    [InlineData(256, 256, 28, 28, 1, 1, 0)] // 784 positions: the position-lane tiles waste nothing there
    [InlineData(256, 256, 17, 16, 1, 1, 0)] // 272 positions, just above the limit
    [InlineData(60, 256, 7, 7, 1, 1, 0)] // 60 input channels: not whole vectors of 8
    [InlineData(64, 16, 7, 7, 1, 1, 0)] // 16 output channels: too short a reduction
    [InlineData(64, 128, 14, 14, 1, 1, 0)] // 128: the position lanes are faster
    [InlineData(64, 256, 1, 5, 1, 1, 0)] // 5 positions: less than one tile
    [InlineData(64, 256, 14, 14, 1, 2, 0)] // stride 2
    [InlineData(64, 256, 7, 7, 1, 1, 1)] // padding
    [InlineData(64, 256, 7, 7, 4, 1, 0)] // groups of 16 → 64: too short a reduction, even on 7×7
    [InlineData(64, 512, 14, 14, 4, 1, 0)] // groups of 16 → 128: too short a reduction on 14×14
    public void OtherDataPassesKeepTheirPlans(int c, int k, int h, int w, int groups, int stride, int padding)
    {
        Assert.Null(ChannelLanePlanner.PlanPointwise(Pointwise(c, k, h, w, PassKind.BackwardData, groups, stride, padding)));
    }

    [Theory]
    [InlineData(1024, 1024, 7, 7, 1, 171, 1018)]
    [InlineData(32, 64, 112, 112, 1, 11, 58)] // any plane size
    [InlineData(128, 128, 56, 56, 2, 11, 58)] // groups of 64 → 64
    [InlineData(8, 6, 1, 1, 1, 1, 0)]
    public void PointwiseWeightsTransposeTheirInput(int c, int k, int h, int w, int groups, int tiles, int lastTileStart)
    {
        ChannelLaneWeightsPlan? plan = ChannelLanePlanner.PlanWeights(Pointwise(c, k, h, w, PassKind.BackwardWeights, groups));
        Assert.NotNull(plan);
        Assert.False(plan!.Gathers);
        Assert.Equal(h * w, plan.Positions);
        Assert.Equal(c / groups, plan.Columns);
        Assert.Equal(tiles, plan.OutputTiles);
        Assert.Equal(lastTileStart, plan.LastTileStart);
    }

    [Theory]
    [InlineData(7, 0)] // 6 KB column blocks: the whole plane at once
    [InlineData(28, 0)] // 98 KB
    [InlineData(56, 1568)] // 392 KB: two chunks
    [InlineData(112, 1792)] // 1.6 MB: seven chunks
    public void LargePlanesAreWalkedInChunksThatStayInL2(int size, int chunk)
    {
        ChannelLaneWeightsPlan plan = ChannelLanePlanner.PlanWeights(Pointwise(32, 64, size, size, PassKind.BackwardWeights, 1))!;
        Assert.Equal(chunk, plan.PositionChunk);
        Assert.Equal(chunk > 0, plan.ChunksPositions);
        if (chunk > 0)
        {
            Assert.True(chunk * ChannelLanePlanner.WidestBlockColumns * sizeof(float) <= ChannelLanePlanner.ColumnChunkBytes);
            Assert.Equal(0, chunk % 16);
        }
    }

    [Fact]
    public void KernelsWithTapsGatherTheirColumnsFromPaddedPlanes()
    {
        // ResNet-18's 3×3 at 7×7: 512 channels × 9 taps per weight row; 9×9 padded planes; taps at kh·9 + kw.
        var layer = new LayerSpec(512, 512, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, ActivationKind.None, AlgorithmKind.Auto, HasBias: false, PassKind.BackwardWeights);
        ChannelLaneWeightsPlan plan = ChannelLanePlanner.PlanWeights(layer)!;
        Assert.True(plan.Gathers);
        Assert.Equal(4608, plan.Columns);
        Assert.Equal(49, plan.Positions);
        Assert.Equal((9, 9), (plan.PlaneHeight, plan.PlaneWidth));
        Assert.Equal(new[] { 0, 1, 2, 9, 10, 11, 18, 19, 20 }, plan.TapOffsets.ToArray());

        // A 1×1 kernel at stride 2 gathers too (one tap at offset 0), over the 4×4 output positions.
        ChannelLaneWeightsPlan strided = ChannelLanePlanner.PlanWeights(Pointwise(64, 64, 8, 8, PassKind.BackwardWeights, stride: 2))!;
        Assert.True(strided.Gathers);
        Assert.Equal(16, strided.Positions);
        Assert.Equal(new[] { 0 }, strided.TapOffsets.ToArray());
    }

    [Theory]
    [InlineData(60, 64, 1, 1)] // 1×1 with 60 input channels: rows of 60 columns, not whole vectors of 8
    [InlineData(64, 5, 1, 1)] // 5 output channels: less than one tile
    [InlineData(64, 64, 1, 16)] // groups of 4 input channels × 1 tap
    [InlineData(128, 128, 3, 32)] // ResNeXt's groups of 4 channels × 9 taps = 36 columns
    [InlineData(64, 64, 3, 64)] // depthwise keeps its row plan
    public void OtherWeightsPassesKeepTheirPlans(int c, int k, int kernel, int groups)
    {
        var layer = new LayerSpec(c, k, 14, 14, kernel, kernel, 1, 1, kernel / 2, kernel / 2, 1, 1, groups, ActivationKind.None, AlgorithmKind.Auto, HasBias: false, PassKind.BackwardWeights);
        Assert.Null(ChannelLanePlanner.PlanWeights(layer));
    }

    [Theory]
    [InlineData(1024, 1024, 7, 7, 1, true)]
    [InlineData(512, 512, 14, 14, 1, true)]
    [InlineData(288, 40, 5, 7, 1, true)] // 40 output channels: whole vectors of 8
    [InlineData(512, 64, 4, 4, 2, true)] // groups of 256 → 32
    [InlineData(256, 20, 7, 7, 1, false)] // 20 output channels: not whole vectors
    [InlineData(16, 64, 7, 7, 1, false)] // 16 input channels: too short a reduction
    [InlineData(64, 128, 14, 14, 1, false)] // 64 input channels: the position lanes are faster (MobileNet's 14×14 layers at width 0.25)
    [InlineData(128, 128, 7, 7, 1, true)] // a 7×7 plane takes channel lanes from 128 input channels
    [InlineData(64, 128, 7, 7, 1, false)] // 64 input channels: the position lanes are faster even on 7×7
    [InlineData(128, 128, 8, 8, 1, true)] // 64 positions: still a small plane
    [InlineData(128, 128, 9, 9, 1, false)] // 81 positions: 256 input channels needed
    [InlineData(256, 256, 28, 28, 1, false)] // 784 positions
    public void ForwardPointwiseOnSmallPlanesPutsOutputChannelsInTheLanes(int c, int k, int h, int w, int groups, bool planned)
    {
        ChannelLanePointwisePlan? plan = ChannelLanePlanner.PlanPointwise(Pointwise(c, k, h, w, PassKind.Forward, groups));
        Assert.Equal(planned, plan is not null);
    }

    [Theory]
    [InlineData(32, 32, 8)] // 4 tiles of 8 against 6 overlapping tiles of 6 (36 rows)
    [InlineData(64, 32, 8)] // 8 × 8 against 11 × 6 (66 rows)
    [InlineData(20, 32, 8)] // 3 × 8 = 24 rows, as many as 4 × 6: the wider tile
    [InlineData(12, 32, 6)] // 2 × 8 = 16 rows against 2 × 6 = 12
    [InlineData(7, 32, 6)] // fewer outputs than one wide tile
    [InlineData(64, 24, 6)] // 24 columns: no Vector512 path
    [InlineData(64, 144, 8)] // 16 channels × 9 taps
    public void Vector512WeightTilesAreWiderWhereTheyComputeNoExtraRows(int groupOutputs, int columns, int expected)
    {
        Assert.Equal(expected, ChannelLanePlanner.WideWeightTileOutputs(groupOutputs, columns));
    }

    [Fact]
    public void WideWeightTilesCarryTheirOwnTiling()
    {
        ChannelLaneWeightsPlan plan = ChannelLanePlanner.PlanWeights(Pointwise(32, 20, 7, 7, PassKind.BackwardWeights))!;
        Assert.Equal((6, 4, 14), (plan.TileOutputs, plan.OutputTiles, plan.LastTileStart));
        Assert.Equal((8, 3, 12), (plan.WideTileOutputs, plan.WideOutputTiles, plan.WideLastTileStart));
        Assert.Equal(20, plan.GroupOutputs);
    }

    [Fact]
    public void EachPlanServesOnlyItsPass()
    {
        Assert.Null(ChannelLanePlanner.PlanPointwise(Pointwise(1024, 1024, 7, 7, PassKind.BackwardWeights)));
        Assert.Null(ChannelLanePlanner.PlanWeights(Pointwise(1024, 1024, 7, 7, PassKind.Forward)));
        Assert.Null(ChannelLanePlanner.PlanWeights(Pointwise(1024, 1024, 7, 7, PassKind.BackwardData)));
    }

    private static LayerSpec Conv(int c, int k, int h, int w, int kernel, int stride, int padding, int groups = 1, int dilation = 1,
        PassKind pass = PassKind.Forward) =>
        new(c, k, h, w, kernel, kernel, stride, stride, padding, padding, dilation, dilation, groups, ActivationKind.None, AlgorithmKind.Direct, HasBias: false, pass);

    [Theory]
    [InlineData(256, 512, 8, 8, 4, 2, 1, 1, 16, 8)] // DCGAN's discriminator to 4×4: two tiles of 8
    [InlineData(256, 512, 14, 14, 3, 2, 1, 1, 49, 7)] // ResNet-18's stride-2 layer to 7×7: seven tiles of 7
    [InlineData(128, 256, 28, 28, 3, 2, 1, 1, 196, 7)]
    [InlineData(64, 128, 32, 32, 4, 2, 1, 1, 256, 8)]
    [InlineData(64, 64, 9, 9, 3, 1, 1, 2, 81, 6)] // groups of 32 → 32; 81 positions: 84 in tiles of 6 or 7, so 6 on every path
    public void SmallOutputPlanesGetTheChannelLaneConvolutionPlan(int c, int k, int h, int w, int kernel, int stride, int padding, int groups, int positions, int wideTile)
    {
        ChannelLanePointwisePlan? plan = ChannelLanePlanner.PlanConvolution(Conv(c, k, h, w, kernel, stride, padding, groups));
        Assert.NotNull(plan);
        Assert.NotNull(plan!.Gather);
        Assert.False(plan.CopiesStrips);
        Assert.Equal(positions, plan.Positions);
        Assert.Equal(wideTile, plan.WideTilePositions);
    }

    [Theory]
    [InlineData(64, 24, 16, 16, 3, 1, 1, 1)] // 24 output channels: AVX-512 machines would lose their Vector512 path
    [InlineData(64, 128, 56, 56, 3, 2, 1, 1)] // 784 positions: the position-lane tiles waste nothing there
    [InlineData(8, 32, 14, 14, 3, 1, 1, 1)] // a reduction of 72 (8 channels × 9 taps)
    [InlineData(64, 64, 28, 28, 1, 2, 0, 1)] // 1×1 stride 2 to 14×14: a reduction of 64
    [InlineData(64, 64, 14, 14, 1, 1, 0, 1)] // plain pointwise: PlanPointwise's
    [InlineData(32, 32, 1, 2, 1, 1, 0, 1)] // two positions
    public void OtherLayersKeepTheirPlans(int c, int k, int h, int w, int kernel, int stride, int padding, int groups)
    {
        Assert.Null(ChannelLanePlanner.PlanConvolution(Conv(c, k, h, w, kernel, stride, padding, groups)));
    }

    [Fact]
    public void BackwardPassesAndTransposedLayersNeverGather()
    {
        Assert.Null(ChannelLanePlanner.PlanConvolution(Conv(256, 512, 8, 8, 4, 2, 1, pass: PassKind.BackwardData)));
        Assert.Null(ChannelLanePlanner.PlanConvolution(Conv(256, 512, 8, 8, 4, 2, 1, pass: PassKind.BackwardWeights)));
    }

    [Fact]
    public void TapOffsetsAddressTheStridePhasePlanes()
    {
        // 4×4 stride 2 padding 1 on 8×8: four phase planes of 5×5; tap (kh, kw) reads plane (kh mod 2, kw mod 2) at
        // row kh / 2, column kw / 2, so output (oy, ox) reads padded pixel (2·oy + kh, 2·ox + kw).
        ChannelLaneGather gather = ChannelLanePlanner.PlanConvolution(Conv(256, 512, 8, 8, 4, 2, 1))!.Gather!;
        Assert.Equal(5, gather.Packing.PlaneWidth);
        Assert.Equal(100, gather.ChannelStride);
        int[] expected = Enumerable.Range(0, 16).Select(t => ((t / 4 % 2) * 2 + t % 4 % 2) * 25 + t / 4 / 2 * 5 + t % 4 / 2).ToArray();
        Assert.Equal(expected, gather.TapOffsets.ToArray());
        Assert.Equal(1 * 5 + 3, gather.PositionOffset(7)); // output (1, 3)
    }

    [Theory]
    [InlineData(1024, 16, 64, 64, 4, 4, 0, 1)] // 16 MB of planes per image: one at a time
    [InlineData(512, 16, 64, 64, 4, 4, 0, 2)]
    [InlineData(64, 64, 16, 16, 3, 2, 1, 202)] // 64 channels × 4 planes of 9×9
    public void ImagesArePackedInChunksOfAtMost16MegabytesOfPlanes(int c, int k, int h, int w, int kernel, int stride, int padding, int images)
    {
        ChannelLaneGather gather = ChannelLanePlanner.PlanConvolution(Conv(c, k, h, w, kernel, stride, padding))!.Gather!;
        Assert.Equal(images, gather.ChunkImages(c));
        Assert.True(images == 1 || (long)images * c * gather.ChannelStride <= ChannelLaneGather.MaxChunkFloats);
    }

    [Theory]
    [InlineData(256, 512, 8, 8, 4, 2, 1, 1, 4096, 16, 8)] // DCGAN's discriminator into 4×4: 4096 columns over 16 positions, two tiles of 8
    [InlineData(256, 512, 14, 14, 3, 2, 1, 1, 2304, 49, 7)] // ResNet-18's stride-2 layer into 7×7
    [InlineData(128, 256, 28, 28, 3, 2, 1, 1, 1152, 196, 7)] // into 14×14: a reduction of 256
    [InlineData(512, 1024, 28, 28, 1, 2, 0, 1, 512, 196, 7)] // ResNet-50's 1×1 stride-2 projection
    [InlineData(64, 256, 13, 13, 3, 2, 2, 2, 288, 64, 8)] // two groups of 32 → 128, padding 2
    public void StridedBackwardDataOnSmallPlanesGetsTheColumnsPlan(int c, int k, int h, int w, int kernel, int stride, int padding, int groups, int columns, int positions, int wideTile)
    {
        LayerSpec layer = Conv(c, k, h, w, kernel, stride, padding, groups, pass: PassKind.BackwardData);
        ChannelLaneColumnsPlan? plan = ChannelLanePlanner.PlanColumnsData(layer);
        Assert.NotNull(plan);
        // The columns layer: a pointwise backward-data pass over the gradOutput plane whose OIHW weights are the layer's.
        LayerSpec gemm = plan!.ColumnsLayer;
        Assert.Equal((columns * groups, layer.OutChannels, layer.OutHeight, layer.OutWidth, 1, 1, groups), (gemm.InChannels, gemm.OutChannels, gemm.Height, gemm.Width, gemm.KernelHeight, gemm.KernelWidth, gemm.Groups));
        Assert.Equal(PassKind.BackwardData, gemm.Pass);
        Assert.Equal(layer.WeightCount, gemm.WeightCount);
        Assert.Equal(layer.Flops, gemm.Flops);
        Assert.Equal(positions, plan.Columns.Positions);
        Assert.Equal(wideTile, plan.Columns.WideTilePositions);
        Assert.Equal(columns * groups * positions, plan.ColumnImage);
    }

    [Theory]
    [InlineData(256, 512, 14, 14, 3, 1, 1, 1)] // stride 1: the stride-phase plan or Winograd, which were as fast or faster (0.87-1.17×)
    [InlineData(120, 256, 14, 14, 3, 2, 1, 1)] // 1080 columns: not whole 16-lane vectors
    [InlineData(256, 64, 14, 14, 3, 2, 1, 1)] // a reduction of 64 output channels
    [InlineData(64, 256, 64, 64, 3, 2, 1, 1)] // a gradOutput plane of 1024 positions
    [InlineData(512, 512, 14, 14, 1, 1, 0, 1)] // plain pointwise: PlanPointwise's
    public void OtherDataPassesKeepTheStridePhasePlan(int c, int k, int h, int w, int kernel, int stride, int padding, int groups)
    {
        Assert.Null(ChannelLanePlanner.PlanColumnsData(Conv(c, k, h, w, kernel, stride, padding, groups, pass: PassKind.BackwardData)));
    }

    /// <summary>The kernel tests' Columns* layers (shapes as there), so none of them leaves the plan unnoticed.</summary>
    [Theory]
    [InlineData(64, 128, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1)]
    [InlineData(32, 128, 8, 8, 4, 4, 2, 2, 1, 1, 1, 1)]
    [InlineData(32, 256, 13, 13, 3, 3, 2, 2, 2, 2, 2, 2)]
    [InlineData(16, 128, 11, 17, 3, 2, 2, 3, 1, 0, 1, 1)]
    [InlineData(32, 128, 13, 13, 1, 1, 2, 2, 0, 0, 1, 1)]
    [InlineData(128, 256, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1)]
    [InlineData(1024, 128, 16, 16, 5, 5, 2, 2, 2, 2, 1, 1)]
    [InlineData(16, 256, 32, 32, 3, 3, 2, 2, 1, 1, 1, 1)]
    public void TheColumnsCatalogueLayersTakeTheColumnsPlan(int c, int k, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int d, int groups)
    {
        var layer = new LayerSpec(c, k, h, w, kh, kw, sh, sw, ph, pw, d, d, groups, ActivationKind.None, AlgorithmKind.Auto, HasBias: false, PassKind.BackwardData);
        Assert.NotNull(ChannelLanePlanner.PlanColumnsData(layer));
    }

    [Fact]
    public void KernelsOfMoreThan49TapsKeepTheStridePhasePlan()
    {
        Assert.NotNull(ChannelLanePlanner.PlanColumnsData(Conv(16, 256, 28, 28, 7, 2, 3, pass: PassKind.BackwardData)));
        Assert.Null(ChannelLanePlanner.PlanColumnsData(Conv(16, 256, 28, 28, 9, 2, 4, pass: PassKind.BackwardData)));
    }

    [Fact]
    public void OnlyBackwardDataOfConvolutionsRunsAsColumns()
    {
        Assert.Null(ChannelLanePlanner.PlanColumnsData(Conv(256, 512, 8, 8, 4, 2, 1)));
        Assert.Null(ChannelLanePlanner.PlanColumnsData(Conv(256, 512, 8, 8, 4, 2, 1, pass: PassKind.BackwardWeights)));
    }

    [Theory]
    [InlineData(1024, 128, 16, 16, 5, 2, 2, 2)] // 1.6M floats of columns per image
    [InlineData(256, 512, 8, 8, 4, 2, 1, 64)]
    public void ColumnsRunInChunksOfAtMost16Megabytes(int c, int k, int h, int w, int kernel, int stride, int padding, int images)
    {
        ChannelLaneColumnsPlan plan = ChannelLanePlanner.PlanColumnsData(Conv(c, k, h, w, kernel, stride, padding, pass: PassKind.BackwardData))!;
        Assert.Equal(images, plan.ChunkImages);
        Assert.True((long)images * plan.ColumnImage <= ChannelLaneGather.MaxChunkFloats);
    }

    [Theory]
    [InlineData(256, 512, 8, 8, 4, 2, 1, true)] // 4096 columns: rows 16 KB apart
    [InlineData(128, 256, 16, 16, 4, 2, 1, true)] // 2048 columns
    [InlineData(250, 512, 8, 8, 4, 2, 1, false)] // 4000 columns: rows 16000 bytes apart
    [InlineData(512, 512, 7, 7, 3, 1, 1, false)] // 4608 columns
    [InlineData(1024, 1024, 7, 7, 1, 1, 0, true)] // pointwise, 1024 columns
    [InlineData(512, 512, 14, 14, 1, 1, 0, false)] // pointwise, rows 2 KB apart
    public void WeightTilesRunOutputTileByOutputTileWhereRowsAreAMultipleOf4KBApart(int c, int k, int h, int w, int kernel, int stride, int padding, bool outer)
    {
        ChannelLaneWeightsPlan plan = ChannelLanePlanner.PlanWeights(Conv(c, k, h, w, kernel, stride, padding, pass: PassKind.BackwardWeights))!;
        Assert.False(plan.ChunksPositions);
        Assert.Equal(outer, plan.OutputTilesOuter);
    }

    [Fact]
    public void PlanesWalkedInChunksKeepTheBlockOuterOrder()
    {
        ChannelLaneWeightsPlan plan = ChannelLanePlanner.PlanWeights(Conv(1024, 64, 112, 112, 1, 1, 0, pass: PassKind.BackwardWeights))!;
        Assert.True(plan.ChunksPositions);
        Assert.False(plan.OutputTilesOuter);
    }
}
