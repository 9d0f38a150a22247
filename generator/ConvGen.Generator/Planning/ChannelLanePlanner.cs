using System.Collections.Generic;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning;

/// <summary>
/// Plans the channel-lane kernels: GEMMs whose vector lanes run along channels rather than output positions, for
/// small planes (where position vectors waste lanes) and for backward-weights (where position lanes end every
/// accumulator with a horizontal sum). A register tile is two vectors of channels × <see cref="ChannelLaneTile"/>.
/// </summary>
internal static class ChannelLanePlanner
{
    /// <summary>The scalar side of a channel-lane register tile (positions, or output channels for backward-weights): 2 channel vectors × 6 = 12 accumulators.</summary>
    internal const int ChannelLaneTile = 6;

    /// <summary>
    /// Largest plane (positions) given the channel-lane pointwise plan. Side by side at 1 thread, backward-data with
    /// channel lanes ran 1.8× the position-lane tiles at 7×7 and 1.4× at 14×14, but 0.9× at 28×28, where the position
    /// tiles waste nothing and stream their rows in place; forward 1.1× and 1.3× at 7×7 and 14×14.
    /// </summary>
    internal const int MaxChannelLanePositions = 256;

    /// <summary>
    /// Shortest reduction (channels summed per group) for the pointwise plan on planes of more than
    /// <see cref="SmallPlanePositions"/> positions: below it a tile's transposed stores and strip copies outweigh its
    /// FMAs, and the position-lane tiles are faster even where their last vector is partly wasted. Generated kernels
    /// side by side at 1 thread on the Zen 5 VM (2026-12-05), position lanes against channel lanes, Vector512 at batch
    /// 1 / 32: 14×14 32 → 64 forward 1.96× / 1.58×, 64 → 128 1.47× / 1.17×, 128 → 128 1.37× / 1.05×, 256 → 256 1.17× /
    /// 0.85×; grouped 64 → 128 in 2 groups 1.9× / 1.6×; backward-data with a reduction of 128 (128 → 64) 1.1× /
    /// 1.03-1.2×, of 256 0.95× / 0.97×. Vector256 (<c>DOTNET_EnableAVX512=0</c>): 14×14 forward 1.1-1.4×, backward-data
    /// 1.07-1.24×. The suite's MobileNet layers (512 and 1024 channels) keep channel lanes.
    /// </summary>
    internal const int MinChannelLaneReduction = 256;

    /// <summary>
    /// Planes of at most this many positions (7×7 and smaller) take channel lanes from a reduction of
    /// <see cref="MinSmallPlaneChannelLaneReduction"/>: on 49 positions the position lanes waste more of their last
    /// vector. Side by side as above: 7×7 64 → 128 forward 1.16× / 1.10× with position lanes (Vector256 1.0×), but
    /// 128 → 128 1.03× / 0.98× forward and 0.9-0.95× backward-data on Vector256, and 256 → 256 0.88-0.95×.
    /// </summary>
    internal const int SmallPlanePositions = 64;

    /// <summary>The shortest reduction for the pointwise plan on planes of at most <see cref="SmallPlanePositions"/> positions.</summary>
    internal const int MinSmallPlaneChannelLaneReduction = 128;

    /// <summary>The shortest reduction (channels per group) that takes the channel-lane pointwise plan on a plane of <paramref name="positions"/>.</summary>
    internal static int MinReduction(int positions) => positions <= SmallPlanePositions ? MinSmallPlaneChannelLaneReduction : MinChannelLaneReduction;

