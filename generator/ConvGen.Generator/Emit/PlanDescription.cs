using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>The XML remarks on a generated method: the layer and the plan the generator chose, in plain words.</summary>
internal static class PlanDescription
{
    public static IEnumerable<string> Describe(KernelModel model)
    {
        IEnumerable<string> lines = model.TransposedWinograd is { } tdc ? DescribeTransposedWinograd(model, tdc) : model.Spec.Layer.Pass switch
        {
            PassKind.BackwardData => DescribeBackwardData(model),
            PassKind.BackwardWeights => DescribeBackwardWeights(model),
            _ => DescribeForward(model),
        };
        if (model.Spec.Layer.Transposed is null)
        {
            return lines;
        }
        var list = new List<string>(lines);
        list.Insert(1, TransposedLayer(model.Spec.Layer));
        return list;
    }

    private static IEnumerable<string> DescribeTransposedWinograd(KernelModel model, TransposedWinogradPlan p)
    {
        LayerSpec l = model.Spec.Layer;
        Mathematics.WinogradTransform t = Mathematics.CookToom.Standard(p.OutputTile, 3);
        int n = p.InputTile;
        yield return "<remarks>";
        yield return $"<para>Plan: TDC with Winograd {t.Name} on the phases, in the shared-input form (winograd-spec §5.4). Each of the 4 output phases is a stride-1 correlation " +
            $"of the input with a sub-kernel of the taps that reach it; all are placed on one common 3×3 window (rows from {p.InputOffsetY}, columns from {p.InputOffsetX} relative to the phase position), " +
            $"zero taps filling the gaps, so one input transform B^T·d·B per {n}×{n} input tile serves all four. A^T, G and B^T (points {t.DescribePoints()}) were derived exactly (Cook–Toom, rational arithmetic).</para>";
        yield return $"<para>Zero skipping: a zero first window tap makes the transformed row for point 0 identically zero and a zero last tap the one for ∞ (exact in fp32 too), " +
            $"so only {p.Pairs} of the {4 * n * n} (ξ, phase) products are computed: {(double)p.Pairs * l.OutChannels * l.InChannels * p.Tiles * 1e-6:0.###}M multiply-adds per image " +
            $"against {(double)l.Flops / 2e6:0.###}M for direct TDC. Error bound: {Mathematics.WinogradErrorModel.ElementwiseKappa(n)}·2^-23 times Σ over input channels of max|w|·Σ|x| on the shared 3×3 window " +
            "(inputs under zero taps still pass through the transforms' rounding, so Σ|w·x| of the contributing products alone can be exceeded where few products reach an output).</para>";
        yield return $"<para>Pipeline: per image the zero-padded input is packed into {p.OutputTile} column-phase planes per channel; the {p.TilesY}×{p.TilesX} tiles run in {p.Blocks} block(s) of {p.TileBlock}. " +
            $"Per block: the input transform, one GEMM U[q] (K×C) · V[ξ] (C×block) per computed pair q with the direct planner's pointwise register tiles, and per phase an output transform " +
            "that reads only that phase's pairs, fused with bias and activation, storing its outputs interleaved (stride 2) into the NCHW output" +
            (p.OutputTile == 2
                ? "; on the Vector256 transforms (8 tiles per vector) the four phases fill each tile's 4×4 output block, and runs of 4 whole blocks along a tile row are stored as rows of 16 floats with a lane transpose"
                : "") + ".</para>";
        yield return "<para>Weights: U = G·h_φ·G^T per pair is computed in double and rounded once when the weights are packed (PackWeights); the plain overload reuses the transform of the previous call's weights when their contents are equal (compared in full), else transforms them into scratch.</para>";
        yield return "<para>GEMM tiles (output channels × tiles): " + Tiles(model.Plan.Vector512Tile, model.Plan.Vector256Tile, model.Plan.Vector128Tile, model.Plan.ScalarTile) + ".</para>";
        yield return WinogradThreads;
        yield return "</remarks>";
    }

    /// <summary>The user's transposed layer and how its pass maps onto the equivalent convolution described next.</summary>
    private static string TransposedLayer(LayerSpec l)
    {
        TransposedShape t = l.Transposed!;
        string pass = t.Pass switch
        {
            PassKind.Forward when l.WinogradTile > 0 => "forward pass" + (t.HasBias ? ", bias" : "") + Activation(l),
            PassKind.Forward => "forward pass" + (t.HasBias ? ", bias" : "") + Activation(l) +
                "; it is computed as the backward-data of the equivalent convolution below, i.e. TDC: the output splits into " +
                $"{l.StrideHeight}×{l.StrideWidth} stride phases, each a stride-1 correlation of the input with the taps that reach it, written interleaved into the output, with no zero insertion and no col2im buffer",
            PassKind.BackwardData => "backward-data pass (gradient of the input); it is computed as the forward pass of the equivalent convolution below, reading gradOutput as its input",
            _ => "backward-weights pass (gradient of the weights" + (t.HasBias ? " and the bias" : "") +
                "); it is computed as the backward-weights of the equivalent convolution below with input and gradOutput swapped" +
                (t.HasBias ? ", and the bias gradient as per-channel sums of gradOutput" : ""),
        };
        return $"<para>ConvGen [ConvTranspose2D]: {l.OutChannels} → {l.InChannels} channels" + (l.Groups > 1 ? $" in {l.Groups} groups" : "") +
            $", {l.OutHeight}×{l.OutWidth} → {l.Height}×{l.Width}, kernel {l.KernelHeight}×{l.KernelWidth}, stride {l.StrideHeight}×{l.StrideWidth}, padding {l.PaddingHeight}×{l.PaddingWidth}, " +
            $"output padding {t.OutputPaddingHeight}×{t.OutputPaddingWidth}, dilation {l.DilationHeight}×{l.DilationWidth}; weights [{l.OutChannels}][{l.GroupInChannels}][{l.KernelHeight}][{l.KernelWidth}]. " +
            $"This is the {pass}.</para>";
    }

    private static string Layer(LayerSpec l) =>
        $"{Kind(l)} {l.KernelHeight}×{l.KernelWidth} convolution, {l.InChannels} → {l.OutChannels} channels" +
        (l.Groups > 1 ? $" in {l.Groups} groups" : "") +
        $", {l.Height}×{l.Width} → {l.OutHeight}×{l.OutWidth}, stride {l.StrideHeight}×{l.StrideWidth}, padding {l.PaddingHeight}×{l.PaddingWidth}, " +
        $"dilation {l.DilationHeight}×{l.DilationWidth}";

    /// <summary>How a channel-lane pointwise plan cuts the plane into strips: per path where Vector512 has tiles of its own width.</summary>
    private static string LaneStrips(ChannelLanePointwisePlan lanes) => "strips of " + LaneTiles(lanes);

    /// <summary>The position tiles of a channel-lane plan, per path.</summary>
    private static string LaneTiles(ChannelLanePointwisePlan lanes)
    {
        string narrow = $"{lanes.Tiles} position tiles × {lanes.TilePositions}{LastTile(lanes.Positions, lanes.TilePositions, lanes.LastTileStart)}";
        return lanes.HasWideTile
            ? $"{lanes.WideTiles} position tiles × {lanes.WideTilePositions}{LastTile(lanes.Positions, lanes.WideTilePositions, lanes.WideLastTileStart)} on the Vector512 path, of {narrow} on the others"
            : narrow;
    }

    private static string LastTile(int positions, int tilePositions, int lastTileStart) =>
        positions % tilePositions == 0 ? "" : $" (the last starting at {lastTileStart}, overlapping its neighbour)";

    private static string LaneTileAccumulators(ChannelLanePointwisePlan lanes) => lanes.HasWideTile
        ? $"2 × {lanes.WideTilePositions} accumulators on Vector512 (2 × {lanes.TilePositions} on the others)"
        : $"2 × {lanes.TilePositions} accumulators";

    /// <summary>The first paragraph of every [Conv2D] backward-data kernel's remarks: the layer, its cost and the pass's contract.</summary>
    private static string BackwardDataHeader(LayerSpec l) =>
        $"<para>Generated by ConvGen: backward-data (gradient of the input) of a {Layer(l)}; {l.Flops / 1e6:0.###} MFLOP per image. " +
        "gradInput is overwritten; there is no activation (pass the gradient after the activation's derivative).</para>";

    /// <summary>
    /// The clause of a channel-lane backward-data plan whose blocks copy the next block's panel while their tiles run
    /// (<see cref="ChannelLanePointwisePlan.NextPanelCopyTiles"/>), or nothing.
    /// </summary>
    private static string NextPanelCopies(ChannelLanePointwisePlan plan)
    {
        if (plan.NextPanelCopyTiles == 0 && plan.WideNextPanelCopyTiles == 0)
        {
            return "";
        }
        string paths = plan.WideNextPanelCopyTiles == plan.NextPanelCopyTiles ? ""
            : plan.WideNextPanelCopyTiles > 0 ? " on the Vector512 path" : " on the paths other than Vector512";
        int tiles = System.Math.Max(plan.NextPanelCopyTiles, plan.WideNextPanelCopyTiles);
        return $"; and since rows read a page apart stream slowly, the first image's {tiles} tiles after its first{paths} also copy the next block's rows into a second panel, " +
            "loads no FMA waits for, so the next block on the same thread starts on a full panel (a group's narrower last block, where there is one, fills its own)";
    }

