using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX-512 compute method of a 3×3, stride-2, padding-1 depthwise layer that reads one channel's NCHW input
/// directly (<see cref="SplitRowTilePlan"/>). Output column ox + j reads input columns 2(ox + j) − 1, 2(ox + j) and
/// 2(ox + j) + 1: the odd columns shifted by one lane, the even columns and the odd columns of the 32-column run at
/// 2ox. Each input row of a tile is loaded as two vectors, split by two two-source permutes and one lane shift
/// (whose first lane, column 2ox − 1, comes from a broadcast, or is the padding on the first column tile), and then
/// multiplied into every output row that reads it. The nine weights stay in registers for the whole channel. Rows of
/// 8-15 and 24-31 outputs split by in-lane shuffles instead (<see cref="EmitInLaneRows"/>).
/// </summary>
internal sealed class SplitRowTileEmitter
{
    public const string MethodName = "SplitTiles512";

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly SplitRowTilePlan _tile;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector512;

    public SplitRowTileEmitter(SourceWriter writer, LayerSpec layer, SplitRowTilePlan tile)
    {
        _w = writer;
        _layer = layer;
        _tile = tile;
    }

    private const string Avx512F = SimdVocabulary.Avx512F;


    private static string Acc(int row) => $"a{row}";

    /// <summary>The register holding tap (kh, kw) of the channel's 3×3 kernel.</summary>
    internal static string Weight(int kh, int kw) => $"w{kh}{kw}";

    /// <summary>
    /// One input row's multiply-adds, <c>acc += taps[kw] · w[kh][kw]</c> for each (accumulator, kernel row kh) the row
    /// feeds, written tap by tap across the accumulators. Each accumulator still adds its taps in order, so the sums
    /// are those of writing them accumulator by accumulator; written that way, RyuJIT fuses an accumulator's statements
    /// into one expression and picks the FMA form that overwrites the tap register, copying each tap still needed
    /// first (32 vmovaps in a 4-row in-place tile; 1.03-1.10× faster this way on the depthwise tiles, bit-identical).
    /// </summary>
    internal static string TapByTapMultiplyAdds(SimdVocabulary simd, IReadOnlyList<string> taps, IReadOnlyList<(string Accumulator, int Kh)> uses) =>
        string.Join(" ", taps.SelectMany((tap, kw) => uses.Select(u => $"{u.Accumulator} = {simd.MultiplyAdd(tap, Weight(u.Kh, kw), u.Accumulator)};")));

    /// <summary>
    /// Broadcasts the channel's 9 weights into <see cref="Weight"/> registers of <paramref name="simd"/> (Vector512 when
    /// null), read rotated 180° for a backward-data pass.
    /// </summary>
    internal static void EmitWeights(SourceWriter writer, bool rotated, SimdVocabulary? simd = null)
    {
        simd ??= SimdVocabulary.Vector512;
        writer.WriteLine(rotated ? "// The channel's weights rotated 180°, broadcast once: wKhKw." : "// The channel's weights, broadcast once: wKhKw.");
        for (int kh = 0; kh < 3; kh++)
        {
            writer.WriteLine($"{simd.Type} " + string.Join(", ", Enumerable.Range(0, 3).Select(kw =>
                $"{Weight(kh, kw)} = {simd.Broadcast($"Unsafe.Add(ref weights, {(rotated ? 8 - (kh * 3 + kw) : kh * 3 + kw)})")}")) + ";");
        }
    }

    /// <summary>The (output row of the tile, kernel row) pairs input row q of a tile (input row 2·oy − 1 + q) feeds.</summary>
    internal static IEnumerable<(int Row, int Kh)> Uses(int q, int rows)
    {
        // Input row 2·oy − 1 + q is kernel row kh = q − 2t of output row oy + t.
        for (int t = rows - 1; t >= 0; t--)
        {
            int kh = q - 2 * t;
            if (kh >= 0 && kh < 3)
            {
                yield return (t, kh);
            }
        }
    }

    /// <summary>
    /// Sets <c>x</c> to input row 2·oy, column 2·ox of the channel at <paramref name="channel"/>, and <c>left</c> (with
    /// its row pitch) to column 2·ox − 1, or to the zero <c>padding</c> at pitch 0 on the first column tile.
    /// </summary>
    internal static void EmitColumnReferences(SourceWriter w, string channel)
    {
        w.WriteLine("// x: input row 2·oy, column 2·ox. left: column 2·ox − 1 of the same row, or the padding on the first column tile.");
        w.WriteLine($"ref float x = ref Unsafe.Add(ref {channel}, 2 * oy * Width + 2 * ox);");
        w.WriteLine("ref float left = ref ox == 0 ? ref padding : ref Unsafe.Subtract(ref x, 1);");
        w.WriteLine("int leftPitch = ox == 0 ? 0 : Width;");
    }

