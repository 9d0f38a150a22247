using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX-512 compute method of a 3×3, stride-1, padding-1 depthwise layer with rows of 4-7 outputs that reads
/// one channel's NCHW input directly (<see cref="PairedRowTilePlan"/>). Lanes [0, W) of a vector hold output row t and
/// lanes [W, 2W) row t + 1. Kernel row kh reads input rows r = t − 1 + kh and r + 1, which are the 2W contiguous floats
/// from r·W: one load where 16 floats from there stay inside the channel, else the channel's last 16 floats (or, for
/// r = −1, its first 16) shifted into place with zeros for the padding row. That vector is the middle tap; shifted by
/// one lane either way and masked at each row's edge, it gives the outer taps.
/// </summary>
internal sealed class PairedRowTileEmitter
{
    public const string MethodName = "PairedTiles512";

    private const string Avx512F = "global::System.Runtime.Intrinsics.X86.Avx512F";

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly PairedRowTilePlan _tile;
    private readonly bool _rotatesWeights;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector512;

    /// <param name="rotatesWeights">Read each channel's kernel rotated 180°: a stride-1 depthwise backward-data pass.</param>
    public PairedRowTileEmitter(SourceWriter writer, LayerSpec layer, PairedRowTilePlan tile, bool rotatesWeights)
    {
        _w = writer;
        _layer = layer;
        _tile = tile;
        _rotatesWeights = rotatesWeights;
    }

    private static string Acc(int pair) => $"a{pair}";

    private static string Weight(int kh, int kw) => $"w{kh}{kw}";

    private int WeightIndex(int tap) => _rotatesWeights ? 8 - tap : tap;

    public void Emit()
    {
        LayerSpec l = _layer;
        int w = l.Width, pairs = _tile.Accumulators;
        string bias = l.HasBias ? "ref float bias, " : "";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: the channel's {l.OutHeight} output rows of {w} in {pairs} vectors of two rows each, read from the NCHW input; the 9 weights stay in registers.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output)"))
        {
            _w.WriteLine(_rotatesWeights ? "// The channel's weights rotated 180°, broadcast once: wKhKw." : "// The channel's weights, broadcast once: wKhKw.");
            for (int kh = 0; kh < 3; kh++)
            {
                _w.WriteLine($"Vector512<float> " + string.Join(", ", Enumerable.Range(0, 3).Select(kw => $"{Weight(kh, kw)} = {_simd.Broadcast($"Unsafe.Add(ref weights, {WeightIndex(kh * 3 + kw)})")}")) + ";");
            }
            _w.WriteLine($"// Masks of the outer taps: column −1 (lanes 0 and {w}) and column {w} (lanes {w - 1} and {2 * w - 1}) of each row are the padding.");
            _w.WriteLine($"Vector512<float> leftEdge = Vector512.Create({Mask(lane => lane == 0 || lane == w)}).AsSingle();");
            _w.WriteLine($"Vector512<float> rightEdge = Vector512.Create({Mask(lane => lane == w - 1 || lane == 2 * w - 1)}).AsSingle();");
            _w.WriteLine($"Vector512<float> {string.Join(", ", Enumerable.Range(0, pairs).Select(Acc))};");
            _w.WriteLine("Vector512<float> rows, left, right;");
            string init = l.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
            _w.WriteLine($"// Accumulators start at {(l.HasBias ? "the bias" : "zero")}.");
            _w.WriteLine($"{Acc(0)} = {init};" + string.Concat(Enumerable.Range(1, pairs - 1).Select(p => $" {Acc(p)} = {Acc(0)};")));
            for (int p = 0; p < pairs; p++)
            {
                int t = System.Math.Min(2 * p, l.OutHeight - 2);
                for (int kh = 0; kh < 3; kh++)
                {
                    EmitRowPair(p, t, kh);
                }
            }
            string activation = l.Activation switch
            {
                ActivationKind.Relu => "ReLU, then store",
                ActivationKind.Relu6 => "ReLU6, then store",
                _ => "Store",
            };
            _w.WriteLine($"// {activation} the row pairs in order: each vector's last {_tile.Overhang} lane(s) spill into the next pair's rows, stored next; the last pair is stored at its exact width.");
            for (int p = 0; p < pairs; p++)
            {
                int t = System.Math.Min(2 * p, l.OutHeight - 2);
                string value = _simd.Activate(Acc(p), l.Activation);
                _w.WriteLine(p < pairs - 1
                    ? _simd.Store(value, "output", t * w)
                    : (value == Acc(p) ? "" : $"{Acc(p)} = {value}; ") + _simd.StoreFirst(Acc(p), "output", t * w, 2 * w));
            }
        }
    }

    private static string Mask(System.Func<int, bool> padding) =>
        string.Join(", ", Enumerable.Range(0, 16).Select(lane => padding(lane) ? "0" : "-1"));

    /// <summary>Output rows t and t + 1 through kernel row kh: input rows r = t − 1 + kh and r + 1.</summary>
    private void EmitRowPair(int pair, int t, int kh)
    {
        int w = _layer.Width, h = _layer.Height, channel = h * w;
        int r = t - 1 + kh;
        string rows;
        string comment;
        if (r < 0)
        {
            // Row −1 is padding: row 0, loaded from its start, moved up to lanes [W, 2W) behind zeros.
            rows = $"{Avx512F}.AlignRight32(Vector512.LoadUnsafe(ref input, 0).AsInt32(), Vector512<int>.Zero, {16 - w}).AsSingle()";
            comment = "row −1 (padding, zero) and row 0, moved up behind it";
        }
        else if (r * w + 16 <= channel)
        {
            rows = $"Vector512.LoadUnsafe(ref input, {r * w})";
            comment = $"rows {r} and {r + 1}";
        }
        else
        {
            // Near the channel's end: load its last 16 floats, shift row r down to lane 0, zero-fill behind the channel.
            int shift = 16 - (channel - r * w);
            rows = $"{Avx512F}.AlignRight32(Vector512<int>.Zero, Vector512.LoadUnsafe(ref input, {channel - 16}).AsInt32(), {shift}).AsSingle()";
            comment = r + 1 == h
                ? $"row {r} and row {h} (padding, zero), loaded ending at the channel's end"
                : $"rows {r} and {r + 1}, loaded ending at the channel's end";
        }
        _w.WriteLine($"// Output rows {t} and {t + 1}, kernel row {kh}: input {comment}.");
        _w.WriteLine($"rows = {rows};");
        _w.WriteLine($"left = {Avx512F}.AlignRight32(rows.AsInt32(), Vector512<int>.Zero, 15).AsSingle() & leftEdge; right = {Avx512F}.AlignRight32(Vector512<int>.Zero, rows.AsInt32(), 1).AsSingle() & rightEdge;");
        string a = Acc(pair);
        _w.WriteLine($"{a} = {_simd.MultiplyAdd("left", Weight(kh, 0), a)}; {a} = {_simd.MultiplyAdd("rows", Weight(kh, 1), a)}; {a} = {_simd.MultiplyAdd("right", Weight(kh, 2), a)};");
    }
}