    private static IEnumerable<string> DescribeBackwardData(KernelModel model)
    {
        LayerSpec l = model.Spec.Layer;
        if (model.ChannelLanePointwise is { } lanes)
        {
            yield return "<remarks>";
            yield return BackwardDataHeader(l);
            yield return $"<para>Plan: gradInput[c][p] = Σ_k w[k][c]·gradOutput[k][p] with the vector lanes along input channels, so the {lanes.Positions}-position plane wastes no lanes. " +
                $"gradOutput is first copied into {LaneStrips(lanes)}. Each block of two vectors of input channels runs every image and tile over a contiguous panel of its rows of the OIHW weights in thread scratch; " +
                "its first tile reads those rows in place and fills the panel as it goes (the loads overlap the FMAs" +
                (lanes.FillPrefetchRows > 0 ? $"; the rows are a page or more apart, so it prefetches each row {lanes.FillPrefetchRows} output channels ahead" : "") + "), the others read the panel" +
                NextPanelCopies(lanes) + ": " +
                $"a tile holds {LaneTileAccumulators(lanes)} and, per output channel, loads two weight vectors and broadcasts one gradOutput value per position; " +
                "its lanes are stored transposed into gradInput.</para>";
            yield return $"<para>Threads: layers of at least {lanes.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split the channel blocks across ConvGen's worker pool; with several images the strip copies are split first, and a single image has every thread copy all its strips into its own scratch, so no strip is written on one core and read on the other.</para>";
            yield return "</remarks>";
            yield break;
        }
        if (model.ChannelLaneColumns is { } columns)
        {
            ChannelLanePointwisePlan gemm = columns.Columns;
            yield return "<remarks>";
            yield return BackwardDataHeader(l);
            yield return $"<para>Plan: a columns GEMM, then a column scatter (col2im). The columns col[c·{l.Taps} + t][p] = Σ_k w[k][c][t]·gradOutput[k][p] are the backward-data pass of a pointwise layer of " +
                $"{columns.ColumnsLayer.InChannels} → {l.OutChannels} channels{(l.Groups > 1 ? $" in {l.Groups} groups" : "")} over the {gemm.Positions}-position gradOutput plane, whose OIHW weights are this layer's own; " +
                $"it runs with the vector lanes along the columns, so the small plane wastes no lanes and no weight is transposed or repacked ahead of the GEMM. gradOutput is first copied into {LaneStrips(gemm)}. " +
                "Each block of two vectors of columns runs every image and tile over a contiguous panel of its weight rows in thread scratch; its first tile reads those rows in place and fills the panel as it goes " +
                (gemm.FillPrefetchRows > 0 ? $"(the rows are a page or more apart, so it prefetches each row {gemm.FillPrefetchRows} output channels ahead)" : "(the loads overlap its FMAs)") +
                NextPanelCopies(gemm) + $": a tile holds {LaneTileAccumulators(gemm)} and, per output channel, loads two weight vectors and broadcasts one gradOutput value per position; its lanes are stored transposed into the columns, in scratch. " +
                $"Then each gradInput channel is cleared and its {l.Taps} column planes are added into the pixels their taps reach (stride {l.StrideHeight}×{l.StrideWidth}), tap by tap in kernel order, so every pixel's sum has one order.</para>";
            yield return $"<para>Threads: layers of at least {columns.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split the GEMM's column blocks, then the scatter's (image, channel) units, across ConvGen's worker pool; " +
                $"{columns.ChunkImages} image(s) run at a time (at most 16 MB of columns), so the columns' scratch stays bounded however large the batch.</para>";
            yield return "</remarks>";
            yield break;
        }
        if (model.StridedDepthwiseData is { } strided)
        {
            yield return "<remarks>";
            yield return BackwardDataHeader(l);
            yield return "<para>Plan: the transposed direction as a gather, split into the 2×2 stride phases at generation time, so no zero-inserted work is done: padded gradInput row 2t + φ " +
                "receives the kernel rows kh with kh·d ≡ φ (mod 2) from gradOutput row t − (kh·d − φ)/2, and likewise for columns. One task per (image, channel): gradOutput is copied into a " +
                $"zero-padded {strided.PlaneHeight}×{strided.PlaneWidth} plane, then gradInput is built in bands of {strided.BandRows} rows × {strided.Columns} columns in scratch. " +
                "Per vector of phase positions, each accumulator is one (band row, column phase); per kernel column its weights are broadcast once and each gradOutput row vector is loaded once " +
                "for every (band row, kernel row) pair that reads it. The two column phases of a row are stored interleaved, and the band's rows are copied into gradInput.</para>";
            if (strided.InterleavedColumnTiles512 > 0)
            {
                string tiles = strided.Walk512 == InterleavedWalk.Rows ? $"gradOutput row by row (the gradInput channel is larger than the L1 data cache, so gradInput is written in address order); each of the row's {strided.InterleavedColumnTiles512} column tiles of 16 columns loads the two gradOutput rows it reads"
                    : l.OutWidth >= 16 ? $"per column tile of 16 gradOutput columns ({strided.InterleavedColumnTiles512} per row)"
                    : l.OutWidth >= 8 ? $"one vector per {l.OutWidth}-column gradOutput row"
                    : $"one vector per {l.OutWidth}-column gradOutput row, its lower lanes building gradInput row 2m and its upper lanes row 2m + 1 (lane-split weights)";
                string loaded = strided.Walk512 == InterleavedWalk.Rows
                    ? " and shifts each by one lane for the odd columns' second tap; the two gradInput rows they build are"
                    : ", each gradOutput row is loaded once, shifted by one lane for the odd columns' second tap, and its two gradInput rows are";
                yield return $"<para>Vector512 (AVX-512) packs nothing and builds no bands: {tiles}{loaded} " +
                    "accumulated in registers, their even and odd columns interleaved by two two-source permutes and stored straight into NCHW.</para>";
            }
            if (strided.Walk256 == InterleavedWalk.WholeRows)
            {
                yield return $"<para>Vector256 (AVX2) packs nothing either: one vector per {l.OutWidth}-column gradOutput row, down the channel with the row shared by consecutive gradInput row pairs kept in registers; " +
                    "each row is permuted into the lane order 0, 1, 4, 5, 2, 3, 6, 7 (its columns n + 1 by a second permute of the same load), so unpcklps and unpckhps of a gradInput row's even and odd columns are its columns in order, " +
                    "stored straight into NCHW (each row's store spills into the next row, stored after it; the channel's last row is stored at its exact width).</para>";
            }
            else if (strided.Walk256 != InterleavedWalk.None)
            {
                string walk = strided.Walk256 == InterleavedWalk.Rows
                    ? "row by row of gradOutput (the channel is larger than the L1 data cache, so gradInput is written in address order), each tile loading the two gradOutput rows it reads"
                    : "column tile by column tile down the channel, the gradOutput row shared by consecutive gradInput row pairs kept in registers";
                yield return $"<para>Vector256 (AVX2) packs nothing either: column tiles of 8 gradOutput columns, walked {walk}. Every gradOutput vector is loaded in the lane order 0, 1, 4, 5, 2, 3, 6, 7 " +
                    "(vpermpd), so unpcklps and unpckhps of a gradInput row's even and odd columns are its 16 columns in order, stored straight into NCHW.</para>";
            }
            yield return $"<para>Threads: layers of at least {strided.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split the (image, channel) tasks across ConvGen's worker pool.</para>";
            yield return "</remarks>";
            yield break;
        }
        if (model.RotatedForward is { } rotated)
        {
            yield return "<remarks>";
            yield return BackwardDataHeader(l);
            yield return (l.IsDepthwise
                ? "<para>Plan: at stride 1 a depthwise layer's backward-data is itself a depthwise convolution: gradOutput correlated with each channel's kernel rotated 180°, "
                : $"<para>Plan: at stride 1 backward-data is itself a convolution, {l.OutChannels} → {l.InChannels} channels: gradOutput correlated with the kernels rotated 180° and their channels transposed, ") +
                $"padding {rotated.PaddingHeight}×{rotated.PaddingWidth} (= dilation·(kernel − 1) − padding), giving exactly the {l.Height}×{l.Width} gradInput. " +
                (model.Winograd is not null
                    ? "The forward kernel below runs on gradOutput with the Winograd plan Auto takes for that forward layer; its filter transform reads the kernels rotated and transposed " +
                      "(and, as for any plain-weights call, is reused while the weights are unchanged).</para>"
                    : "The forward depthwise kernel below runs on gradOutput, its row tiles reading each channel's kernel rotated 180° (no extra pass over the weights).</para>");
            bool first = true;
            foreach (string line in DescribeForward(model with { Spec = model.Spec with { Layer = rotated } }))
            {
                if (line != "<remarks>" && !first)
                {
                    yield return line.Replace("<para>Plan: ", "<para>The forward kernel: ");
                }
                first = first && line == "<remarks>";
            }
            yield break;
        }
        BackwardDataPlan p = model.DataPlan!;
        yield return "<remarks>";
        yield return l.Transposed is null
            ? BackwardDataHeader(l)
            : $"<para>Equivalent convolution: a {Layer(l)}; {l.Flops / 1e6:0.###} MFLOP per image. Its gradOutput is the transposed layer's input and its gradInput the output, " +
              "which is overwritten" + (StoreEpilogue(l) is string epilogue ? $"; {epilogue} applied as the phases are interleaved into it" : "") + ".</para>";
        yield return "<para>Plan: the transposed direction as a gather, split into " +
            $"{p.Phases.Count} stride phase(s) resolved at generation time, so no zero-inserted work is done. " +
            (p.PacksGradOutput ? $"Each gradOutput channel is first copied into a zero-padded plane of {p.PlaneHeight}×{p.PlaneWidth} ({p.TopPad} row(s) above, {p.LeftPad} column(s) left); " : "gradOutput is read in place; ") +
            (p.ReadsWeightsInPlace
                ? "the tiles read the OIHW weights in place (tile rows a kernel apart, reduction channels InChannels kernels apart), so no call repacks or caches them. "
                : "the weights are repacked per phase as [input channel][output channel][phase taps] (transposed and grouped by phase). ") +
            "Each phase is a dense correlation on a grid with the forward pass's register tiles" +
            (p.WritesInPlace ? ", written straight into gradInput.</para>" : "; its grid is then scattered into the strided gradInput pixels.</para>");
        int index = 0;
        foreach (BackwardDataPhase phase in p.Phases)
        {
            yield return $"<para>Phase {index++} (row +{phase.RowPhase}, column +{phase.ColumnPhase}): {phase.Rows}×{phase.Columns} pixels per channel, " +
                (phase.HasTaps
                    ? $"{phase.Taps} tap(s) (kernel rows {string.Join(",", phase.KernelRows)} × columns {string.Join(",", phase.KernelColumns)}), " +
                      (phase.Gathered && p.ReadsWeightsInPlace ? "gathered into a compact (channel, tap) × position panel first (the padded grid would waste position vectors), every tap unrolled over its panel rows; "
                          : phase.Gathered ? "gathered into a compact (channel, tap) × position panel first (the padded grid would waste position vectors), then one GEMM; "
                          : phase.Unrolling == TapUnrolling.AllTaps ? "all unrolled; " : "a kernel-row loop; ") +
                      $"tiles {Tiles(phase.Vector512Tile, phase.Vector256Tile, phase.Vector128Tile, phase.ScalarTile)}.</para>"
                    : "no tap reaches these pixels: zero.</para>");
        }
        yield return p.SlicesByRows
            ? $"<para>Threads: layers of at least {p.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split each image by grid rows across ConvGen's worker pool; " +
              "each thread pads the gradOutput rows its grid rows read into its own scratch, runs every phase on them and scatters them, so no plane or grid line is written on one core and read on another " +
              "(the weights, no larger than the padded planes, are read by every thread).</para>"
            : $"<para>Threads: layers of at least {p.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split every phase across ConvGen's worker pool.</para>";
        yield return "</remarks>";
    }

