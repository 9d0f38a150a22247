using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the Vector256 compute method of a 3×3, stride-1, padding-1 depthwise layer that reads one channel's NCHW
/// input in place (<see cref="DirectConvPlan.InPlaceTile256"/>) instead of its packed padded plane; a bank of such
/// filters per plane calls it once per output channel (<see cref="Planning.DirectConvPlanner.WithPlanesInPlace"/>). The tile is the
/// packed path's row tile (Rows output rows × Vectors vectors of 8, one kernel column's weights in registers at a time),
/// or on rows of 9-15 outputs a row-spanning tile whose last vector ends at the row's end, overlapping the one before
/// (<see cref="Planning.DirectConvPlanner.ChooseRowSpanningTile256"/>), with every input row vector loaded straight from
/// the channel at column offset kw − 1:
/// <list type="bullet">
/// <item>The rows above and below the tile are read through references that point at a zero row where they are the
/// padding around the image (first and last row tile).</item>
/// <item>The outer taps at a tile's ends (kernel column 0 of the first vector, column 2 of the last) load one column
/// beyond the tile: the neighbouring row's last or first pixel on the first or last column tile. That lane is masked to
/// the zero padding there (an AND with a mask read through a reference; all lanes elsewhere), so no tile needs its own
/// code. The load stays inside the input tensor except on the tensor's first and last channels, which the task packs.</item>
/// </list>
/// </summary>
internal sealed class InPlaceRowTile256Emitter
{
    public const string MethodName = "InPlaceTiles256";

    /// <summary>
    /// Floats of the task's edge scratch for a tile <paramref name="tileWidth"/> columns wide: the masks clearing lane 0
    /// and lane 7 and one keeping every lane (floats 0-23), then a zero row read from float 32 on, so that its columns
    /// −1 to <paramref name="tileWidth"/> exist; a whole number of 64-byte lines, so that what follows stays aligned.
    /// </summary>
    public static int EdgeFloats(int tileWidth) => (32 + tileWidth + 8 + 15) / 16 * 16;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly RowTilePlan _tile;
    private readonly bool _rotatesWeights;
    private readonly int _aheadRows;
    private readonly bool _oneRowTile;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector256;

    /// <param name="rotatesWeights">Read each channel's kernel rotated 180°: a stride-1 depthwise backward-data pass.</param>
    /// <param name="aheadRows">Rows ahead that a call streaming from memory prefetches (<see cref="DirectConvPlan.StreamAheadRows256"/>); 0: none.</param>
    /// <param name="oneRowTile">
    /// The method computes one row tile of its channel, <c>rowTile</c> (<see cref="DirectConvPlan.SplitsInPlaceRows256"/>),
    /// rather than all of them, reading the input rows from <c>input</c> row rowOrigin on: the plane (0), or a band of
    /// its rows copied into scratch.
    /// </param>
    public InPlaceRowTile256Emitter(SourceWriter writer, LayerSpec layer, RowTilePlan tile, bool rotatesWeights, int aheadRows, bool oneRowTile = false)
    {
        _w = writer;
        _layer = layer;
        _tile = tile;
        _rotatesWeights = rotatesWeights;
        _aheadRows = aheadRows;
        _oneRowTile = oneRowTile;
    }

    private static string Acc(int row, int vector) => $"a{row}_{vector}";

    /// <summary>
    /// Whether <paramref name="tile"/> spans the whole row with overlapping vectors
    /// (<see cref="Planning.DirectConvPlanner.ChooseRowSpanningTile256"/>): wider than the row, one tile per row band.
    /// </summary>
    internal static bool SpansRow(RowTilePlan tile, LayerSpec layer) => tile.Width > layer.OutWidth;

    /// <summary>
    /// The output column of vector <paramref name="v"/> from the tile's column: the last one ends at the row's end on a
    /// row-spanning tile.
    /// </summary>
    internal static int VectorColumn(RowTilePlan tile, LayerSpec layer, int v) =>
        SpansRow(tile, layer) ? System.Math.Min(v * 8, layer.OutWidth - 8) : v * 8;

    /// <summary>
    /// Input row oy's index from <c>input</c>: oy itself, or, in a method with a row range, oy − rowOrigin, where
    /// <c>input</c> is a band of rows copied from the plane whose first is row rowOrigin (0 where it is the plane).
    /// </summary>
    private string InputRow => _oneRowTile ? "(oy - rowOrigin)" : "oy";

    /// <summary>Whether this tile spans the row (<see cref="SpansRow"/>).</summary>
    private bool Spans => SpansRow(_tile, _layer);