    /// <summary>
    /// The channel-lane plan of a pointwise forward or backward-data pass on a small plane, or null where it does not
    /// apply: a 1×1 kernel at stride 1 without padding, the lane channels per group (output channels forward, input
    /// channels backward) a multiple of 8 (whole vectors on every path), a reduction of at least
    /// <see cref="MinReduction"/> channels per group, and 6 to <see cref="MaxChannelLanePositions"/> positions.
    /// </summary>
    public static ChannelLanePointwisePlan? PlanPointwise(LayerSpec layer)
    {
        int positions = layer.Height * layer.Width;
        (int lanes, int reduction) = layer.Pass switch
        {
            PassKind.Forward => (layer.GroupOutChannels, layer.GroupInChannels),
            PassKind.BackwardData => (layer.GroupInChannels, layer.GroupOutChannels),
            _ => (0, 0),
        };
        if (lanes == 0 || !IsPlainPointwise(layer) || lanes % 8 != 0 || reduction < MinReduction(positions) ||
            positions < ChannelLaneTile || positions > MaxChannelLanePositions)
        {
            return null;
        }
        int tile = NarrowTilePositions(positions);
        var plan = new ChannelLanePointwisePlan(positions, tile, ShapeMath.CeilDiv(positions, tile), DirectConvPlanner.ParallelMinimumFlops)
        {
            WideTilePositions = WideTilePositions(positions, lanes, tile),
        };
        return layer.Pass == PassKind.BackwardData
            ? WithNextPanelCopies(plan with { FillPrefetchRows = FillPrefetchRows(layer.GroupInChannels) }, layer)
            : plan;
    }

    /// <summary>A backward-data plan of <paramref name="layer"/> with its <see cref="NextPanelCopyTiles"/> on each path, for its final tiles.</summary>
    private static ChannelLanePointwisePlan WithNextPanelCopies(ChannelLanePointwisePlan plan, LayerSpec layer) => plan with
    {
        NextPanelCopyTiles = NextPanelCopyTiles(layer.GroupOutChannels, plan.Tiles, layer.GroupInChannels),
        WideNextPanelCopyTiles = NextPanelCopyTiles(layer.GroupOutChannels, plan.WideTiles, layer.GroupInChannels),
    };

    /// <summary>
    /// The channel-lane plan of a forward convolution with several taps, a stride or padding on a small output plane
    /// (<see cref="ChannelLaneGather"/>), or null where it does not apply: not a plain pointwise layer (those take
    /// <see cref="PlanPointwise"/>) nor a transposed layer's equivalent convolution; output channels per group a
    /// multiple of 16 (so AVX-512 machines keep a Vector512 path: 24 → 24 at 16×16 ran 2× slower on the Vector256 one);
    /// <see cref="ChannelLaneTile"/> to <see cref="MaxChannelLanePositions"/> output positions; a reduction (input
    /// channels × taps per group) of at least <see cref="MinSmallPlaneChannelLaneReduction"/>; and at most
    /// <see cref="MaxGatherTaps"/> taps, all unrolled in the tile's channel loop. There the position-lane tiles waste
    /// lanes and accumulators: a 4×4 output computes a grid of 19 positions in two vectors of 16, with 4 accumulators.
    /// Side by side at 1 thread (Zen 5, 2026-12-07, packed weights, against the position-lane plan): ResNet-18's stride-2
    /// 3×3 layers to 7×7 and 14×14 1.3× and 1.15×, DCGAN's discriminator 4×4 stride 2 to 4×4, 8×8, 16×16 3.8×, 1.5×,
    /// 1.1×, 3×3 stride 1 at 7×7 and 14×14 (512 and 256 channels, forced direct) 1.3× and 1.12×, Inception's 1×3 at 8×8
    /// 1.37×, 3×3 in 2 groups at 14×14 1.13×; on AVX2 1.02-2.1×, except the 1×3 layer (0.91×, its direct kernel at the
    /// FMA peak). At 28×28 (784 positions) it ran 1.0× (3×3 stride 2) and 1.08× (5×5 stride 2), so larger planes stay direct.
    /// </summary>
    public static ChannelLanePointwisePlan? PlanConvolution(LayerSpec layer)
    {
        int positions = layer.OutHeight * layer.OutWidth;
        if (layer.Pass != PassKind.Forward || layer.Transposed is not null || IsPlainPointwise(layer) || layer.GroupOutChannels % Vector512Lanes != 0 ||
            layer.Taps > MaxGatherTaps || (long)layer.GroupInChannels * layer.Taps < MinSmallPlaneChannelLaneReduction ||
            positions < ChannelLaneTile || positions > MaxChannelLanePositions)
        {
            return null;
        }
        DirectConvPlan packing = DirectConvPlanner.Plan(layer);
        var offsets = new List<int>();
        for (int kh = 0; kh < layer.KernelHeight; kh++)
        {
            for (int kw = 0; kw < layer.KernelWidth; kw++)
            {
                int rowPhase = packing.RowPhases.IndexOf(kh * layer.DilationHeight % layer.StrideHeight);
                int columnPhase = packing.ColumnPhases.IndexOf(kw * layer.DilationWidth % layer.StrideWidth);
                offsets.Add((rowPhase * packing.ColumnPhases.Count + columnPhase) * packing.PlaneSize +
                    kh * layer.DilationHeight / layer.StrideHeight * packing.PlaneWidth + kw * layer.DilationWidth / layer.StrideWidth);
            }
        }
        int tile = NarrowTilePositions(positions);
        return new ChannelLanePointwisePlan(positions, tile, ShapeMath.CeilDiv(positions, tile), DirectConvPlanner.ParallelMinimumFlops)
        {
            WideTilePositions = GatherWideTilePositions(positions, layer.GroupOutChannels, tile),
            Gather = new ChannelLaneGather(packing, layer.OutWidth, offsets.ToEquatableArray()),
        };
    }

