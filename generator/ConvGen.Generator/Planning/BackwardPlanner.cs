using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning;

/// <summary>
/// Plans the training passes (perf-guide §4.8-4.9). Backward-data is split into stride phases resolved at generation
/// time, each a dense correlation run with the forward tile machinery; backward-weights reuses the forward input packing
/// and reduces with weight tiles as accumulators (oneDNN <c>compute_ic_block_step</c>).
/// </summary>
internal static class BackwardPlanner
{
    /// <summary>One axis of backward-data: the common zero pad in front and, per stride phase, its pixels and taps.</summary>
    internal sealed class AxisPhase
    {
        public int Phase, Start, Count;
        public List<int> Taps = new();
        public List<int> Offsets = new();
    }

    /// <summary>
    /// Splits one axis: padded input position P = φ + s·t receives tap k (k·d ≡ φ mod s) from gradOutput row
    /// t − (k·d − φ)/s. With <paramref name="front"/> = ⌊(K−1)·d/s⌋ zero rows in front of gradOutput, the tap reads
    /// plane row t + front − (k·d − φ)/s, which the returned offsets give relative to the phase's first pixel row.
    /// </summary>
    internal static List<AxisPhase> SplitAxis(int size, int kernel, int stride, int padding, int dilation, out int front, out int extent, int outSize)
    {
        front = (kernel - 1) * dilation / stride;
        extent = front + outSize;
        var phases = new List<AxisPhase>();
        for (int phase = 0; phase < stride; phase++)
        {
            int start = padding >= phase ? ShapeMath.CeilDiv(padding - phase, stride) : 0;
            int last = FloorDiv(padding + size - 1 - phase, stride);
            if (last < start)
            {
                continue;
            }
            var axis = new AxisPhase { Phase = phase, Start = start, Count = last - start + 1 };
            for (int k = 0; k < kernel; k++)
            {
                if (k * dilation % stride == phase)
                {
                    axis.Taps.Add(k);
                    axis.Offsets.Add(start + front - (k * dilation - phase) / stride);
                }
            }
            extent = Math.Max(extent, last + front + 1);
            phases.Add(axis);
        }
        return phases;
    }

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    /// <summary>Largest phase grid (positions) that is gathered into a compact panel when its padded pitch wastes vectors.</summary>
    internal const int MaxGatheredGrid = 256;

