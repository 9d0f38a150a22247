using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the Vector256 (AVX2) channel method of a 3×3, stride-1, padding-1 depthwise backward-weights pass whose rows
/// are narrower than a vector (<see cref="BackwardWeightsPlan.WholeRows256"/>), reading input and gradOutput straight
/// from NCHW instead of packing each (image, channel) into a padded plane:
/// <list type="bullet">
/// <item>Every row is one vector with the row in lanes [0, Width) and zeros in the lanes past it: one load ANDed with a
/// mask. The channel's last row, whose load would leave the channel, is loaded ending at the channel's end instead,
/// masked to its own lanes and moved down to lane 0 by one vpermps.</item>
/// <item>Kernel columns 0 and 2 read the input row shifted right and left by one lane; each shift is one vpermps
/// of the masked row, which fetches a zero lane into the padding column and into the lanes past the row, so no lane
/// multiplies a value from another row (an infinite input reaches only the taps that read it).</item>
/// <item>Input row r feeds kernel row kh of gradOutput row r + 1 − kh: three FMAs per (row, kernel row).</item>
/// </list>
/// The nine tap accumulators (and the bias's) run over the whole batch and are summed horizontally at the end, so one
/// thread reduces a channel in a fixed order. On the Zen 5 VM (AVX-512 turned off, 7×7×1024, 1 thread, one process)
/// this made a call 1.48-1.66× faster than packing each channel into a 9×9 plane, whose seven 28-byte row copies per
/// channel had cost about a third of the call.
/// </summary>
internal sealed class WholeRowWeights256Emitter
{
    public const string MethodName = "WholeRowChannel256";

    private const int Lanes = NarrowRow256.Lanes;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector256;

    public WholeRowWeights256Emitter(SourceWriter writer, LayerSpec layer)
    {
        _w = writer;
        _layer = layer;
    }

    private int Width => _layer.Width;

    private int Floats => _layer.Height * _layer.Width;

    public void Emit()
    {
        LayerSpec l = _layer;
        _w.WriteLine($"/// <summary>Vector256 path (AVX2) without packing: one channel over the batch, each of its {l.Height} input and gradOutput rows of {Width} one vector read straight from NCHW; {l.Taps} tap accumulators{(l.HasBias ? " and a bias accumulator" : "")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float gradOutput, ref float gradWeights, ref float gradBias, int c, int batch)"))
        {
            List<string> taps = DepthwiseWeightsGradientEmitter.DeclareAccumulators(_w, _simd, l);
            NarrowRow256.EmitConstants(_w, Width);
            _w.WriteLine($"Vector256<float> x0, x1, x2, {string.Join(", ", Enumerable.Range(0, System.Math.Min(3, l.OutHeight)).Select(Gradient))};");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                _w.WriteLine("ref float g = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                int loaded = 0;
                for (int r = 0; r < l.Height; r++)
                {
                    var reads = Enumerable.Range(0, 3).Select(kh => (Kh: kh, Row: r + 1 - kh)).Where(u => u.Row >= 0 && u.Row < l.OutHeight).ToList();
                    _w.WriteLine($"// Input row {r}: {string.Join(", ", reads.Select(u => $"kernel row {u.Kh} of gradOutput row {u.Row}"))}.");
                    for (; loaded <= reads.Max(u => u.Row); loaded++)
                    {
                        EmitGradientRow(loaded);
                    }
                    EmitInputRow(r);
                    _w.WriteLine(string.Join(" ", reads.SelectMany(u => Enumerable.Range(0, 3).Select(kw =>
                        $"{DepthwiseWeightsGradientEmitter.Acc(u.Kh, kw)} = {_simd.MultiplyAdd(Gradient(u.Row), "x" + kw, DepthwiseWeightsGradientEmitter.Acc(u.Kh, kw))};"))));
                }
            }
            DepthwiseWeightsGradientEmitter.EmitHorizontalSums(_w, _simd, taps, l.HasBias);
        }
    }

    private static string Gradient(int row) => $"g{row % 3}";

    /// <summary>Whether row <paramref name="row"/> is the channel's last, whose vector loaded at its start would leave the channel.</summary>
    private bool LeavesChannel(int row) => row == _layer.Height - 1;

    /// <summary>The channel's last 8 floats at <paramref name="reference"/>.</summary>
    private string LastFloats(string reference) => _simd.Load(reference, Floats - Lanes);

    private void EmitGradientRow(int t)
    {
        string bias = _layer.HasBias ? $" b += {Gradient(t)};" : "";
        if (!LeavesChannel(t))
        {
            _w.WriteLine($"{Gradient(t)} = Vector256.BitwiseAnd({_simd.Load("g", t * Width)}, row);{bias}");
            return;
        }
        int first = NarrowRow256.LastRowLane(Width);
        _w.WriteLine($"// gradOutput row {t}: the channel's last 8 floats, masked to the row (lanes [{first}, {first + Width})) and moved down to lane 0.");
        _w.WriteLine($"{Gradient(t)} = {NarrowRow256.MoveDownTailRow(LastFloats("g"), Width)};{bias}");
    }

    private void EmitInputRow(int r)
    {
        if (!LeavesChannel(r))
        {
            _w.WriteLine(NarrowRow256.ShiftRow(_simd.Load("x", r * Width)));
            return;
        }
        int first = NarrowRow256.LastRowLane(Width);
        _w.WriteLine($"// The channel's last 8 floats, masked to the row (lanes [{first}, {first + Width})); each kernel column's shift moves it down to lane 0, lane 0 (zero) into the padding.");
        _w.WriteLine(NarrowRow256.ShiftTailRow(LastFloats("x"), Width));
    }
}