    private int VectorColumn(int v) => VectorColumn(_tile, _layer, v);

    private int WeightIndex(int tap) => _rotatesWeights ? _layer.Taps - 1 - tap : tap;

    /// <summary>Fills the edge scratch (<see cref="EdgeFloats"/>) once per task: the masks, then the zero row.</summary>
    public static void EmitEdgeScratch(SourceWriter w, int tileWidth)
    {
        int floats = EdgeFloats(tileWidth);
        w.WriteLine($"// Edge scratch ({floats} floats): masks clearing lane 0 / lane 7 and one keeping every lane, then a zero row for the padding above and below the image.");
        w.WriteLine("Vector256.Create(0, -1, -1, -1, -1, -1, -1, -1).AsSingle().StoreUnsafe(ref edges, 0); Vector256.Create(-1, -1, -1, -1, -1, -1, -1, 0).AsSingle().StoreUnsafe(ref edges, 8); Vector256<float>.AllBitsSet.StoreUnsafe(ref edges, 16);");
        w.WriteLine($"for (int i = 24; i < {floats}; i += 8) Vector256<float>.Zero.StoreUnsafe(ref edges, (nuint)i);");
    }

    public void Emit()
    {
        LayerSpec l = _layer;
        int rows = _tile.Rows, width = _tile.Width;
        string bias = l.HasBias ? "ref float bias, " : "";
        string shape = Spans
            ? $"{rows} output row(s) × the whole row of {l.OutWidth} (vectors of 8 at columns {string.Join(" and ", Enumerable.Range(0, _tile.Vectors).Select(VectorColumn))}, overlapping)"
            : $"{rows} output row(s) × {_tile.Vectors} vector(s) of 8";
        _w.WriteLine($"/// <summary>Vector256 path (AVX2/FMA) without packing: row tiles of {shape} = {_tile.Accumulators} accumulators read from the NCHW input in place; per kernel column, 3 weights in registers and each input row vector loaded once.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        string range = _oneRowTile ? ", int rowTile, int rowOrigin" : "";
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output, ref float edges{range}{StreamPrefetchEmitter.Parameter(_aheadRows > 0)})"))
        {
            var accumulators = Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, _tile.Vectors).Select(v => Acc(r, v))).ToList();
            _w.WriteLine($"Vector256<float> {string.Join(", ", accumulators)};");
            _w.WriteLine("Vector256<float> x0, w0, w1, w2;");
            _w.WriteLine(Spans
                ? "ref float zeros = ref Unsafe.Add(ref edges, 32);"
                : "ref float firstLaneOff = ref edges, lastLaneOff = ref Unsafe.Add(ref edges, 8), allLanes = ref Unsafe.Add(ref edges, 16), zeros = ref Unsafe.Add(ref edges, 32);");
            if (Spans)
            {
                using (InPlaceRowTileEmitter.RowTileLoop(_w, _oneRowTile, Literal.Int(_tile.RowTiles)))
                {
                    _w.WriteLine("// The last row tile is shifted back to end at the edge.");
                    _w.WriteLine($"int oy = Math.Min(rowTile * {rows}, OutHeight - {rows});");
                    _w.WriteLine("// x: input row oy. above / below: the input rows around the tile, or the zero row where they are the padding.");
                    _w.WriteLine($"ref float x = ref Unsafe.Add(ref input, {InputRow} * Width);");
                    _w.WriteLine("ref float above = ref oy == 0 ? ref zeros : ref Unsafe.Subtract(ref x, Width);");
                    _w.WriteLine($"ref float below = ref oy == OutHeight - {rows} ? ref zeros : ref Unsafe.Add(ref x, {rows * l.Width});");
                    _w.WriteLine($"// The outer taps read columns −1 and {l.OutWidth}, the padding: a constant mask clears that lane.");
                    _w.WriteLine("ref float y = ref Unsafe.Add(ref output, oy * OutWidth);");
                    EmitTileBody(accumulators);
                }
                return;
            }
            using (InPlaceRowTileEmitter.RowTileLoop(_w, _oneRowTile, "RowTiles256"))
            {
                _w.WriteLine("// The last row tile is shifted back to end at the edge.");
                _w.WriteLine($"int oy = Math.Min(rowTile * {rows}, OutHeight - {rows});");
                StreamPrefetchEmitter.EmitTileRows(_w, l, "oy + 1", rows, _aheadRows, outputRows: true);
                using (_w.Block("for (int columnTile = 0; columnTile < ColumnTiles256; columnTile++)"))
                {
                    _w.WriteLine($"int ox = Math.Min(columnTile * {width}, OutWidth - {width});");
                    _w.WriteLine("// x: input row oy, column ox. above / below: the input rows around the tile, or the zero row where they are the padding.");
                    _w.WriteLine($"ref float x = ref Unsafe.Add(ref input, {InputRow} * Width + ox);");
                    _w.WriteLine("ref float above = ref oy == 0 ? ref zeros : ref Unsafe.Subtract(ref x, Width);");
                    _w.WriteLine($"ref float below = ref oy == OutHeight - {rows} ? ref zeros : ref Unsafe.Add(ref x, {rows * l.Width});");
                    _w.WriteLine($"// The outer taps read columns ox − 1 and ox + {width}: the padding on the first / last column tile, where a mask clears that lane.");
                    _w.WriteLine("ref float leftMask = ref ox == 0 ? ref firstLaneOff : ref allLanes;");
                    _w.WriteLine($"ref float rightMask = ref ox == OutWidth - {width} ? ref lastLaneOff : ref allLanes;");
                    _w.WriteLine("ref float y = ref Unsafe.Add(ref output, oy * OutWidth + ox);");
                    EmitTileBody(accumulators);
                }
            }
        }
    }

    /// <summary>One tile at x / above / below, its outer taps masked (by leftMask / rightMask, or constants on a row-spanning tile), stored at y.</summary>
    private void EmitTileBody(List<string> accumulators)
    {
        string init = _layer.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
        _w.WriteLine($"// Accumulators start at {(_layer.HasBias ? "the bias" : "zero")}.");
        _w.WriteLine($"{Acc(0, 0)} = {init};" + string.Concat(accumulators.Skip(1).Select(a => $" {a} = {Acc(0, 0)};")));
        for (int kw = 0; kw < 3; kw++)
        {
            EmitKernelColumn(kw);
        }
        EmitStores();
    }

    private void EmitKernelColumn(int kw)
    {
        int rows = _tile.Rows;
        _w.WriteLine($"// Kernel column {kw}: its 3 weights, then the tile's {rows + 2} input rows at column offset {kw - 1}{(kw == 1 ? "" : kw == 0 ? ", the first vector's lane 0 masked" : ", the last vector's lane 7 masked")}.");
        _w.WriteLine(string.Join(" ", Enumerable.Range(0, 3).Select(kh => $"w{kh} = {_simd.Broadcast($"Unsafe.Add(ref weights, {WeightIndex(kh * 3 + kw)})")};")));
        for (int q = 0; q <= rows + 1; q++)
        {
            var uses = InPlaceRowTileEmitter.Uses(q, rows).ToList();
            for (int v = 0; v < _tile.Vectors; v++)
            {
                string load = Load(q, VectorColumn(v) + kw - 1);
                if (kw == 0 && v == 0)
                {
                    load = $"Vector256.BitwiseAnd({load}, {(Spans ? "Vector256.Create(0, -1, -1, -1, -1, -1, -1, -1).AsSingle()" : "Vector256.LoadUnsafe(ref leftMask)")})";
                }
                else if (kw == 2 && v == _tile.Vectors - 1)
                {
                    load = $"Vector256.BitwiseAnd({load}, {(Spans ? "Vector256.Create(-1, -1, -1, -1, -1, -1, -1, 0).AsSingle()" : "Vector256.LoadUnsafe(ref rightMask)")})";
                }
                string fmas = string.Join(" ", uses.Select(u => $"{Acc(u.Row, v)} = {_simd.MultiplyAdd("x0", "w" + u.Kh, Acc(u.Row, v))};"));
                _w.WriteLine($"x0 = {load}; {fmas}");
            }
        }
    }

    /// <summary>The load of 8 columns from column offset <paramref name="column"/> (−1 to Width) of tile input row q (input row oy − 1 + q).</summary>
    private string Load(int q, int column)
    {
        (string row, int offset) = q == 0 ? ("above", column)
            : q == _tile.Rows + 1 ? ("below", column)
            : ("x", (q - 1) * _layer.Width + column);
        return _simd.Load(row, offset);
    }

    private void EmitStores()
    {
        _w.WriteLine($"// {SimdVocabulary.StoreVerb(_layer.FusedActivation)} {_tile.Rows} row(s) × {_tile.Width} column(s) straight into the output.");
        for (int r = 0; r < _tile.Rows; r++)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, _tile.Vectors).Select(v =>
                _simd.Store(_simd.Activate(Acc(r, v), _layer.FusedActivation), "y", r * _layer.OutWidth + VectorColumn(v)))));
        }
    }
}