    public static BackwardDataPlan PlanData(LayerSpec layer)
    {
        List<AxisPhase> rows = SplitAxis(layer.Height, layer.KernelHeight, layer.StrideHeight, layer.PaddingHeight, layer.DilationHeight, out int top, out int planeHeight, layer.OutHeight);
        List<AxisPhase> columns = SplitAxis(layer.Width, layer.KernelWidth, layer.StrideWidth, layer.PaddingWidth, layer.DilationWidth, out int left, out int planeWidth, layer.OutWidth);
        bool packs = top != 0 || left != 0 || planeHeight != layer.OutHeight || planeWidth != layer.OutWidth;

        // One phase with every tap (stride 1), one group, not a transposed layer's forward: the tiles read OIHW in place.
        bool weightsInPlace = layer.Transposed is null && layer.Groups == 1 && rows.Count == 1 && columns.Count == 1 &&
            rows[0].Taps.Count * columns[0].Taps.Count == layer.Taps;
        var phases = new List<BackwardDataPhase>();
        int weightOffset = 0;
        foreach (AxisPhase row in rows)
        {
            foreach (AxisPhase column in columns)
            {
                int grid = (row.Count - 1) * planeWidth + column.Count;
                int taps = row.Taps.Count * column.Taps.Count;
                int compact = row.Count * column.Count;
                bool gathered = taps > 0 && layer.Groups == 1 && compact <= MaxGatheredGrid && ShapeMath.CeilDiv(compact, 8) < ShapeMath.CeilDiv(grid, 8);
                if (gathered)
                {
                    // Padded to whole Vector256 vectors (the gather zeroes the spare positions), so 8-lane tiles do not
                    // overlap and may split the reduction (DirectConvPlanner.WithReductionChunk). Tile costs are unchanged:
                    // a tile of 8·n positions needs as many tiles to cover the padded grid as the compact one.
                    grid = compact <= 64 ? ShapeMath.CeilDiv(compact, 8) * 8 : ShapeMath.CeilDiv(compact, 16) * 16;
                }
                bool allTaps = gathered || taps * 8 <= DirectConvPlanner.MaxUnrolledFmas;
                // A gathered panel is one GEMM over (channel, tap) rows of the repack. Read in place, the weights of those
                // rows are not one run, so the taps stay unrolled per channel over the same panel; kernels too large to
                // unroll keep the repack.
                if (gathered && weightsInPlace && taps * 8 > DirectConvPlanner.MaxUnrolledFmas)
                {
                    weightsInPlace = false;
                }
                bool panelGemm = gathered && !weightsInPlace;
                // Repacked rows (input channels) are padded apart where their natural length would fold them onto a few
                // L1 sets; a 1×1 kernel's repack is a plain transpose and keeps its rows whole.
                int pitch = layer.Taps == 1 || weightsInPlace ? layer.GroupOutChannels * taps : DirectConvPlanner.PaddedWeightPitch(layer.GroupOutChannels * taps);
                int unrolled = panelGemm ? 1 : allTaps ? taps : column.Taps.Count;
                TilePlan? Tile(int lanes) => taps == 0 ? null
                    : panelGemm ? Split(DirectConvPlanner.ChooseTile(1, layer.GroupInChannels, layer.GroupOutChannels * taps, 1, lanes, grid, 1, activationRegisters: 0, weightRowFloats: pitch))
                    : Split(DirectConvPlanner.ChooseTile(layer.Groups, layer.GroupInChannels, layer.GroupOutChannels, taps, lanes, grid, unrolled, activationRegisters: 0,
                        packedWeightsOnly: weightsInPlace, weightRowFloats: pitch));
                // A gathered panel with many channels (7×7 512 → 512: 1 MB of panel and 9 MB of weights) is reduced in runs
                // of channels whose panel rows and weights stay in L2 across every channel block.
                TilePlan? Split(TilePlan? tile) => !gathered ? tile
                    : panelGemm ? DirectConvPlanner.WithReductionChunk(tile, layer.GroupInChannels, layer.GroupOutChannels * taps, 1, grid, grid)
                    : DirectConvPlanner.WithReductionChunk(tile, layer.GroupInChannels, layer.GroupOutChannels, taps, taps * grid, grid);
                phases.Add(new BackwardDataPhase(
                    row.Phase, column.Phase, row.Start, row.Count, column.Start, column.Count,
                    row.Taps.ToEquatableArray(), column.Taps.ToEquatableArray(),
                    row.Offsets.ToEquatableArray(), column.Offsets.ToEquatableArray(),
                    grid, weightOffset, allTaps ? TapUnrolling.AllTaps : TapUnrolling.RowLoop,
                    Tile(8), Tile(4), taps == 0 ? null : Tile(1) ?? throw new InvalidOperationException("No scalar tile fits a backward-data phase."))
                {
                    Gathered = gathered,
                    Vector512Tile = Tile(16),
                    WeightRowPitch = pitch,
                });
                weightOffset += layer.InChannels * pitch;
            }
        }
        // In place only where the one phase has taps: a phase no tap reaches computes nothing, and its zeros come from the
        // scatter (a layer whose dilated taps all fall on padding, e.g. height 1, a 2-tall kernel, dilation 2, stride 2).
        bool inPlace = phases.Count == 1 && phases[0].HasTaps && !phases[0].Gathered && phases[0].RowStart == 0 && phases[0].ColumnStart == 0 &&
            phases[0].Rows == layer.Height && phases[0].Columns == layer.Width && planeWidth == layer.Width &&
            !layer.HasBias && layer.FusedActivation.IsNone; // a transposed forward adds bias and activation in the scatter
        // Threads split an image by grid rows where that keeps every written line on one core and the weights each slice
        // then reads in full are no larger than the padded planes (BackwardDataPlan.SlicesByRows); layers too small to
        // split at all emit none of it.
        bool slicesByRows = layer.Flops >= DirectConvPlanner.ParallelMinimumFlops && packs && !inPlace && phases.Any(p => p.HasTaps) && phases.All(p => !p.Gathered) &&
            (weightsInPlace ? layer.WeightCount : weightOffset) <= (long)layer.OutChannels * planeHeight * planeWidth;
        return new BackwardDataPlan(packs, planeHeight, planeWidth, top, left, inPlace, phases.ToEquatableArray(), DirectConvPlanner.ParallelMinimumFlops)
        {
            ReadsWeightsInPlace = weightsInPlace,
            RepackedFloats = weightOffset,
            SlicesByRows = slicesByRows,
        };
    }

