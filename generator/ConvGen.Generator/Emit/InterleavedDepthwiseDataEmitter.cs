using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX-512 method of a 3×3, stride-2, padding-1 depthwise backward-data pass that reads one channel's
/// gradOutput in place (<see cref="StridedDepthwiseDataPlan.InterleavedColumnTiles512"/>). For a column tile of 16
/// gradOutput columns n it walks the gradOutput rows m once, each loaded as one vector g (columns n) and shifted by one
/// lane with column n + 16 (or the padding past the last column) broadcast in (columns n + 1). gradInput row 2m gets
/// kernel row 1 of row m, row 2m + 1 kernel row 2 of row m and kernel row 0 of row m + 1; within a row, column 2n gets
/// kernel column 1 of column n, column 2n + 1 kernel columns 2 and 0 of columns n and n + 1. The even and the odd
/// columns are interleaved by two two-source permutes and stored as 32 gradInput columns. On channels larger than the
/// L1 data cache (<see cref="InterleavedWalk.Rows"/>) it walks gradOutput row by row instead, every column tile of the
/// row in turn, each loading the two gradOutput rows it reads, so gradInput is written in address order.
/// </summary>
internal sealed class InterleavedDepthwiseDataEmitter
{
    public const string MethodName = "Interleaved512";

    private const string Avx512F = SimdVocabulary.Avx512F;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly int _columnTiles;
    private readonly InterleavedWalk _walk;

    public InterleavedDepthwiseDataEmitter(SourceWriter writer, LayerSpec layer, int columnTiles, InterleavedWalk walk)
    {
        _w = writer;
        _layer = layer;
        _columnTiles = columnTiles;
        _walk = walk;
    }

    /// <summary>Rows of 8-15 gradOutput columns: one vector per row, lanes past the row garbage (their stores spill into the next row).</summary>
    private bool Overhangs => _layer.OutWidth < 16;

    public void Emit()
    {
        int ow = _layer.OutWidth;
        string walk = _walk == InterleavedWalk.Rows
            ? "walked gradOutput row by row, each tile loading the two gradOutput rows it reads"
            : "each gradOutput row loaded once";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: {_columnTiles} column tile(s) of {(Overhangs ? $"a whole {ow}-column row" : "16")} gradOutput columns, {walk}; each step's two gradInput rows are built and interleaved in registers, and the 9 weights stay in registers for the whole channel.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float gradOutput, ref float weights, ref float gradInput)"))
        {
            SplitRowTileEmitter.EmitWeights(_w, rotated: false);
            _w.WriteLine("// Permute indices interleaving even columns (first source) and odd columns (second): gradInput columns [2n, 2n + 16) and [2n + 16, 2n + 32).");
            _w.WriteLine($"Vector512<int> lowerHalf = Vector512.Create({string.Join(", ", Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? i / 2 : 16 + i / 2))});");
            _w.WriteLine($"Vector512<int> upperHalf = Vector512.Create({string.Join(", ", Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? 8 + i / 2 : 24 + i / 2))});");
            _w.WriteLine("Vector512<float> row, shifted, nextRow, nextShifted, even, odd;");
            if (_layer.OutWidth < 8)
            {
                EmitRowPairs();
                return;
            }
            if (Overhangs)
            {
                EmitWholeRows();
                return;
            }
            _w.WriteLine("// Column OutWidth of every gradOutput row, read by the last column tile's shifted vectors: the padding, at a row pitch of 0.");
            _w.WriteLine("float padding = 0f;");
            if (_walk == InterleavedWalk.Rows)
            {
                EmitRowWalk();
                return;
            }
            using (_w.Block($"for (int columnTile = 0; columnTile < {_columnTiles}; columnTile++)"))
            {
                EmitColumnTileStart("gradOutput", "gradInput", "0", "0");
                using (_w.Block("for (int m = 0; m < OutHeight; m++)"))
                {
                    _w.WriteLine("ref float top = ref Unsafe.Add(ref x, 2 * m * Width);");
                    EmitEvenRow();
                    EmitInterleavedStore("top", 0);
                    EmitOddRow(
                        "nextRow = Vector512.LoadUnsafe(ref g, (nuint)((m + 1) * OutWidth));",
                        $"nextShifted = {Shifted("Unsafe.Add(ref after, (m + 1) * afterPitch)", "nextRow")};");
                    EmitInterleavedStore("top", _layer.Width);
                }
            }
        }
    }

