using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX-512 compute method of a 3×3, stride-1, padding-1 depthwise layer with rows of at least 16 outputs
/// that reads one channel's NCHW input in place (<see cref="InPlaceRowTilePlan"/>); a bank of such filters per plane
/// calls it once per output channel (<see cref="Planning.DirectConvPlanner.WithPlanesInPlace"/>). A tile's Rows + 2 input rows are
/// each loaded once at the tile's 16 columns; the left tap is that vector shifted up one lane with column ox − 1
/// broadcast into lane 0, the right tap shifted down with column ox + 16 into lane 15. Those neighbours are read
/// through references that point at a zero (row pitch 0) where the column is the padding: on the first and the last
/// column tile. The padding rows above and below the image are skipped on the first and the last row tile. Rows of
/// more than 16 outputs take tiles of two vectors per row (<see cref="InPlaceRowTilePlan.PairTiles"/>): 32 columns whose
/// vectors give each other their inner neighbours, or, on rows of 17-31, the whole row as two overlapping vectors whose
/// inner neighbours are broadcast like the outer ones; a one-vector tile ends rows of 32 or more that leave at most 16
/// columns.
/// </summary>
internal sealed class InPlaceRowTileEmitter
{
    public const string MethodName = "InPlaceTiles512";

    private const string Avx512F = SimdVocabulary.Avx512F;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly InPlaceRowTilePlan _tile;
    private readonly bool _rotatesWeights;
    private readonly bool _oneRowTile;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector512;

    /// <param name="rotatesWeights">Read each channel's kernel rotated 180°: a stride-1 depthwise backward-data pass.</param>
    /// <param name="oneRowTile">
    /// The method computes one row tile of its channel, <c>rowTile</c> (a phased plan's, whose threads take the planes'
    /// (group, row tile) units: <see cref="DirectConvPlan.SplitsInPlaceRows512"/>), rather than all of them.
    /// </param>
    public InPlaceRowTileEmitter(SourceWriter writer, LayerSpec layer, InPlaceRowTilePlan tile, bool rotatesWeights, bool oneRowTile = false)
    {
        _w = writer;
        _layer = layer;
        _tile = tile;
        _rotatesWeights = rotatesWeights;
        _oneRowTile = oneRowTile;
    }

    private static string Acc(int row) => $"a{row}";

    /// <summary>The (output row of the tile, kernel row) pairs input row q of a tile (input row oy − 1 + q) feeds.</summary>
    internal static IEnumerable<(int Row, int Kh)> Uses(int q, int rows)
    {
        for (int kh = 2; kh >= 0; kh--)
        {
            int t = q - kh;
            if (t >= 0 && t < rows)
            {
                yield return (t, kh);
            }
        }
    }

    /// <summary>
    /// The loop over a channel's <paramref name="rowTiles"/> row tiles, or none where the method computes the one row
    /// tile <c>rowTile</c> its caller passes (<paramref name="oneRowTile"/>).
    /// </summary>
    internal static System.IDisposable? RowTileLoop(SourceWriter w, bool oneRowTile, string rowTiles) =>
        oneRowTile ? null : w.Block($"for (int rowTile = 0; rowTile < {rowTiles}; rowTile++)");