    /// <summary>
    /// The forward layer a stride-1 backward-data pass equals, or null: gradInput[c][y][x] = Σ_k Σ gradOutput[k][y + p −
    /// kh·d][x + p − kw·d]·w[k][c][kh][kw] is a convolution of gradOutput (k channels in, c out, the same groups) with the
    /// kernels rotated 180° and their channels transposed, padding d·(k − 1) − p, whose output is exactly H × W.
    /// Transposed layers are excluded (their forward adds bias and activation).
    /// </summary>
    public static LayerSpec? RotatedForward(LayerSpec layer)
    {
        int padHeight = layer.DilationHeight * (layer.KernelHeight - 1) - layer.PaddingHeight;
        int padWidth = layer.DilationWidth * (layer.KernelWidth - 1) - layer.PaddingWidth;
        if (layer.Pass != PassKind.BackwardData || layer.Transposed is not null ||
            layer.StrideHeight != 1 || layer.StrideWidth != 1 || padHeight < 0 || padWidth < 0)
        {
            return null;
        }
        return layer with
        {
            InChannels = layer.OutChannels, OutChannels = layer.InChannels,
            Height = layer.OutHeight, Width = layer.OutWidth, PaddingHeight = padHeight, PaddingWidth = padWidth,
            Activation = ActivationKind.None, Algorithm = AlgorithmKind.Direct, HasBias = false, Pass = PassKind.Forward, WinogradTile = 0,
        };
    }

    /// <summary>
    /// Whether AVX2 backward-weights splits the stride phases in registers (<see cref="BackwardWeightsPlan.Split256"/>):
    /// rows of 8 outputs or more over at least 3 rows, or rows of 5-7 outputs over at least 2 (the last gradOutput row
    /// is loaded ending at its end), whatever the channel's size: the bands beat packing from 112×112 down to 16×16.
    /// </summary>
    internal static bool SplitsWeightsOnAvx2(LayerSpec layer) =>
        DirectConvPlanner.HasSplittablePhases256(layer) || (DirectConvPlanner.HasNarrowSplittablePhases256(layer) && layer.OutHeight >= 2);

    /// <summary>Padded gradInput rows per band of the stride-2 depthwise backward-data plan (two of each row phase).</summary>
    internal const int StridedDepthwiseBandRows = 4;

    /// <summary>
    /// The interleaved phase row-tile plan of a stride-2 depthwise backward-data pass, or null where it does not apply
    /// (other strides, groups of more than one channel, rows narrower than a vector, transposed layers).
    /// </summary>
    public static StridedDepthwiseDataPlan? PlanStridedDepthwiseData(LayerSpec layer)
    {
        if (layer.Pass != PassKind.BackwardData || layer.Transposed is not null || layer.GroupInChannels != 1 || layer.GroupOutChannels != 1 ||
            layer.StrideHeight != 2 || layer.StrideWidth != 2 || layer.Width < 8 || layer.Taps * 8 > DirectConvPlanner.MaxUnrolledFmas)
        {
            return null;
        }
        int firstRow = layer.PaddingHeight & ~1, firstColumn = layer.PaddingWidth & ~1;
        int bands = ShapeMath.CeilDiv(layer.PaddingHeight + layer.Height - firstRow, StridedDepthwiseBandRows);
        int columns = 16 * ShapeMath.CeilDiv(layer.PaddingWidth + layer.Width - firstColumn, 16);
        (int minRow, int maxRow) = PhaseSources(firstRow, bands * StridedDepthwiseBandRows, layer.KernelHeight, layer.DilationHeight);
        (int minColumn, int maxColumn) = PhaseSources(firstColumn, columns, layer.KernelWidth, layer.DilationWidth);
        int top = Math.Min(0, minRow), left = Math.Min(0, minColumn);
        bool interleaves = DirectConvPlanner.IsEvenPlaneStride2Depthwise3x3(layer)
            && layer.OutWidth >= DirectConvPlanner.MinRowTileWidth && layer.OutHeight >= 2 && layer.OutHeight * layer.OutWidth >= SplitRowTilePlan.Lanes;
        return new StridedDepthwiseDataPlan(StridedDepthwiseBandRows, firstRow, bands, firstColumn, columns, top, left,
            Math.Max(layer.OutHeight - 1, maxRow) - top + 1, Math.Max(layer.OutWidth - 1, maxColumn) - left + 1,
            DirectConvPlanner.ParallelMinimumFlops)
        {
            InterleavedColumnTiles512 = interleaves ? ShapeMath.CeilDiv(layer.OutWidth, SplitRowTilePlan.Lanes) : 0,
            Walk256 = interleaves && layer.OutWidth < Vector256Lanes ? InterleavedWalk.WholeRows : ChooseInterleavedWalk(layer, interleaves, Vector256Lanes),
            Walk512 = ChooseInterleavedWalk(layer, interleaves, SplitRowTilePlan.Lanes),
        };
    }