    /// <summary>Column of the row where the second vector of each input row of a column tile starts.</summary>
    private const int HighStart = 16;

    /// <summary>Column where the second vector of an input row starts: 16, or the row's last 16 columns where one vector covers a whole output row (<paramref name="wholeRow"/>).</summary>
    internal static int HighStartOf(LayerSpec layer, bool wholeRow) => wholeRow ? layer.Width - 16 : 16;

    /// <summary>The permute index of input column <paramref name="column"/> of the two loaded vectors (0 for lanes past the row).</summary>
    private static int IndexOf(LayerSpec layer, int highStart, int column) => column >= layer.Width ? 0 : column < 16 ? column : 16 + column - highStart;

    /// <summary>Declares the permute indices <c>evens</c> and <c>odds</c> that split an input row loaded as two vectors (from its start and from <paramref name="highStart"/>).</summary>
    internal static void EmitSplitIndices(SourceWriter w, LayerSpec l, int highStart)
    {
        w.WriteLine(highStart != 16
            ? $"// Permute indices taking the even and the odd columns of a {l.Width}-column row loaded as columns [0, 16) and [{highStart}, {l.Width}); lanes past the row take column 0."
            : "// Permute indices taking the even and the odd columns of a 32-column run loaded as two vectors.");
        w.WriteLine($"Vector512<int> evens = Vector512.Create({string.Join(", ", Enumerable.Range(0, 16).Select(j => IndexOf(l, highStart, 2 * j)))});");
        w.WriteLine($"Vector512<int> odds = Vector512.Create({string.Join(", ", Enumerable.Range(0, 16).Select(j => IndexOf(l, highStart, 2 * j + 1)))});");
    }