    /// <summary>
    /// The columns plan of a convolution's backward-data pass (<see cref="ChannelLaneColumnsPlan"/>), or null where it
    /// does not apply. It takes a convolution (not a transposed layer's equivalent one) with a stride of 2 or more, at
    /// most <see cref="MaxColumnTaps"/> taps, the columns per group (input channels × taps) whole 16-lane vectors, so AVX-512
    /// machines keep a Vector512 path; and a columns layer that <see cref="PlanPointwise"/> takes (a reduction of at least
    /// <see cref="MinReduction"/> output channels per group, a gradOutput plane of <see cref="ChannelLaneTile"/> to
    /// <see cref="MaxChannelLanePositions"/> positions). There the stride phases' position-lane tiles waste lanes (DCGAN's
    /// 4×4 stride-2 layer into 4×4: an 8×8 gradInput in four phases of 16 pixels) and its weights are repacked per call;
    /// the columns GEMM reads them in place. Its Vector512 tiles are 8 positions where they divide the plane
    /// (<see cref="GatherWideTilePositions"/>). Generated kernels side by side at 1 thread (Zen 5 VM, 2026-12-07, a
    /// weight changed before every call, three runs, against the stride-phase plan): ResNet-18's stride-2 3×3 layers
    /// into 14×14 and 7×7 1.28-1.38× and 1.49-2.01×, DCGAN's 4×4 stride 2 into 8×8 and 4×4 1.02-1.18× and 1.54-2.19×,
    /// 5×5 stride 2 into 8×8 1.26×, 3×3 stride 2 in two groups into 7×7 1.34-1.37×, ResNet-50's 1×1 stride-2
    /// projection into 14×14 1.85-1.88×. At stride 1 it ran 0.87-1.25× (3×3 at 6×6, 7×7 and 14×14, 5×5 at 8×8,
    /// dilation 2 at 7×7), so stride-1 layers keep their plans: the stride-phase plan's one phase wastes few lanes there,
    /// and the column scatter (6-30 % of these layers' time) is not paid. With several images the stride-phase plan
    /// repacks its weights once per call for all of them, and the gains shrink: at batch 8 and 32 ResNet-18's layers
    /// 1.07-1.13× and 1.23-1.33×, DCGAN's into 4×4 0.98-1.11×, into 8×8 0.91-0.96× (columns chunks of 1 or 4 MB instead
    /// of 16 were slower still).
    /// </summary>
    public static ChannelLaneColumnsPlan? PlanColumnsData(LayerSpec layer)
    {
        if (layer.Pass != PassKind.BackwardData || layer.Transposed is not null || (layer.StrideHeight == 1 && layer.StrideWidth == 1) ||
            layer.Taps > MaxColumnTaps || layer.GroupInChannels * layer.Taps % Vector512Lanes != 0)
        {
            return null;
        }
        LayerSpec columns = layer with
        {
            InChannels = layer.InChannels * layer.Taps,
            Height = layer.OutHeight,
            Width = layer.OutWidth,
            KernelHeight = 1, KernelWidth = 1, StrideHeight = 1, StrideWidth = 1,
            PaddingHeight = 0, PaddingWidth = 0, DilationHeight = 1, DilationWidth = 1,
            HasBias = false,
            WinogradTile = 0,
        };
        if (PlanPointwise(columns) is not { } plan)
        {
            return null;
        }
        int positions = columns.Height * columns.Width;
        return new ChannelLaneColumnsPlan(columns,
            WithNextPanelCopies(plan with { WideTilePositions = GatherWideTilePositions(positions, columns.GroupInChannels, plan.TilePositions) }, columns),
            DirectConvPlanner.ParallelMinimumFlops);
    }