    /// <summary>
    /// The channel larger than L1: gradOutput row m by row, each column tile loading rows m and m + 1, so gradInput rows
    /// 2m and 2m + 1 are written in address order.
    /// </summary>
    private void EmitRowWalk()
    {
        using (_w.Block("for (int m = 0; m < OutHeight; m++)"))
        {
            _w.WriteLine("// gradOutput row m (with row m + 1 below it) builds gradInput rows 2m and 2m + 1, column tile by column tile.");
            _w.WriteLine("ref float gm = ref Unsafe.Add(ref gradOutput, m * OutWidth);");
            _w.WriteLine("ref float top = ref Unsafe.Add(ref gradInput, 2 * m * Width);");
            using (_w.Block($"for (int columnTile = 0; columnTile < {_columnTiles}; columnTile++)"))
            {
                EmitColumnTileStart("gm", "top", "m", "2m");
                EmitEvenRow();
                EmitInterleavedStore("x", 0);
                EmitOddRow(
                    "nextRow = Vector512.LoadUnsafe(ref g, (nuint)OutWidth);",
                    $"nextShifted = {Shifted("Unsafe.Add(ref after, afterPitch)", "nextRow")};",
                    carries: false);
                EmitInterleavedStore("x", _layer.Width);
            }
        }
    }

    /// <summary>
    /// The start of a 16-column tile, shared by both walks: its column ox (the last tile shifted back to end at the
    /// edge); g, column ox of the gradOutput row at <paramref name="gradOutputRow"/>; the column after the tile (or the
    /// padding); x, column 2·ox of the gradInput row at <paramref name="gradInputRow"/>; and that gradOutput row loaded
    /// and shifted. <paramref name="m"/> and <paramref name="twoM"/> name the two rows in the comments.
    /// </summary>
    private void EmitColumnTileStart(string gradOutputRow, string gradInputRow, string m, string twoM)
    {
        _w.WriteLine("// The last column tile is shifted back to end at the edge.");
        _w.WriteLine("int ox = Math.Min(columnTile * 16, OutWidth - 16);");
        _w.WriteLine($"// g: gradOutput row {m}, column ox; after: column ox + 16 of the same row, or the padding on the last column tile; x: gradInput row {twoM}, column 2·ox.");
        _w.WriteLine($"ref float g = ref Unsafe.Add(ref {gradOutputRow}, ox);");
        _w.WriteLine("ref float after = ref ox == OutWidth - 16 ? ref padding : ref Unsafe.Add(ref g, 16);");
        _w.WriteLine("int afterPitch = ox == OutWidth - 16 ? 0 : OutWidth;");
        _w.WriteLine($"ref float x = ref Unsafe.Add(ref {gradInputRow}, 2 * ox);");
        _w.WriteLine($"// gradOutput row {m}: columns n and n + 1.");
        _w.WriteLine("row = Vector512.LoadUnsafe(ref g);");
        _w.WriteLine($"shifted = {Shifted("after", "row")};");
    }

    /// <summary>A gradOutput row vector's columns n + 1: <paramref name="vector"/> shifted down one lane with the float at <paramref name="next"/> (column n + 16 or the padding) in its last lane.</summary>
    private static string Shifted(string next, string vector) =>
        $"{Avx512F}.AlignRight32(Vector512.Create({next}).AsInt32(), {vector}.AsInt32(), 1).AsSingle()";