    /// <summary>
    /// The walk of an interleaved path whose column tiles are <paramref name="tileColumns"/> gradOutput columns wide (16
    /// on AVX-512, 8 on AVX2): none where the layer does not interleave or its rows hold no whole tile (AVX-512 then
    /// takes whole rows or row pairs; the caller gives AVX2's rows of 4-7 their own walk, InterleavedWalk.WholeRows), column strips where the channel fits the L1 data cache, rows where it
    /// is larger. The channel measured is gradInput's (the LayerSpec's plane), the tensor the walk writes: a strip walks
    /// down it writing two gradInput rows (448 bytes apart at 112 columns) and stepping 896 bytes per step; a row walk
    /// writes them in address order.
    /// <para>AVX-512, the generated kernels of both walks in one process (Zen 5, bit-identical, 1 thread, medians of 31
    /// rounds, two runs): 112×112×64 rows 43.0 / 44.0 µs against strips 55.3 / 55.5; 56×56×128 (12.5 KB channels,
    /// strips either way) 26.7 / 27.4 both.</para>
    /// <para>AVX2, hand-written kernels of both walks against the packed bands, 1 thread, one process (2026-12-03, Zen 3):
    /// 112×112×64 rows 0.107-0.113, strips 0.134-0.139, bands 0.24-0.29 ms; 56×56×128 0.065 for both walks, bands
    /// 0.10 ms; 28×28×256 strips 0.038-0.042, rows 0.053-0.064, bands 0.048-0.051 ms.</para>
    /// </summary>
    private static InterleavedWalk ChooseInterleavedWalk(LayerSpec layer, bool interleaves, int tileColumns) =>
        !interleaves || layer.OutWidth < tileColumns ? InterleavedWalk.None
        : DirectConvPlanner.ChannelExceedsL1(layer) ? InterleavedWalk.Rows
        : InterleavedWalk.ColumnStrips;

    /// <summary>Floats per AVX2 vector: the AVX2 interleaved path's column tile.</summary>
    private const int Vector256Lanes = 8;

    /// <summary>
    /// The gradOutput indices t − (k·d − φ)/2 read by padded positions 2t + φ in [first, first + count) through the taps
    /// k with k·d ≡ φ (mod 2), as (min, max).
    /// </summary>
    private static (int Min, int Max) PhaseSources(int first, int count, int kernel, int dilation)
    {
        int min = int.MaxValue, max = int.MinValue;
        for (int position = first; position < first + count; position++)
        {
            int phase = position & 1, t = position >> 1;
            for (int k = 0; k < kernel; k++)
            {
                if ((k * dilation - phase) % 2 == 0)
                {
                    int source = t - (k * dilation - phase) / 2;
                    min = Math.Min(min, source);
                    max = Math.Max(max, source);
                }
            }
        }
        return min > max ? (0, 0) : (min, max);
    }