    public void Emit()
    {
        LayerSpec l = _layer;
        int rows = _tile.Rows;
        bool pairs = _tile.PairTiles > 0;
        string bias = l.HasBias ? "ref float bias, " : "";
        string shape = !pairs ? $"row tiles of {rows} output row(s) × 16 columns = {rows} accumulators"
            : _tile.PairOverlaps ? $"row tiles of {rows} output row(s) × {_tile.PairColumns} columns as two vectors overlapping by {32 - _tile.PairColumns} = {2 * rows} accumulators"
            : $"row tiles of {rows} output row(s) × 32 columns = {2 * rows} accumulators{(_tile.SingleTiles > 0 ? $" (and one of {rows} × 16 ending each row)" : "")}";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: {shape}, read from the NCHW input in place; the 9 weights stay in registers for {(_oneRowTile ? "the row tile" : "the whole channel")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        string range = _oneRowTile ? ", int rowTile" : "";
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output{range}{StreamPrefetchEmitter.Parameter(_tile.StreamAheadRows > 0)})"))
        {
            SplitRowTileEmitter.EmitWeights(_w, _rotatesWeights);
            if (pairs)
            {
                _w.WriteLine($"Vector512<float> {string.Join(", ", Enumerable.Range(0, rows).SelectMany(t => new[] { Acc(t, 0), Acc(t, 1) }))};");
                _w.WriteLine("Vector512<float> m0, m1, l0, l1, r0, r1;");
            }
            else
            {
                _w.WriteLine($"Vector512<float> {string.Join(", ", Enumerable.Range(0, rows).Select(t => Acc(t)))};");
                _w.WriteLine("Vector512<float> middle, left, right;");
            }
            _w.WriteLine("// Columns −1 and OutWidth of every row, read by the outer taps at the rows' ends: the zero padding, at a row pitch of 0.");
            _w.WriteLine("float padding = 0f;");
            using (RowTileLoop(_w, _oneRowTile, "InPlaceRowTiles512"))
            {
                _w.WriteLine("// The last row tile is shifted back to end at the edge.");
                _w.WriteLine($"int oy = Math.Min(rowTile * {rows}, OutHeight - {rows});");
                StreamPrefetchEmitter.EmitTileRows(_w, _layer, "oy + 1", rows, _tile.StreamAheadRows, outputRows: true);
                if (!pairs)
                {
                    using (_w.Block("for (int columnTile = 0; columnTile < InPlaceColumnTiles512; columnTile++)"))
                    {
                        _w.WriteLine("int ox = Math.Min(columnTile * 16, OutWidth - 16);");
                        EmitColumnReferences(_w, "input");
                        EmitTile(vectors: 1, indexed: false);
                    }
                    return;
                }
                using (_w.Block("for (int columnTile = 0; columnTile < InPlacePairTiles512; columnTile++)"))
                {
                    _w.WriteLine($"int ox = Math.Min(columnTile * 32, OutWidth - {_tile.PairColumns});");
                    EmitColumnReferences(_w, "input", columns: _tile.PairColumns);
                    EmitTile(vectors: 2, indexed: true);
                }
                if (_tile.SingleTiles > 0)
                {
                    using (_w.Block(""))
                    {
                        _w.WriteLine("// The row's last 16 columns, one vector: x is input row oy at column OutWidth − 16, the padding after it.");
                        _w.WriteLine("const int ox = OutWidth - 16;");
                        _w.WriteLine("ref float x = ref Unsafe.Add(ref input, oy * Width + ox);");
                        _w.WriteLine("ref float before = ref Unsafe.Subtract(ref x, 1);");
                        _w.WriteLine("ref float after = ref padding;");
                        _w.WriteLine("const int beforePitch = Width, afterPitch = 0;");
                        EmitTile(vectors: 1, indexed: true);
                    }
                }
            }
        }
    }

    private static string Acc(int row, int vector) => $"a{row}_{vector}";

    /// <summary>
    /// One column tile of <paramref name="vectors"/> vectors whose column references are set: accumulators, the Rows + 2
    /// input rows, the stores. <paramref name="indexed"/>: registers named per vector (a pair plan's), else the one-vector
    /// plan's names.
    /// </summary>
    private void EmitTile(int vectors, bool indexed)
    {
        LayerSpec l = _layer;
        int rows = _tile.Rows;
        var accumulators = Enumerable.Range(0, rows).SelectMany(t => Enumerable.Range(0, vectors).Select(v => (Row: t, Vector: v, Name: indexed ? Acc(t, v) : Acc(t)))).ToList();
        _w.WriteLine("ref float y = ref Unsafe.Add(ref output, oy * OutWidth + ox);");
        string init = l.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
        _w.WriteLine($"// Accumulators start at {(l.HasBias ? "the bias" : "zero")}.");
        _w.WriteLine($"{accumulators[0].Name} = {init};" + string.Concat(accumulators.Skip(1).Select(a => $" {a.Name} = {accumulators[0].Name};")));
        for (int q = 0; q <= rows + 1; q++)
        {
            var uses = Uses(q, rows).ToList();
            string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of output row {u.Row}"));
            string fmas = indexed
                ? string.Join(" ", new[] { "l", "m", "r" }.SelectMany((tap, kw) => uses.SelectMany(u => Enumerable.Range(0, vectors).Select(v =>
                    $"{Acc(u.Row, v)} = {_simd.MultiplyAdd(tap + v, SplitRowTileEmitter.Weight(u.Kh, kw), Acc(u.Row, v))};"))))
                : SplitRowTileEmitter.TapByTapMultiplyAdds(_simd, new[] { "left", "middle", "right" }, uses.Select(u => (Acc(u.Row), u.Kh)).ToList());
            EmitInputRow(_w, _layer.Width, q, rows, feeds, fmas, "row tile", indexed ? vectors : 0, _tile.SecondVector);
        }
        int second = vectors == 1 ? 0 : _tile.SecondVector;
        string columns = vectors == 1 ? "16 columns" : _tile.PairOverlaps ? $"{_tile.PairColumns} columns (the vectors' overlap stored twice, the same values)" : "32 columns";
        _w.WriteLine($"// {SimdVocabulary.StoreVerb(l.FusedActivation)} {rows} row(s) × {columns} straight into the output.");
        _w.WriteLine(string.Join(" ", accumulators.Select(a => _simd.Store(_simd.Activate(a.Name, l.FusedActivation), "y", a.Row * l.OutWidth + second * a.Vector))));
    }

