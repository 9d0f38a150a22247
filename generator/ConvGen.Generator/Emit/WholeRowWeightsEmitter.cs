using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX-512 channel method of a 3×3, stride-1, padding-1 depthwise backward-weights pass with rows of 4-16
/// outputs (<see cref="BackwardWeightsPlan.WholeRows512"/>), which reads input and gradOutput straight from NCHW. The
/// gradOutput plane is laid out as the forward pass's whole-row tile lays out the output: vector p holds output row
/// t = FirstRow(p) (and t + 1, with two rows per vector), masked to the rows no earlier vector counted. Input rows
/// are loaded and shifted exactly as the forward tile loads them (<see cref="WholeRowTileEmitter.EmitRowVectors"/>),
/// and input row r feeds tap (kh, kw) of every vector whose row t has t − 1 + kh = r: one FMA per tap with the left,
/// middle or right shift. The nine tap accumulators (and the bias's) run over the whole batch and are summed
/// horizontally at the end, so one thread reduces a channel in a fixed order.
/// </summary>
internal sealed class WholeRowWeightsEmitter
{
    public const string MethodName = "WholeRowChannel512";

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly WholeRowTilePlan _tile;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector512;

    public WholeRowWeightsEmitter(SourceWriter writer, LayerSpec layer, WholeRowTilePlan tile)
    {
        _w = writer;
        _layer = layer;
        _tile = tile;
    }

    private static string Acc(int kh, int kw) => DepthwiseWeightsGradientEmitter.Acc(kh, kw);

    private static string Gradient(int vector) => $"g{vector}";

    public void Emit()
    {
        LayerSpec l = _layer;
        int w = l.Width, k = _tile.RowsPerVector, vectors = _tile.Accumulators;
        string holds = k == 2 ? $"{vectors} vectors of two rows each" : $"{vectors} vectors of one row each";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: one channel over the batch, its {l.OutHeight} gradOutput rows of {w} in {holds} and its input rows read straight from NCHW; {l.Taps} tap accumulators{(l.HasBias ? " and a bias accumulator" : "")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float gradOutput, ref float gradWeights, ref float gradBias, int c, int batch)"))
        {
            List<string> taps = DepthwiseWeightsGradientEmitter.DeclareAccumulators(_w, _simd, l);
            WholeRowTileEmitter.EmitEdgeMasks(_w, w, k);
            _w.WriteLine($"Vector512<float> rows, left, right, {string.Join(", ", Enumerable.Range(0, vectors).Select(Gradient))};");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                _w.WriteLine("ref float g = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                // Input rows in order, each loaded and shifted once for every (vector, kernel row) that reads it; each
                // gradOutput vector is loaded just before the first input row it meets.
                var uses = Enumerable.Range(0, vectors)
                    .SelectMany(p => Enumerable.Range(0, 3).Select(kh => (Vector: p, Kh: kh, Row: _tile.FirstRow(p) - 1 + kh)))
                    .GroupBy(u => u.Row)
                    .OrderBy(group => group.Key);
                var loaded = new HashSet<int>();
                foreach (var group in uses)
                {
                    var reads = group.Select(u => (u.Vector, u.Kh)).ToList();
                    if (k == 1 && (group.Key < 0 || group.Key >= l.Height))
                    {
                        WholeRowTileEmitter.EmitRowVectors(_w, l, k, group.Key, Feeds(reads), "x");
                        continue;
                    }
                    foreach (int p in reads.Select(u => u.Vector).Where(loaded.Add))
                    {
                        EmitGradientLoad(p);
                    }
                    WholeRowTileEmitter.EmitRowVectors(_w, l, k, group.Key, Feeds(reads), "x");
                    _w.WriteLine(string.Join(" ", reads.Select(u =>
                        $"{Fma(u.Kh, 0, u.Vector, "left")} {Fma(u.Kh, 1, u.Vector, "rows")} {Fma(u.Kh, 2, u.Vector, "right")}")));
                }
            }
            DepthwiseWeightsGradientEmitter.EmitHorizontalSums(_w, _simd, taps, l.HasBias);
        }
    }

    private string Fma(int kh, int kw, int vector, string shifted) =>
        $"{Acc(kh, kw)} = {_simd.MultiplyAdd(Gradient(vector), shifted, Acc(kh, kw))};";

    private string Feeds(IEnumerable<(int Vector, int Kh)> reads)
    {
        int k = _tile.RowsPerVector;
        return string.Join(", ", reads.Select(u => k == 2
            ? $"kernel row {u.Kh} of gradOutput rows {_tile.FirstRow(u.Vector)} and {_tile.FirstRow(u.Vector) + 1}"
            : $"kernel row {u.Kh} of gradOutput row {_tile.FirstRow(u.Vector)}"));
    }

    private void EmitGradientLoad(int vector) =>
        EmitGradientLoad(_w, _layer, Gradient(vector), _tile.FirstRow(vector), _tile.RowsPerVector, vector == 0 ? 0 : _tile.FirstRow(vector - 1) + _tile.RowsPerVector);

    /// <summary>
    /// Sets <paramref name="variable"/> to gradOutput rows t (and t + 1 with two rows per vector) of the channel at
    /// <c>g</c>: the vector from t·OutWidth, or the channel's last 16 floats shifted down (zeros behind the channel),
    /// masked to lanes [0, k·OutWidth) minus the rows before <paramref name="counted"/>, which an earlier vector already
    /// counted; with a bias, it is also summed into <c>b</c>. The channel holds at least 16 floats.
    /// </summary>
    internal static void EmitGradientLoad(SourceWriter w, LayerSpec layer, string variable, int t, int rowsPerVector, int counted)
    {
        int width = layer.OutWidth, floats = layer.OutHeight * width, k = rowsPerVector;
        SimdVocabulary simd = SimdVocabulary.Vector512;
        string load = t * width + 16 <= floats
            ? simd.Load("g", t * width)
            : $"{SimdVocabulary.Avx512F}.AlignRight32(Vector512<int>.Zero, {simd.Load("g", floats - 16)}.AsInt32(), {16 - (floats - t * width)}).AsSingle()";
        System.Func<int, bool> dropped = lane => lane >= k * width || t + lane / width < counted;
        string rows = k == 2 ? $"rows {t} and {t + 1}" : $"row {t}";
        string comment = counted > t
            ? $"gradOutput {rows}, row {t} already counted by the vector before: lanes [{width}, {2 * width}) only"
            : $"gradOutput {rows}{(t * width + 16 > floats ? ", the channel's last 16 floats shifted down" : "")}: lanes [0, {k * width})";
        w.WriteLine($"// {comment}{(layer.HasBias ? ", also summed into the bias accumulator" : "")}.");
        w.WriteLine($"{variable} = {load} & {WholeRowTileEmitter.Mask(dropped)};" +
            (layer.HasBias ? $" b += {variable};" : ""));
    }
}