    public static BackwardWeightsPlan PlanWeights(LayerSpec layer)
    {
        DirectConvPlan packing = DirectConvPlanner.Plan(layer);
        // Columns of a weight tile are (input channel, tap) pairs of the group: offset c·ChannelStride + offset(tap).
        var offsets = new List<int>();
        for (int c = 0; c < layer.GroupInChannels; c++)
        {
            for (int kh = 0; kh < layer.KernelHeight; kh++)
            {
                int rowSlot = packing.RowPhases.IndexOf(kh * layer.DilationHeight % layer.StrideHeight);
                for (int kw = 0; kw < layer.KernelWidth; kw++)
                {
                    int columnSlot = packing.ColumnPhases.IndexOf(kw * layer.DilationWidth % layer.StrideWidth);
                    offsets.Add(c * packing.ChannelStride +
                        rowSlot * packing.ColumnPhases.Count * packing.PlaneSize + kh * layer.DilationHeight / layer.StrideHeight * packing.PlaneWidth +
                        columnSlot * packing.PlaneSize + kw * layer.DilationWidth / layer.StrideWidth);
                }
            }
        }
        int grid = packing.GridExtent;
        int depthwiseRows = DepthwiseRows(layer, packing);
        // AVX-512 reads the channel without packing: whole rows of 4-16 outputs, else in-place bands of rows ≥ 16.
        WholeRowTilePlan? wholeRows = depthwiseRows > 0 ? DirectConvPlanner.ChooseWholeRowTile(layer) : null;
        BackwardWeightsPlan plan = new BackwardWeightsPlan(packing, offsets.ToEquatableArray(),
            ChooseWeightTile(layer, 8, grid), ChooseWeightTile(layer, 4, grid),
            ChooseWeightTile(layer, 1, grid) ?? throw new InvalidOperationException("No scalar weight tile fits the layer."),
            DirectConvPlanner.ParallelMinimumFlops)
        {
            DepthwiseRows = depthwiseRows,
            WholeRows512 = wholeRows,
            InPlaceRows512 = depthwiseRows > 0 && wholeRows is null ? ChooseInPlaceWeights(layer) : null,
            Split512 = depthwiseRows > 0 ? ChooseSplitWeights(layer) : null,
            InPlaceBandRows256 = depthwiseRows > 0 && packing.PacksInput && DirectConvPlanner.IsDepthwise3x3Padding1(layer, stride: 1)
                && layer.OutWidth >= 8 ? Math.Min(depthwiseRows, InPlaceBandRows256) : 0,
            WholeRows256 = depthwiseRows > 0 && packing.PacksInput && DirectConvPlanner.ReadsNarrowRowsWhole256(layer),
            Split256 = depthwiseRows > 0 && packing.PacksInput && SplitsWeightsOnAvx2(layer),
            Vector512Tile = ChooseWeightTile(layer, 16, grid),
        };
        // The AVX2 bands prefetch by the AVX-512 ones' rules: in place at most one plane ahead, split on rows of 8 or more.
        int streamAhead256 = plan.InPlaceRows256 ? StreamAheadRowsWithinPlane(layer)
            : plan.Split256 && layer.OutWidth >= 8 ? StreamAheadRows(layer) : 0;
        return plan with { StreamAheadRows256 = streamAhead256, ChannelPairs512 = PairsChannels(layer, plan) };
    }

    /// <summary>
    /// The in-place AVX-512 bands of a depthwise 3×3, stride-1, padding-1 backward-weights pass with rows of at least 16
    /// outputs, or null for any other layer. A band of R rows loads R + 2 input rows, so H + 2·bands in all: the rows
    /// per band are <see cref="BandRows"/>.
    /// </summary>
    internal static InPlaceWeightsPlan? ChooseInPlaceWeights(LayerSpec layer)
    {
        if (!DirectConvPlanner.IsDepthwise3x3Padding1(layer, stride: 1) || layer.OutWidth < SplitRowTilePlan.Lanes)
        {
            return null;
        }
        int h = layer.OutHeight, rows = BandRows(h);
        return new InPlaceWeightsPlan(rows, h / rows, h % rows, ShapeMath.CeilDiv(layer.OutWidth, SplitRowTilePlan.Lanes))
        {
            PrefetchesBands = layer.Height * layer.Width >= MinPrefetchedPlane,
            StreamAheadRows = StreamAheadRowsWithinPlane(layer),
        };
    }

    /// <summary>
    /// gradOutput rows per band of the unpacked AVX-512 depthwise backward-weights plans on a plane of
    /// <paramref name="height"/> output rows: <see cref="MaxBandRows"/>, or every row of a shorter plane.
    /// </summary>
    internal static int BandRows(int height) => Math.Min(MaxBandRows, height);