    /// <summary>
    /// The most taps of a columns plan (a 7×7 kernel): its column scatter unrolls one call per tap, and a 31×31 kernel's
    /// (961 calls) went past the IL budget <c>CodeSizeTests</c> holds every method to; larger kernels keep the
    /// stride-phase plan.
    /// </summary>
    internal const int MaxColumnTaps = 49;

    /// <summary>
    /// Positions per Vector512 tile of a convolution: 8 (2 × 8 = 16 accumulators) where they divide the plane (8×8 and
    /// 4×4 outputs; side by side 1.02-1.07× against tiles of 7 on DCGAN's 4×4 and 8×8 outputs), else
    /// <see cref="WideTilePositions"/>.
    /// </summary>
    internal static int GatherWideTilePositions(int positions, int laneChannels, int narrow) =>
        positions % GatherWideTile == 0 ? GatherWideTile : WideTilePositions(positions, laneChannels, narrow);

    /// <summary>The Vector512 convolution tile's positions where they divide the plane.</summary>
    internal const int GatherWideTile = 8;

    /// <summary>
    /// The most taps a channel-lane convolution tile unrolls per input channel: a 5×5 kernel. A 7×7 one's Vector512 tile
    /// (49 taps × 8 positions × 2 FMAs) made 4,693 IL local references, past half the JIT's MinOpts limit of 8,000 that
    /// CodeSizeTests holds every method to; such layers keep the direct plan, whose tiles loop over kernel rows.
    /// </summary>
    internal const int MaxGatherTaps = 25;

    /// <summary>
    /// Reduction channels ahead that a backward-data block's first tile prefetches the OIHW weight rows it fills the
    /// panel from, where those rows (<paramref name="rowFloats"/> = GroupIn floats apart) are at least a 4 KB page apart,
    /// else 0: each row then lies on its own page, where the hardware prefetchers stop, and the panel fill waited for L3
    /// on every row. Side by side at 1 thread (Zen 5 VM, 2026-12-05, a weight changed before every call, bit-identical
    /// results), 7×7 1024 → 1024: 1.02× and 1.03× in two runs of 40 alternating rounds (short runs of 12: 0.98-1.05×,
    /// median 1.03×; 8, 32 and 64 rows ahead no better), 1.02-1.03× on the Vector256 path, 1.00× at 2 threads;
    /// 14×14 512 → 512 (rows 2 KB apart, two to a page) 1.00×. A small gain: the fill still costs about a sixth of the
    /// layer (without it, wrong results, the layer ran 1.2× faster), and what holds it back is not the prefetchers alone.
    /// </summary>
    internal static int FillPrefetchRows(int rowFloats) => rowFloats * sizeof(float) >= PageBytes ? FillPrefetchDistance : 0;

    /// <summary>The smallest row pitch, in bytes, whose rows each start a page (see <see cref="FillPrefetchRows"/>).</summary>
    private const int PageBytes = 4096;

    /// <summary>Rows ahead of the panel fill's prefetch (see <see cref="FillPrefetchRows"/>).</summary>
    internal const int FillPrefetchDistance = 16;