    /// <summary>Rows of 8-15 gradOutput columns: one vector per row, the channel's last row loaded ending at its end.</summary>
    private void EmitWholeRows()
    {
        int ow = _layer.OutWidth, w = _layer.Width;
        _w.WriteLine($"// Lane {ow - 1} of the shifted vectors: column {ow} of each gradOutput row, the padding.");
        _w.WriteLine($"Vector512<float> lastColumn = {Literal.Mask("Vector512", 16, lane => lane != ow - 1)};");
        string lastRow = $"{Avx512F}.AlignRight32(Vector512<int>.Zero, Vector512.LoadUnsafe(ref gradOutput, OutHeight * OutWidth - 16).AsInt32(), {16 - ow}).AsSingle()";
        _w.WriteLine("// gradOutput row 0 (a row loaded from its start reads into the next; the channel's last row is loaded ending at its end and shifted down): columns n and n + 1.");
        _w.WriteLine($"row = {(_layer.OutHeight == 1 ? lastRow : "Vector512.LoadUnsafe(ref gradOutput)")};");
        _w.WriteLine($"shifted = {Avx512F}.AlignRight32(Vector512<int>.Zero, row.AsInt32(), 1).AsSingle() & lastColumn;");
        using (_w.Block("for (int m = 0; m < OutHeight; m++)"))
        {
            _w.WriteLine("ref float top = ref Unsafe.Add(ref gradInput, 2 * m * Width);");
            EmitEvenRow();
            _w.WriteLine($"// The {w} columns of gradInput row 2m and {32 - w} of the next, which is stored next.");
            EmitInterleavedStore("top", 0);
            EmitOddRow(
                $"nextRow = m + 1 == OutHeight - 1 ? {lastRow} : Vector512.LoadUnsafe(ref gradOutput, (nuint)((m + 1) * OutWidth));",
                $"nextShifted = {Avx512F}.AlignRight32(Vector512<int>.Zero, nextRow.AsInt32(), 1).AsSingle() & lastColumn;");
            _w.WriteLine($"// gradInput row 2m + 1: its {w} columns exactly on the channel's last row, else spilling into row 2m + 2 like the even row.");
            _w.WriteLine($"{Avx512F}.PermuteVar16x32x2(even, lowerHalf, odd).StoreUnsafe(ref top, {w});");
            _w.WriteLine($"odd = {Avx512F}.PermuteVar16x32x2(even, upperHalf, odd);");
            using (_w.Block("if (m + 1 < OutHeight)"))
            {
                _w.WriteLine($"odd.StoreUnsafe(ref top, {w + 16});");
            }
            using (_w.Block("else"))
            {
                _w.WriteLine(SimdVocabulary.Vector512.StoreFirst("odd", "top", w + 16, w - 16));
            }
        }
    }

    /// <summary>
    /// gradOutput rows of 4-7 columns: per gradOutput row m one vector builds gradInput rows 2m and 2m + 1 (contiguous
    /// in gradInput), lanes [0, OW) for row 2m and [OW, 2OW) for row 2m + 1. Row m is loaded with row m + 1 behind it and
    /// permuted into four vectors: row m in both halves, and shifted by one column; row m + 1 in the upper half only,
    /// and shifted. The kernel rows of the two halves differ (1 against 2), so those weights are lane-split vectors.
    /// </summary>
    private void EmitRowPairs()
    {
        int ow = _layer.OutWidth, oh = _layer.OutHeight, channel = oh * ow;
        string Indices(System.Func<int, int> lane) => string.Join(", ", Enumerable.Range(0, 16).Select(lane));
        string Mask(System.Func<int, bool> keep) => Literal.Mask("Vector512", 16, keep);
        _w.WriteLine($"// Lane-split weights: lanes [0, {ow}) build gradInput row 2m (kernel row 1), lanes [{ow}, {2 * ow}) row 2m + 1 (kernel row 2).");
        _w.WriteLine($"Vector512<float> upper = {Mask(lane => lane >= ow)};");
        _w.WriteLine("Vector512<float> evenWeights = Vector512.ConditionalSelect(upper, w21, w11), oddWeights = Vector512.ConditionalSelect(upper, w22, w12), oddShiftedWeights = Vector512.ConditionalSelect(upper, w20, w10);");
        _w.WriteLine($"// Masks: the shifted vectors' last column of each row ({ow}, the padding); the vectors of row m + 1, upper half only.");
        _w.WriteLine($"Vector512<float> inRow = {Mask(lane => lane % ow != ow - 1 && lane < 2 * ow)};");
        _w.WriteLine($"Vector512<float> below = {Mask(lane => lane >= ow && lane < 2 * ow)}, belowInRow = {Mask(lane => lane >= ow && lane < 2 * ow - 1)};");
        _w.WriteLine("Vector512<float> loaded;");
        // Rows whose 16-float load from their start stays inside the channel use one index set; the rest are loaded
        // ending at the channel's end, their lanes offset by 16 − (OH − m)·OW.
        int loopRows = System.Math.Min(oh - 1, System.Math.Max(0, (channel - 16) / ow + 1));
        void EmitPair(string m, int offset, bool last)
        {
            _w.WriteLine($"row = Vector512.Shuffle(loaded, Vector512.Create({Indices(lane => lane < 2 * ow ? offset + lane % ow : 0)}));");
            _w.WriteLine($"shifted = Vector512.Shuffle(loaded, Vector512.Create({Indices(lane => lane < 2 * ow ? System.Math.Min(offset + lane % ow + 1, 15) : 0)})) & inRow;");
            _w.WriteLine("even = row * evenWeights; odd = Vector512.MultiplyAddEstimate(shifted, oddShiftedWeights, row * oddWeights);");
            if (!last)
            {
                _w.WriteLine(int.TryParse(m, out int row)
                    ? $"// Kernel row 0 of gradOutput row {row + 1} into gradInput row {2 * row + 1}."
                    : $"// Kernel row 0 of gradOutput row {m} + 1 into gradInput row 2·{m} + 1.");
                _w.WriteLine($"nextRow = Vector512.Shuffle(loaded, Vector512.Create({Indices(lane => lane >= ow && lane < 2 * ow ? offset + lane : 0)})) & below;");
                _w.WriteLine($"nextShifted = Vector512.Shuffle(loaded, Vector512.Create({Indices(lane => lane >= ow && lane < 2 * ow - 1 ? offset + lane + 1 : 0)})) & belowInRow;");
                _w.WriteLine("even = Vector512.MultiplyAddEstimate(nextRow, w01, even); odd = Vector512.MultiplyAddEstimate(nextShifted, w00, Vector512.MultiplyAddEstimate(nextRow, w02, odd));");
            }
        }
        if (loopRows > 0)
        {
            _w.WriteLine($"// gradOutput rows 0..{loopRows - 1}: each loaded from its start with the next row behind it.");
            using (_w.Block($"for (int m = 0; m < {loopRows}; m++)"))
            {
                _w.WriteLine("loaded = Vector512.LoadUnsafe(ref gradOutput, (nuint)(m * OutWidth));");
                EmitPair("m", 0, last: false);
                _w.WriteLine($"// gradInput rows 2m and 2m + 1, and {32 - 4 * ow} floats of row 2m + 2, which is stored next.");
                EmitInterleavedStore($"Unsafe.Add(ref gradInput, 2 * m * Width)", 0);
            }
        }
        for (int m = loopRows; m < oh; m++)
        {
            bool last = m == oh - 1;
            int offset = 16 - (oh - m) * ow;
            _w.WriteLine($"// gradOutput {(last ? $"row {m} (the last)" : $"rows {m} and {m + 1}")}: the channel's last 16 floats, row {m} from lane {offset}.");
            _w.WriteLine($"loaded = Vector512.LoadUnsafe(ref gradOutput, {channel - 16});");
            EmitPair(m.ToString(System.Globalization.CultureInfo.InvariantCulture), offset, last);
            string target = $"Unsafe.Add(ref gradInput, {2 * m * _layer.Width})";
            if (!last)
            {
                EmitInterleavedStore(target, 0);
                continue;
            }
            _w.WriteLine($"// The channel's last two gradInput rows: {4 * ow} floats exactly.");
            _w.WriteLine($"{Avx512F}.PermuteVar16x32x2(even, lowerHalf, odd).StoreUnsafe(ref {target}, 0);");
            if (4 * ow > 16)
            {
                _w.WriteLine($"odd = {Avx512F}.PermuteVar16x32x2(even, upperHalf, odd); {SimdVocabulary.Vector512.StoreFirst("odd", target, 16, 4 * ow - 16)}");
            }
        }
    }

