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
/// shifts and row-edge masks of the whole-row tile. Stride 1 or 2; stride 2 interleaves the channels instead
/// (<see cref="EmitInterleaved"/>), so that its input rows split into their stride phases without cross-lane shuffles.
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
        if (_layer.StrideHeight == 2)
        {
            EmitInterleaved();
            return;
        }
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

    /// <summary>The lane of channel c + <paramref name="channel"/>'s output column <paramref name="column"/> in the interleaved layout of <see cref="EmitInterleaved"/>.</summary>
    private static int InterleavedLane(int channel, int column) => 4 * (column / 2) + 2 * channel + column % 2;

    /// <summary>The output column a lane of the interleaved layout holds (either channel's): the inverse of <see cref="InterleavedLane"/>.</summary>
    private static int InterleavedColumn(int lane) => 2 * (lane / 4) + lane % 2;

    /// <summary>
    /// Stride 2: channels c and c + 1 interleaved in every 128-bit block (lanes 4i and 4i + 1 hold channel c's output
    /// columns 2i and 2i + 1, lanes 4i + 2 and 4i + 3 channel c + 1's). An input row of both channels, loaded from each
    /// row's start, then splits into the even and odd columns those lanes read with one in-lane <c>vshufps</c> each,
    /// which on the Zen 5 VM run beside the multiply-adds, where the cross-lane permutes of the stride-1 layout compete
    /// with them for the same two pipes. Kernel column 0 reads the odd column one to the left, so its products go to a
    /// second accumulator per output row, whose lanes move one column right when the row is complete: one cross-lane
    /// permute of each accumulator then restores the column order, and the sum is stored like the stride-1 kernel's.
    /// </summary>
    private void EmitInterleaved()
    {
        LayerSpec l = _layer;
        int floats = l.Height * l.Width, ow = l.OutWidth, plane = l.OutHeight * ow;
        bool padsRight = Enumerable.Range(0, ow).Any(j => 2 * j + 1 >= l.Width);
        string bias = l.HasBias ? "ref float bias, " : "";
        string Left(int row) => SplitRowTileEmitter.ColumnZeroAcc(row, null);
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: channels c and c + 1 interleaved in every 128-bit block (lanes 4i, 4i + 1 channel c's output columns 2i, 2i + 1; lanes 4i + 2, 4i + 3 channel c + 1's), two accumulators per output row ({l.OutHeight} rows of {ow}: kernel columns 1 and 2, and kernel column 0, which reads one column to the left); input and output are channel c's, channel c + 1's follow them.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output)"))
        {
            var rows = Enumerable.Range(0, l.OutHeight).ToList();
            var weights = Enumerable.Range(0, 3).SelectMany(kh => Enumerable.Range(0, 3).Select(kw => Weight(kh, kw))).ToList();
            _w.WriteLine($"Vector512<float> low, high, even, odd{(padsRight ? ", right" : "")}, {string.Join(", ", weights)}, {string.Join(", ", rows.Select(Acc))}, {string.Join(", ", rows.Select(Left))};");
            _w.WriteLine("// The taps of both channels, interleaved like the columns: per 128-bit block two lanes of channel c's tap, two of channel c + 1's (two broadcasts and an in-lane shuffle per tap).");
            for (int kh = 0; kh < 3; kh++)
            {
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, 3).Select(kw =>
                    $"{Weight(kh, kw)} = {Interleave($"Unsafe.Add(ref weights, {kh * 3 + kw})", $"Unsafe.Add(ref weights, {9 + kh * 3 + kw})")};")));
            }
            string init = l.HasBias ? "start" : "Vector512<float>.Zero";
            if (l.HasBias)
            {
                _w.WriteLine("// Both channels' biases, interleaved like the taps: where every output row starts.");
                _w.WriteLine($"Vector512<float> start = {Interleave("bias", "Unsafe.Add(ref bias, 1)")};");
            }
            _w.WriteLine("// Restoring the column order once a row is complete: lanes [0, 8) channel c's columns, [8, 16) channel c + 1's; kernel column 0's accumulator moved one column right, the padding column entering at column 0.");
            _w.WriteLine($"Vector512<int> columns = Vector512.Create({string.Join(", ", Enumerable.Range(0, 16).Select(n => InterleavedLane(n / 8, n % 8)))});");
            _w.WriteLine($"Vector512<int> fromLeft = Vector512.Create({string.Join(", ", Enumerable.Range(0, 16).Select(n => InterleavedLane(n / 8, System.Math.Max(n % 8 - 1, 0))))});");
            _w.WriteLine($"Vector512<float> padding = {Literal.Mask("Vector512", 16, n => n % 8 != 0)};");
            if (padsRight)
            {
                _w.WriteLine($"// Kernel column 2 of output column {ow - 1} reads column {l.Width}, the padding: masked in each channel's lanes.");
                _w.WriteLine($"Vector512<float> padding2 = {Literal.Mask("Vector512", 16, lane => 2 * InterleavedColumn(lane) + 1 < l.Width)};");
            }
            if (ow < 8)
            {
                _w.WriteLine("Vector256<float> last;");
            }
            _w.WriteLine("ref float x = ref input;");
            var started = new HashSet<int>();
            for (int r = 0; r < l.Height; r++)
            {
                List<(int Row, int Kh)> uses = _pairs.Uses(r).ToList();
                if (uses.Count == 0)
                {
                    continue;
                }
                var fresh = uses.Where(u => started.Add(u.Row)).Select(u => u.Row).OrderBy(t => t).ToList();
                if (fresh.Count > 0)
                {
                    _w.WriteLine($"// Output row{(fresh.Count == 1 ? $" {fresh[0]} starts" : $"s {string.Join(" and ", fresh)} start")} at {(l.HasBias ? "the bias" : "zero")}.");
                    _w.WriteLine(string.Join(" ", fresh.Select(t => $"{Acc(t)} = {init}; {Left(t)} = Vector512<float>.Zero;")));
                }
                int start = r * l.Width;
                int second = ChannelPairGeometry.EmitPairLoads(_w, "x", floats, start, $"Input row {r}",
                    $": {string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of output row {u.Row}"))}; its even and odd columns, one in-lane shuffle each");
                if (second < floats + start)
                {
                    _w.WriteLine($"high = {SimdVocabulary.Avx512F}.AlignRight32(Vector512<int>.Zero, high.AsInt32(), {floats + start - second}).AsSingle();");
                }
                _w.WriteLine($"even = {SimdVocabulary.Avx512F}.Shuffle(low, high, 0x88); odd = {SimdVocabulary.Avx512F}.Shuffle(low, high, 0xDD);{(padsRight ? " right = odd & padding2;" : "")}");
                var fmas = new List<string>();
                foreach ((string tap, int kw) in new[] { ("odd", 0), ("even", 1), (padsRight ? "right" : "odd", 2) })
                {
                    fmas.AddRange(uses.Select(u => kw == 0
                        ? $"{Left(u.Row)} = {_simd.MultiplyAdd(tap, Weight(u.Kh, kw), Left(u.Row))};"
                        : $"{Acc(u.Row)} = {_simd.MultiplyAdd(tap, Weight(u.Kh, kw), Acc(u.Row))};"));
                }
                _w.WriteLine(string.Join(" ", fmas));
                foreach (int t in uses.Select(u => u.Row).Where(t => System.Math.Min(2 * t + 1, l.Height - 1) == r).OrderBy(t => t))
                {
                    EmitInterleavedRowStore(t, plane);
                }
            }
        }
    }

    /// <summary>Channel c's and channel c + 1's tap (or bias) in the interleaved lanes: two broadcasts and one <c>vshufps</c>.</summary>
    private static string Interleave(string first, string second) =>
        $"{SimdVocabulary.Avx512F}.Shuffle(Vector512.Create({first}), Vector512.Create({second}), 0)";

    /// <summary>Output row <paramref name="t"/> is complete: its two accumulators in column order, summed, activated and stored for both channels.</summary>
    private void EmitInterleavedRowStore(int t, int plane)
    {
        LayerSpec l = _layer;
        int ow = l.OutWidth;
        bool lastRow = t == l.OutHeight - 1;
        _w.WriteLine($"// Output row {t} is complete: back in column order, kernel column 0's sums one column right{(l.FusedActivation.IsNone ? "" : ", the activation")}; stored as channel c's row from the lower half and channel c + 1's from the upper{(lastRow || ow == 8 ? "" : $" (8 floats each, whose last {8 - ow} the next row's store overwrites)")}.");
        _w.WriteLine($"{Acc(t)} = {SplitRowTileEmitter.RestoredRow(_simd, Acc(t), SplitRowTileEmitter.ColumnZeroAcc(t, null), l.FusedActivation)};");
        var stores = new List<string>();
        foreach ((string part, int offset) in new[] { ("GetLower", 0), ("GetUpper", plane) })
        {
            int at = offset + t * ow;
            stores.Add(!lastRow || ow == 8
                ? $"{Acc(t)}.{part}().StoreUnsafe(ref output, {at});"
                : $"last = {Acc(t)}.{part}(); {SimdVocabulary.Vector256.StoreFirst("last", "output", at, ow)}");
        }
        _w.WriteLine(string.Join(" ", stores));
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