    /// <summary>
    /// Backward-data: how many of a block's tiles copy the next block's weight rows into a second panel (0: none), each
    /// copying one row per that many reduction channels, its loop unrolled by as many; the next block on the thread then
    /// starts on a full panel instead of filling it in its first tile. The panel fill reads a block's slice of every
    /// OIHW row, GroupIn floats apart, and such strided reads run at a fraction of the L3's bandwidth: 128 bytes per
    /// 4 KB row stream at 42-45 GB/s on the Zen 5 VM, 512 bytes per row at 68-70, contiguous rows at 77-94 (2026-12-08).
    /// In the first tile every FMA waited for those loads; in the copying tiles nothing waits for them. 7×7 1024 → 1024
    /// at 1 thread (bit-identical), each build timed in processes of its own: medians 526-529 µs against 545-546 (1.03×,
    /// fastest calls up to 1.09×), 2 threads 1.02-1.09×, Vector256 1.03-1.05×; the layer without any weight reads (wrong
    /// results, every panel left from the block before) took 485 µs, so the stream still costs about 8 %. The columns
    /// GEMM of ResNet-18's stride-2 layer into 7×7 (2304 columns, 7 tiles): 1.02×. But where the copy ran in the one tile
    /// after the first (DCGAN's 4×4 columns GEMM, 2 tiles) it ran at 0.78-0.96× and on a plane of 28 tiles (the stride-2
    /// layer into 14×14) at 0.87-0.99×, its times spread widely, for reasons not found; so only planes of 5 to 10 tiles
    /// copy, in their tiles 1 to 4. Prefetching the copied rows into L2 made it slower (575-740 µs), and rows 2 KB apart
    /// (14×14 512 → 512) gained nothing (1.00-1.01×; 0.97-0.99× on Vector256), so only rows a page or more apart
    /// (<paramref name="rowFloats"/> = GroupIn) are copied ahead; the reduction must divide by 4.
    /// </summary>
    internal static int NextPanelCopyTiles(int reduction, int tiles, int rowFloats) =>
        rowFloats * sizeof(float) >= PageBytes && reduction % NextPanelCopyingTiles == 0 && tiles > NextPanelCopyingTiles && tiles <= MaxNextPanelCopyPlaneTiles
            ? NextPanelCopyingTiles
            : 0;

    /// <summary>The tiles that copy the next block's panel, where a plane copies (see <see cref="NextPanelCopyTiles"/>).</summary>
    internal const int NextPanelCopyingTiles = 4;

    /// <summary>The most tiles a plane may have and copy the next block's panel (see <see cref="NextPanelCopyTiles"/>).</summary>
    internal const int MaxNextPanelCopyPlaneTiles = 10;

    /// <summary>
    /// Positions per pointwise tile on the Vector256, Vector128 and scalar paths: <see cref="ShortLaneTile"/> where its
    /// tiles compute fewer positions than <see cref="ChannelLaneTile"/>'s (a 7×7 plane: 49 in 10 tiles of 5 against 54 in
    /// 9 of 6), else <see cref="ChannelLaneTile"/>.
    /// </summary>
    internal static int NarrowTilePositions(int positions) =>
        ShapeMath.CeilDiv(positions, ShortLaneTile) * ShortLaneTile < ShapeMath.CeilDiv(positions, ChannelLaneTile) * ChannelLaneTile
            ? ShortLaneTile : ChannelLaneTile;

    /// <summary>
    /// The shorter pointwise tile: 2 × 5 = 10 accumulators, still enough to cover the FMA latency. Old (6) and new (5)
    /// generated kernels side by side on the Zen 3 VM, 1 thread, bit-identical results: 7×7 1024 → 1024 forward
    /// (packed weights) 1.20-1.23 against 1.28-1.32 ms, backward-data 1.20 against 1.27-1.29 ms (faster in 89-96 % of
    /// 400 alternating calls).
    /// </summary>
    internal const int ShortLaneTile = 5;

    /// <summary>Positions of a Vector512 pointwise tile where they pay: 2 × 7 = 14 accumulators of its 32 registers.</summary>
    internal const int WideLaneTile = 7;