    private static IEnumerable<string> DescribeBackwardWeights(KernelModel model)
    {
        LayerSpec l = model.Spec.Layer;
        yield return "<remarks>";
        yield return $"<para>Generated by ConvGen: backward-weights (gradient of the weights{(l.HasBias ? " and the bias" : "")}) of a {Layer(l)}; {l.Flops / 1e6:0.###} MFLOP per image. " +
            "The gradients are overwritten with their sums over the batch; there is no activation (pass the gradient after the activation's derivative).</para>";
        if (model.WinogradWeights is { } ww)
        {
            foreach (string line in WinogradWeights(l, ww))
            {
                yield return line;
            }
            yield return "</remarks>";
            yield break;
        }
        if (model.ChannelLaneWeights is { } lanes)
        {
            yield return $"<para>Plan: dW[k][j] = Σ_n Σ_p gradOutput[n][k][p]·col[n][p][j] with the vector lanes along the {lanes.Columns} columns j = c·{l.Taps} + t of a weight row " +
                $"((input channel, tap) pairs), so the {lanes.Positions}-position plane wastes no lanes and no accumulator needs a horizontal sum. Per image the columns are built block by block " +
                "(two vectors of columns per block) as [position][columns of the block] in scratch: " +
                (lanes.Gathers
                    ? $"the input channels are copied into zero-padded {lanes.PlaneHeight}×{lanes.PlaneWidth} planes and each column gathers its tap's window for every output position. "
                    : "the input is transposed (16×16 register transposes on AVX-512, 8×8 on AVX). ") +
                $"A tile is {lanes.TileOutputs} output channels" +
                (lanes.WideTileOutputs != lanes.TileOutputs ? $" ({lanes.WideTileOutputs} on the Vector512 path, whose 32 registers hold 2 × {lanes.WideTileOutputs} accumulators)" : "") + " × one block" +
                (l.GroupOutChannels % lanes.TileOutputs == 0 && l.GroupOutChannels % lanes.WideTileOutputs == 0 ? ""
                    : lanes.WideTileOutputs == lanes.TileOutputs ? $" (the group's last tile starting at output channel {lanes.LastTileStart}, overlapping its neighbour and storing only its own rows)"
                    : " (the group's last tile overlapping its neighbour and storing only its own rows)") +
                ": per position it loads the block's two column vectors and broadcasts one gradOutput value per output channel, its accumulators continuing the previous images' sums from gradWeights, " +
                "and they are stored as runs of gradWeights rows" +
                (lanes.ChunksPositions
                    ? $". A block is too large to stay in L2 while every tile reads it, so the tiles walk the plane in chunks of {lanes.PositionChunk} positions, all tiles per chunk, their sums carried in gradWeights between chunks" +
                      (lanes.TransposesPerChunk ? "; each thread transposes the chunks of the blocks its tiles read into its own scratch right before they read them, its tiles prefetching the next chunk's input rows into L2 as they compute (a line every few positions, up to 16 rows per tile), so that transpose reads L2 rather than L3 or memory" : "")
                    : "") +
                (lanes.OutputTilesOuter
                    ? $". The tiles run output tile by output tile over every column block, so gradWeights rows ({lanes.Columns * 4 / 1024} KB apart, a multiple of 4 KB) are written in address order: block by block, each block's stores would fold onto a few cache sets"
                    : "") +
                (l.HasBias ? ". The bias gradient sums gradOutput rows with the first block's tiles" : "") + ".</para>";
            yield return $"<para>Threads: layers of at least {lanes.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split each image's {(lanes.TransposesPerChunk ? "tiles" : "column blocks, then its tiles,")} across ConvGen's worker pool. " +
                "Each tile is reduced by one thread over images and positions in a fixed order, so the result is identical for any thread count.</para>";
            yield return "</remarks>";
            yield break;
        }
        BackwardWeightsPlan p = model.WeightsPlan!;
        DirectConvPlan packing = p.Packing;
        if (p.UsesDepthwiseRows)
        {
            var packingSimd = DepthwiseWeightsGradientEmitter.PackingPaths(l, p);
            string packingPaths = string.Join(", ", packingSimd.Where(simd => simd.VectorName is not null).Select(simd => simd.VectorName));
            yield return "<para>Plan: a reduction over the batch and every output position, one task per channel. " + (p.SkipsPacking512 || p.SkipsPacking256 ? $"On {packingPaths} and scalar code, per image" : "Per image") + ", the channel's input is " +
                (packing.PacksInput ? $"packed as the forward pass packs it ({packing.PhaseCount} stride-phase plane(s) of {packing.PlaneHeight}×{packing.PlaneWidth}) in thread-local scratch" : "read in place") +
                $"; the output is walked in bands of {p.DepthwiseRows} row(s) × one vector, loading the band's gradOutput rows straight from NCHW and each input row vector once per kernel column, " +
                $"multiplied into one accumulator per tap{(l.HasBias ? " (gradOutput is also summed into a bias accumulator)" : "")}. " +
                (l.OutWidth < 8 && !p.WholeRows256
                    ? $"Rows of {l.OutWidth} take one Vector256 each, its lanes past the row masked to zero in gradOutput; the channel's last row is loaded ending at its end, its first lanes masked instead. "
                    : "") +
                "A row's last partial vector overlaps the previous one with the already-counted gradOutput lanes masked to zero; " +
                "the accumulators are summed horizontally at the end (on AVX-512 eight taps per tree of 512-bit shuffles and adds)." +
                (packing.PacksInput ? " The zero borders are written once per task" + (packing.DoubleBuffersPacking ? ", and packing is double-buffered: the next (channel, image) is packed before this one is reduced." : ".") : "") + "</para>";
            if (p.InPlaceRows256)
            {
                yield return $"<para>On AVX2 nothing is packed (on the Zen 5 VM reading in place measured faster than packing on every channel tried, 112×112 down to 14×14): bands of {p.InPlaceBandRows256} row(s) read each input row straight from NCHW at column offsets −1, 0 and +1, " +
                    "the rows around the image from a zero row; each row's first and last steps are peeled, their outer tap made from the row's first or last vector shifted by one lane with the padding shifted in." +
                    StreamPrefetchEmitter.BandRemark(p.StreamAheadRows256, l) + "</para>";
            }
            if (p.WholeRows256)
            {
                yield return $"<para>On AVX2{(!p.SkipsPacking512 && !packingSimd.Contains(SimdVocabulary.Vector512) ? " (and on AVX-512, which has no Vector512 method for these rows)" : "")} nothing is packed (rows of {l.OutWidth} cost more to pack than to reduce): each input and gradOutput row is one vector read straight from NCHW and ANDed to the row's lanes, " +
                    "the channel's last row loaded ending at its end and moved down by one vpermps; kernel columns 0 and 2 read the input row shifted by one lane either way, each shift one vpermps that moves a zero lane into the padding column, " +
                    "and every input row is multiplied into the three taps of each kernel row that reads it.</para>";
            }
            if (p.Split256 && SplitRowTile256Emitter.IsNarrow(l))
            {
                yield return $"<para>On AVX2 nothing is packed (rows of {l.OutWidth} outputs cost more to pack than their bands): bands of {SplitWeights256Emitter.NarrowRows} gradOutput rows × the whole row read input and gradOutput straight from NCHW. " +
                    $"Each input row is loaded as vectors at columns 0 and {SplitRowTile256Emitter.SecondVectorColumn(l)} and split by shufps into its even and odd columns, a vpermps of the odd columns making the odd columns shifted by one (column −1, the padding, cleared by an AND), as the forward pass's narrow tile does; " +
                    "each gradOutput row is one vector (the channel's last row loaded ending at its end) put in the split's lanes by one vpermps and ANDed so that every column counts in one lane only, " +
                    "then multiplied with each input row that it reads into that kernel row's three taps." + StreamPrefetchEmitter.BandRemark(p.StreamAheadRows256, l) + "</para>";
            }
            else if (p.Split256)
            {
                yield return $"<para>On AVX2 nothing is packed (splitting in registers measured faster than packing, from 112×112 channels down to 16×16): bands of {SplitWeights256Emitter.WholeTileRows} gradOutput row{(SplitWeights256Emitter.WholeTileRows > 1 ? "s" : "")} × 8 columns read input and gradOutput straight from NCHW. " +
                    "Each input row is loaded as two vectors at column 2ox and split by shufps into its even and odd columns as the forward split tile does (lane order 0, 1, 4, 5, 2, 3, 6, 7, which each gradOutput vector is put in by one vpermpd), " +
                    "then multiplied with each gradOutput row that reads it into that kernel row's three taps: kernel columns 1 and 2 the even and odd columns times gradOutput, kernel column 0 (input column 2ox − 1) the odd columns times gradOutput one column on, which one vpermps per gradOutput row makes, so no input row is shifted. " +
                    "Column tile 0, the middle tiles and the last tile are emitted apart; the last" + (l.OutWidth % 8 != 0 ? " is shifted back to end at the row's end, its already-counted lanes masked off in gradOutput, and" : "") + " masks the column past the row." +
                    StreamPrefetchEmitter.BandRemark(p.StreamAheadRows256, l) + "</para>";
            }
            if (p.WholeRows512 is { } wholeRows)
            {
                yield return $"<para>Vector512 (AVX-512) packs nothing: the channel's gradOutput is read as the forward pass's whole-row tile writes its output, {(wholeRows.RowsPerVector == 2 ? "two rows" : "one row")} per vector " +
                    $"({wholeRows.Accumulators} vectors, masked to the rows no earlier vector counted), and each input row is one load shifted by one lane either way for the outer taps, masked to the padding at each row's edge; " +
                    "every input row is multiplied into the three taps of each kernel row that reads it.</para>";
            }
            if (p.InPlaceRows512 is { } inPlace)
            {
                yield return $"<para>Vector512 (AVX-512) packs nothing: bands of {inPlace.Rows} gradOutput row(s) × 16 columns" + (inPlace.RemainderRows > 0 ? $" (and a last band of {inPlace.RemainderRows})" : "") +
                    ", read straight from NCHW" + (l.OutWidth % 16 != 0 ? "; the last column tile is shifted back to end at the row's end, its already-counted lanes masked off in gradOutput. " : ". ") +
                    "The band's input rows are loaded once per column tile and the outer taps are that vector shifted by one lane with the neighbouring column (or the padding) shifted in." +
                    (inPlace.PrefetchesBands ? " Each band of the loop prefetches the next band's rows at its columns." : "") +
                    StreamPrefetchEmitter.BandRemark(inPlace.StreamAheadRows, l) + "</para>";
            }
            if (p.Split512 is { } split)
            {
                string layout = split.PairsRows ? "the gradOutput rows in pairs, one vector each, masked to the rows no earlier pair counted"
                    : split.WholeRow ? $"bands of {split.Rows} gradOutput row(s)" + (split.RemainderRows > 0 ? $" (and a last band of {split.RemainderRows})" : "") + ", one vector per row with the lanes past the row masked off"
                    : $"bands of {split.Rows} gradOutput row(s) × 16 columns" + (split.RemainderRows > 0 ? $" (and a last band of {split.RemainderRows})" : "") + (l.OutWidth % 16 != 0 ? ", the last column tile shifted back with its already-counted lanes masked off in gradOutput" : "");
                yield return $"<para>Vector512 (AVX-512) packs nothing: {layout}, read straight from NCHW. Each input row is loaded as two vectors and split in registers into the odd columns shifted by one lane, the even and the odd columns (two two-source permutes and a lane shift), " +
                    "then multiplied by every gradOutput vector that reads it through a kernel row." +
                    StreamPrefetchEmitter.BandRemark(split.StreamAheadRows, l) + "</para>";
            }
            if (p.ChannelPairs512)
            {
                yield return "<para>On AVX-512, channels go in pairs: channel c in lanes [0, 8) of every vector and channel c + 1 in lanes [8, 16), each gradOutput row and each input row's kernel-column split one two-source permute of two loads, " +
                    "so each accumulator holds both channels' partial sums and the horizontal sums run once per pair, in one tree of 512-bit shuffles and adds; a range with an odd count of channels ends with the single-channel method.</para>";
            }
            yield return "<para>Threads: layers of at least " + $"{p.ParallelMinimumFlops / 1e6:0.#}" + " MFLOP per image split the channels across ConvGen's worker pool. " +
                "Each channel is reduced by one thread over images and positions in a fixed order, so the result is identical for any thread count.</para>";
            yield return "</remarks>";
            yield break;
        }
        yield return "<para>Plan: a reduction over the batch and every output position. " +
            (packing.PacksInput ? $"Each image's input is packed as the forward pass packs it ({packing.PhaseCount} stride-phase plane(s) of {packing.PlaneHeight}×{packing.PlaneWidth} per channel)" : "The input is read in place") +
            (packing.PlaneWidth != l.OutWidth ? $" and gradOutput is laid on the same grid of {packing.GridExtent} positions (pitch {packing.PlaneWidth}) with zeros in the spare columns" : $" and gradOutput is read in place ({packing.GridExtent} positions)") +
            ", so each tap is a dot product of contiguous runs. The accumulators are a weight tile (oneDNN-style): output channels × (input channel, tap) columns, each a vector of partial sums over positions, " +
            "summed horizontally at the end; the few positions past the last full vector are a scalar tail.</para>";
        yield return $"<para>Weight tiles: {(p.Vector512Tile is null ? "" : WeightTile("Vector512", p.Vector512Tile) + "; ")}{WeightTile("Vector256", p.Vector256Tile)}; {WeightTile("Vector128", p.Vector128Tile)}; {WeightTile("scalar", p.ScalarTile)}.</para>";
        yield return $"<para>Threads: layers of at least {p.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split the weight tiles across ConvGen's worker pool. " +
            "Each tile is reduced by one thread over images and positions in a fixed order, so the result is identical for any thread count.</para>";
        yield return "</remarks>";
    }