    /// <summary>
    /// Input row oy − 1 + q of a tile (or band, <paramref name="tile"/>) of <paramref name="rows"/> rows whose column
    /// references <c>x</c>, <c>before</c> and <c>after</c> are set (<see cref="EmitColumnReferences"/>): loaded with
    /// its neighbours shifted in, then <paramref name="fmas"/>. The rows above and below the tile are read only where
    /// they are not the padding around the image.
    /// </summary>
    internal static void EmitInputRow(SourceWriter w, int width, int q, int rows, string feeds, string fmas, string tile, int vectors = 0, int second = 16)
    {
        if (q == 0 || q == rows + 1)
        {
            bool above = q == 0;
            w.WriteLine(above
                ? $"// Input row oy − 1 ({feeds}): the padding above the image on the first {tile}, so read only below it."
                : $"// Input row oy + {rows} ({feeds}): the padding below the image on the last {tile}, so read only above it.");
            using (w.Block(above ? "if (oy > 0)" : $"if (oy + {rows} < OutHeight)"))
            {
                if (above)
                {
                    EmitLoad(w, "Unsafe.Subtract(ref x, Width)", "Unsafe.Subtract(ref before, beforePitch)", "Unsafe.Subtract(ref after, afterPitch)", vectors, second);
                }
                else
                {
                    EmitLoad(w, $"Unsafe.Add(ref x, {rows * width})", $"Unsafe.Add(ref before, {rows} * beforePitch)", $"Unsafe.Add(ref after, {rows} * afterPitch)", vectors, second);
                }
                w.WriteLine(fmas);
            }
            return;
        }
        w.WriteLine($"// Input row oy + {q - 1}: {feeds}.");
        EmitLoad(w,
            q == 1 ? "x" : $"Unsafe.Add(ref x, {(q - 1) * width})",
            q == 1 ? "before" : $"Unsafe.Add(ref before, {q - 1} * beforePitch)",
            q == 1 ? "after" : $"Unsafe.Add(ref after, {q - 1} * afterPitch)",
            vectors, second);
        w.WriteLine(fmas);
    }

    /// <summary>
    /// Sets <c>x</c> to input row oy, column ox of the channel at <paramref name="channel"/>, and <c>before</c> /
    /// <c>after</c> (with their row pitches) to columns ox − 1 and ox + <paramref name="columns"/>, or to the zero
    /// <c>padding</c> at pitch 0 on the first / last column tile.
    /// </summary>
    internal static void EmitColumnReferences(SourceWriter w, string channel, int columns = 16)
    {
        w.WriteLine($"// x: input row oy, column ox. before / after: columns ox − 1 and ox + {columns} of the same row, or the padding on the first / last column tile.");
        w.WriteLine($"ref float x = ref Unsafe.Add(ref {channel}, oy * Width + ox);");
        w.WriteLine("ref float before = ref ox == 0 ? ref padding : ref Unsafe.Subtract(ref x, 1);");
        w.WriteLine($"ref float after = ref ox == OutWidth - {columns} ? ref padding : ref Unsafe.Add(ref x, {columns});");
        w.WriteLine($"int beforePitch = ox == 0 ? 0 : Width, afterPitch = ox == OutWidth - {columns} ? 0 : Width;");
    }

    /// <summary>
    /// Loads 16 columns of a row into <c>middle</c> and shifts its neighbours in for the outer taps (<c>left</c>,
    /// <c>right</c>); with <paramref name="vectors"/> ≥ 1, loads that many vectors of 16 into <c>m0</c>, <c>m1</c>, …
    /// (<paramref name="second"/> columns apart) and builds <c>l0</c>, <c>r0</c>, … the same way, each vector's inner
    /// neighbour taken from the vector beside it, or, where the two overlap (<paramref name="second"/> below 16),
    /// broadcast from the row like the outer ones.
    /// </summary>
    private static void EmitLoad(SourceWriter w, string row, string before, string after, int vectors, int second)
    {
        if (vectors == 0)
        {
            w.WriteLine($"middle = Vector512.LoadUnsafe(ref {row});");
            w.WriteLine($"left = {Avx512F}.AlignRight32(middle.AsInt32(), Vector512.Create({before}).AsInt32(), 15).AsSingle(); right = {Avx512F}.AlignRight32(Vector512.Create({after}).AsInt32(), middle.AsInt32(), 1).AsSingle();");
            return;
        }
        string RowAt(int column) => $"Unsafe.Add(ref {row}, {column})";
        w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => v == 0 ? $"m0 = Vector512.LoadUnsafe(ref {row});" : $"m{v} = Vector512.LoadUnsafe(ref {row}, {second * v});")));
        w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v =>
        {
            string below = v == 0 ? $"Vector512.Create({before})" : second == 16 ? $"m{v - 1}" : $"Vector512.Create({RowAt(second * v - 1)})";
            string above = v == vectors - 1 ? $"Vector512.Create({after})" : second == 16 ? $"m{v + 1}" : $"Vector512.Create({RowAt(second * v + 16)})";
            return $"l{v} = {Avx512F}.AlignRight32(m{v}.AsInt32(), {below}.AsInt32(), 15).AsSingle(); r{v} = {Avx512F}.AlignRight32({above}.AsInt32(), m{v}.AsInt32(), 1).AsSingle();";
        })));
    }
}
