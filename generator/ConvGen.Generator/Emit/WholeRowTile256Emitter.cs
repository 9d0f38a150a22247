using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the Vector256 (AVX2) compute method of a 3×3, stride-1, padding-1 depthwise layer with rows of 4-7 outputs
/// that reads one channel's NCHW input directly (<see cref="DirectConvPlan.WholeRows256"/>) instead of packing it into
/// a padded plane. Each output row is one accumulator, lanes [0, Width); each input row is one load ANDed to its lanes
/// (the channel's last row loaded ending at the channel's end, whose 8 floats it fills, and moved down by one
/// vpermps), and kernel columns 0 and 2 read it shifted by one lane either way, each shift one vpermps whose index
/// moves a zero lane into the padding column. Input row r feeds kernel row kh of output row r + 1 − kh. Planes of up
/// to <see cref="MaxTileRows"/> + 1 rows are one straight-line tile; taller ones run tiles of <see cref="MaxTileRows"/>
/// rows: the first, a loop of middle tiles (the last of them shifted back so that none reads the channel's last row)
/// and the last, ending at the plane's end; overlapping tiles compute the shared rows identically. The rows are
/// stored in order, each store's overhang overwritten by the next row's, the last at its exact width.
/// </summary>
internal sealed class WholeRowTile256Emitter
{
    public const string MethodName = "WholeRowTiles256";

    /// <summary>Output rows per tile where the plane has more than <see cref="MaxTileRows"/> + 1.</summary>
    public const int MaxTileRows = 7;

    private const int Lanes = NarrowRow256.Lanes;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly bool _rotatesWeights;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector256;

    /// <param name="rotatesWeights">Read each channel's kernel rotated 180°: a stride-1 depthwise backward-data pass.</param>
    public WholeRowTile256Emitter(SourceWriter writer, LayerSpec layer, bool rotatesWeights)
    {
        _w = writer;
        _layer = layer;
        _rotatesWeights = rotatesWeights;
    }

    /// <summary>Output rows per tile: the whole plane up to <see cref="MaxTileRows"/> + 1 rows, else <see cref="MaxTileRows"/>.</summary>
    public static int TileRows(LayerSpec layer) => layer.OutHeight <= MaxTileRows + 1 ? layer.OutHeight : MaxTileRows;

    private int Width => _layer.Width;

    private int Height => _layer.Height;

    private int Rows => TileRows(_layer);

    private static string Acc(int row) => $"a{row}";