    /// <summary>
    /// Rows of a full band (stride-2 split bands on channels larger than L1 take <see cref="LargeChannelSplitBandRows"/>).
    /// A band walks its column tiles touching R gradOutput rows and R + 2 input rows (2R + 1 at
    /// stride 2) at once, each row a separate stream for the hardware prefetchers, and the full layers stream from L3.
    /// Tall bands reload fewer input rows (the one or two a neighbour also reads) but run more streams than the
    /// prefetchers follow (26 at 12 rows, 37 at stride 2): with the 6-12 rows that made the fewest bands, 112×112×32 and
    /// 56×56×128 streamed 49-56 GB/s
    /// against 98 for a plain read loop. Side by side on the Zen 5 VM (the generated kernels of 2, 3, 4, 6 and the old
    /// 6-12 rows in one process, 1 thread, median of 15 rounds, µs): 112×112×32 41.3 at 4 rows against 46.0; 56×56×128
    /// 48.9 against 60.7; 28×28×256 24.4 against 28.1; stride 2: 112×112×64 63.3 against 70.1 (2 rows 60.3), 56×56×128
    /// 28.9 against 31.4, 28×28×256 11.2 against 11.8. 4 rows were the fastest or within 1 % on every layer but
    /// 112×112×64 stride 2, where 2 and 3 rows ran 60.3 and 61.8 (5 % and 2 % faster); 6 rows were slower everywhere.
    /// </summary>
    internal const int MaxBandRows = 4;

    /// <summary>
    /// Floats per channel from which the in-place backward-weights bands prefetch the next band's rows. Measured side by
    /// side on the Zen 5 VM (median of eight alternating runs, 1 thread): 112×112×32 56.3 → 47.3 µs and 56×56×128
    /// 60.7 → 54.2 µs (faster in all eight), but 28×28×256 (784 floats per channel) about 10 % slower, and the stride-2
    /// split bands 5-15 % slower, so those do not prefetch. Re-measured with bands of <see cref="MaxBandRows"/>: without
    /// the prefetch 112×112×32 and 56×56×128 ran 18-20 % slower, two bands ahead no faster, and 28×28×256 with it still
    /// 9 % slower (29.0 against 26.5 µs).
    /// </summary>
    internal const int MinPrefetchedPlane = 2048;

    /// <summary>
    /// The split AVX-512 plan of a depthwise 3×3, stride-2, padding-1 backward-weights pass on an even plane, where the
    /// forward pass has a split tile and the channel's gradOutput holds at least 16 floats (so its last vector can be
    /// loaded ending at the channel's end); null for any other layer. Rows of 4-7 outputs go in pairs over the whole
    /// channel; wider rows in bands of <see cref="BandRows"/>, or of <see cref="LargeChannelSplitBandRows"/> on channels
    /// larger than L1 (a band of R rows loads 2R + 1 input rows, so 2H + bands
    /// in all).
    /// </summary>
    internal static SplitWeightsPlan? ChooseSplitWeights(LayerSpec layer)
    {
        if (DirectConvPlanner.ChooseSplitRowTile(layer) is not { } forward || layer.OutHeight * layer.OutWidth < SplitRowTilePlan.Lanes)
        {
            return null;
        }
        int h = layer.OutHeight;
        if (forward.PairsRows)
        {
            return new SplitWeightsPlan(h, 1, 0, 1, WholeRow: false, PairsRows: true);
        }
        int rows = DirectConvPlanner.ChannelExceedsL1(layer) ? Math.Min(LargeChannelSplitBandRows, h) : BandRows(h);
        bool wholeRow = layer.OutWidth < SplitRowTilePlan.Lanes;
        return new SplitWeightsPlan(rows, h / rows, h % rows, ShapeMath.CeilDiv(layer.OutWidth, SplitRowTilePlan.Lanes), wholeRow, PairsRows: false)
        {
            StreamAheadRows = wholeRow ? StreamAheadRowsWithinPlane(layer) : StreamAheadRows(layer),
        };
    }