    private void EmitEvenRow()
    {
        _w.WriteLine("// gradInput row 2m: kernel row 1 of gradOutput row m.");
        _w.WriteLine("even = row * w11; odd = Vector512.MultiplyAddEstimate(shifted, w10, row * w12);");
    }

    /// <param name="carries">Row m + 1 becomes the next step's row m (a column strip); a row walk reloads it.</param>
    private void EmitOddRow(string loadNext, string shiftNext, bool carries = true)
    {
        _w.WriteLine("// gradInput row 2m + 1: kernel row 2 of gradOutput row m, then kernel row 0 of row m + 1 (none below the last row).");
        _w.WriteLine("even = row * w21; odd = Vector512.MultiplyAddEstimate(shifted, w20, row * w22);");
        using (_w.Block("if (m + 1 < OutHeight)"))
        {
            _w.WriteLine(loadNext);
            _w.WriteLine(shiftNext);
            _w.WriteLine("even = Vector512.MultiplyAddEstimate(nextRow, w01, even); odd = Vector512.MultiplyAddEstimate(nextShifted, w00, Vector512.MultiplyAddEstimate(nextRow, w02, odd));");
            if (carries)
            {
                _w.WriteLine("row = nextRow; shifted = nextShifted;");
            }
        }
    }

    private void EmitInterleavedStore(string reference, int offset)
    {
        _w.WriteLine($"{Avx512F}.PermuteVar16x32x2(even, lowerHalf, odd).StoreUnsafe(ref {reference}, {offset}); {Avx512F}.PermuteVar16x32x2(even, upperHalf, odd).StoreUnsafe(ref {reference}, {offset + 16});");
    }
}
