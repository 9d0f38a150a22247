using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX2 channel method of a 3×3, stride-2, padding-1 depthwise backward-weights pass on an even plane
/// (<see cref="BackwardWeightsPlan.Split256"/>), which reads input and gradOutput straight from NCHW instead of
/// packing four stride-phase planes. Bands of <see cref="Rows"/> gradOutput rows × 8 columns: input row 2oy − 1 + q is
/// split into kernel columns 0, 1 and 2 exactly as the forward split tile splits it
/// (<see cref="SplitRowTile256Emitter.EmitSplit"/>, lane order 0, 1, 4, 5, 2, 3, 6, 7), each gradOutput vector is put
/// in that lane order as it is loaded, and each split row is multiplied with the gradOutput rows that read it into that
/// kernel row's three tap accumulators. The last column tile is shifted back to end at the row's end, its lanes counted
/// by the tile before masked off in gradOutput. The accumulators run over the whole batch and are summed horizontally
/// at the end, so one thread reduces a channel in a fixed order.
/// <para>
/// Rows of 5-7 gradOutput columns (<see cref="Planning.DirectConvPlanner.HasNarrowSplittablePhases256"/>) take one tile
/// per band, the input rows split as the forward pass's narrow tile splits them (second vector at column
/// 2·OutWidth − 8). Each gradOutput row is loaded as one vector (the channel's last row ending at its end, so no load
/// leaves the channel), permuted into the split's lanes (<see cref="SplitRowTile256Emitter.NarrowLaneColumns"/>) and
/// ANDed with a mask that keeps each column in one lane only, so no column is counted twice.
/// </para>
/// </summary>
internal sealed class SplitWeights256Emitter
{
    public const string MethodName = "SplitChannel256";

    /// <summary>
    /// gradOutput rows per band: 9 tap accumulators and 2 gradOutput vectors leave 5 of the 16 registers for the split's
    /// temporaries (the bias accumulator and the last tile's mask live on the stack, read once per tile).
    /// </summary>
    public const int Rows = 2;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly int _aheadRows;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector256;

    /// <param name="aheadRows">Rows ahead that a call streaming from memory prefetches (<see cref="BackwardWeightsPlan.StreamAheadRows256"/>); 0: none.</param>
    public SplitWeights256Emitter(SourceWriter writer, LayerSpec layer, int aheadRows)
    {
        _w = writer;
        _layer = layer;
        _aheadRows = aheadRows;
    }

    /// <summary>Rows narrower than one vector: one tile per band (see the class remarks).</summary>
    private bool Narrow => SplitRowTile256Emitter.IsNarrow(_layer);

    /// <summary>Columns of the last column tile that no earlier tile counted (8 where the rows are whole tiles).</summary>
    private int LastColumns => _layer.OutWidth % 8 == 0 ? 8 : _layer.OutWidth % 8;