    private static string WeightTile(string isa, WeightTilePlan? tile) => tile is null
        ? $"{isa} not used (fewer grid positions than lanes)"
        : $"{isa} {tile.Rows}×{tile.TapCount} ({tile.Accumulators} accumulators)";

    private static IEnumerable<string> DescribeForward(KernelModel model)
    {
        LayerSpec l = model.Spec.Layer;
        DirectConvPlan p = model.Plan;
        yield return "<remarks>";
        yield return $"<para>Generated by ConvGen: {Kind(l)} {l.KernelHeight}×{l.KernelWidth} convolution, {l.InChannels} → {l.OutChannels} channels" +
            (l.Groups > 1 ? $" in {l.Groups} groups" : "") +
            $", {l.Height}×{l.Width} → {l.OutHeight}×{l.OutWidth}, stride {l.StrideHeight}×{l.StrideWidth}, padding {l.PaddingHeight}×{l.PaddingWidth}, " +
            $"dilation {l.DilationHeight}×{l.DilationWidth}{(l.HasBias ? ", bias" : "")}{Activation(l)}; {l.Flops / 1e6:0.###} MFLOP per image.</para>";
        if (model.ChannelLanePointwise is { Gather: { } gather } convolution)
        {
            yield return $"<para>Plan: direct convolution with the vector lanes along output channels, output[k][p] = Σ over (c, tap) of w[k][c][tap]·input[c][p + tap]{(l.HasBias ? " + bias[k]" : "")}, " +
                $"so the {convolution.Positions}-position output plane wastes no lanes. " +
                (gather.Packing.PacksInput
                    ? $"Each input channel is first packed into {gather.Packing.PhaseCount} zero-padded stride-phase plane(s) of {gather.Packing.PlaneHeight}×{gather.Packing.PlaneWidth}, so every tap of every output position is one float of them. "
                    : "The tiles read the input planes in place. ") +
                $"Each block of two vectors of output channels reads its weight panel [input channel × tap][block]: the block's OIHW rows transposed into thread scratch once per call, or the packed weights, which are these panels. " +
                $"It then runs every image and position tile ({LaneTiles(convolution)}) over it: a tile holds {LaneTileAccumulators(convolution)} and, per input channel, unrolls all {l.Taps} taps, each loading the block's weight vectors (one in a last block of one vector) and " +
                $"broadcasting the tap's input value at each of the tile's positions; {(StoreEpilogue(l) is string epilogue ? epilogue + " applied in registers and " : "")}its lanes are stored transposed into the output.</para>";
            yield return gather.Packing.PacksInput
                ? $"<para>Threads: layers of at least {convolution.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split the channel blocks across ConvGen's worker pool. Several images are packed {gather.ChunkImages(l.InChannels)} at a time (the packing split across the threads first where the blocks are), a single image has every thread pack all of it into its own scratch, so no plane is written on one core and read on the other.</para>"
                : $"<para>Threads: layers of at least {convolution.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split the channel blocks across ConvGen's worker pool; nothing is packed.</para>";
            yield return "</remarks>";
            yield break;
        }
        if (model.ChannelLanePointwise is { } lanes)
        {
            yield return $"<para>Plan: output[k][p] = Σ_c w[k][c]·input[c][p]{(l.HasBias ? " + bias[k]" : "")} with the vector lanes along output channels, so the {lanes.Positions}-position plane wastes no lanes. " +
                $"The input is first copied into {LaneStrips(lanes)}. Each block of two vectors of output channels reads its weight panel [input channel][block]: the block's OIHW rows transposed into thread scratch once per call " +
                "(16×16 register transposes on AVX-512, 8×8 on AVX), or the packed weights, which are these panels. It then runs every image and tile over it: " +
                $"a tile holds {LaneTileAccumulators(lanes)} and, per input channel, loads two weight vectors and broadcasts one input value per position; " +
                $"{(StoreEpilogue(l) is string epilogue ? epilogue + " applied in registers and " : "")}its lanes are stored transposed into the output.</para>";
            yield return $"<para>Threads: layers of at least {lanes.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split the channel blocks across ConvGen's worker pool; with several images the strip copies are split first, and a single image has every thread copy all its strips into its own scratch, so no strip is written on one core and read on the other.</para>";
            yield return "</remarks>";
            yield break;
        }
        if (model.Winograd is { } wp)
        {
            if (model.PhaseMosaic is { } mosaic)
            {
                yield return PhaseMosaic(l, mosaic);
            }
            foreach (string line in Winograd(l, wp, p))
            {
                yield return line;
            }
            yield return "</remarks>";
            yield break;
        }
        if (p.UsesRowTiles)
        {
            yield return "<para>Plan: depthwise direct convolution with row tiles." + (p.PacksInput
                ? $" Each channel is packed into {p.PhaseCount} zero-padded stride-phase plane(s) of {p.PlaneHeight}×{p.PlaneWidth} in thread-local scratch" +
                    (p.SplitsInPlaceRows512 || p.SplitsInPlaceRows256 ? $" (on {InPlacePlaneIsas(p)} it is read in place instead: below)," : ",")
                : " Taps read the input plane in place,") +
                " then tiles of output rows × vectors along a row hold one kernel column's weights in registers and load each input row once for every output row that reads it; results are stored straight into the NCHW output." +
                (p.FusesGroups ? " Each (image, channel) is one task." : "") + "</para>";
            yield return "<para>Row tiles (rows × columns): " + (p.RowTile512 is { } r512 ? RowTile("Vector512", r512) + "; " : "") + (p.RowTile256 is { } r256 ? RowTile("Vector256", r256) + "; " : "") + RowTile("Vector128", p.RowTile128!) + "; " +
                RowTile("scalar", p.RowTileScalar!) + ". The path is chosen by IsHardwareAccelerated checks the JIT folds away.</para>";
            if (p.SplitTile512 is { } split)
            {
                string shape = split.PairTiles == 0 ? $"row tiles of {split.Rows}×16 ({split.Rows} accumulators)"
                    : split.SecondVector != SplitRowTilePlan.Lanes ? $"row tiles of {split.Rows}×{split.SecondVector + 16} ({2 * split.Rows} accumulators: two vectors of output columns, the second at column {split.SecondVector})"
                    : $"row tiles of {split.Rows}×32 ({2 * split.Rows} accumulators: two vectors of output columns){(split.SingleTail ? $" and, where fewer than 17 columns end a row, one of {split.Rows}×16" : "")}";
                bool twoInLane = split.SplitsInLane && split.PairTiles > 0;
                yield return split.SplitsInLane
                    ? $"<para>Vector512 (AVX-512) packs nothing: row tiles of {split.Rows} rows × the whole row of {l.OutWidth}{(twoInLane ? $" (two vectors, at columns 0 and {split.SecondVector})" : "")} ({(twoInLane ? 4 : 2) * split.Rows} accumulators: per row{(twoInLane ? " and vector" : "")}, kernel columns 1 and 2, and kernel column 0) read the NCHW input directly, " +
                        $"each input row loaded as {(twoInLane ? "32 columns per vector" : "its first and its last 16 columns")} and split into even and odd columns by one in-lane shuffle each (cross-lane permutes would compete with the multiply-adds for their pipes); " +
                        "kernel column 0 reads the odd column one to the left, so its sums are moved one column right when a row is complete, where one cross-lane permute per accumulator restores the column order; " +
                        "the nine weights stay in registers for the whole channel." + StreamPrefetchEmitter.TileRemark(split.StreamAheadRows, l) + "</para>"
                    : $"<para>Vector512 (AVX-512) packs nothing: {shape} read the NCHW input directly, " +
                    $"each input row loaded as two vectors of 16{(split.PairTiles > 0 ? " per output vector" : "")} and split into its even columns, its odd columns and the odd columns shifted by one (two two-source permutes and a lane shift), " +
                    "with the nine weights in registers for the whole channel." + StreamPrefetchEmitter.TileRemark(split.StreamAheadRows, l) + "</para>";
            }
            if (p.InPlaceTile256 is { } inPlace256)
            {
                bool spans = InPlaceRowTile256Emitter.SpansRow(inPlace256, l);
                string tiles = spans
                    ? $"row tiles of {inPlace256.Rows} rows × the whole row ({inPlace256.Vectors} vectors of 8 at columns {string.Join(" and ", Enumerable.Range(0, inPlace256.Vectors).Select(v => InPlaceRowTile256Emitter.VectorColumn(inPlace256, l, v)))}, overlapping; {inPlace256.Accumulators} accumulators)"
                    : $"{inPlace256.Rows}×{inPlace256.Width} row tiles";
                yield return p.SplitsInPlaceRows256
                    ? $"<para>Vector256 (AVX2) packs nothing but the row tiles that read the image's first or last row: its {tiles} load the NCHW input in place at column offsets −1, 0 and +1, " +
                        "and the one lane of an outer tap that falls on the padding column is masked to zero on the first and last column tiles; " +
                        "that lane's load would reach one float before or after the image on its first and last rows, so the row tiles reading them copy their input rows (zero rows for the padding) into a band in the thread's scratch, between zero vectors, and run the same tile on it. " +
                        "The threads take ranges of the row tiles, with no packing phase." +
                        StreamPrefetchEmitter.TileRemark(p.StreamAheadRows256, l, outputToo: true) + "</para>"
                    : $"<para>Vector256 packs nothing either, except the tensor's first and last channels: its {tiles} load the NCHW input in place at column offsets −1, 0 and +1, " +
                        "the rows around the image read from a zero row, and the one lane of an outer tap that falls on the padding column masked to zero " +
                        (spans ? "" : "on the first and last column tiles ") +
                        "(on those two channels that lane's load would reach one float before or after the input)." +
                        StreamPrefetchEmitter.TileRemark(p.StreamAheadRows256, l, outputToo: true) + "</para>";
            }
            if (p.SplitTile256 && SplitRowTile256Emitter.IsNarrow(l))
            {
                int rows = SplitRowTile256Emitter.TileRowsOf(l);
                yield return $"<para>AVX2 packs nothing either (rows of {l.OutWidth} outputs would be packed by two overlapping vector steps per input row): row tiles of {rows}×{l.OutWidth} ({rows} accumulators) read the NCHW input directly, " +
                    $"each input row loaded as vectors at columns 0 and {SplitRowTile256Emitter.SecondVectorColumn(l)} and split by shufps into its even and odd columns, a vpermps of the odd columns making the odd columns shifted by one (column −1, the padding, cleared by an AND), " +
                    "one vpermps per output row gathering its columns for two overlapping 4-float stores, so no load or store leaves the channel's rows; the nine weights are read from registers or as FMA memory operands.</para>";
            }
            else if (p.SplitTile256)
            {
                int rows = SplitRowTile256Emitter.TileRowsOf(l);
                string why = Planning.DirectConvPlanner.ChannelExceedsL1(l) ? $"a {l.Height}×{l.Width} channel outgrows the 32 KB L1 data cache" : "its four phase planes would cost more to pack than its tiles";
                yield return $"<para>AVX2 packs nothing either ({why}): row tiles of {rows}×8 ({rows} accumulators) read the NCHW input directly, " +
                    "each input row split by shufps into its even and odd columns, a vpermps of the odd columns making the odd columns shifted by one (column −1: on the first column tile the padding, cleared by an AND; else the float before the tile, broadcast and blended in), " +
                    "the accumulators run in shufps's lane order and are put back in column order by one vpermpd each before the store; the nine weights are read from registers or as FMA memory operands." +
                    StreamPrefetchEmitter.TileRemark(p.StreamAheadRows256, l) + "</para>";
            }
            if (p.WholeRows256)
            {
                int rows = WholeRowTile256Emitter.TileRows(l);
                string tiles = rows == l.OutHeight ? $"one tile of all {rows} output rows" : $"tiles of {rows} output rows, the last ending at the plane's end";
                string who = p.SkipsPacking512 || p.RowTile512 is not null ? "AVX2 packs nothing either" : "AVX2 (and AVX-512, which has no Vector512 tile for these rows) packs nothing";
                yield return $"<para>{who} (rows of {l.OutWidth} cost more to pack than to compute): {tiles}, one accumulator per row, read the NCHW input directly, " +
                    "each input row one load ANDed to the row's lanes (the channel's last row loaded ending at the channel's end and moved down by one vpermps) and shifted by one vpermps either way for the outer taps, a zero lane moved into the padding column, " +
                    "so no load leaves the channel; the rows are stored in order, each store's overhang overwritten by the next row's.</para>";
            }
            if (p.InPlaceTile512 is { } inPlace)
            {
                yield return $"<para>Vector512 (AVX-512) packs nothing: {InPlaceTile512Shape(inPlace)} read the NCHW input in place, {InPlaceTile512Loads(inPlace)}, with the nine weights in registers for the whole channel." +
                    (p.SplitsInPlaceRows512 ? $" It has no packing phase: the threads take ranges of the plane's {inPlace.RowTiles} row tiles." : "") +
                    StreamPrefetchEmitter.TileRemark(inPlace.StreamAheadRows, l, outputToo: true) + "</para>";
            }
            if (p.WholeRowTile512 is { } wholeRows)
            {
                yield return $"<para>Vector512 (AVX-512) packs nothing: each vector holds {(wholeRows.RowsPerVector == 2 ? "two output rows" : "an output row")} ({wholeRows.Accumulators} accumulators for the channel's {wholeRows.Rows} rows, one straight-line tile), " +
                    "the input rows it reads through a kernel row are one load, and the outer taps are that vector shifted by one lane and masked to the padding at each row's edge.</para>";
            }
            if (p.ChannelPairs512)
            {
                yield return (l.StrideHeight == 2
                    ? "<para>Vector512 computes the channels two at a time, interleaved in every 128-bit block (lanes 4i and 4i + 1 channel c's output columns 2i and 2i + 1, lanes 4i + 2 and 4i + 3 channel c + 1's), two accumulators per output row. " +
                        "Each input row of both channels is two loads split into its even and odd columns by one in-lane shuffle each; kernel column 0's products, which read the odd column one to the left, are summed apart and moved one column right when the row is complete, " +
                        "where one cross-lane permute per accumulator restores the column order; "
                    : $"<para>Vector512 computes the channels two at a time: channel c in lanes [0, {l.OutWidth}) and channel c + 1 in lanes [8, {8 + l.OutWidth}) of every vector, one accumulator per output row. " +
                        "Each input row of both channels is two loads split by three two-source permutes into the columns the three kernel columns read; ") +
                    "a channel's weight set-up and call are shared by two channels. An odd channel left at the end of a task range or of an image runs alone on the tile above.</para>";
            }
            yield return Threads(p);
            yield return "</remarks>";
            yield break;
        }
        yield return "<para>Plan: direct convolution." + (p.PacksInput
            ? $" Each input channel is first packed into {p.PhaseCount} zero-padded stride-phase plane(s) of {p.PlaneHeight}×{p.PlaneWidth}" +
                (p.SplitsInPlaceRows512 || p.SplitsInPlaceRows256 ? $" (on {InPlacePlaneIsas(p)} the planes are read in place instead: below)" : "") +
                ", so every tap reads a contiguous run with no edge branches."
            : " Stride 1 without padding: taps read the input planes in place.") +
            $" Outputs are computed on a grid of {p.GridExtent} positions per channel (row pitch {p.PlaneWidth})" +
            (p.CompactsOutput ? $", whose {p.PlaneWidth - l.OutWidth} spare column(s) per row are dropped when the grid is copied to the output" +
                (p.StoresIntoOutput ? $" ({StoresIntoOutput(p)})." : ".")
                : ", which is the NCHW output itself.") +
            (p.Unrolling == TapUnrolling.AllTaps ? $" All {l.Taps} taps are unrolled per input channel;" : $" Kernel rows are a loop with the {l.KernelWidth} taps of a row unrolled (kernel too large to unroll whole);") +
            " input channels are a loop." +
            (p.FusesGroups ? " Each (image, group) is one task that packs, computes and compacts in thread-local scratch." :
                " Channel blocks run in chunks whose weights fit in L2, position tiles outer and blocks inner, so each input panel is reused from L1.") +
            (l.Taps == 1 && l.GroupInChannels >= 8 ? " Pointwise: each position tile's input panel is copied once into a contiguous stack buffer (when it fits in 64 KB); where a tile loads its input vectors before multiplying, the first channel block that reads the panel makes the copy as it multiplies." : "") +
            "</para>";
        yield return "<para>Register tiles (output channels × positions): " +
            Tiles(p.Vector512Tile, p.Vector256Tile, p.Vector128Tile, p.ScalarTile) +
            ". The path is chosen by IsHardwareAccelerated checks the JIT folds away.</para>";
        if (p.SplitsInPlaceRows512 || p.SplitsInPlaceRows256)
        {
            yield return InPlacePlanes(l, p);
        }
        yield return Threads(p);
        yield return "</remarks>";
    }

