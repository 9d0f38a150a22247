using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX-512 compute method of a 3×3, stride-1, padding-1 depthwise layer with rows of 4-16 outputs that reads
/// one channel's NCHW input directly (<see cref="WholeRowTilePlan"/>). Lanes [0, W) of a vector hold output row t and,
/// with two rows per vector, lanes [W, 2W) row t + 1. Through kernel row kh they read input rows r = t − 1 + kh (and
/// r + 1), the contiguous floats from r·W: one load where 16 floats from there stay inside the channel, else the
/// channel's last 16 floats (or, for r = −1, its first 16) shifted into place with zeros for the padding row; a row
/// of padding alone is skipped. That vector is the middle tap; shifted by one lane either way and masked at each
/// row's edge, it gives the outer taps.
/// </summary>
internal sealed class WholeRowTileEmitter
{
    public const string MethodName = "WholeRowTiles512";

    private const string Avx512F = SimdVocabulary.Avx512F;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly WholeRowTilePlan _tile;
    private readonly bool _rotatesWeights;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector512;

    /// <param name="rotatesWeights">Read each channel's kernel rotated 180°: a stride-1 depthwise backward-data pass.</param>
    public WholeRowTileEmitter(SourceWriter writer, LayerSpec layer, WholeRowTilePlan tile, bool rotatesWeights)
    {
        _w = writer;
        _layer = layer;
        _tile = tile;
        _rotatesWeights = rotatesWeights;
    }

    private static string Acc(int pair) => $"a{pair}";