    /// <summary>
    /// Input rows past a band's new rows that the unpacked AVX-512 depthwise backward-weights bands prefetch in a call
    /// streaming from memory (more than <see cref="DirectConvPlanner.StreamingFloats"/> of input and gradOutput): about
    /// <see cref="DirectConvPlanner.StreamPrefetchBytes"/>. A channel's task walks image after image, so rows past the
    /// plane's end are the next image's plane of the channel, a whole image further on in memory, where the hardware
    /// prefetchers lose the stream (the in-place bands of stride 1 look at most one plane ahead: the next image's same
    /// rows). Batch 32, 1 thread, the generated kernels with and without, the order of the two alternated each round:
    /// stride 2 112×112×64 6.59 against 9.50 ms, 56×56×128 2.15 against 2.80; stride 1 112×112×32 3.55 against 3.95,
    /// 56×56×128 4.28 against 5.21, 28×28×256 1.76 against 3.42 (batch 1: 0.95-1.02× either way). The helper must be
    /// inlined (<c>KernelMemory.PrefetchPlaneRows</c>): as a call it made the stride-1 bands 0.40-0.93× as fast. The AVX2
    /// bands that read NCHW (<c>DOTNET_EnableAVX512=0</c>): 112×112×32 (in place) 2.44×, 112×112×64 1.69×, 56×56×128
    /// 2.30×, 28×28×256 stride 2 0.97× faster (batch 1 1.00-1.02×). Bands of one vector per row (the AVX-512 split plan
    /// on rows of 8-15 outputs) look at most one plane ahead, like the in-place ones: 28×28×256 stride 2 1.25× / 1.26×
    /// faster at batch 32 (two runs), 0.98× at batch 1.
    /// </summary>
    internal static int StreamAheadRows(LayerSpec layer) => DirectConvPlanner.StreamAheadRows(layer.Width);

    /// <summary><see cref="StreamAheadRows"/>, at most one plane: the rows ahead of the bands that look no further than the next image's same rows.</summary>
    internal static int StreamAheadRowsWithinPlane(LayerSpec layer) => Math.Min(StreamAheadRows(layer), layer.Height);

    /// <summary>
    /// gradOutput rows per band of the stride-2 split plan on channels larger than L1, which the layer streams from L3:
    /// 2 rows read 5 input and 2 gradOutput rows at once against 9 and 4 at <see cref="MaxBandRows"/>. Side by side on
    /// the Zen 5 VM (1 thread, the generated kernels in one process), 112×112×64: 62.6 µs against 67.3 (medians of 31;
    /// two earlier runs 60.3 against 63.3 and 74.2 against 79.0); 96×96×32 (36 KB channels, 1.2 MB in all) 18.2 against
    /// 18.4; 3 rows lay between (4.7-7.0 % across the three runs).
    /// </summary>
    internal const int LargeChannelSplitBandRows = 2;

    /// <summary>
    /// Whether AVX-512 backward-weights reduces channels in pairs: a depthwise 3×3, padding-1 layer at stride 1 or 2
    /// whose single-channel unpacked method exists (the leftover of an odd range), with output rows of 4-8 (half a
    /// vector), at most <see cref="DirectConvPlanner.MaxPairedRows"/> of them, input rows of at most 16 and at least 16
    /// floats per channel in both tensors (so every load stays inside the pair).
    /// </summary>
    internal static bool PairsChannels(LayerSpec layer, BackwardWeightsPlan plan) =>
        (plan.WholeRows512 is not null || plan.Split512 is not null)
        && DirectConvPlanner.FitsChannelPairs(layer)
        && layer.OutHeight * layer.OutWidth >= SplitRowTilePlan.Lanes;

    /// <summary>Most output rows per step of the depthwise row plan: more rows load each input row vector for more of them.</summary>
    internal const int MaxDepthwiseRows = 4;