    public void Emit()
    {
        LayerSpec l = _layer;
        string columns = Narrow ? $"a whole row of {l.OutWidth}" : "8 columns";
        _w.WriteLine($"/// <summary>Vector256 path (AVX2) without packing: one channel over the batch, bands of {Rows} gradOutput rows × {columns}, the input's stride phases split in registers; {l.Taps} tap accumulators{(l.HasBias ? " and a bias accumulator" : "")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float gradOutput, ref float gradWeights, ref float gradBias, int c, int batch{StreamPrefetchEmitter.Parameter(_aheadRows > 0)})"))
        {
            List<string> taps = DepthwiseWeightsGradientEmitter.DeclareAccumulators(_w, _simd, l);
            _w.WriteLine($"Vector256<float> low, high, even, odd, shifted, {string.Join(", ", Enumerable.Range(0, Rows).Select(SplitWeightsEmitter.Gradient))};");
            if (LastColumns < 8 && !Narrow)
            {
                _w.WriteLine($"// The last column tile starts at column {l.OutWidth - 8}: its first {8 - LastColumns} lane(s) were counted by the tile before, so they are masked off in its gradOutput.");
                _w.WriteLine($"Vector256<float> lastTile = Vector256.Create({string.Join(", ", Enumerable.Range(0, 8).Select(lane => lane < 8 - LastColumns ? "0" : "-1"))}).AsSingle();");
            }
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("ref float image = ref Unsafe.Add(ref input, n * InputImage + c * (Height * Width));");
                _w.WriteLine("ref float gradient = ref Unsafe.Add(ref gradOutput, n * OutputImage + c * (OutHeight * OutWidth));");
                // Narrow rows: the band holding the channel's last row is peeled, since that row is loaded ending at its end.
                int fullRows = Narrow ? (l.OutHeight - 1) / Rows * Rows : l.OutHeight / Rows * Rows;
                if (fullRows > 0)
                {
                    using (_w.Block($"for (int oy = 0; oy < {fullRows}; oy += {Rows})"))
                    {
                        EmitBand(Rows, top: null);
                    }
                }
                if (fullRows < l.OutHeight)
                {
                    string last = l.OutHeight - fullRows == 1 ? $"The last gradOutput row, {fullRows}, a band of its own." : $"The last band, gradOutput rows {fullRows}-{l.OutHeight - 1}.";
                    using (_w.Block($"// {last}"))
                    {
                        _w.WriteLine($"int oy = {fullRows};");
                        EmitBand(l.OutHeight - fullRows, top: fullRows);
                    }
                }
            }
            DepthwiseWeightsGradientEmitter.EmitHorizontalSums(_w, _simd, taps, l.HasBias);
        }
    }

    /// <summary>One band of <paramref name="rows"/> gradOutput rows from row <c>oy</c> (the constant <paramref name="top"/> where known): its column tiles.</summary>
    private void EmitBand(int rows, int? top)
    {
        StreamPrefetchEmitter.EmitBandRows(_w, _layer, "image", "oy", stride: 2, rows, _aheadRows);
        _w.WriteLine("ref float x = ref Unsafe.Add(ref image, 2 * oy * Width);");
        _w.WriteLine("ref float g = ref Unsafe.Add(ref gradient, oy * OutWidth);");
        if (Narrow)
        {
            _w.WriteLine($"// The whole row in one tile: {SplitRowTile256Emitter.NarrowInputColumns(_layer)}, column −1 (the padding) shifted into lane 0.");
            EmitTile(rows, top, "x", "g", left: true, masked: false);
            return;
        }
        using (_w.Block("// Column tile 0: column −1 is the padding, shifted into lane 0 of each row's first vector."))
        {
            EmitTile(rows, top, "x", "g", left: true, masked: false);
        }
        using (_w.Block("for (int ox = 8; ox < OutWidth; ox += 8)"))
        {
            bool masked = LastColumns < 8;
            _w.WriteLine(masked
                ? "// The last column tile is shifted back to end at the edge, its lanes counted by the tile before masked off."
                : "// The last column tile is shifted back to end at the edge.");
            _w.WriteLine("int column = Math.Min(ox, OutWidth - 8);");
            if (masked)
            {
                _w.WriteLine("Vector256<float> counted = column == OutWidth - 8 ? lastTile : Vector256<float>.AllBitsSet;");
            }
            _w.WriteLine("ref float xt = ref Unsafe.Add(ref x, 2 * column);");
            _w.WriteLine("ref float gt = ref Unsafe.Add(ref g, column);");
            EmitTile(rows, top, "xt", "gt", left: false, masked);
        }
    }

    /// <summary>One tile: its gradOutput vectors, then the 2·rows + 1 input rows split and multiplied into the taps.</summary>
    private void EmitTile(int rows, int? top, string x, string g, bool left, bool masked)
    {
        LayerSpec l = _layer;
        string bias = l.HasBias ? ", also summed into the bias accumulator" : "";
        _w.WriteLine($"// gradOutput row(s) oy{(rows > 1 ? $"..oy + {rows - 1}" : "")} in the split's lane order{(masked ? ", counted lanes only" : "")}{bias}.");
        if (Narrow)
        {
            EmitNarrowGradients(rows, top, g);
        }
        else
        {
            EmitGradients(rows, g, masked);
        }
        int high = SplitRowTile256Emitter.SecondVectorColumn(l);
        for (int q = 0; q <= 2 * rows; q++)
        {
            var uses = SplitRowTileEmitter.Uses(q, rows).ToList();
            string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of gradOutput row oy + {u.Row}"));
            string fmas = SplitWeightsEmitter.TapFmas(_simd, uses);
            if (q == 0)
            {
                if (top == 0)
                {
                    _w.WriteLine($"// Input row −1 ({feeds}) is the padding above the image: nothing to add.");
                    continue;
                }
                _w.WriteLine($"// Input row 2·oy − 1 ({feeds}){(top is null ? ": the padding above the image on the first band, so read only below it" : "")}.");
                using (top is null ? _w.Block("if (oy > 0)") : (System.IDisposable?)null)
                {
                    SplitRowTile256Emitter.EmitSplit(_w, x, -l.Width, left, high);
                    _w.WriteLine(fmas);
                }
                continue;
            }
            _w.WriteLine($"// Input row 2·oy + {q - 1}: {feeds}.");
            SplitRowTile256Emitter.EmitSplit(_w, x, (q - 1) * l.Width, left, high);
            _w.WriteLine(fmas);
        }
    }

    /// <summary>The band's gradOutput vectors of a tile of 8 columns, in the split's lane order (the counted lanes only, where <paramref name="masked"/>).</summary>
    private void EmitGradients(int rows, string g, bool masked)
    {
        LayerSpec l = _layer;
        _w.WriteLine(string.Join(" ", Enumerable.Range(0, rows).Select(t =>
        {
            string load = _simd.Load(g, t * l.OutWidth);
            string value = SplitRowTile256Emitter.Reordered(masked ? $"({load} & counted)" : load);
            return $"{SplitWeightsEmitter.Gradient(t)} = {value};" + (l.HasBias ? $" b += {SplitWeightsEmitter.Gradient(t)};" : "");
        })));
    }

    /// <summary>
    /// The band's gradOutput rows of a narrow layer, each one vector in the split's lanes with every column kept in one
    /// lane only: loaded at the row's start, or ending at its end for the channel's last row (<paramref name="top"/> is
    /// only known for the peeled last band), so no load leaves the channel.
    /// </summary>
    private void EmitNarrowGradients(int rows, int? top, string g)
    {
        LayerSpec l = _layer;
        int w = l.OutWidth;
        int[] columns = SplitRowTile256Emitter.NarrowLaneColumns(w);
        // Keep lane i where it is the first lane computing its column.
        string keep = $"Vector256.Create({string.Join(", ", Enumerable.Range(0, 8).Select(i => System.Array.IndexOf(columns, columns[i]) == i ? "-1" : "0"))}).AsSingle()";
        string Index(int shift) => $"Vector256.Create({string.Join(", ", columns.Select(c => c + shift))})";
        for (int t = 0; t < rows; t++)
        {
            bool last = top is int first && first + t == l.OutHeight - 1;
            string load = last ? _simd.Load(g, t * w + w - 8) : _simd.Load(g, t * w);
            string note = last ? $"the channel's last row, loaded ending at its end (lane i + {8 - w} holds column i)" : "loaded at its start";
            _w.WriteLine($"// gradOutput row oy + {t}, {note}.");
            string value = $"Vector256.BitwiseAnd({SimdVocabulary.X86}.Avx2.PermuteVar8x32({load}, {Index(last ? 8 - w : 0)}), {keep})";
            _w.WriteLine($"{SplitWeightsEmitter.Gradient(t)} = {value};" + (l.HasBias ? $" b += {SplitWeightsEmitter.Gradient(t)};" : ""));
        }
    }
}
