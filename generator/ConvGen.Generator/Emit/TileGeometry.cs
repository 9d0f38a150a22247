using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>One unrolled tap of a tile: its comment label, the input offset and the weight offset.</summary>
internal sealed record TileTap(string Label, int InputOffset, int WeightOffset);

/// <summary>
/// What <see cref="DirectTileEmitter"/> needs to know about a direct-convolution-shaped problem: tile rows per group,
/// the reduction channels, the taps with their constant offsets, and the epilogue. The forward pass and every
/// backward-data phase describe themselves with one of these, so they share the tile code. The emitted code refers to
/// the constants <c>Grid</c>, <c>GroupIn</c>, <c>GroupOut</c>, <c>Taps</c>, <c>ChannelStride</c>, <c>PlaneWidth</c>,
/// <c>QTiles*</c> and <c>Blocks*</c> of the class it is emitted into.
/// </summary>
internal sealed class TileGeometry
{
    public TileGeometry(int groups, bool groupsInUnits, int groupOut, int groupIn, int taps, int gridExtent, int weightRowStride, bool hasBias, FusedActivation activation,
        IReadOnlyList<TileTap>? allTaps, int loopRows, string? loopRowOffset, int loopWeightStep, IReadOnlyList<TileTap>? loopColumns)
    {
        Groups = groups;
        GroupsInUnits = groupsInUnits;
        Taps = taps;
        GroupOut = groupOut;
        GroupIn = groupIn;
        GridExtent = gridExtent;
        WeightRowStride = weightRowStride;
        HasBias = hasBias;
        Activation = activation;
        AllTaps = allTaps;
        LoopRows = loopRows;
        LoopRowOffset = loopRowOffset;
        LoopWeightStep = loopWeightStep;
        LoopColumns = loopColumns;
    }

    /// <summary>
    /// Weights between two reduction channels when the tiles read OIHW weights in place (backward-data); null for the
    /// usual layout, where a channel's taps follow the previous channel's (Taps apart) and a tile row's weights are one
    /// run of <see cref="WeightRowStride"/>.
    /// </summary>
    public int? WeightChannelStep { get; init; }

    /// <summary>
    /// Floats between two reduction channels' inputs where known (the emitted <c>ChannelStride</c>), else 0. When it
    /// equals a tile's width, the input already is the tile's contiguous panel.
    /// </summary>
    public int InputChannelStride { get; init; }

    public int Groups { get; }
    /// <summary>The group is part of the work-unit index (false when each task already owns one group).</summary>
    public bool GroupsInUnits { get; }
    /// <summary>Taps per reduction channel.</summary>
    public int Taps { get; }

    /// <summary>
    /// One tap reading each channel at offset 0 (a 1x1 layer): the tile may copy its input panel once and reuse it.
    /// A single-tap backward-data phase usually reads at a non-zero offset, so it does not qualify.
    /// </summary>
    public bool SingleTapAtOrigin => AllTaps is { Count: 1 } taps && taps[0].InputOffset == 0;
    /// <summary>Tile rows (output channels of the tile) per group.</summary>
    public int GroupOut { get; }
    /// <summary>Reduction channels per group.</summary>
    public int GroupIn { get; }
    public int GridExtent { get; }
    /// <summary>Weights between two tile rows.</summary>
    public int WeightRowStride { get; }
    public bool HasBias { get; }
    public FusedActivation Activation { get; }
    /// <summary>Every tap unrolled, or null for a kernel-row loop.</summary>
    public IReadOnlyList<TileTap>? AllTaps { get; }
    /// <summary>Kernel-row loop: iterations, input offset expression of row <c>kh</c>, weights per row, and the unrolled taps of a row.</summary>
    public int LoopRows { get; }
    public string? LoopRowOffset { get; }
    public int LoopWeightStep { get; }
    public IReadOnlyList<TileTap>? LoopColumns { get; }

    /// <summary>
    /// The forward plan, where its tiles may store straight into the NCHW output (<see cref="DirectConvPlan.StoresIntoOutputOn"/>);
    /// such tiles' <c>output</c> is the image's output, not the grid, and they use the constants PlaneWidth, OutWidth
    /// and OutHeight (grid-run Vector512 tiles also the kernel's <c>StoreCompacted</c>). Null for backward-data phases.
    /// </summary>
    public DirectConvPlan? ForwardPlan { get; init; }

    /// <summary>Floats of one output channel's NCHW plane (forward geometries; where tiles store into the output).</summary>
    public int OutputPlane { get; init; }