    /// <summary>The AVX-512 in-place row tile's shape and accumulators, for the remarks.</summary>
    private static string InPlaceTile512Shape(InPlaceRowTilePlan t) => t.PairTiles == 0 ? $"row tiles of {t.Rows}×16 ({t.Rows} accumulators)"
        : t.PairOverlaps ? $"row tiles of {t.Rows}×{t.PairColumns} ({t.Accumulators} accumulators: two vectors, the second at column {t.SecondVector})"
        : $"row tiles of {t.Rows}×32 ({t.Accumulators} accumulators){(t.SingleTiles > 0 ? $" and, where fewer than 17 columns end a row, one of {t.Rows}×16" : "")}";

    /// <summary>How the AVX-512 in-place row tile reads an input row, for the remarks.</summary>
    private static string InPlaceTile512Loads(InPlaceRowTilePlan t) => t.PairTiles > 0
        ? $"each input row loaded once as two vectors and the outer taps made by shifting the neighbouring column ({(t.PairOverlaps ? "broadcast from the row" : "from the other vector, or the column beside the tile")}, or the padding at the rows' ends) into each"
        : "each input row loaded once as one vector and the outer taps made by shifting the neighbouring column (or the padding, at the rows' ends) into it";

    /// <summary>The paragraph of a grid plan whose groups' planes are read in place on AVX-512 and / or AVX2 (<see cref="Planning.DirectConvPlanner.WithPlanesInPlace"/>).</summary>
    private static string InPlacePlanes(LayerSpec l, DirectConvPlan p)
    {
        var tiles = new List<string>();
        if (p.InPlaceTile512 is { } t512)
        {
            tiles.Add($"Vector512 {InPlaceTile512Shape(t512)}, {InPlaceTile512Loads(t512)}");
        }
        if (p.InPlaceTile256 is { } t256)
        {
            tiles.Add($"Vector256 row tiles of {t256.Rows}×{t256.Width} ({t256.Accumulators} accumulators) loading each input row at column offsets −1, 0 and +1, the lane of an outer tap that falls on the padding column masked to zero; " +
                "a row tile that reads a plane's first or last row (whose outer taps would load one float before or after the plane) copies its input rows into a band in the thread's scratch, between zero vectors, and runs the same tile there");
        }
        string groups = l.Groups > 1 ? $"each of the {l.Groups} groups reads one input plane" : "the layer reads one input plane";
        return $"<para>On {InPlacePlaneIsas(p)} nothing is packed and no grid tile runs: {groups} through {l.GroupOutChannels} filter(s) of 3×3, so the depthwise in-place tiles compute each output channel from the NCHW plane ({string.Join("; ", tiles)}). " +
            $"The threads take ranges of the (group, row tile) units and compute a row tile's rows of the group's {l.GroupOutChannels} output channels one after the other, the later channels reading its input rows from cache; " +
            "the Vector512 tile keeps a channel's nine weights in registers, the Vector256 tile a kernel column's three at a time (with packed weights, a channel's taps are gathered from the blocked layout first), so both overloads give the same bits." +
            StreamPrefetchEmitter.TileRemark(System.Math.Max(p.InPlaceTile512?.StreamAheadRows ?? 0, p.StreamAheadRows256), l, outputToo: true) + "</para>";
    }

