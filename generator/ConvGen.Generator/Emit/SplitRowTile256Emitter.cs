using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX2 compute method of a 3×3, stride-2, padding-1 depthwise layer with large channels that reads one
/// channel's NCHW input directly (<see cref="DirectConvPlan.SplitTile256"/>) instead of packing four stride-phase
/// planes. A tile is <see cref="Rows"/> output rows × 8 columns, fed by the 2·Rows + 1 input rows it reads. Each input
/// row is loaded as two vectors at column 2ox and two at 2ox − 1, and <c>shufps</c> takes the even columns (0x88), the
/// odd columns (0xDD) and the odd columns shifted by one (0x88 of the −1 pair). Those come out in the lane order
/// 0, 1, 4, 5, 2, 3, 6, 7 of the output columns, the same for all three, so the accumulators run in that order and one
/// <c>vpermpd</c> 0xD8 per output vector puts them right before the store. The nine weights stay in registers. On the
/// first column tile, column −1 is the padding: the shifted vector is made from the row's first vector moved up one
/// lane with a zero blended into lane 0, so no load leaves the channel.
/// </summary>
internal sealed class SplitRowTile256Emitter
{
    public const string MethodName = "SplitTiles256";

    /// <summary>Output rows per tile: 3 accumulators, the 9 weights and 4 temporaries fill the 16 vector registers.</summary>
    public const int Rows = 3;

    private const string X86 = SimdVocabulary.X86;

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector256;

    public SplitRowTile256Emitter(SourceWriter writer, LayerSpec layer)
    {
        _w = writer;
        _layer = layer;
    }

    private static string Acc(int row) => $"a{row}";