    public void Emit()
    {
        if (_tile.PairsRows)
        {
            EmitPairedRows();
            return;
        }
        if (_tile.SplitsInLane)
        {
            EmitInLaneRows();
            return;
        }
        if (_tile.PairTiles > 0)
        {
            EmitTwoVectorTiles();
            return;
        }
        LayerSpec l = _layer;
        string bias = l.HasBias ? "ref float bias, " : "";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: row tiles of {_tile.Rows} output row(s) × 16 columns = {_tile.Rows} accumulators, read from the NCHW input with the stride phases split in registers; the 9 weights stay in registers for the whole channel.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output{StreamPrefetchEmitter.Parameter(_tile.StreamAheadRows > 0)})"))
        {
            EmitWeights(_w, rotated: false);
            EmitSplitIndices(_w, l, HighStart);
            _w.WriteLine($"Vector512<float> {string.Join(", ", Enumerable.Range(0, _tile.Rows).Select(t => Acc(t)))};");
            _w.WriteLine("Vector512<float> low, high, even, odd, shifted;");
            _w.WriteLine("// Column −1 of every row, read by output column 0's first tap: the zero padding, at a row pitch of 0.");
            _w.WriteLine("float padding = 0f;");
            using (_w.Block($"for (int rowTile = 0; rowTile < SplitRowTiles512; rowTile++)"))
            {
                _w.WriteLine("// The last row tile is shifted back to end at the edge.");
                _w.WriteLine($"int oy = Math.Min(rowTile * {_tile.Rows}, OutHeight - {_tile.Rows});");
                // A tile reads input rows 2·oy − 1 .. 2·oy + 2·Rows − 1, the first of them also its predecessor's.
                StreamPrefetchEmitter.EmitTileRows(_w, _layer, "2 * oy", 2 * _tile.Rows, _tile.StreamAheadRows);
                using (_w.Block($"for (int columnTile = 0; columnTile < SplitColumnTiles512; columnTile++)"))
                {
                    _w.WriteLine("int ox = Math.Min(columnTile * 16, OutWidth - 16);");
                    EmitColumnReferences(_w, "input");
                    _w.WriteLine("ref float y = ref Unsafe.Add(ref output, oy * OutWidth + ox);");
                    EmitTileBody();
                }
            }
        }
    }

    /// <summary>
    /// A vector of the in-lane split rows (<see cref="EmitInLaneRows"/>): its output columns [<paramref name="Start"/>,
    /// + 16) as stored, its input row loaded as 16 floats at input column 2·<paramref name="Start"/> and 16 at input
    /// column 2·<paramref name="High"/>, so that per 128-bit block i lanes 4i, 4i + 1 hold output columns Start + 2i,
    /// Start + 2i + 1 and lanes 4i + 2, 4i + 3 columns High + 2i, High + 2i + 1.
    /// </summary>
    private readonly record struct InLaneVector(int Start, int High)
    {
        public int Column(int lane) => (lane % 4 < 2 ? Start : High) + 2 * (lane / 4) + lane % 2;
    }

    /// <summary>The lane of <paramref name="vector"/> holding output column <paramref name="column"/> (the first half's where both have it), or null.</summary>
    private static int? LaneOf(InLaneVector vector, int column)
    {
        for (int lane = 0; lane < 16; lane++)
        {
            if (vector.Column(lane) == column)
            {
                return lane;
            }
        }
        return null;
    }

    /// <summary>
    /// Rows of 8-15 outputs (one vector per row, whose last lanes overhang into the next row) and rows of 24-31 (two
    /// vectors, the second ending at the row's end): each input row is loaded as 32 columns per vector and split into
    /// even and odd columns by one in-lane <c>vshufps</c> each, instead of two two-source permutes and a lane shift: on
    /// the Zen 5 VM cross-lane shuffles share the two FMA pipes, in-lane ones run beside them. The lanes then hold the
    /// output columns in the order <see cref="InLaneVector.Column"/> gives, and kernel column 0, which reads the odd
    /// column one to the left, goes to a second accumulator per row and vector; when a row is complete, one cross-lane
    /// permute of each accumulator restores the column order, the second moved one column right (the padding entering
    /// at column 0, or the first vector's column before the second's), and the row is stored.
    /// </summary>
    private void EmitInLaneRows()
    {
        LayerSpec l = _layer;
        int rows = _tile.Rows, ow = l.OutWidth;
        bool two = _tile.PairTiles > 0;
        var vectors = two
            ? new[] { new InLaneVector(0, 8), new InLaneVector(_tile.SecondVector, _tile.SecondVector + 8) }
            : new[] { new InLaneVector(0, ow - 8) };
        string bias = l.HasBias ? "ref float bias, " : "";
        string Main(int row, int v) => two ? Acc(row, v) : Acc(row);
        string Left(int row, int v) => ColumnZeroAcc(row, two ? v : null);
        string shape = two ? $"{ow} (a whole row, as two vectors at columns 0 and {_tile.SecondVector})" : $"{ow} (a whole row)";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: row tiles of {rows} output row(s) × {shape}, two accumulators per row{(two ? " and vector" : "")} (kernel columns 1 and 2, and kernel column 0), read from the NCHW input with the stride phases split by in-lane shuffles; the 9 weights stay in registers for the whole channel.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output{StreamPrefetchEmitter.Parameter(_tile.StreamAheadRows > 0)})"))
        {
            EmitWeights(_w, rotated: false);
            InLaneVector first = vectors[0];
            _w.WriteLine($"// The split leaves output columns in the lanes as [{first.Column(0)}, {first.Column(1)}, {first.Column(2)}, {first.Column(3)}] per 128-bit block, and so on{(two ? ", in each vector from its first column" : "")}; restoring the column order once a row is complete, kernel column 0's accumulator moved one column right, the padding entering at column 0{(two ? " (the second vector's first column from the first vector)" : "")}.");
            var fromLeft = Enumerable.Range(0, 16).Select(n => n == 0 ? 0 : LaneOf(first, n - 1) ?? 0).ToList();
            _w.WriteLine($"Vector512<int> columns = Vector512.Create({string.Join(", ", Enumerable.Range(0, 16).Select(n => LaneOf(first, n) ?? 0))});");
            _w.WriteLine($"Vector512<int> fromLeft = Vector512.Create({string.Join(", ", fromLeft)});");
            _w.WriteLine($"Vector512<float> padding = Vector512.Create(0{string.Concat(Enumerable.Repeat(", -1", 15))}).AsSingle();");
            if (two)
            {
                // The second vector's column 0 comes from the first vector (the permute's second source, lanes 16-31).
                fromLeft[0] = 16 + LaneOf(first, vectors[1].Start - 1)!.Value;
                _w.WriteLine($"Vector512<int> fromFirst = Vector512.Create({string.Join(", ", fromLeft)});");
            }
            var accumulators = Enumerable.Range(0, rows).SelectMany(t => Enumerable.Range(0, vectors.Length).Select(v => (Row: t, Vector: v))).ToList();
            _w.WriteLine($"Vector512<float> {string.Join(", ", accumulators.Select(a => Main(a.Row, a.Vector)))}, {string.Join(", ", accumulators.Select(a => Left(a.Row, a.Vector)))};");
            _w.WriteLine("Vector512<float> low, high, even, odd;");
            using (_w.Block("for (int rowTile = 0; rowTile < SplitRowTiles512; rowTile++)"))
            {
                _w.WriteLine("// The last row tile is shifted back to end at the edge.");
                _w.WriteLine($"int oy = Math.Min(rowTile * {rows}, OutHeight - {rows});");
                StreamPrefetchEmitter.EmitTileRows(_w, _layer, "2 * oy", 2 * rows, _tile.StreamAheadRows);
                _w.WriteLine("// x: input row 2·oy; column −1 of every row is the padding.");
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, 2 * oy * Width);");
                _w.WriteLine("ref float y = ref Unsafe.Add(ref output, oy * OutWidth);");
                string init = l.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
                for (int q = 0; q < _tile.InputRows; q++)
                {
                    List<(int Row, int Kh)> uses = Uses(q, rows).ToList();
                    foreach (int t in uses.Select(u => u.Row).Where(t => q == 2 * t))
                    {
                        _w.WriteLine($"// Output row {t} starts at {(l.HasBias ? "the bias" : "zero")}.");
                        _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors.Length).Select(v => $"{Main(t, v)} = {init}; {Left(t, v)} = {_simd.Zero};")));
                    }
                    string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of output row {u.Row}"));
                    string row = q == 0 ? "above" : "x";
                    int offset = q == 0 ? 0 : (q - 1) * l.Width;
                    var lines = new List<string>();
                    for (int v = 0; v < vectors.Length; v++)
                    {
                        int vCopy = v;
                        lines.Add($"low = {_simd.Load(row, offset + 2 * vectors[v].Start)}; high = {_simd.Load(row, offset + 2 * vectors[v].High)}; even = {Avx512F}.Shuffle(low, high, 0x88); odd = {Avx512F}.Shuffle(low, high, 0xDD);");
                        lines.Add(string.Join(" ", new[] { ("odd", 0), ("even", 1), ("odd", 2) }.SelectMany(k => uses.Select(u => k.Item2 == 0
                            ? $"{Left(u.Row, vCopy)} = {_simd.MultiplyAdd(k.Item1, Weight(u.Kh, 0), Left(u.Row, vCopy))};"
                            : $"{Main(u.Row, vCopy)} = {_simd.MultiplyAdd(k.Item1, Weight(u.Kh, k.Item2), Main(u.Row, vCopy))};"))));
                    }
                    if (q == 0)
                    {
                        _w.WriteLine($"// Input row 2·oy − 1 ({feeds}): the padding above the image on the first row tile, so read only below it.");
                        using (_w.Block("if (oy > 0)"))
                        {
                            _w.WriteLine("ref float above = ref Unsafe.Subtract(ref x, Width);");
                            lines.ForEach(_w.WriteLine);
                        }
                        continue;
                    }
                    _w.WriteLine($"// Input row 2·oy + {q - 1}: {feeds}; {(two ? "per vector 32 columns" : "its first and last 16 columns")}, split into even and odd columns by one in-lane shuffle each.");
                    lines.ForEach(_w.WriteLine);
                    foreach (int t in uses.Where(u => u.Kh == 2).Select(u => u.Row))
                    {
                        EmitInLaneRowStore(t, vectors);
                    }
                }
            }
        }
    }

    /// <summary>Output row <paramref name="t"/> of the tile is complete: its accumulators in column order, summed, activated and stored (one vector overhanging into the next row, which is stored after it, and the tile's last row at its exact width; or two vectors whose overlap is stored twice, the same values).</summary>
    private void EmitInLaneRowStore(int t, IReadOnlyList<InLaneVector> vectors)
    {
        LayerSpec l = _layer;
        bool last = t == _tile.Rows - 1;
        string activation = l.FusedActivation.IsNone ? "" : ", the activation";
        if (vectors.Count == 2)
        {
            _w.WriteLine($"// Output row {t} is complete: both vectors back in column order, kernel column 0's sums one column right (the second vector's first from the first vector){activation}; stored, the {32 - l.OutWidth} columns where they overlap twice, the same values.");
            string fromFirst = $"{Avx512F}.PermuteVar16x32x2({ColumnZeroAcc(t, 1)}, fromFirst, {ColumnZeroAcc(t, 0)})";
            _w.WriteLine($"{Acc(t, 1)} = {RestoredRow(_simd, Acc(t, 1), fromFirst, l.FusedActivation, shifted: true)}; {Acc(t, 0)} = {RestoredRow(_simd, Acc(t, 0), ColumnZeroAcc(t, 0), l.FusedActivation)};");
            _w.WriteLine($"{_simd.Store(Acc(t, 0), "y", t * l.OutWidth)} {_simd.Store(Acc(t, 1), "y", t * l.OutWidth + vectors[1].Start)}");
            return;
        }
        _w.WriteLine($"// Output row {t} is complete: back in column order, kernel column 0's sums one column right{activation}; {(last ? $"stored at its exact width ({l.OutWidth})" : $"stored as a whole vector, whose last {_tile.Overhang} lane(s) the next row's store overwrites")}.");
        _w.WriteLine($"{Acc(t)} = {RestoredRow(_simd, Acc(t), ColumnZeroAcc(t, null), l.FusedActivation)};");
        _w.WriteLine(last ? _simd.StoreFirst(Acc(t), "y", t * l.OutWidth, l.OutWidth) : _simd.Store(Acc(t), "y", t * l.OutWidth));
    }

    /// <summary>Kernel column 0's accumulator of output row <paramref name="row"/> (of <paramref name="vector"/>, where a row takes two) in the in-lane split kernels.</summary>
    internal static string ColumnZeroAcc(int row, int? vector) => vector is int v ? $"b{row}_{v}" : $"b{row}";

    /// <summary>
    /// A complete output row of the in-lane split kernels, in column order: its accumulator permuted by <c>columns</c>,
    /// plus kernel column 0's accumulator permuted by <c>fromLeft</c> (one column to the right) with its first lane,
    /// the padding column, cleared by <c>padding</c>; then the fused activation. Where <paramref name="shifted"/>,
    /// <paramref name="left"/> is already kernel column 0's sums in column order (a second vector's, whose first
    /// column comes from the first vector) and is added as it is.
    /// </summary>
    internal static string RestoredRow(SimdVocabulary simd, string accumulator, string left, Model.FusedActivation activation, bool shifted = false)
    {
        string columnZero = shifted ? left : $"({Avx512F}.PermuteVar16x32({left}, fromLeft) & padding)";
        string sum = $"{Avx512F}.PermuteVar16x32({accumulator}, columns) + {columnZero}";
        return activation.IsNone ? sum : simd.Activate($"({sum})", activation);
    }

    /// <summary>
    /// Rows of 32 or more outputs (<see cref="SplitRowTilePlan.PairTiles"/>; rows of 24-31 take <see cref="EmitInLaneRows"/>):
    /// tiles of two adjacent vectors per output row, each input row loaded as two 32-column runs (one per vector) and
    /// split like the one-vector tile's; the second vector's shifted odd columns take their first lane from the first
    /// vector's odd columns.
    /// </summary>
    private void EmitTwoVectorTiles()
    {
        LayerSpec l = _layer;
        int rows = _tile.Rows, columns = 2 * SplitRowTilePlan.Lanes;
        string bias = l.HasBias ? "ref float bias, " : "";
        string shape = $"32 columns{(_tile.SingleTail ? $" (and one of {rows} × 16 ending each row)" : "")}";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: row tiles of {rows} output row(s) × {shape} = {2 * rows} accumulators, read from the NCHW input with the stride phases split in registers; the 9 weights stay in registers for the whole channel.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output{StreamPrefetchEmitter.Parameter(_tile.StreamAheadRows > 0)})"))
        {
            EmitWeights(_w, rotated: false);
            EmitSplitIndices(_w, l, SplitRowTilePlan.Lanes);
            _w.WriteLine($"Vector512<float> {string.Join(", ", Enumerable.Range(0, rows).SelectMany(t => new[] { Acc(t, 0), Acc(t, 1) }))};");
            _w.WriteLine("Vector512<float> low0, high0, even0, odd0, shifted0, low1, high1, even1, odd1, shifted1;");
            _w.WriteLine("// Column −1 of every row, read by output column 0's first tap: the zero padding, at a row pitch of 0.");
            _w.WriteLine("float padding = 0f;");
            using (_w.Block("for (int rowTile = 0; rowTile < SplitRowTiles512; rowTile++)"))
            {
                _w.WriteLine("// The last row tile is shifted back to end at the edge.");
                _w.WriteLine($"int oy = Math.Min(rowTile * {rows}, OutHeight - {rows});");
                StreamPrefetchEmitter.EmitTileRows(_w, _layer, "2 * oy", 2 * rows, _tile.StreamAheadRows);
                using (_w.Block("for (int columnTile = 0; columnTile < SplitPairTiles512; columnTile++)"))
                {
                    _w.WriteLine($"int ox = Math.Min(columnTile * 32, OutWidth - {columns});");
                    EmitColumnReferences(_w, "input");
                    EmitTwoVectorTileBody(2);
                }
                if (_tile.SingleTail)
                {
                    using (_w.Block(""))
                    {
                        _w.WriteLine("// The row's last 16 columns, one vector: x is input row 2·oy at column 2·(OutWidth − 16), left the column before it.");
                        _w.WriteLine("const int ox = OutWidth - 16;");
                        _w.WriteLine("ref float x = ref Unsafe.Add(ref input, 2 * oy * Width + 2 * ox);");
                        _w.WriteLine("ref float left = ref Unsafe.Subtract(ref x, 1);");
                        _w.WriteLine("const int leftPitch = Width;");
                        EmitTwoVectorTileBody(1);
                    }
                }
            }
        }
    }

    private static string Acc(int row, int vector) => $"a{row}_{vector}";

    /// <summary>The body of a tile of <paramref name="vectors"/> vectors per output row whose column references are set: accumulators, the 2·Rows + 1 input rows, the stores.</summary>
    private void EmitTwoVectorTileBody(int vectors)
    {
        LayerSpec l = _layer;
        int rows = _tile.Rows, second = _tile.SecondVector;
        var accumulators = Enumerable.Range(0, rows).SelectMany(t => Enumerable.Range(0, vectors).Select(v => (Row: t, Vector: v))).ToList();
        _w.WriteLine("ref float y = ref Unsafe.Add(ref output, oy * OutWidth + ox);");
        string init = l.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
        _w.WriteLine($"// Accumulators start at {(l.HasBias ? "the bias" : "zero")}.");
        _w.WriteLine($"{Acc(0, 0)} = {init};" + string.Concat(accumulators.Skip(1).Select(a => $" {Acc(a.Row, a.Vector)} = {Acc(0, 0)};")));
        for (int q = 0; q < _tile.InputRows; q++)
        {
            List<(int Row, int Kh)> uses = Uses(q, rows).ToList();
            string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of output row {u.Row}"));
            string fmas = string.Join(" ", new[] { "shifted", "even", "odd" }.SelectMany((tap, kw) => uses.SelectMany(u => Enumerable.Range(0, vectors).Select(v =>
                $"{Acc(u.Row, v)} = {_simd.MultiplyAdd(tap + v, Weight(u.Kh, kw), Acc(u.Row, v))};"))));
            if (q == 0)
            {
                _w.WriteLine($"// Input row 2·oy − 1 ({feeds}): the padding above the image on the first row tile, so read only below it.");
                using (_w.Block("if (oy > 0)"))
                {
                    _w.WriteLine("ref float above = ref Unsafe.Subtract(ref x, Width);");
                    EmitTwoVectorSplit("above", 0, "Unsafe.Subtract(ref left, leftPitch)", vectors, second);
                    _w.WriteLine(fmas);
                }
                continue;
            }
            _w.WriteLine($"// Input row 2·oy + {q - 1}: {feeds}.");
            EmitTwoVectorSplit("x", (q - 1) * l.Width, q == 1 ? "left" : $"Unsafe.Add(ref left, {q - 1} * leftPitch)", vectors, second);
            _w.WriteLine(fmas);
        }
        string columns = vectors == 1 ? "16 columns" : "32 columns";
        _w.WriteLine($"// {SimdVocabulary.StoreVerb(l.FusedActivation)} {rows} row(s) × {columns} straight into the output.");
        _w.WriteLine(string.Join(" ", accumulators.Select(a => _simd.Store(_simd.Activate(Acc(a.Row, a.Vector), l.FusedActivation), "y", a.Row * l.OutWidth + second * a.Vector))));
    }

    /// <summary>
    /// Loads an input row's run for each of <paramref name="vectors"/> output vectors (from <paramref name="offset"/> and,
    /// for the second, 2·<paramref name="second"/> further) and splits each into <c>shiftedV</c>, <c>evenV</c> and
    /// <c>oddV</c>; the first's shifted odd columns take <paramref name="left"/> (column 2ox − 1) into lane 0, the second's
    /// the first's last odd column.
    /// </summary>
    private void EmitTwoVectorSplit(string row, int offset, string left, int vectors, int second)
    {
        for (int v = 0; v < vectors; v++)
        {
            int start = offset + 2 * second * v;
            string loads = $"low{v} = Vector512.LoadUnsafe(ref {row}, {start}); high{v} = Vector512.LoadUnsafe(ref {row}, {start + 16});";
            string splits = $"even{v} = {Avx512F}.PermuteVar16x32x2(low{v}, evens, high{v}); odd{v} = {Avx512F}.PermuteVar16x32x2(low{v}, odds, high{v});";
            string before = v == 0 ? $"Vector512.Create({left}).AsInt32()" : "odd0.AsInt32()";
            _w.WriteLine($"{loads} {splits}");
            _w.WriteLine($"shifted{v} = {Avx512F}.AlignRight32(odd{v}.AsInt32(), {before}, 15).AsSingle();");
        }
    }

    private void EmitTileBody()
    {
        string init = _layer.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
        _w.WriteLine($"// Accumulators start at {(_layer.HasBias ? "the bias" : "zero")}.");
        _w.WriteLine($"{Acc(0)} = {init};" + string.Concat(Enumerable.Range(1, _tile.Rows - 1).Select(t => $" {Acc(t)} = {Acc(0)};")));
        for (int q = 0; q < _tile.InputRows; q++)
        {
            EmitInputRow(q);
        }
        EmitStores();
    }

    private void EmitInputRow(int q)
    {
        List<(int Row, int Kh)> uses = Uses(q, _tile.Rows).ToList();
        string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of output row {u.Row}"));
        string fmas = TapByTapMultiplyAdds(_simd, new[] { "shifted", "even", "odd" }, uses.Select(u => (Acc(u.Row), u.Kh)).ToList());
        if (q == 0)
        {
            _w.WriteLine($"// Input row 2·oy − 1 ({feeds}): the padding above the image on the first row tile, so read only below it.");
            using (_w.Block("if (oy > 0)"))
            {
                _w.WriteLine("ref float above = ref Unsafe.Subtract(ref x, Width);");
                EmitSplit("above", 0, "Unsafe.Subtract(ref left, leftPitch)");
                _w.WriteLine(fmas);
            }
            return;
        }
        _w.WriteLine($"// Input row 2·oy + {q - 1}: {feeds}.");
        EmitSplit("x", (q - 1) * _layer.Width, q == 1 ? "left" : $"Unsafe.Add(ref left, {q - 1} * leftPitch)");
        _w.WriteLine(fmas);
    }

    /// <summary>
    /// Loads a row's two vectors and splits them into the three taps' vectors; <paramref name="left"/> is the float
    /// before the run (column 2ox − 1), or null where it is always the padding.
    /// </summary>
    private void EmitSplit(string row, int offset, string? left) => EmitSplit(_w, row, offset, HighStart, left);

    /// <summary>
    /// Loads a row's two vectors (from <paramref name="offset"/> and <paramref name="offset"/> + <paramref name="highStart"/>)
    /// into <c>low</c> / <c>high</c> and splits them into <c>shifted</c>, <c>even</c> and <c>odd</c>, the vectors of
    /// kernel columns 0, 1 and 2; <paramref name="left"/> is the float before the run (column 2ox − 1), or null where it
    /// is always the padding.
    /// </summary>
    internal static void EmitSplit(SourceWriter w, string row, int offset, int highStart, string? left)
    {
        w.WriteLine($"low = Vector512.LoadUnsafe(ref {row}, {offset}); high = Vector512.LoadUnsafe(ref {row}, {offset + highStart});");
        w.WriteLine($"even = {Avx512F}.PermuteVar16x32x2(low, evens, high); odd = {Avx512F}.PermuteVar16x32x2(low, odds, high);");
        string before = left is null ? "Vector512<int>.Zero" : $"Vector512.Create({left}).AsInt32()";
        w.WriteLine($"shifted = {Avx512F}.AlignRight32(odd.AsInt32(), {before}, 15).AsSingle();");
    }

    /// <summary>
    /// Rows of 4-7 outputs: lanes [0, OutWidth) of a vector hold output row t and lanes [OutWidth, 2·OutWidth) row
    /// t + 1, which are contiguous in the output. For kernel row kh they read input rows a = 2t − 1 + kh and a + 2, each
    /// loaded as one vector (the channel's last input row ending at its end, so no load leaves the channel) and
    /// split by two-source permutes of the pair; the odd columns shifted by one take the padding in each row's first lane.
    /// </summary>
    private void EmitPairedRows()
    {
        LayerSpec l = _layer;
        int ow = l.OutWidth, w = l.Width, pairs = _tile.Accumulators;
        string bias = l.HasBias ? "ref float bias, " : "";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: the channel's {l.OutHeight} output rows of {ow} in {pairs} vectors of two rows each, read from the NCHW input with the stride phases split in registers; the 9 weights stay in registers.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output)"))
        {
            EmitWeights(_w, rotated: false);
            EmitPairIndices(_w, l);
            _w.WriteLine($"Vector512<float> {string.Join(", ", Enumerable.Range(0, pairs).Select(t => Acc(t)))};");
            _w.WriteLine("Vector512<float> low, high, even, odd, shifted;");
            string init = l.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
            _w.WriteLine($"// Accumulators start at {(l.HasBias ? "the bias" : "zero")}.");
            _w.WriteLine($"{Acc(0)} = {init};" + string.Concat(Enumerable.Range(1, pairs - 1).Select(p => $" {Acc(p)} = {Acc(0)};")));
            for (int p = 0; p < pairs; p++)
            {
                int t = System.Math.Min(2 * p, l.OutHeight - 2);
                for (int kh = 0; kh < 3; kh++)
                {
                    EmitPairSplit(_w, l, t, kh, "input", $"Output rows {t} and {t + 1}");
                    _w.WriteLine($"{Acc(p)} = {_simd.MultiplyAdd("shifted", Weight(kh, 0), Acc(p))}; {Acc(p)} = {_simd.MultiplyAdd("even", Weight(kh, 1), Acc(p))}; {Acc(p)} = {_simd.MultiplyAdd("odd", Weight(kh, 2), Acc(p))};");
                }
            }
            string activation = SimdVocabulary.StoreVerb(l.FusedActivation);
            _w.WriteLine($"// {activation} the row pairs in order: each vector's last {_tile.Overhang} lane(s) spill into the next pair's rows, stored next; the last pair is stored at its exact width.");
            var stores = Enumerable.Range(0, pairs).Select(p => (Acc(p), System.Math.Min(2 * p, l.OutHeight - 2) * ow)).ToList();
            foreach (string line in _simd.StoreInOrder(stores, "output", l.FusedActivation, 2 * ow))
            {
                _w.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// Declares the permute indices of rows of 4-7 outputs in pairs (<c>evens</c>, <c>odds</c>, <c>shifts</c> and their
    /// <c>Last</c> variants, for a second row loaded ending at its end) and the <c>padding</c> mask of the shifted odd columns.
    /// </summary>
    internal static void EmitPairIndices(SourceWriter w, LayerSpec l)
    {
        int ow = l.OutWidth, width = l.Width;
        // Lane j < ow: column c of the first row (loaded from its start); lane ow + j: column c of the second row,
        // at lane c, or c + 16 − W when that row is loaded ending at its end.
        string Indices(System.Func<int, int> column, bool last) => string.Join(", ", Enumerable.Range(0, 16).Select(lane =>
            lane >= 2 * ow ? 0
            : lane < ow ? System.Math.Max(column(lane), 0)
            : 16 + System.Math.Max(column(lane - ow), 0) + (last ? 16 - width : 0)));
        w.WriteLine($"// Permute indices: lanes [0, {ow}) take the even, odd or odd-minus-one columns of input row a (loaded from its start), lanes [{ow}, {2 * ow}) those of row a + 2, loaded from its start or, for the channel's last row, ending at its end.");
        foreach (bool last in new[] { false, true })
        {
            string suffix = last ? "Last" : "";
            w.WriteLine($"Vector512<int> evens{suffix} = Vector512.Create({Indices(j => 2 * j, last)}), odds{suffix} = Vector512.Create({Indices(j => 2 * j + 1, last)}), shifts{suffix} = Vector512.Create({Indices(j => 2 * j - 1, last)});");
        }
        w.WriteLine($"// Lanes 0 and {ow} of the shifted odd columns: column −1 of each row, the padding.");
        w.WriteLine($"Vector512<float> padding = {Literal.Mask("Vector512", 16, lane => lane != 0 && lane != ow)};");
    }

    /// <summary>
    /// Output rows t and t + 1 (a pair of rows of 4-7 outputs) through kernel row <paramref name="kh"/>: input rows
    /// a = 2t − 1 + kh and a + 2 of the channel at <paramref name="channel"/>, loaded and split into <c>shifted</c>,
    /// <c>even</c> and <c>odd</c> (the vectors of kernel columns 0, 1 and 2).
    /// </summary>
    internal static void EmitPairSplit(SourceWriter w, LayerSpec l, int t, int kh, string channel, string outputs)
    {
        int width = l.Width, a = 2 * t - 1 + kh, b = a + 2;
        bool last = b == l.Height - 1;
        string suffix = last ? "Last" : "";
        w.WriteLine($"// {outputs}, kernel row {kh}: input rows {a}{(a < 0 ? " (padding)" : "")} and {b}{(last ? " (the last, loaded ending at its end)" : "")}.");
        string low = a < 0 ? "Vector512<float>.Zero" : $"Vector512.LoadUnsafe(ref {channel}, {a * width})";
        w.WriteLine($"low = {low}; high = Vector512.LoadUnsafe(ref {channel}, {(last ? b * width + width - 16 : b * width)});");
        w.WriteLine($"even = {Avx512F}.PermuteVar16x32x2(low, evens{suffix}, high); odd = {Avx512F}.PermuteVar16x32x2(low, odds{suffix}, high); shifted = {Avx512F}.PermuteVar16x32x2(low, shifts{suffix}, high) & padding;");
    }

    private void EmitStores()
    {
        string activation = SimdVocabulary.StoreVerb(_layer.FusedActivation);
        _w.WriteLine($"// {activation} {_tile.Rows} row(s) × 16 columns straight into the output.");
        _w.WriteLine(string.Join(" ", Enumerable.Range(0, _tile.Rows).Select(t =>
            _simd.Store(_simd.Activate(Acc(t), _layer.FusedActivation), "y", t * _layer.OutWidth))));
    }
}