    /// <summary>The paragraph of a dilated layer run on its phase mosaic.</summary>
    private static string PhaseMosaic(LayerSpec l, PhaseMosaicPlan mosaic)
    {
        LayerSpec m = mosaic.Mosaic;
        return $"<para>Phase mosaic: with dilation {l.DilationHeight}×{l.DilationWidth} and padding a multiple of it, output (qy + {l.DilationHeight}·j, qx + {l.DilationWidth}·i) reads only input phase (qy, qx), " +
            $"so the layer is {mosaic.Phases} undilated 3×3 layers (padding {m.PaddingHeight}×{m.PaddingWidth}) on its phase images. They run as one undilated layer over a {m.Height}×{m.Width} mosaic per channel, " +
            $"the phases {mosaic.RegionRows} rows and {mosaic.RegionColumns} columns apart with zeros between them, whose plan follows ({m.Flops / 1e6:0.###} MFLOP per image as direct convolution, the zeros between phases included). " +
            "The input mosaic is never stored: packing gathers each mosaic row from its input row (KernelPhases.GatherRow, the column phases de-interleaved), so each thread gathers the rows its own tiles read. " +
            "The output transform writes the mosaic's output planes into scratch, and a pass parallel over output channels scatters each plane to the output (KernelPhases.MergePlane), every row from one mosaic row with its column phases interleaved: " +
            "whole planes per thread, since tile blocks split by rows would have two cores write alternate output rows, sharing cache lines.</para>";
    }