    public void Emit()
    {
        LayerSpec l = _layer;
        string bias = l.HasBias ? "ref float bias, " : "";
        _w.WriteLine($"/// <summary>Vector256 path (AVX2) without packing: row tiles of {Rows} output rows × 8 columns = {Rows} accumulators read from the NCHW input with the stride phases split in registers; the 9 weights stay in registers for the whole channel.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float input, ref float weights, {bias}ref float output)"))
        {
            SplitRowTileEmitter.EmitWeights(_w, rotated: false, _simd);
            _w.WriteLine($"Vector256<float> {string.Join(", ", Enumerable.Range(0, Rows).Select(Acc))}, low, high, shifted, even, odd;");
            using (_w.Block($"for (int rowTile = 0; rowTile < {ShapeMath.CeilDiv(l.OutHeight, Rows)}; rowTile++)"))
            {
                _w.WriteLine("// The last row tile is shifted back to end at the edge.");
                _w.WriteLine($"int oy = Math.Min(rowTile * {Rows}, OutHeight - {Rows});");
                _w.WriteLine("ref float x = ref Unsafe.Add(ref input, 2 * oy * Width);");
                _w.WriteLine("ref float y = ref Unsafe.Add(ref output, oy * OutWidth);");
                using (_w.Block("// Column tile 0: column −1 is the padding, shifted into lane 0 of each row's first vector."))
                {
                    EmitTile(left: true);
                }
                using (_w.Block($"for (int ox = 8; ox < OutWidth; ox += 8)"))
                {
                    _w.WriteLine("// The last column tile is shifted back to end at the edge.");
                    _w.WriteLine("int column = Math.Min(ox, OutWidth - 8);");
                    _w.WriteLine("ref float xt = ref Unsafe.Add(ref x, 2 * column);");
                    _w.WriteLine("ref float yt = ref Unsafe.Add(ref y, column);");
                    EmitTile(left: false);
                }
            }
        }
    }

    /// <summary>One tile: its accumulators, the 2·Rows + 1 input rows split and multiplied in, the stores.</summary>
    private void EmitTile(bool left)
    {
        LayerSpec l = _layer;
        string x = left ? "x" : "xt", y = left ? "y" : "yt";
        string init = l.HasBias ? _simd.Broadcast("bias") : _simd.Zero;
        _w.WriteLine($"{Acc(0)} = {init};" + string.Concat(Enumerable.Range(1, Rows - 1).Select(t => $" {Acc(t)} = {Acc(0)};")));
        for (int q = 0; q <= 2 * Rows; q++)
        {
            var uses = SplitRowTileEmitter.Uses(q, Rows).ToList();
            string feeds = string.Join(", ", uses.Select(u => $"kernel row {u.Kh} of output row {u.Row}"));
            int row = (q - 1) * l.Width;
            if (q == 0)
            {
                _w.WriteLine($"// Input row 2·oy − 1 ({feeds}): the padding above the image on the first row tile, so read only below it.");
                using (_w.Block("if (oy > 0)"))
                {
                    EmitRow(x, row, left, uses);
                }
                continue;
            }
            _w.WriteLine($"// Input row 2·oy + {q - 1}: {feeds}.");
            EmitRow(x, row, left, uses);
        }
        _w.WriteLine($"// {SimdVocabulary.StoreVerb(l.Activation)} {Rows} row(s) × 8 columns, each put back in column order.");
        _w.WriteLine(string.Join(" ", Enumerable.Range(0, Rows).Select(t =>
            _simd.Store(_simd.Activate(Reordered(Acc(t)), l.Activation), y, t * l.OutWidth))));
    }

    /// <summary>Loads and splits the input row <paramref name="row"/> floats from <paramref name="x"/>, then multiplies it into the output rows that read it.</summary>
    private void EmitRow(string x, int row, bool left, IReadOnlyList<(int Row, int Kh)> uses)
    {
        EmitSplit(_w, x, row, left);
        _w.WriteLine(string.Join(" ", uses.Select(u =>
        {
            string a = Acc(u.Row);
            return $"{a} = {_simd.MultiplyAdd("shifted", $"w{u.Kh}0", a)}; {a} = {_simd.MultiplyAdd("even", $"w{u.Kh}1", a)}; {a} = {_simd.MultiplyAdd("odd", $"w{u.Kh}2", a)};";
        })));
    }

    /// <summary>
    /// Loads the input row <paramref name="row"/> floats from <paramref name="x"/> (<c>low</c>, <c>high</c>) and splits
    /// it into <c>shifted</c>, <c>even</c> and <c>odd</c> (kernel columns 0, 1 and 2), in the lane order 0, 1, 4, 5, 2,
    /// 3, 6, 7 of the output columns; on the <paramref name="left"/> column tile, column −1 is the padding.
    /// </summary>
    internal static void EmitSplit(SourceWriter w, string x, int row, bool left)
    {
        SimdVocabulary simd = SimdVocabulary.Vector256;
        w.WriteLine($"low = {simd.Load(x, row)}; high = {simd.Load(x, row + 8)};");
        w.WriteLine(left
            ? $"shifted = {X86}.Avx.Shuffle({X86}.Avx.Blend({X86}.Avx2.PermuteVar8x32(low, Vector256.Create(0, 0, 1, 2, 3, 4, 5, 6)), Vector256<float>.Zero, 0x01), {simd.Load(x, row + 7)}, 0x88);"
            : $"shifted = {X86}.Avx.Shuffle({simd.Load(x, row - 1)}, {simd.Load(x, row + 7)}, 0x88);");
        w.WriteLine($"even = {X86}.Avx.Shuffle(low, high, 0x88); odd = {X86}.Avx.Shuffle(low, high, 0xDD);");
    }

    /// <summary>Puts a vector in the split's lane order 0, 1, 4, 5, 2, 3, 6, 7, or back (<c>vpermpd</c> 0xD8 is its own inverse).</summary>
    internal static string Reordered(string vector) => $"{X86}.Avx2.Permute4x64({vector}.AsDouble(), 0xD8).AsSingle()";
}
