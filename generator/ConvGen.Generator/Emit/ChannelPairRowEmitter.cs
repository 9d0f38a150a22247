using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX-512 method of a 3×3, padding-1 depthwise forward pass on small planes that computes two channels at
/// once (<see cref="DirectConvPlan.ChannelPairs512"/>): lanes [0, OutWidth) of every vector hold channel c, lanes
/// [8, 8 + OutWidth) channel c + 1. Each input row of both channels is two loads split by three two-source permutes
/// into the columns the three kernel columns read (<see cref="ChannelPairGeometry"/>), and each output row is one
/// accumulator. The single-channel tiles of such planes already put two output rows in a vector; what the pair saves
/// is the fixed work of a small channel (its weight set-up, masks and call, done once per two channels) and the lane
/// shifts and row-edge masks of the whole-row tile. Stride 1 or 2.
/// </summary>
internal sealed class ChannelPairRowEmitter
{
    public const string MethodName = "ChannelPair512";

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly bool _rotatesWeights;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector512;
    private readonly ChannelPairGeometry _pairs;

    /// <param name="rotatesWeights">Read each channel's kernel rotated 180° (a stride-1 depthwise backward-data pass).</param>
    public ChannelPairRowEmitter(SourceWriter writer, LayerSpec layer, bool rotatesWeights)
    {
        _w = writer;
        _layer = layer;
        _rotatesWeights = rotatesWeights;
        _pairs = new ChannelPairGeometry(layer);
    }

    private static string Acc(int row) => $"a{row}";

    private static string Weight(int kh, int kw) => SplitRowTileEmitter.Weight(kh, kw);

    public void Emit()
    {
        LayerSpec l = _layer;
        string bias = l.HasBias ? "ref float bias, " : "";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: channels c and c + 1 side by side in the two 256-bit halves of every vector, one accumulator per output row ({l.OutHeight} rows of {l.OutWidth}); input and output are channel c's, channel c + 1's follow them.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output)"))
        {
            var accumulators = Enumerable.Range(0, l.OutHeight).Select(Acc).ToList();
            var weights = Enumerable.Range(0, 3).SelectMany(kh => Enumerable.Range(0, 3).Select(kw => Weight(kh, kw))).ToList();
            _w.WriteLine($"Vector512<float> low, high, k0, k1, k2, {string.Join(", ", weights)}, {string.Join(", ", accumulators)};");
            _pairs.EmitPaddingMasks(_w);
            EmitWeights();
            _w.WriteLine(l.HasBias
                ? "// Every output row starts at its channel's bias."
                : "// Every output row starts at zero.");
            _w.WriteLine(l.HasBias
                ? $"{accumulators[0]} = Vector512.Create(Vector256.Create(bias), Vector256.Create(Unsafe.Add(ref bias, 1)));"
                : $"{accumulators[0]} = Vector512<float>.Zero;");
            if (accumulators.Count > 1)
            {
                _w.WriteLine(string.Join(" ", accumulators.Skip(1).Select(a => $"{a} = {accumulators[0]};")));
            }
            _w.WriteLine("ref float x = ref input;");
            for (int r = 0; r < l.Height; r++)
            {
                List<(int Row, int Kh)> uses = _pairs.Uses(r).ToList();
                if (uses.Count == 0)
                {
                    continue;
                }
                _pairs.EmitInputSplit(_w, r, string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of output row {u.Row}")));
                _w.WriteLine(SplitRowTileEmitter.TapByTapMultiplyAdds(_simd, new[] { "k0", "k1", "k2" }, uses.Select(u => (Acc(u.Row), u.Kh)).ToList()));
            }
            if (!l.FusedActivation.IsNone)
            {
                _w.WriteLine("// The activation.");
                _w.WriteLine(string.Join(" ", accumulators.Select(a => $"{a} = {_simd.Activate(a, l.FusedActivation)};")));
            }
            EmitStores();
        }
    }

    /// <summary>
    /// The nine tap vectors: lanes [0, 8) channel c's tap, [8, 16) channel c + 1's. Two loads cover both channels' 18
    /// weights (the second starts 2 floats in, so it ends at channel c + 1's last); one permute per tap.
    /// </summary>
    private void EmitWeights()
    {
        _w.WriteLine(_rotatesWeights
            ? "// The taps of both channels, each kernel rotated 180°: lanes [0, 8) channel c's, [8, 16) channel c + 1's (two loads, a permute per tap)."
            : "// The taps of both channels: lanes [0, 8) channel c's, [8, 16) channel c + 1's (two loads, a permute per tap).");
        _w.WriteLine($"low = {_simd.Load("weights", 0)}; high = {_simd.Load("weights", 2)};");
        var lines = new List<string>();
        for (int kh = 0; kh < 3; kh++)
        {
            for (int kw = 0; kw < 3; kw++)
            {
                int tap = _rotatesWeights ? 8 - (kh * 3 + kw) : kh * 3 + kw;
                // Channel c's tap is low[tap]; channel c + 1's (float 9 + tap) is high[7 + tap], index 16 + 7 + tap.
                string indices = string.Join(", ", Enumerable.Range(0, 16).Select(lane => lane < 8 ? tap : 23 + tap));
                lines.Add($"{Weight(kh, kw)} = {SimdVocabulary.Avx512F}.PermuteVar16x32x2(low, Vector512.Create({indices}), high);");
            }
            _w.WriteLine(string.Join(" ", lines));
            lines.Clear();
        }
    }

    /// <summary>
    /// Output rows of channel c from the lower halves, then of channel c + 1 from the upper halves. A row narrower than
    /// 8 is stored as 8 floats whose overhang the next row's store overwrites; each channel's last row stores only its own.
    /// </summary>
    private void EmitStores()
    {
        LayerSpec l = _layer;
        int ow = l.OutWidth, plane = l.OutHeight * ow;
        SimdVocabulary half = SimdVocabulary.Vector256;
        _w.WriteLine(ow == 8
            ? "// Channel c's rows from the lower halves, channel c + 1's from the upper halves."
            : $"// Channel c's rows from the lower halves, channel c + 1's from the upper halves; each 8-float store overhangs {8 - ow} lane(s) into the next row, which its store overwrites, and a channel's last row stores {ow}.");
        if (ow < 8)
        {
            _w.WriteLine("Vector256<float> last;");
        }
        foreach ((string part, int offset) in new[] { ("GetLower", 0), ("GetUpper", plane) })
        {
            var stores = new List<string>();
            for (int t = 0; t < l.OutHeight; t++)
            {
                int at = offset + t * ow;
                stores.Add(t < l.OutHeight - 1 || ow == 8
                    ? $"{Acc(t)}.{part}().StoreUnsafe(ref output, {at});"
                    : $"last = {Acc(t)}.{part}(); {half.StoreFirst("last", "output", at, ow)}");
            }
            _w.WriteLine(string.Join(" ", stores));
        }
    }
}