    private static IEnumerable<string> Winograd(LayerSpec l, WinogradPlan wp, DirectConvPlan gemm)
    {
        Mathematics.WinogradTransform t = WinogradEmitter.TransformFor(wp);
        int n = wp.InputTile;
        yield return $"<para>Plan: Winograd {t.Name} ({wp.OutputTile}×{wp.OutputTile} output tiles, {n}×{n} input tiles), points {t.DescribePoints()}; " +
            $"A^T, G and B^T were derived exactly (Cook–Toom, rational arithmetic) and checked against the bilinear identity at compile time. " +
            $"{n * n} multiplications per tile and channel pair instead of {wp.FilterSize * wp.FilterSize * wp.OutputTile * wp.OutputTile} " +
            $"(error bound κ = {Mathematics.WinogradErrorModel.ElementwiseKappa(n)}·2^-23·Σ|w·x|" +
            (wp.FilterSize == 5 ? "; a 5×5 plan, taken only under AllowLowPrecisionWinograd: its fp32 error measured 10-20× the direct kernel's, winograd-spec §2.1" : "") + ").</para>";
        yield return $"<para>Pipeline (spec §4): per image the zero-padded input is packed into {wp.OutputTile} column-phase planes per channel; " +
            $"the {wp.TilesY}×{wp.TilesX} tiles run in {wp.Blocks} block(s) of {wp.TileBlock} so that V[ξ][C][block] and M[ξ][K][block] stay in L2. Per block: " +
            "the input transform B^T·d·B (straight-line SIMD, constants folded, ± point pairs sharing work), " +
            $"{n * n} GEMMs U[ξ] (K×C) · V[ξ] (C×block) with the direct planner's pointwise register tiles, " +
            "and the output transform A^T·M·A fused with bias and activation, storing NCHW (tiles overhanging the edge store only their inside).</para>";
        yield return "<para>Vectorisation: transforms run 8 (Vector256) or 4 (Vector128) tiles per vector, lane-wise, so V is written in exactly the [C][tiles] layout " +
            "the GEMM's position vectors read, with no transpose; a vector of tiles along one tile row reads each input element as one contiguous run of a column-phase plane.</para>";
        yield return "<para>Weights: the filter transform U = G·g·G^T is computed " +
            (t.HasSingleExactG ? "in float (G is dyadic: its constants are exact) " : "in double and rounded once ") + "when the weights are packed (PackWeights); " +
            "the OIHW overload reuses the transform of the previous call's weights when their contents are equal (compared in full), else transforms them into scratch first (as costly as the layer on small maps: PackWeights makes it explicit)" +
            (WinogradEmitter.TransformsRowBlocksFor(wp, gemm)
                ? ". For a single image the one tile block reads U once, so instead each GEMM slice transforms the filters of its own row blocks, one row block at a time, " +
                  "into a buffer that stays in L2, right before their GEMMs: U never makes the round trip through memory (same values, bit for bit)" +
                  (gemm.Vector512Tile is { ChannelLanes: true } lanes
                      ? $"; on the Vector512 path, whose channel-lane GEMMs need not follow the packed layout's row blocks there, each slice takes an equal share of the output channels in row blocks of up to {lanes.Rows}, " +
                        $"and transforms and sums {WinogradChannelLaneGemmEmitter.RunChannels(n * n, lanes.Rows, wp.GemmLayer.InChannels)} input channels at a time (the row block's U for all of them, {lanes.Rows}·C·{n * n} floats, would not stay in L2), " +
                        "its sums kept between the runs"
                      : "") +
                  (WinogradEmitter.SkipsCacheForRowBlocks(l.WeightCount)
                      ? $". With {l.WeightCount * 4L / 1024} KB of weights (more than {WinogradEmitter.RowBlocksOverCacheBytes / (1024 * 1024)} MB), a single image's call on a path whose GEMM units are whole row blocks does so every time, without comparing them with the cached copy: the comparison and the cached U would both be read from beyond L2.</para>"
                      : ".</para>")
                : ".</para>");
        yield return "<para>GEMM tiles (output channels × tiles): " + Tiles(gemm.Vector512Tile, gemm.Vector256Tile, gemm.Vector128Tile, gemm.ScalarTile) + ".</para>";
        var grid = new Planning.TileGridShape(wp.TilesY, wp.TilesX, wp.TileBlock);
        string[] tailPaths = WinogradEmitter.GemmPaths(gemm).Where(p => WinogradTailGemmEmitter.Applies(grid, p.Simd, p.Tile)).Select(p => "Vector" + p.Simd.Suffix).ToArray();
        if (tailPaths.Length > 0)
        {
            yield return $"<para>Last block: it holds {grid.LastBlockTiles} of its {wp.TileBlock} tiles, so on the {string.Join(" and ", tailPaths)} path{(tailPaths.Length > 1 ? "s" : "")} its GEMMs put the output channels in the lanes " +
                "and broadcast each tile's V (tail GEMMs) instead of computing whole vectors of tiles; each sum is the register tiles' own, bit for bit.</para>";
        }
        yield return WinogradThreads;
    }