    /// <summary>
    /// Most gradOutput rows per band of the in-place AVX2 plan (<see cref="BackwardWeightsPlan.InPlaceRows256"/>). A band
    /// of 4 gives each tap accumulator a chain of 4 dependent FMAs per step (16 cycles of latency against 18 of FMA
    /// issue), 3 leaves slack for the peeled steps and the next step's loads. Both kernels in one process on the Zen 3
    /// VM, 112×112×32 at 1 thread, 600 alternating calls per round: bands of 3 faster in 84-89 % of the pairs, medians
    /// 89.8-93.4 against 93.3-103.3 µs (2 rows: 116 µs, 5 rows: 108-113 µs). The packed Vector256 plan of 56×56 and
    /// smaller channels was no faster with 3 (0.99-1.0× on 56×56 and 28×28, 0.92-0.95× on 14×14 and 7×7), so it keeps
    /// <see cref="MaxDepthwiseRows"/>.
    /// </summary>
    internal const int InPlaceBandRows256 = 3;

    /// <summary>
    /// Output rows per step of the depthwise backward-weights row plan, or 0 where it does not apply: the forward pass
    /// must use depthwise row tiles (one channel per group, every tap unrolled; rows narrower than a Vector256 need at least
    /// two of them, as the last is loaded ending at its end) and one accumulator per tap, the bias accumulator, the
    /// gradOutput rows and an input temporary must fit in 15 registers.
    /// Transposed layers keep the weight tiles (their bias gradient is summed apart).
    /// </summary>
    internal static int DepthwiseRows(LayerSpec layer, DirectConvPlan packing)
    {
        // Rows narrower than a Vector256 load the channel's last row as the vector ending at its end: that vector (8
        // floats) must lie inside the channel's gradOutput, and its input loads (up to 8 − OutWidth floats back) inside
        // the plane, which a second output row guarantees.
        if (!packing.UsesRowTiles || (layer.OutWidth < 8 && (layer.OutHeight < 2 || layer.OutHeight * layer.OutWidth < 8)) || layer.Transposed is not null)
        {
            return 0;
        }
        int free = DirectConvPlanner.MaxLiveRegisters - layer.Taps - (layer.HasBias ? 1 : 0) - 1;
        return free < 1 ? 0 : Math.Min(Math.Min(free, MaxDepthwiseRows), layer.OutHeight);
    }

    /// <summary>
    /// The (output channels × columns) weight tile with the fewest predicted cycles, a column being one (input channel,
    /// tap) pair: per vector step R gradOutput loads, T input loads and R·T FMAs (the forward cost model), plus a
    /// horizontal sum and the scalar tail per accumulator.
    /// </summary>
    internal static WeightTilePlan? ChooseWeightTile(LayerSpec layer, int lanes, int grid)
    {
        if (grid < lanes)
        {
            return null;
        }
        int groupOut = layer.GroupOutChannels, taps = layer.GroupInChannels * layer.Taps;
        int steps = grid / lanes, tail = grid % lanes;
        WeightTilePlan? best = null;
        (int maxAccumulators, int registers) = DirectConvPlanner.RegisterBudget(lanes);
        for (int rows = 1; rows <= Math.Min(groupOut, maxAccumulators); rows++)
        {
            for (int tapCount = 1; tapCount <= taps && rows * tapCount <= maxAccumulators; tapCount++)
            {
                if (rows * tapCount + Math.Min(rows, tapCount) + 1 > registers)
                {
                    continue;
                }
                int remainderRows = groupOut % rows, remainderTaps = taps % tapCount;
                double cycles = 0;
                foreach ((int r, int rowBlocks) in new[] { (rows, groupOut / rows), (remainderRows, remainderRows > 0 ? 1 : 0) })
                {
                    foreach ((int t, int tapBlocks) in new[] { (tapCount, taps / tapCount), (remainderTaps, remainderTaps > 0 ? 1 : 0) })
                    {
                        if (rowBlocks * tapBlocks == 0)
                        {
                            continue;
                        }
                        // The accumulators carry across the batch: a long reduction whatever the plane.
                        double perUnit = steps * DirectConvPlanner.CyclesPerStep(r, t, lanes, reductionSteps: int.MaxValue) + r * t * (8 + tail) + 12;
                        cycles += (double)rowBlocks * tapBlocks * perUnit;
                    }
                }
                cycles *= layer.Groups;
                var candidate = new WeightTilePlan(lanes, rows, tapCount, remainderRows, remainderTaps, cycles);
                if (best is null || cycles < best.PredictedCycles * 0.999 ||
                    (cycles <= best.PredictedCycles * 1.001 && candidate.Accumulators > best.Accumulators))
                {
                    best = candidate;
                }
            }
        }
        return best;
    }
}
