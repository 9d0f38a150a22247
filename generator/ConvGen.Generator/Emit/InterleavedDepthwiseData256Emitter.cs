using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the AVX2 method of a 3×3, stride-2, padding-1 depthwise backward-data pass that reads one channel's
/// gradOutput in place (<see cref="StridedDepthwiseDataPlan.Walk256"/>), the Vector256 counterpart of
/// <see cref="InterleavedDepthwiseDataEmitter"/>. A column tile is 8 gradOutput columns n, loaded as one vector (columns
/// n) and one a float on (columns n + 1; on the row's last tile, the first vector moved down a lane with the padding
/// blended in, so no load leaves the row). gradInput row 2m gets kernel row 1 of gradOutput row m, row 2m + 1 kernel
/// row 2 of row m and kernel row 0 of row m + 1; column 2n kernel column 1 of column n, column 2n + 1 kernel columns 2
/// and 0 of columns n and n + 1. Every gradOutput vector is put in the lane order 0, 1, 4, 5, 2, 3, 6, 7 as it is
/// loaded (<c>vpermpd</c> 0xD8), so that <c>unpcklps</c> and <c>unpckhps</c> of a row's even and odd columns are its
/// 16 gradInput columns in order, stored straight into NCHW. Rows of 4-7 gradOutput columns take one vector per row
/// instead (<see cref="InterleavedWalk.WholeRows"/>, <c>EmitWholeRows</c>).
/// </summary>
internal sealed class InterleavedDepthwiseData256Emitter
{
    public const string MethodName = "Interleaved256";

    private const string X86 = SimdVocabulary.X86;

    // The arithmetic of a gradInput row pair, the same for every walk: row and shifted hold gradOutput row m's columns n and
    // n + 1, nextRow and nextShifted row m + 1's; even and odd are a gradInput row's even and odd columns.

    /// <summary>gradInput row 2m: kernel row 1 of gradOutput row m.</summary>
    private const string KernelRow1OfRow = "even = row * w11; odd = Vector256.MultiplyAddEstimate(shifted, w10, row * w12);";

    /// <summary>gradInput row 2m + 1, first part: kernel row 2 of gradOutput row m.</summary>
    private const string KernelRow2OfRow = "even = row * w21; odd = Vector256.MultiplyAddEstimate(shifted, w20, row * w22);";

    /// <summary>gradInput row 2m + 1, second part: kernel row 0 of gradOutput row m + 1 added.</summary>
    private const string KernelRow0OfNextRow = "even = Vector256.MultiplyAddEstimate(nextRow, w01, even); odd = Vector256.MultiplyAddEstimate(nextShifted, w00, Vector256.MultiplyAddEstimate(nextRow, w02, odd));";

    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly InterleavedWalk _walk;
    private readonly SimdVocabulary _simd = SimdVocabulary.Vector256;

    public InterleavedDepthwiseData256Emitter(SourceWriter writer, LayerSpec layer, InterleavedWalk walk)
    {
        _w = writer;
        _layer = layer;
        _walk = walk;
    }

