using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX-512 channel method of a 3×3, stride-2, padding-1 depthwise backward-weights pass on an even plane
/// (<see cref="BackwardWeightsPlan.Split512"/>), which reads input and gradOutput straight from NCHW. Input row
/// 2oy − 1 + kh feeds kernel row kh of gradOutput row oy; each is loaded as two vectors and split into the odd columns
/// shifted by one lane, the even columns and the odd columns (kernel columns 0, 1 and 2) exactly as the forward split
/// tile splits it (<see cref="SplitRowTileEmitter.EmitSplit"/>, <see cref="SplitRowTileEmitter.EmitPairSplit"/>), then
/// multiplied by each gradOutput vector that reads it into that kernel row's three tap accumulators. The padding row
/// above the image is skipped on the first band; an even plane has none below. The accumulators (and the bias's) run
/// over the whole batch and are summed horizontally at the end, so one thread reduces a channel in a fixed order.
/// </summary>
internal sealed class SplitWeightsEmitter
{
    public const string MethodName = "SplitChannel512";

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly SplitWeightsPlan _plan;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector512;

    public SplitWeightsEmitter(SourceWriter writer, LayerSpec layer, SplitWeightsPlan plan)
    {
        _w = writer;
        _layer = layer;
        _plan = plan;
    }

    private static string Acc(int kh, int kw) => DepthwiseWeightsGradientEmitter.Acc(kh, kw);

    /// <summary>The register holding gradOutput row oy + <paramref name="row"/> of a band.</summary>
    internal static string Gradient(int row) => $"g{row}";

    /// <summary>Columns of the last column tile no earlier tile counted (16 where the rows are whole tiles).</summary>
    private int LastColumns => DepthwiseWeightsGradientEmitter.LastTileColumns(_layer.OutWidth, _plan.ColumnTiles);

    /// <summary>gradOutput rows of the last band, emitted on its own (its top row is a constant and its last row the channel's).</summary>
    private int LastBandRows => _plan.RemainderRows > 0 ? _plan.RemainderRows : _plan.Rows;