    /// <summary>The forward pass of <paramref name="layer"/> under <paramref name="plan"/>.</summary>
    public static TileGeometry Forward(LayerSpec layer, DirectConvPlan plan)
    {
        int ColumnOffset(int kw) =>
            plan.ColumnPhases.IndexOf(kw * layer.DilationWidth % layer.StrideWidth) * plan.PlaneSize + kw * layer.DilationWidth / layer.StrideWidth;
        int InputOffset(int kh, int kw) =>
            plan.RowPhases.IndexOf(kh * layer.DilationHeight % layer.StrideHeight) * plan.ColumnPhases.Count * plan.PlaneSize +
            kh * layer.DilationHeight / layer.StrideHeight * plan.PlaneWidth + ColumnOffset(kw);

        int weightRowStride = layer.GroupInChannels * layer.Taps;
        if (plan.Unrolling == TapUnrolling.AllTaps)
        {
            var taps = new List<TileTap>();
            for (int kh = 0; kh < layer.KernelHeight; kh++)
            {
                for (int kw = 0; kw < layer.KernelWidth; kw++)
                {
                    taps.Add(new TileTap($"({kh},{kw})", InputOffset(kh, kw), kh * layer.KernelWidth + kw));
                }
            }
            return new TileGeometry(layer.Groups, plan.GroupsInUnits, layer.GroupOutChannels, layer.GroupInChannels, layer.Taps, plan.GridExtent, weightRowStride,
                layer.HasBias, layer.FusedActivation, taps, 0, null, 0, null) { InputChannelStride = plan.ChannelStride, ForwardPlan = plan, OutputPlane = layer.OutHeight * layer.OutWidth };
        }

        int rowPhaseStride = plan.ColumnPhases.Count * plan.PlaneSize;
        string rowOffset = layer.StrideHeight == 1
            ? $"kh * {layer.DilationHeight * plan.PlaneWidth}"
            : $"kh * {layer.DilationHeight} % {layer.StrideHeight} * {rowPhaseStride} + kh * {layer.DilationHeight} / {layer.StrideHeight} * PlaneWidth";
        IReadOnlyList<TileTap> columns = Enumerable.Range(0, layer.KernelWidth).Select(kw => new TileTap($"(kh,{kw})", ColumnOffset(kw), kw)).ToList();
        return new TileGeometry(layer.Groups, plan.GroupsInUnits, layer.GroupOutChannels, layer.GroupInChannels, layer.Taps, plan.GridExtent, weightRowStride,
            layer.HasBias, layer.FusedActivation, null, layer.KernelHeight, rowOffset, layer.KernelWidth, columns) { ForwardPlan = plan, OutputPlane = layer.OutHeight * layer.OutWidth };
    }

    /// <summary>
    /// One backward-data phase: tile rows are input channels, the reduction runs over the group's output channels and
    /// the phase's taps, input is the gradOutput planes. Weights are the per-phase repack [InChannels][GroupOut][taps], or
    /// with <see cref="BackwardDataPlan.ReadsWeightsInPlace"/> the caller's W[k][c][taps]: tile rows a kernel apart,
    /// reduction channels InChannels kernels apart, a channel's taps in the same order as the repack's.
    /// </summary>
    public static TileGeometry BackwardData(LayerSpec layer, BackwardDataPlan plan, BackwardDataPhase phase)
    {
        bool inPlace = plan.ReadsWeightsInPlace;
        int weightRowStride = inPlace ? layer.Taps : phase.WeightRowPitch;
        int? weightChannelStep = inPlace ? layer.InChannels * layer.Taps : null;
        int columns = phase.KernelColumns.Count;
        if (phase.Gathered && !inPlace)
        {
            // The compact panel has one row per (channel, tap) in weight order: a GEMM with a single tap at offset 0.
            return new TileGeometry(1, false, layer.GroupInChannels, layer.GroupOutChannels * phase.Taps, 1, phase.GridExtent, weightRowStride,
                false, FusedActivation.None, new[] { new TileTap("(gathered)", 0, 0) }, 0, null, 0, null) { InputChannelStride = phase.GridExtent };
        }
        if (phase.Unrolling == TapUnrolling.AllTaps)
        {
            // Every tap unrolled, reading the plane at the tap's offset, or (gathered, weights in place) the panel's
            // (channel, tap) row.
            var taps = new List<TileTap>();
            for (int j = 0; j < phase.KernelRows.Count; j++)
            {
                for (int i = 0; i < columns; i++)
                {
                    int tap = j * columns + i;
                    taps.Add(new TileTap($"({phase.KernelRows[j]},{phase.KernelColumns[i]})",
                        phase.Gathered ? tap * phase.GridExtent : phase.RowOffsets[j] * plan.PlaneWidth + phase.ColumnOffsets[i], tap));
                }
            }
            return new TileGeometry(layer.Groups, layer.Groups > 1, layer.GroupInChannels, layer.GroupOutChannels, phase.Taps, phase.GridExtent, weightRowStride,
                false, FusedActivation.None, taps, 0, null, 0, null) { WeightChannelStep = weightChannelStep };
        }

        // Kernel rows of one phase are an arithmetic progression, so their plane rows step down by a constant.
        int step = phase.KernelRows.Count > 1 ? phase.RowOffsets[0] - phase.RowOffsets[1] : 0;
        string rowOffset = $"({phase.RowOffsets[0]} - kh * {step}) * PlaneWidth";
        IReadOnlyList<TileTap> loopColumns = Enumerable.Range(0, columns)
            .Select(i => new TileTap($"(kh,{phase.KernelColumns[i]})", phase.ColumnOffsets[i], i)).ToList();
        return new TileGeometry(layer.Groups, layer.Groups > 1, layer.GroupInChannels, layer.GroupOutChannels, phase.Taps, phase.GridExtent, weightRowStride,
            false, FusedActivation.None, null, phase.KernelRows.Count, rowOffset, columns, loopColumns) { WeightChannelStep = weightChannelStep };
    }
}