    public void Emit()
    {
        if (_walk == InterleavedWalk.WholeRows)
        {
            EmitWholeRows();
            return;
        }
        string walk = _walk == InterleavedWalk.Rows
            ? "gradOutput row by row, each of its column tiles loading the two gradOutput rows it reads"
            : "column tile by column tile down the channel, the gradOutput row shared by consecutive gradInput row pairs kept in registers";
        _w.WriteLine($"/// <summary>Vector256 path (AVX2) without packing: column tiles of 8 gradOutput columns, {walk}; each tile's two gradInput rows are built and interleaved in registers, and the 9 weights stay in registers for the whole channel.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float gradOutput, ref float weights, ref float gradInput)"))
        {
            SplitRowTileEmitter.EmitWeights(_w, rotated: false, _simd);
            _w.WriteLine("// On the row's last column tile, columns n + 1 in the lane order 0, 1, 4, 5, 2, 3, 6, 7 from the unpermuted columns n; lane 7 (column OutWidth) is the padding, blended in.");
            _w.WriteLine("Vector256<int> shiftedOrder = Vector256.Create(1, 2, 5, 6, 3, 4, 7, 7);");
            _w.WriteLine("Vector256<float> loaded, row, shifted, nextRow, nextShifted, even, odd;");
            if (_walk == InterleavedWalk.Rows)
            {
                EmitRowWalk();
            }
            else
            {
                EmitColumnStrips();
            }
        }
    }

    /// <summary>Rows outer, column tiles inner: each tile loads gradOutput rows m and m + 1.</summary>
    private void EmitRowWalk()
    {
        using (_w.Block("for (int m = 0; m < OutHeight; m++)"))
        {
            _w.WriteLine("// gradOutput row m (with row m + 1 below it) builds gradInput rows 2m and 2m + 1.");
            _w.WriteLine("ref float g = ref Unsafe.Add(ref gradOutput, m * OutWidth);");
            _w.WriteLine("ref float x = ref Unsafe.Add(ref gradInput, 2 * m * Width);");
            using (_w.Block("for (int ox = 0; ox < OutWidth - 8; ox += 8)"))
            {
                _w.WriteLine("// Column tile ox: columns n + 1 are loaded a float on.");
                EmitTileReferences("ox", "2 * ox");
                EmitLoad("row", "shifted", "0", variable: false, lastTile: false);
                EmitRowPair("xt", "OutWidth", variable: false, lastTile: false, carry: false);
            }
            using (_w.Block("// The row's last column tile ends at its edge (shifted back over the previous one where the row is not a whole number of tiles)."))
            {
                EmitTileReferences("OutWidth - 8", "2 * (OutWidth - 8)");
                EmitLoad("row", "shifted", "0", variable: false, lastTile: true);
                EmitRowPair("xt", "OutWidth", variable: false, lastTile: true, carry: false);
            }
        }
    }

    /// <summary>
    /// Rows of 4-7 gradOutput columns: one vector per row, loaded at the row's start (its lanes past the row hold the
    /// next row's first columns, which build only gradInput columns past the row's end: a row's 16-float store spills
    /// into the next gradInput row, stored after it) and permuted into the interleaving lane order, columns n + 1 by a
    /// second permute of the same load with the padding column cleared. The channel's last row is loaded ending at the
    /// channel's end, so no load leaves the channel, and its last gradInput row is stored at its exact width.
    /// Such rows used to be packed into a zero-padded gradOutput plane and built in bands of 16 columns: MobileNet's
    /// 14×14×512 stride 2 (gradOutput 7×7) on the AVX2 path of the Zen 5 VM, the generated kernels of both side by side
    /// at 1 thread, 22-28 µs against 7-11 µs.
    /// </summary>
    private void EmitWholeRows()
    {
        int width = _layer.OutWidth;
        int[] order = { 0, 1, 4, 5, 2, 3, 6, 7 };
        string Indices(int offset) => string.Join(", ", order.Select(column => System.Math.Min(column + offset, 7)));
        _w.WriteLine($"/// <summary>Vector256 path (AVX2) without packing: one vector per {width}-column gradOutput row, down the channel with the row shared by consecutive gradInput row pairs kept in registers; each pair's two gradInput rows are built and interleaved in registers, and the 9 weights stay in registers for the whole channel.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName}(ref float gradOutput, ref float weights, ref float gradInput)"))
        {
            SplitRowTileEmitter.EmitWeights(_w, rotated: false, _simd);
            _w.WriteLine("// Lane p of a row vector holds column 0, 1, 4, 5, 2, 3, 6, 7 (p = 0 … 7) of the row, the order unpcklps and unpckhps interleave back;");
            _w.WriteLine($"// columns n + 1 come from the same load, the lanes whose column n + 1 is the padding (column {width}) or past it cleared.");
            _w.WriteLine($"Vector256<int> shiftedOrder = Vector256.Create({Indices(1)});");
            _w.WriteLine($"Vector256<float> shiftedLanes = {Literal.Mask("Vector256", order.Select(column => column + 1 < width))};");
            _w.WriteLine($"// The channel's last row, loaded ending at the channel's end ({8 - width} float(s) of the row above first).");
            _w.WriteLine($"Vector256<int> lastOrder = Vector256.Create({Indices(8 - width)}), lastShiftedOrder = Vector256.Create({Indices(9 - width)});");
            _w.WriteLine("Vector256<float> loaded, row, shifted, nextRow, nextShifted, even, odd;");
            _w.WriteLine("// gradOutput row 0.");
            _w.WriteLine($"loaded = Vector256.LoadUnsafe(ref gradOutput); row = {SplitRowTile256Emitter.Reordered("loaded")}; shifted = {X86}.Avx2.PermuteVar8x32(loaded, shiftedOrder) & shiftedLanes;");
            using (_w.Block("for (int m = 0; m < OutHeight - 1; m++)"))
            {
                _w.WriteLine("ref float top = ref Unsafe.Add(ref gradInput, 2 * m * Width);");
                _w.WriteLine("// gradInput row 2m: kernel row 1 of gradOutput row m.");
                _w.WriteLine(KernelRow1OfRow);
                EmitInterleavedStore("top", "0");
                _w.WriteLine("// gradInput row 2m + 1: kernel row 2 of gradOutput row m, then kernel row 0 of row m + 1.");
                _w.WriteLine(KernelRow2OfRow);
                using (_w.Block("if (m + 2 < OutHeight)"))
                {
                    _w.WriteLine("// Row m + 1 loaded at its start, the lanes past it the next row's.");
                    _w.WriteLine($"loaded = Vector256.LoadUnsafe(ref gradOutput, (nuint)((m + 1) * OutWidth)); nextRow = {SplitRowTile256Emitter.Reordered("loaded")}; nextShifted = {X86}.Avx2.PermuteVar8x32(loaded, shiftedOrder) & shiftedLanes;");
                }
                using (_w.Block("else"))
                {
                    _w.WriteLine("// Row m + 1 is the channel's last: loaded ending at the channel's end and permuted into place.");
                    _w.WriteLine($"loaded = Vector256.LoadUnsafe(ref gradOutput, {_layer.OutHeight * width - 8}); nextRow = {X86}.Avx2.PermuteVar8x32(loaded, lastOrder); nextShifted = {X86}.Avx2.PermuteVar8x32(loaded, lastShiftedOrder) & shiftedLanes;");
                }
                _w.WriteLine(KernelRow0OfNextRow);
                _w.WriteLine("row = nextRow; shifted = nextShifted;");
                EmitInterleavedStore("top", "Width");
            }
            _w.WriteLine("// The last gradOutput row builds the channel's last two gradInput rows (none below it for kernel row 0).");
            _w.WriteLine("ref float bottom = ref Unsafe.Add(ref gradInput, 2 * (OutHeight - 1) * Width);");
            _w.WriteLine(KernelRow1OfRow);
            EmitInterleavedStore("bottom", "0");
            _w.WriteLine(KernelRow2OfRow);
            EmitExactStore("bottom", 2 * width);
        }
    }

    /// <summary>
    /// The channel's last gradInput row, <paramref name="floats"/> (8-14) columns from Width floats past
    /// <paramref name="x"/>: columns 0-7, then the rest by 4-float stores (one overlapping its neighbour), so nothing
    /// is written past the channel.
    /// </summary>
    private void EmitExactStore(string x, int floats)
    {
        _w.WriteLine($"// gradInput's last row, stored at its exact width ({floats} floats): nothing is written past the channel.");
        _w.WriteLine($"Vector256<float> low = {X86}.Avx.UnpackLow(even, odd), high = {X86}.Avx.UnpackHigh(even, odd);");
        _w.WriteLine($"low.StoreUnsafe(ref {x}, Width);");
        switch (floats - 8)
        {
            case 0:
                break;
            case 2:
                _w.WriteLine($"{X86}.Sse.Shuffle(low.GetUpper(), high.GetLower(), 0x4E).StoreUnsafe(ref {x}, Width + 6);");
                break;
            case 4:
                _w.WriteLine($"high.GetLower().StoreUnsafe(ref {x}, Width + 8);");
                break;
            case 6:
                _w.WriteLine($"high.GetLower().StoreUnsafe(ref {x}, Width + 8); {X86}.Sse.Shuffle(high.GetLower(), high.GetUpper(), 0x4E).StoreUnsafe(ref {x}, Width + 10);");
                break;
            default:
                throw new System.InvalidOperationException($"A whole-row gradInput row holds 8-14 floats (gradOutput rows of 4-7); got {floats}.");
        }
    }

    /// <summary>Column tiles outer, rows inner: row m + 1's vectors carry over as the next pair's row m.</summary>
    private void EmitColumnStrips()
    {
        using (_w.Block("for (int ox = 0; ox < OutWidth - 8; ox += 8)"))
        {
            _w.WriteLine("// Column tile ox, down the channel: columns n + 1 are loaded a float on.");
            EmitTileReferences("ox", "2 * ox");
            EmitStrip(lastTile: false);
        }
        using (_w.Block("// The last column tile ends at the rows' edge (shifted back over the previous one where a row is not a whole number of tiles)."))
        {
            EmitTileReferences("OutWidth - 8", "2 * (OutWidth - 8)");
            EmitStrip(lastTile: true);
        }
    }

    private void EmitStrip(bool lastTile)
    {
        _w.WriteLine("// gradOutput row 0.");
        EmitLoad("row", "shifted", "0", variable: false, lastTile);
        using (_w.Block("for (int m = 0; m < OutHeight; m++)"))
        {
            _w.WriteLine("ref float top = ref Unsafe.Add(ref xt, 2 * m * Width);");
            EmitRowPair("top", "(m + 1) * OutWidth", variable: true, lastTile, carry: true);
        }
    }

    /// <summary>gt: gradOutput column <paramref name="column"/> of the walk's row (or row 0); xt: gradInput column <paramref name="inputColumn"/> (twice it) of the row pair.</summary>
    private void EmitTileReferences(string column, string inputColumn)
    {
        bool rows = _walk == InterleavedWalk.Rows;
        _w.WriteLine($"ref float gt = ref Unsafe.Add(ref {(rows ? "g" : "gradOutput")}, {column});");
        _w.WriteLine($"ref float xt = ref Unsafe.Add(ref {(rows ? "x" : "gradInput")}, {inputColumn});");
    }

    /// <summary>
    /// Loads gradOutput columns n and n + 1 at <paramref name="offset"/> floats from gt (a constant expression, or a
    /// run-time one where <paramref name="variable"/>), both in the interleaving lane order.
    /// </summary>
    private void EmitLoad(string target, string shiftedTarget, string offset, bool variable, bool lastTile)
    {
        string Load(string at) => variable ? _simd.Load("gt", at) : $"Vector256.LoadUnsafe(ref gt, {at})";
        string columns = offset == "0" ? "Vector256.LoadUnsafe(ref gt)" : Load(offset);
        if (lastTile)
        {
            _w.WriteLine($"loaded = {columns}; {target} = {SplitRowTile256Emitter.Reordered("loaded")}; " +
                $"{shiftedTarget} = {X86}.Avx.Blend({X86}.Avx2.PermuteVar8x32(loaded, shiftedOrder), Vector256<float>.Zero, 0x80);");
            return;
        }
        _w.WriteLine($"{target} = {SplitRowTile256Emitter.Reordered(columns)}; {shiftedTarget} = {SplitRowTile256Emitter.Reordered(Load(offset == "0" ? "1" : $"{offset} + 1"))};");
    }

    /// <summary>gradInput rows 2m and 2m + 1 of the tile, stored from <paramref name="x"/>; gradOutput row m + 1 is <paramref name="nextOffset"/> floats from gt.</summary>
    private void EmitRowPair(string x, string nextOffset, bool variable, bool lastTile, bool carry)
    {
        _w.WriteLine("// gradInput row 2m: kernel row 1 of gradOutput row m.");
        _w.WriteLine(KernelRow1OfRow);
        EmitInterleavedStore(x, "0");
        _w.WriteLine("// gradInput row 2m + 1: kernel row 2 of gradOutput row m, then kernel row 0 of row m + 1 (none below the last row).");
        _w.WriteLine(KernelRow2OfRow);
        using (_w.Block("if (m + 1 < OutHeight)"))
        {
            EmitLoad("nextRow", "nextShifted", nextOffset, variable, lastTile);
            _w.WriteLine(KernelRow0OfNextRow);
            if (carry)
            {
                _w.WriteLine("row = nextRow; shifted = nextShifted;");
            }
        }
        EmitInterleavedStore(x, "Width");
    }

    private void EmitInterleavedStore(string x, string offset)
    {
        string second = offset == "0" ? "8" : $"{offset} + 8";
        _w.WriteLine($"{X86}.Avx.UnpackLow(even, odd).StoreUnsafe(ref {x}, {offset}); {X86}.Avx.UnpackHigh(even, odd).StoreUnsafe(ref {x}, {second});");
    }
}
