using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits a depthwise compute method with row tiles: Rows output rows × Vectors vectors along a row. For each kernel
/// column the kh weights are broadcast once into registers, and each input row vector is loaded once and multiplied
/// into every output row of the tile that reads it, so a 3×3 tile does about one load per two FMAs. Results are stored
/// straight into the NCHW output: a tile's vectors stay inside its output rows, except on rows narrower than a vector,
/// where each row's store spills into the next row of the same tile (stored right after) and the last row is stored
/// at its exact width.
/// </summary>
internal sealed class DepthwiseRowTileEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly DirectConvPlan _plan;
    private readonly SimdVocabulary _simd;
    private readonly RowTilePlan _tile;

    private readonly bool _rotatesWeights;

    /// <param name="rotatesWeights">Read each channel's kernel rotated 180° (tap t at Taps − 1 − t): a stride-1 depthwise backward-data pass.</param>
    public DepthwiseRowTileEmitter(SourceWriter writer, LayerSpec layer, DirectConvPlan plan, SimdVocabulary simd, RowTilePlan tile, bool rotatesWeights = false)
    {
        _w = writer;
        _layer = layer;
        _plan = plan;
        _simd = simd;
        _tile = tile;
        _rotatesWeights = rotatesWeights;
    }

    private static string Acc(int row, int vector) => $"a{row}_{vector}";

    private int WeightIndex(int tap) => _rotatesWeights ? _layer.Taps - 1 - tap : tap;

    public void Emit()
    {
        LayerSpec l = _layer;
        string s = _simd.Suffix;
        string bias = l.HasBias ? "ref float bias, " : "";
        string isa = _simd.PathName;
        _w.WriteLine($"/// <summary>{isa}: depthwise row tiles of {_tile.Rows} output row(s) × {_tile.Vectors} vector(s) of {_simd.Lanes} = {_tile.Accumulators} accumulators; per kernel column, {l.KernelHeight} weights in registers and each input row vector loaded once.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Tiles{s}(ref float input, ref float weights, {bias}ref float output, int begin, int end)"))
        {
            var accumulators = new List<string>();
            for (int r = 0; r < _tile.Rows; r++)
            {
                for (int v = 0; v < _tile.Vectors; v++)
                {
                    accumulators.Add(Acc(r, v));
                }
            }
            _w.WriteLine($"{_simd.Type} {string.Join(", ", accumulators)};");
            _w.WriteLine($"{_simd.Type} x0, {string.Join(", ", Enumerable.Range(0, l.KernelHeight).Select(kh => "w" + kh))};");
            using (_w.Block("for (int unit = begin; unit < end; unit++)"))
            {
                if (_tile.Overhang > 0)
                {
                    _w.WriteLine($"// Unit → row tile, the last one shifted back to end at the edge; one vector spans a whole row and {_tile.Overhang} lane(s) of the next.");
                    _w.WriteLine($"int oy = Math.Min(unit * {_tile.Rows}, OutHeight - {_tile.Rows}), ox = 0;");
                }
                else
                {
                    _w.WriteLine($"// Unit → (row tile, column tile); the last tile of each axis is shifted back to end at the edge.");
                    _w.WriteLine($"int rowTile = unit / {_tile.ColumnTiles}, columnTile = unit % {_tile.ColumnTiles};");
                    _w.WriteLine($"int oy = Math.Min(rowTile * {_tile.Rows}, OutHeight - {_tile.Rows}), ox = Math.Min(columnTile * {_tile.Width}, OutWidth - {_tile.Width});");
                }
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, oy * PlaneWidth + ox);");
                _w.WriteLine("ref float y = ref Unsafe.Add(ref output, oy * OutWidth + ox);");
                string init = l.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
                _w.WriteLine($"// Accumulators start at {(l.HasBias ? "the bias" : "zero")}.");
                _w.WriteLine($"{Acc(0, 0)} = {init};" + string.Concat(accumulators.Skip(1).Select(a => $" {a} = {Acc(0, 0)};")));
                for (int kw = 0; kw < l.KernelWidth; kw++)
                {
                    EmitKernelColumn(kw);
                }
                EmitEpilogue();
            }
        }
    }

    private void EmitKernelColumn(int kw)
    {
        LayerSpec l = _layer;
        _w.WriteLine($"// Kernel column {kw}: its {l.KernelHeight} weights, then every input row the tile reads through them.");
        _w.WriteLine(string.Join(" ", Enumerable.Range(0, l.KernelHeight).Select(kh =>
            $"w{kh} = {_simd.Broadcast($"Unsafe.Add(ref weights, {WeightIndex(kh * l.KernelWidth + kw)})")};")));

        // Kernel rows grouped by the stride-phase plane they read: each plane row loaded once for every tile row it feeds.
        foreach (RowTileRead read in RowTileReads.ForKernelColumn(l, _plan, kw, _tile.Rows))
        {
            for (int v = 0; v < _tile.Vectors; v++)
            {
                string fmas = string.Join(" ", read.Uses.Select(u => $"{Acc(u.Row, v)} = {_simd.MultiplyAdd("x0", "w" + u.Kh, Acc(u.Row, v))};"));
                _w.WriteLine($"x0 = {_simd.Load("x", read.Offset + v * _simd.Lanes)}; {fmas}");
            }
        }
    }

    private void EmitEpilogue()
    {
        string activation = SimdVocabulary.StoreVerb(_layer.FusedActivation);
        if (_tile.Overhang > 0)
        {
            _w.WriteLine($"// {activation} {_tile.Rows} row(s) × {_layer.OutWidth} column(s) straight into the output, in row order: each row's last {_tile.Overhang} lane(s) spill into the next row, which is stored next; the last row is stored at its exact width.");
            for (int r = 0; r < _tile.Rows; r++)
            {
                string value = _simd.Activate(Acc(r, 0), _layer.FusedActivation);
                _w.WriteLine(r < _tile.Rows - 1
                    ? _simd.Store(value, "y", r * _layer.OutWidth)
                    : $"x0 = {value}; {_simd.StoreFirst("x0", "y", r * _layer.OutWidth, _layer.OutWidth)}");
            }
            return;
        }
        _w.WriteLine($"// {activation} {_tile.Rows} row(s) × {_tile.Width} column(s) straight into the output.");
        for (int r = 0; r < _tile.Rows; r++)
        {
            for (int v = 0; v < _tile.Vectors; v++)
            {
                string value = _simd.Activate(Acc(r, v), _layer.FusedActivation);
                _w.WriteLine(_simd.Store(value, "y", r * _layer.OutWidth + v * _simd.Lanes));
            }
        }
    }
}