    /// <summary>
    /// Positions per pointwise tile on the Vector512 path: <see cref="WideLaneTile"/> where the lane channels are whole
    /// 16-lane vectors (the path exists) and tiles of 7 compute fewer positions than the other paths' tiles of
    /// <paramref name="narrow"/> (<see cref="NarrowTilePositions"/>; 49 in 7 tiles against 50 in 10), else
    /// <paramref name="narrow"/>, so a kernel without a Vector512 path has one tile width. A tile costs the same per
    /// position either way, so the saving is the wasted positions. Side by side at 1 thread (Zen 5, bit-identical
    /// results, against tiles of 6): 7×7 1024 → 1024 1.10×, 14×14 512 → 512 1.00-1.02× (196 in 28 tiles against 198 in
    /// 33); tiles of 8 (16 accumulators) were 0.98× and 1.00×, 3 vectors × 7 1.12× and 1.02×, 2 × 12 0.91× and 0.98×.
    /// </summary>
    internal static int WideTilePositions(int positions, int laneChannels, int narrow) =>
        laneChannels % Vector512Lanes == 0 &&
        ShapeMath.CeilDiv(positions, WideLaneTile) * WideLaneTile < ShapeMath.CeilDiv(positions, narrow) * narrow
            ? WideLaneTile : narrow;

    /// <summary>
    /// The channel-lane plan of a backward-weights pass, or null where it does not apply: the columns of a group's weight
    /// rows (input channels × taps) whole vectors of 8, and at least one tile of output channels per group. Depthwise
    /// layers (one column per tap) keep their row plan. Side by side at 1 thread it ran 1.0-1.6× the position-lane
    /// weight tiles on pointwise layers from 7×7 to 112×112 (those end every accumulator with a horizontal sum and
    /// stream two operands per FMA pair from L2).
    /// </summary>
    public static ChannelLaneWeightsPlan? PlanWeights(LayerSpec layer)
    {
        int columns = layer.GroupInChannels * layer.Taps;
        if (layer.Pass != PassKind.BackwardWeights || layer.Transposed is not null || columns % 8 != 0 ||
            layer.GroupInChannels == 1 || layer.GroupOutChannels < ChannelLaneTile)
        {
            return null;
        }
        int tile = ChannelLaneTile;
        int outputTiles = ShapeMath.CeilDiv(layer.GroupOutChannels, tile), lastTileStart = layer.GroupOutChannels - tile;
        long parallel = DirectConvPlanner.ParallelMinimumFlops;
        int chunk = PositionChunk(layer.OutHeight * layer.OutWidth);
        int wide = WideWeightTileOutputs(layer.GroupOutChannels, columns);
        if (IsPlainPointwise(layer))
        {
            return new ChannelLaneWeightsPlan(layer.Height * layer.Width, columns, tile, outputTiles, lastTileStart, 0, 0, EquatableArray<int>.Empty, parallel)
            {
                PositionChunk = chunk, WideTileOutputs = wide, OutputTilesOuter = OutputTilesOuter(columns, chunk),
            };
        }
        int planeHeight = layer.Height + 2 * layer.PaddingHeight, planeWidth = layer.Width + 2 * layer.PaddingWidth;
        var offsets = new List<int>();
        for (int kh = 0; kh < layer.KernelHeight; kh++)
        {
            for (int kw = 0; kw < layer.KernelWidth; kw++)
            {
                offsets.Add(kh * layer.DilationHeight * planeWidth + kw * layer.DilationWidth);
            }
        }
        return new ChannelLaneWeightsPlan(layer.OutHeight * layer.OutWidth, columns, tile, outputTiles, lastTileStart,
            planeHeight, planeWidth, offsets.ToEquatableArray(), parallel)
        {
            PositionChunk = chunk, WideTileOutputs = wide, OutputTilesOuter = OutputTilesOuter(columns, chunk),
        };
    }

    /// <summary>
    /// Whether the weight tiles walk a group's output tiles outermost and its column blocks inside
    /// (<see cref="ChannelLaneWeightsPlan.OutputTilesOuter"/>): where gradWeights rows are a multiple of 4 KB apart
    /// (<paramref name="columns"/> a multiple of 1024) and the plane is not walked in chunks. Block-outer, the output
    /// tiles of one column block write the same columns of every row, lines a multiple of 4 KB apart that fold onto a few
    /// cache sets and evict each other. Side by side at 1 thread (Zen 5 VM, 2026-12-07, three runs, bit-identical
    /// results): DCGAN's 4×4 stride-2 256 → 512 into 4×4 (4096 columns) 1.89-2.03× (batch 8 2.05-2.17×), pointwise
    /// 1024 → 1024 at 4×4 2.27-2.46× and at 7×7 1.02-1.04×, 128 → 256 into 8×8 (2048 columns) 0.97-1.03×; rows of other
    /// pitches ran 0.93-1.06× (1000 → 1000 at 4×4 and 250 → 512 4×4 stride 2 into 4×4 1.0×, 3×3 at 7×7 0.93-1.0×), and
    /// keep the block-outer order, which reads each column block from L3 once per image.
    /// </summary>
    internal static bool OutputTilesOuter(int columns, int positionChunk) => positionChunk == 0 && columns % AliasingColumns == 0;