    public void Emit()
    {
        LayerSpec l = _layer;
        string bias = l.HasBias ? "ref float bias, " : "";
        _w.WriteLine($"/// <summary>Vector256 path (AVX2) without packing: output rows of {Width}, one vector each, {(Rows == l.OutHeight ? $"all {Rows} in one tile" : $"in tiles of {Rows}")}, read from the NCHW input; the 9 weights are broadcast once per channel (the JIT keeps those its registers cannot hold as FMA memory operands).</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output)"))
        {
            SplitRowTileEmitter.EmitWeights(_w, _rotatesWeights, _simd);
            NarrowRow256.EmitConstants(_w, Width);
            _w.WriteLine($"Vector256<float> {string.Join(", ", Enumerable.Range(0, Rows).Select(Acc))}, x0, x1, x2;");
            if (Rows == l.OutHeight)
            {
                using (_w.Block($"// One tile: all {Rows} output rows."))
                {
                    _w.WriteLine("ref float x = ref input, y = ref output;");
                    EmitTile(top: 0);
                }
                return;
            }
            using (_w.Block($"// The first tile: output rows 0-{Rows - 1}, the row above the image the padding."))
            {
                _w.WriteLine("ref float x = ref input, y = ref output;");
                EmitTile(top: 0);
            }
            // Middle tiles cover rows [Rows, OutHeight − Rows), the first and last tiles the rest.
            int lastMiddle = l.OutHeight - 2 - Rows;
            if (l.OutHeight > 2 * Rows)
            {
                using (_w.Block($"for (int oy = {Rows}; oy < {l.OutHeight - Rows}; oy += {Rows})"))
                {
                    _w.WriteLine($"// The last middle tile is shifted back so that it reads no further than input row {l.OutHeight - 2}.");
                    _w.WriteLine($"int top = Math.Min(oy, {lastMiddle});");
                    _w.WriteLine("ref float x = ref Unsafe.Add(ref input, top * Width), y = ref Unsafe.Add(ref output, top * OutWidth);");
                    EmitTile(top: null);
                }
            }
            using (_w.Block($"// The last tile: output rows {l.OutHeight - Rows}-{l.OutHeight - 1}, the row below the image the padding."))
            {
                _w.WriteLine($"ref float x = ref Unsafe.Add(ref input, {(l.OutHeight - Rows) * Width}), y = ref Unsafe.Add(ref output, {(l.OutHeight - Rows) * l.OutWidth});");
                EmitTile(top: l.OutHeight - Rows);
            }
        }
    }

    /// <summary>
    /// One tile of <see cref="Rows"/> output rows from row <paramref name="top"/> of the plane (null: a middle tile,
    /// which has rows above and below it and does not reach the channel's last row); <c>x</c> and <c>y</c> point at
    /// its first input and output row.
    /// </summary>
    private void EmitTile(int? top)
    {
        LayerSpec l = _layer;
        string init = l.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
        _w.WriteLine($"// Accumulators start at {(l.HasBias ? "the bias" : "zero")}.");
        _w.WriteLine($"{Acc(0)} = {init};" + string.Concat(Enumerable.Range(1, Rows - 1).Select(t => $" {Acc(t)} = {Acc(0)};")));
        for (int q = -1; q <= Rows; q++)
        {
            int? plane = top + q;
            if (plane is < 0 || plane >= Height)
            {
                continue;
            }
            var uses = Enumerable.Range(0, 3).Select(kh => (Kh: kh, Row: q + 1 - kh)).Where(u => u.Row >= 0 && u.Row < Rows).ToList();
            _w.WriteLine($"// Input row {(plane is int p ? p.ToString() : $"top {(q < 0 ? "− 1" : q == 0 ? "" : $"+ {q}")}".TrimEnd())}: {string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of output row {(top is int t ? (t + u.Row).ToString() : u.Row == 0 ? "top" : $"top + {u.Row}")}"))}.");
            if (plane == Height - 1)
            {
                EmitLastRow(q);
            }
            else
            {
                _w.WriteLine(NarrowRow256.ShiftRow(Load(q)));
            }
            // Kernel column by kernel column, so that consecutive FMAs feed different rows' accumulators.
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, 3).SelectMany(kw => uses.Select(u =>
                $"{Acc(u.Row)} = {_simd.MultiplyAdd("x" + kw, SplitRowTileEmitter.Weight(u.Kh, kw), Acc(u.Row))};"))));
        }
        string activation = SimdVocabulary.StoreVerb(l.FusedActivation);
        _w.WriteLine($"// {activation} the rows in order: each store's last {Lanes - l.OutWidth} lane(s) spill into the next row, stored next; the last is stored at its exact width.");
        var stores = Enumerable.Range(0, Rows).Select(t => (Acc(t), t * l.OutWidth)).ToList();
        foreach (string line in _simd.StoreInOrder(stores, "y", l.FusedActivation, l.OutWidth))
        {
            _w.WriteLine(line);
        }
    }

    /// <summary>Input row <paramref name="q"/> of the tile (−1: the row above it), relative to <c>x</c>.</summary>
    private string Load(int q) => _simd.Load("x", q * Width);

    /// <summary>The channel's last input row, tile row <paramref name="q"/>: the channel's last 8 floats, masked to the row and moved down to lane 0 for each kernel column.</summary>
    private void EmitLastRow(int q)
    {
        int first = NarrowRow256.LastRowLane(Width);
        _w.WriteLine($"// The channel's last 8 floats, masked to the row (lanes [{first}, 8)); each kernel column's shift moves it down to lane 0, lane 0 (zero) into the padding.");
        _w.WriteLine(NarrowRow256.ShiftTailRow(_simd.Load("x", (q + 1) * Width - Lanes), Width));
    }
}