    private static IEnumerable<string> WinogradWeights(LayerSpec l, WinogradWeightsPlan p)
    {
        Mathematics.WinogradWeightsTransform t = Planning.WinogradWeightsPlanner.TransformFor(p.OutputTile, p.FilterSize);
        int n = p.InputTile, m = p.OutputTile, r = p.FilterSize;
        yield return $"<para>Plan: Winograd {t.Forward.Name} in its weight-gradient form (the transpose principle), points {t.Forward.DescribePoints()}: " +
            $"dW = G^T·[Σ_tiles (A·z·A^T) ⊙ (B^T·d·B)]·G for {m}×{m} gradOutput tiles z and the {n}×{n} input tiles d under them, with A^T, G and B^T derived exactly " +
            $"(Cook–Toom, rational arithmetic) and G split into its row scales s and a dyadic V (G = diag(s)·V) so that every transform applies exact float32 constants " +
            $"and each transform position ξ = (a, b) is scaled once by the rounded s_a·s_b. {n * n} multiplications per tile and channel pair instead of {r * r * m * m} " +
            $"(error bound κ = {Mathematics.WinogradErrorModel.ElementwiseKappa(n)}·2^-23·Σ|gradOutput·x|" +
            (r == 5 ? "; a 5×5 plan, taken only under AllowLowPrecisionWinograd" : "") + ").</para>";
        yield return $"<para>Pipeline, per image: the input and gradOutput are transposed (8×8 register blocks where AVX is there, the edges element by element) to channel-last planes, the input zero-padded to " +
            $"{p.PlaneHeight}×{p.PlaneWidth} pixels of {p.InChannelsPadded} channel(s), gradOutput to {p.GradientHeight}×{p.GradientWidth} pixels of {p.OutChannelsPadded}; " +
            $"each of the {p.TilesY}×{p.TilesX} tiles is transformed with the vector lanes along the channels (straight-line SIMD, constants folded, ± point pairs sharing work) " +
            $"into V[ξ][tile][C] and Z[ξ][tile][K]; then each ξ adds the image into M[ξ][K][C] with one GEMM over the tiles of each block, a register tile of output channels × two vectors of " +
            "input channels that broadcasts Z and loads V, so no operand is transposed and no accumulator needs a horizontal sum; each floating-point sum runs over " +
            (p.TileBlocks > 1
                ? $"one block of at most {p.TileBlock} tiles ({p.TileBlocks} near-equal blocks per image, so V and Z hold one block): later blocks are summed in a buffer of their own and added to M."
                : $"{p.BlocksPerSum} image(s), {p.BlocksPerSum * p.Tiles} tiles (as many whole images as {WinogradWeightsPlan.MaxTilesPerSum} tiles hold, at least one): later groups of images are summed in a buffer of their own and added to M.") + " After the batch, V^T·(s_a·s_b·M)·V gives " +
            $"each output channel's {r}×{r} gradients, which are written out channel by channel" + (l.HasBias ? "; the bias gradient sums gradOutput per channel" : "") + ".</para>";
        yield return $"<para>GEMM tiles (output channels × input channels): Vector512 {WinogradWeightsPlan.TileRows(16)}×32, Vector256 {WinogradWeightsPlan.TileRows(8)}×16, " +
            $"Vector128 {WinogradWeightsPlan.TileRows(4)}×8, scalar {WinogradWeightsPlan.TileRows(1)}×2; an output-channel count that is not a multiple ends with a smaller tile.</para>";
        yield return $"<para>Threads: layers of at least {Planning.DirectConvPlanner.ParallelMinimumFlops / 1e6:0.#} MFLOP per image split each per-image phase across ConvGen's worker pool " +
            "(rows, tiles, transform positions), and the last transform splits the output channels once the batch reaches that much work. Every element of M is one thread's sum over images and tiles in a fixed order, so the result is identical for any thread count.</para>";
    }

    /// <summary>The threading paragraph of the Winograd and TDC-Winograd kernels.</summary>
    private const string WinogradThreads =
        "<para>Threads: across ConvGen's worker pool, capped by ConvThreads.MaxThreads / CONVGEN_THREADS and a caller's ConvThreads.Limit. With two or more tile blocks, each thread takes a contiguous range of whole blocks, " +
        "packs the plane rows their tiles read into its own scratch and runs them there, so no plane is written on one core and read on another. " +
        "The blocks left over where the threads do not divide the whole blocks, or a last block of fewer tiles (every block, where a thread would get fewer than two whole ones), every thread runs, repeating their input transform " +
        "and taking its share of the GEMMs' row blocks and of the output transform (by output channels), where the GEMMs have two or more row blocks in one chunk; " +
        "a layer with one tile block packs by channels, and its block's input transform (by input channels), GEMMs and output transform (by output channels) are parallel phases of their own.</para>";

    private static string Threads(DirectConvPlan p) =>
        $"<para>Threads: layers of at least {p.ParallelMinimumFlops / 1e6:0.#} MFLOP per image are split across ConvGen's worker pool " +
        (p.FusesGroups ? "by (image, group) tasks"
            : p.PacksRowsPerThread ? "by position tiles, each thread packing the plane rows its own tiles read into its own scratch" + (p.StoresIntoOutput ? " (then the output copy by channels where the tiles do not store into the output)" : p.CompactsOutput ? " (then the output copy by channels)" : "")
            : p.SplitsInPlaceRows512 || p.SplitsInPlaceRows256 ? $"phase by phase (packing, then tiles; on {InPlacePlaneIsas(p)} the in-place row tiles alone)"
            : p.StoresIntoOutput ? "phase by phase (packing, tiles, and the output copy where the tiles do not store into the output)" : "phase by phase (packing, tiles, output copy)") +
        ", capped by ConvThreads.MaxThreads / CONVGEN_THREADS and a caller's ConvThreads.Limit.</para>";

    /// <summary>The instruction sets whose tiles read a phased plan's planes in place (a single channel, or filter banks per plane) (<see cref="DirectConvPlan.SplitsInPlaceRows512"/>, <see cref="DirectConvPlan.SplitsInPlaceRows256"/>).</summary>
    internal static string InPlacePlaneIsas(DirectConvPlan p) =>
        p.SplitsInPlaceRows512 && p.SplitsInPlaceRows256 ? "AVX-512 and AVX2" : p.SplitsInPlaceRows512 ? "AVX-512" : "AVX2";

    private static string RowTile(string isa, RowTilePlan tile) => $"{isa} {tile.Rows}×{tile.Width} ({tile.Accumulators} accumulators" +
        (tile.Overhang > 0 ? $"; a vector holds a whole {tile.Width - tile.Overhang}-wide row and overhangs {tile.Overhang} lane(s) into the next, which are overwritten" : "") + ")";

    private static string Kind(LayerSpec l) =>
        l.IsDepthwise ? "depthwise" : l.Groups > 1 ? "grouped" : l.IsPointwise ? "pointwise" : "dense";

    private static string Activation(LayerSpec l) => ActivationNames.InPlan(l.Activation, l.NegativeSlope);

    /// <summary>
    /// What the kernel adds as it stores, as the subject of "… applied": "bias and activation are", "the bias is", "the
    /// activation is"; null for neither. An activation that runs as a pass over the output (the sigmoid, tanh, SiLU,
    /// GELU) is not applied in the stores, and the plan's first line says so.
    /// </summary>
    private static string? StoreEpilogue(LayerSpec l) => (l.HasBias, l.FusedActivation.IsNone) switch
    {
        (true, false) => "bias and activation are",
        (true, true) => "the bias is",
        (false, false) => "the activation is",
        _ => null,
    };

    /// <summary>How the tiles that skip a direct plan's compaction pass store into the output (<see cref="DirectConvPlan.StoresIntoOutput"/>).</summary>
    private static string StoresIntoOutput(DirectConvPlan p)
    {
        var parts = new List<string>();
        if (p.StoresCompacted512)
        {
            parts.Add(p.Vector512Tile is { RowVectors: > 0 } aligned
                ? $"the Vector512 tiles take whole 16-output vectors of output rows, {aligned.RowVectors} per row, so no lane computes a spare column, and store them straight into the output"
                : "the Vector512 tiles store straight into the output, with masked stores where a vector reaches the spare columns");
        }
        if (p.StoresRowAligned256)
        {
            parts.Add($"the Vector256 tiles take whole 8-output vectors of output rows, {p.Vector256Tile!.RowVectors} per row, and store them straight into the output");
        }
        // Without a Vector512 tile, AVX-512 machines run the Vector256 tiles.
        string machines = p.StoresCompacted512 && p.StoresRowAligned256 ? "AVX-512 and AVX2 machines"
            : p.StoresCompacted512 ? "AVX-512 machines"
            : p.Vector512Tile is null ? "AVX2 and AVX-512 machines" : "AVX2 machines";
        return $"instead {string.Join("; ", parts)}: {machines} skip the copy";
    }

    /// <summary>The tiles of every path, widest first; a plan without a Vector512 tile does not mention that path.</summary>
    private static string Tiles(TilePlan? t512, TilePlan? t256, TilePlan? t128, TilePlan? scalar) =>
        (t512 is null ? "" : Tile("Vector512", t512) + "; ") + Tile("Vector256", t256) + "; " + Tile("Vector128", t128) + "; " + Tile("scalar", scalar);

    private static string Tile(string isa, TilePlan? tile) => tile is null
        ? $"{isa} not used (fewer grid positions than lanes)"
        : tile.ChannelLanes
        ? $"{isa} {tile.Rows}×{tile.Width} with the output channels in the lanes ({tile.Rows / tile.Lanes} channel vectors × {Planning.WinogradPlanner.ChannelLaneTiles} broadcast tiles = " +
            $"{tile.Rows / tile.Lanes * Planning.WinogradPlanner.ChannelLaneTiles} accumulators, twice per block, the sums transposed into M's rows" +
            $"{(tile.RemainderRows > 0 ? $"; a {tile.RemainderRows}-channel remainder block" : "")})"
        : $"{isa} {tile.Rows}×{tile.Width} ({tile.Accumulators} accumulators{(tile.RemainderRows > 0 ? $", {tile.RemainderRows}-channel remainder tile" : "")}" +
            $"{(tile.ReductionChunk > 0 ? $", the reduction in runs of {tile.ReductionChunk} channels kept in L2" : "")})";
}