    /// <summary>Columns (floats) of a 4 KB row: rows a multiple of it apart map to the same cache sets.</summary>
    private const int AliasingColumns = 1024;

    /// <summary>Output channels of a Vector512 backward-weights tile where it pays: 8 × 2 vectors = 16 of its 32 registers.</summary>
    internal const int WideWeightTile = 8;

    /// <summary>
    /// Output channels per backward-weights tile on the Vector512 path: <see cref="WideWeightTile"/> where the columns
    /// are whole 16-lane vectors (the path exists) and its tiles compute no more rows than <see cref="ChannelLaneTile"/>'s
    /// (32 outputs: 4 × 8 against 6 × 6), else <see cref="ChannelLaneTile"/>. The cycle model rates the two tiles the same
    /// per output; the wider one reads each column vector from L2 for 8 outputs instead of 6. Side by side at 1 thread
    /// (Zen 5, bit-identical results): 56×56 128 → 128 in 4 groups 1.08-1.09× (also 4 tiles instead of 6 overlapping
    /// ones), 28×28 3×3 128 → 128, 56×56 128 → 128 and 112×112 32 → 64 pointwise 1.03×; 12 outputs (24 accumulators)
    /// was 0.93-1.02×.
    /// </summary>
    internal static int WideWeightTileOutputs(int groupOutputs, int columns) =>
        columns % Vector512Lanes == 0 && groupOutputs >= WideWeightTile &&
        ShapeMath.CeilDiv(groupOutputs, WideWeightTile) * WideWeightTile <= ShapeMath.CeilDiv(groupOutputs, ChannelLaneTile) * ChannelLaneTile
            ? WideWeightTile : ChannelLaneTile;

    /// <summary>Lanes of a Vector512 (the channel-lane kernels have a Vector512 path when their lane channels are a multiple of it).</summary>
    private const int Vector512Lanes = 16;

    /// <summary>
    /// Bytes of a column block's chunk (positions × the widest block, two 16-lane vectors of columns) that every output
    /// tile re-reads: a quarter of a 1 MB L2, leaving room for the tiles' gradOutput rows.
    /// </summary>
    internal const int ColumnChunkBytes = 256 * 1024;

    /// <summary>Floats per position of the widest column block: two 16-lane vectors of columns.</summary>
    internal const int WidestBlockColumns = 32;

    /// <summary>
    /// Positions per chunk of a plane whose column block exceeds <see cref="ColumnChunkBytes"/>, in equal chunks (a
    /// multiple of 16), or 0 where the whole block fits. 112×112 (a 1.6 MB block, streamed from L3 by each of the 11
    /// tiles of 32 → 64 pointwise): 7 chunks of 1792.
    /// </summary>
    internal static int PositionChunk(int positions)
    {
        const int blockBytes = WidestBlockColumns * sizeof(float);
        if ((long)positions * blockBytes <= ColumnChunkBytes)
        {
            return 0;
        }
        int chunks = ShapeMath.CeilDiv(positions * blockBytes, ColumnChunkBytes);
        return ShapeMath.CeilDiv(ShapeMath.CeilDiv(positions, chunks), 16) * 16;
    }

    /// <summary>A 1×1 kernel at stride 1 without padding, not a transposed layer's equivalent convolution.</summary>
    private static bool IsPlainPointwise(LayerSpec layer) =>
        layer.Transposed is null && layer.KernelHeight == 1 && layer.KernelWidth == 1 &&
        layer.StrideHeight == 1 && layer.StrideWidth == 1 && layer.PaddingHeight == 0 && layer.PaddingWidth == 0;
}