    public void Emit()
    {
        LayerSpec l = _layer;
        int rows = _plan.Rows;
        string layout = _plan.PairsRows ? $"its {l.OutHeight} gradOutput rows of {l.OutWidth} in pairs, one vector each"
            : _plan.WholeRow ? $"bands of {rows} gradOutput row(s) of {l.OutWidth}, one vector each"
            : $"bands of {rows} gradOutput row(s) × 16 columns";
        _w.WriteLine($"/// <summary>Vector512 path (AVX-512) without packing: one channel over the batch, {layout}, the input's stride phases split in registers; {l.Taps} tap accumulators{(l.HasBias ? " and a bias accumulator" : "")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float gradOutput, ref float gradWeights, ref float gradBias, int c, int batch{StreamPrefetchEmitter.Parameter(_plan.StreamAheadRows > 0)})"))
        {
            List<string> taps = DepthwiseWeightsGradientEmitter.DeclareAccumulators(_w, _simd, l);
            int gradients = _plan.PairsRows ? (l.OutHeight + 1) / 2 : rows;
            _w.WriteLine($"Vector512<float> low, high, even, odd, shifted, {string.Join(", ", Enumerable.Range(0, gradients).Select(Gradient))};");
            if (_plan.PairsRows)
            {
                SplitRowTileEmitter.EmitPairIndices(_w, l);
            }
            else
            {
                SplitRowTileEmitter.EmitSplitIndices(_w, l, SplitRowTileEmitter.HighStartOf(l, _plan.WholeRow));
                if (_plan.WholeRow)
                {
                    _w.WriteLine($"// Lanes [{l.OutWidth}, 16) of a gradOutput row's vector belong to the next row: masked off.");
                    _w.WriteLine($"Vector512<float> row = {Literal.Mask("Vector512", 16, lane => lane < l.OutWidth)};");
                }
                else
                {
                    DepthwiseWeightsGradientEmitter.EmitLastTileMask(_w, l.OutWidth, _plan.ColumnTiles);
                    _w.WriteLine("// Column −1 of every row, read by gradOutput column 0's first tap: the zero padding, at a row pitch of 0.");
                    _w.WriteLine("float padding = 0f;");
                }
            }
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("ref float image = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                _w.WriteLine("ref float gradient = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                if (_plan.PairsRows)
                {
                    EmitPairs();
                }
                else
                {
                    EmitBands();
                }
            }
            DepthwiseWeightsGradientEmitter.EmitHorizontalSums(_w, _simd, taps, l.HasBias);
        }
    }

    /// <summary>The bands before the last in a loop (or a block, for one), then the last band on its own.</summary>
    private void EmitBands()
    {
        int rows = _plan.Rows, leading = _plan.FullBands - (_plan.RemainderRows > 0 ? 0 : 1);
        if (leading == 1)
        {
            using (_w.Block($"// The first band of {rows} row(s)."))
            {
                _w.WriteLine("int oy = 0;");
                EmitBand(rows, last: false, top: 0);
            }
        }
        else if (leading > 1)
        {
            using (_w.Block($"for (int oy = 0; oy < {leading * rows}; oy += {rows})"))
            {
                EmitBand(rows, last: false, top: null);
            }
        }
        int lastTop = _layer.OutHeight - LastBandRows;
        using (_w.Block($"// The last band: row(s) {lastTop}-{_layer.OutHeight - 1}."))
        {
            _w.WriteLine($"int oy = {lastTop};");
            EmitBand(LastBandRows, last: true, top: lastTop);
        }
    }

    /// <summary>One band of <paramref name="rows"/> gradOutput rows from row <c>oy</c> (the constant <paramref name="top"/> where known).</summary>
    private void EmitBand(int rows, bool last, int? top)
    {
        StreamPrefetchEmitter.EmitBandRows(_w, _layer, "image", "oy", stride: 2, rows, _plan.StreamAheadRows);
        if (_plan.WholeRow)
        {
            _w.WriteLine("// x: input row 2·oy; column −1 of every row is the padding.");
            _w.WriteLine("ref float x = ref Unsafe.Add(ref image, 2 * oy * Width);");
            _w.WriteLine("ref float g = ref Unsafe.Add(ref gradient, oy * OutWidth);");
            EmitInputRows(rows, last, top, left: null);
            return;
        }
        using (_w.Block($"for (int columnTile = 0; columnTile < {_plan.ColumnTiles}; columnTile++)"))
        {
            _w.WriteLine("int ox = Math.Min(columnTile * 16, OutWidth - 16);");
            DepthwiseWeightsGradientEmitter.EmitCountedMask(_w, _layer.OutWidth, _plan.ColumnTiles);
            SplitRowTileEmitter.EmitColumnReferences(_w, "image");
            _w.WriteLine("ref float g = ref Unsafe.Add(ref gradient, oy * OutWidth + ox);");
            EmitInputRows(rows, last, top, left: "left");
        }
    }

    /// <summary>The band's 2·rows + 1 input rows in order, each gradOutput row loaded just before the first input row it meets.</summary>
    private void EmitInputRows(int rows, bool last, int? top, string? left)
    {
        int highStart = SplitRowTileEmitter.HighStartOf(_layer, _plan.WholeRow);
        for (int q = 0; q <= 2 * rows; q++)
        {
            if (q % 2 == 0 && q / 2 < rows)
            {
                EmitGradientRow(q / 2, last && q / 2 == rows - 1);
            }
            var uses = SplitRowTileEmitter.Uses(q, rows).ToList();
            string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of gradOutput row oy + {u.Row}"));
            string fmas = TapFmas(_simd, uses);
            if (q == 0)
            {
                if (top == 0)
                {
                    _w.WriteLine($"// Input row −1 ({feeds}) is the padding above the image: nothing to add.");
                    continue;
                }
                _w.WriteLine($"// Input row 2·oy − 1 ({feeds}){(top is null ? ": the padding above the image on the first band, so read only below it" : "")}.");
                using (_w.Block(top is null ? "if (oy > 0)" : ""))
                {
                    _w.WriteLine("ref float above = ref Unsafe.Subtract(ref x, Width);");
                    SplitRowTileEmitter.EmitSplit(_w, "above", 0, highStart, left is null ? null : $"Unsafe.Subtract(ref {left}, leftPitch)");
                    _w.WriteLine(fmas);
                }
                continue;
            }
            _w.WriteLine($"// Input row 2·oy + {q - 1}: {feeds}.");
            SplitRowTileEmitter.EmitSplit(_w, "x", (q - 1) * _layer.Width, highStart,
                left is null ? null : q == 1 ? left : $"Unsafe.Add(ref {left}, {q - 1} * leftPitch)");
            _w.WriteLine(fmas);
        }
    }

    /// <summary>gradOutput row oy + t, masked to the lanes this vector counts; the channel's last row of narrow rows is loaded ending at the channel's end.</summary>
    private void EmitGradientRow(int t, bool channelsLast)
    {
        int ow = _layer.OutWidth;
        string bias = _layer.HasBias ? $" b += {Gradient(t)};" : "";
        string sums = _layer.HasBias ? ", also summed into the bias accumulator" : "";
        if (!_plan.WholeRow)
        {
            bool masks = LastColumns < 16;
            _w.WriteLine($"// gradOutput row oy + {t}{(masks ? " (its counted lanes masked off on the last column tile)" : "")}{sums}.");
            _w.WriteLine($"{Gradient(t)} = {_simd.Load("g", t * ow)}{(masks ? " & counted" : "")};{bias}");
            return;
        }
        if (channelsLast)
        {
            _w.WriteLine($"// gradOutput row oy + {t}, the channel's last: its 16 last floats shifted down, lanes past the row masked off{sums}.");
            _w.WriteLine($"{Gradient(t)} = {SimdVocabulary.Avx512F}.AlignRight32(Vector512<int>.Zero, {_simd.Load("g", t * ow + ow - 16)}.AsInt32(), {16 - ow}).AsSingle() & row;{bias}");
            return;
        }
        _w.WriteLine($"// gradOutput row oy + {t}, lanes past the row masked off{sums}.");
        _w.WriteLine($"{Gradient(t)} = {_simd.Load("g", t * ow)} & row;{bias}");
    }

    /// <summary>Rows of 4-7 outputs: one straight-line pass over the channel's row pairs, the last pair overlapping the one before on odd heights.</summary>
    private void EmitPairs()
    {
        LayerSpec l = _layer;
        _w.WriteLine("ref float x = ref image;");
        _w.WriteLine("ref float g = ref gradient;");
        int pairs = (l.OutHeight + 1) / 2;
        for (int p = 0; p < pairs; p++)
        {
            int t = System.Math.Min(2 * p, l.OutHeight - 2);
            int counted = p == 0 ? 0 : System.Math.Min(2 * (p - 1), l.OutHeight - 2) + 2;
            WholeRowWeightsEmitter.EmitGradientLoad(_w, l, Gradient(p), t, 2, counted);
            for (int kh = 0; kh < 3; kh++)
            {
                SplitRowTileEmitter.EmitPairSplit(_w, l, t, kh, "x", $"gradOutput rows {t} and {t + 1}");
                _w.WriteLine(TapFmas(_simd, new[] { (p, kh) }));
            }
        }
    }

    /// <summary>
    /// For each (gradOutput row of the band, kernel row) pair, the split input row (<c>shifted</c>, <c>even</c>,
    /// <c>odd</c>: kernel columns 0, 1, 2) times that gradOutput row into the kernel row's three tap accumulators.
    /// Kernel column 0 may instead multiply <paramref name="column0"/> by <paramref name="column0Gradient"/> of the row
    /// (the AVX2 bands: the odd columns times gradOutput one column on, <see cref="SplitWeights256Emitter"/>).
    /// </summary>
    internal static string TapFmas(SimdVocabulary simd, IEnumerable<(int Row, int Kh)> uses, string column0 = "shifted", System.Func<int, string>? column0Gradient = null) =>
        string.Join(" ", uses.SelectMany(u => new[] { column0, "even", "odd" }.Select((split, kw) =>
            $"{Acc(u.Kh, kw)} = {simd.MultiplyAdd(kw == 0 && column0Gradient is not null ? column0Gradient(u.Row) : Gradient(u.Row), split, Acc(u.Kh, kw))};")));
}