    public void Emit()
    {
        LayerSpec l = _layer;
        int w = l.Width, k = _tile.RowsPerVector, vectors = _tile.Accumulators;
        string bias = l.HasBias ? "ref float bias, " : "";
        string holds = k == 2 ? $"{vectors} vectors of two rows each" : $"{vectors} vectors of one row each";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: the channel's {l.OutHeight} output rows of {w} in {holds}, read from the NCHW input; the 9 weights stay in registers.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output)"))
        {
            SplitRowTileEmitter.EmitWeights(_w, _rotatesWeights);
            EmitEdgeMasks(_w, l.Width, k);
            _w.WriteLine($"Vector512<float> {string.Join(", ", Enumerable.Range(0, vectors).Select(Acc))};");
            _w.WriteLine("Vector512<float> rows, left, right;");
            string init = l.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
            _w.WriteLine($"// Accumulators start at {(l.HasBias ? "the bias" : "zero")}.");
            _w.WriteLine($"{Acc(0)} = {init};" + string.Concat(Enumerable.Range(1, vectors - 1).Select(p => $" {Acc(p)} = {Acc(0)};")));
            // Input rows in order, each loaded and shifted once for every (vector, kernel row) that reads from it.
            var uses = Enumerable.Range(0, vectors)
                .SelectMany(p => Enumerable.Range(0, 3).Select(kh => (Vector: p, Kh: kh, Row: FirstRow(p) - 1 + kh)))
                .GroupBy(u => u.Row)
                .OrderBy(g => g.Key);
            foreach (var group in uses)
            {
                EmitInputRows(group.Key, group.Select(u => (u.Vector, u.Kh)).ToList());
            }
            string activation = SimdVocabulary.StoreVerb(l.FusedActivation);
            _w.WriteLine($"// {activation} the vectors in row order: each one's last {_tile.Overhang} lane(s) spill into the next vector's rows, stored next; the last is stored at its exact width.");
            var stores = Enumerable.Range(0, vectors).Select(p => (Acc(p), FirstRow(p) * w)).ToList();
            foreach (string line in _simd.StoreInOrder(stores, "output", l.FusedActivation, k * w))
            {
                _w.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// Declares the masks of the outer taps: <c>rightEdge</c> (column W of each row is padding) and, with two rows per
    /// vector, <c>leftEdge</c> (column −1 of the second row; the first row's comes with the shift).
    /// </summary>
    internal static void EmitEdgeMasks(SourceWriter w, int width, int rowsPerVector)
    {
        int k = rowsPerVector;
        System.Func<int, bool> leftPadding = lane => lane % width == 0 && lane < k * width;
        System.Func<int, bool> rightPadding = lane => lane % width == width - 1 && lane < k * width;
        string Lanes(System.Func<int, bool> padding) => string.Join(" and ", Enumerable.Range(0, 16).Where(padding));
        if (k == 2)
        {
            w.WriteLine($"// Masks of the outer taps: column −1 (lane {Lanes(leftPadding)}) and column {width} (lane {Lanes(rightPadding)}) of each row are the padding.");
            w.WriteLine($"Vector512<float> leftEdge = {Mask(leftPadding)};");
        }
        else
        {
            w.WriteLine($"// Mask of the right tap: column {width} (lane {Lanes(rightPadding)}) is the padding.");
        }
        w.WriteLine($"Vector512<float> rightEdge = {Mask(rightPadding)};");
    }

    private int FirstRow(int vector) => _tile.FirstRow(vector);

    /// <summary>A Vector512 AND mask, zero in the lanes that read <paramref name="padding"/>.</summary>
    internal static string Mask(System.Func<int, bool> padding) => Literal.Mask("Vector512", 16, lane => !padding(lane));

    /// <summary>Input row r (and r + 1), loaded and shifted once, multiplied into every (vector, kernel row) that reads it.</summary>
    private void EmitInputRows(int r, System.Collections.Generic.IReadOnlyList<(int Vector, int Kh)> uses)
    {
        int k = _tile.RowsPerVector;
        string Output(int vector) => k == 2 ? $"output rows {FirstRow(vector)} and {FirstRow(vector) + 1}" : $"output row {FirstRow(vector)}";
        string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of {Output(u.Vector)}"));
        if (!EmitRowVectors(_w, _layer, k, r, feeds, "input"))
        {
            return;
        }
        _w.WriteLine(SplitRowTileEmitter.TapByTapMultiplyAdds(_simd, new[] { "left", "rows", "right" }, uses.Select(u => (Acc(u.Vector), u.Kh)).ToList()));
    }

    /// <summary>
    /// Sets <c>rows</c> to input row r (and r + 1, with two rows per vector) of the channel at <paramref name="channel"/>
    /// and <c>left</c> / <c>right</c> to it shifted by one lane for the outer taps, masked to the padding at each row's
    /// edge; returns false (after a comment) where the rows are padding alone.
    /// </summary>
    internal static bool EmitRowVectors(SourceWriter w, LayerSpec layer, int rowsPerVector, int r, string feeds, string channel)
    {
        int width = layer.Width, h = layer.Height, floats = h * width, k = rowsPerVector;
        if (k == 1 && (r < 0 || r >= h))
        {
            w.WriteLine($"// Input row {r} ({feeds}) is padding: nothing to add.");
            return false;
        }
        string rows;
        string comment;
        if (r < 0)
        {
            // Row −1 is padding: row 0, loaded from its start, moved up to lanes [W, 2W) behind zeros.
            rows = $"{Avx512F}.AlignRight32(Vector512.LoadUnsafe(ref {channel}, 0).AsInt32(), Vector512<int>.Zero, {16 - width}).AsSingle()";
            comment = "row −1 (padding, zero) and row 0, moved up behind it";
        }
        else if (r * width + 16 <= floats)
        {
            rows = $"Vector512.LoadUnsafe(ref {channel}, {r * width})";
            comment = k == 2 ? $"rows {r} and {r + 1}" : $"row {r}";
        }
        else
        {
            // Near the channel's end: load its last 16 floats, shift row r down to lane 0, zero-fill behind the channel.
            int shift = 16 - (floats - r * width);
            rows = shift == 0
                ? $"Vector512.LoadUnsafe(ref {channel}, {r * width})"
                : $"{Avx512F}.AlignRight32(Vector512<int>.Zero, Vector512.LoadUnsafe(ref {channel}, {floats - 16}).AsInt32(), {shift}).AsSingle()";
            comment = k == 1 ? $"row {r}, the channel's last 16 floats shifted down"
                : r + 1 == h ? $"row {r} and row {h} (padding, zero), the channel's last 16 floats shifted down"
                : $"rows {r} and {r + 1}, the channel's last 16 floats shifted down";
        }
        w.WriteLine($"// Input {comment}: {feeds}.");
        w.WriteLine($"rows = {rows};");
        // One row per vector: the shift itself brings the padding into lane 0.
        string leftMask = k == 2 ? " & leftEdge" : "";
        w.WriteLine($"left = {Avx512F}.AlignRight32(rows.AsInt32(), Vector512<int>.Zero, 15).AsSingle(){leftMask}; right = {Avx512F}.AlignRight32(Vector512<int>.Zero, rows.AsInt32(), 1).AsSingle() & rightEdge;");
        return true;
    }
}
