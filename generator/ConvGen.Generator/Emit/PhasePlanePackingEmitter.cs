using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits <c>PackChannel</c> of the Winograd and TDC-Winograd kernels: one input channel into its M column-phase planes of
/// the zero-padded input (plane p, row y, element u = padded (y, u·M + p)). Per input row, the columns u whose M phases
/// all lie inside the row are de-interleaved four at a time for M = 2 and 4: 4·M consecutive floats, viewed as 64-bit
/// pairs, narrowed to their low (even) and shifted high (odd) halves, once per halving of M. The edge columns and
/// other M go float by float. Uses the constants M, PlaneHeight, PlaneWidth, PlaneSize, PadTop, PadLeft, Height, Width.
/// </summary>
internal sealed class PhasePlanePackingEmitter
{
    private readonly SourceWriter _w;
    private readonly int _m;
    private readonly int _firstInside, _endInside;
    private readonly bool _gathersMosaicRows;

    /// <param name="m">Column phases (the Winograd output tile).</param>
    /// <param name="width">Input row length.</param>
    /// <param name="padLeft">Padded column 0 is input column −padLeft.</param>
    /// <param name="planeWidth">Columns per plane row.</param>
    /// <param name="gathersMosaicRows">
    /// The input is a dilated layer's, and the rows packed are its phase mosaic's, each gathered from an input row first
    /// (<see cref="PhaseMosaicEmitter.EmitRowSource"/>); <paramref name="width"/> is then the mosaic's.
    /// </param>
    public PhasePlanePackingEmitter(SourceWriter writer, int m, int width, int padLeft, int planeWidth, bool gathersMosaicRows = false)
    {
        _w = writer;
        _m = m;
        _gathersMosaicRows = gathersMosaicRows;
        (_firstInside, _endInside) = InsideColumns(m, width, padLeft, planeWidth);
    }

    /// <summary>
    /// The plane columns [First, End) whose M phases all read inside the input row: u·M + p − padLeft ∈ [0, width) for
    /// every p ∈ [0, M), i.e. u ≥ padLeft / M and u·M + M − 1 − padLeft ≤ width − 1; empty (First = End) if none.
    /// </summary>
    internal static (int First, int End) InsideColumns(int m, int width, int padLeft, int planeWidth)
    {
        int first = System.Math.Min(planeWidth, ShapeMath.CeilDiv(System.Math.Max(padLeft, 0), m));
        int end = System.Math.Min(planeWidth, (width + padLeft) / m);
        return (first, System.Math.Max(first, end));
    }

    private bool Vectorized => _m is 2 or 4 && _endInside - _firstInside >= 4;

    public void Emit()
    {
        _w.WriteLine(Vectorized
            ? "/// <summary>Rows [firstRow, endRow) of one channel's column-phase planes: plane p, row y, element u = padded input (y, u·M + p), zero outside; the columns inside the row are de-interleaved 4 at a time.</summary>"
            : "/// <summary>Rows [firstRow, endRow) of one channel's column-phase planes: plane p, row y, element u = padded input (y, u·M + p), zero outside.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void PackChannel(ref float input, ref float planes, int firstRow, int endRow)"))
        {
            if (Vectorized)
            {
                _w.WriteLine("// Columns u whose M phases all read inside the input row.");
                _w.WriteLine($"const int FirstInside = {_firstInside}, EndInside = {_endInside};");
            }
            if (_gathersMosaicRows)
            {
                PhaseMosaicEmitter.EmitGatherBuffer(_w);
            }
            using (_w.Block("for (int y = firstRow; y < endRow; y++)"))
            {
                _w.WriteLine("int iy = y - PadTop;");
                _w.WriteLine("ref float row = ref Unsafe.Add(ref planes, y * PlaneWidth);");
                if (_gathersMosaicRows)
                {
                    PhaseMosaicEmitter.EmitRowSource(_w);
                }
                else
                {
                    EmitPlainRowSource();
                }
                _w.WriteLine("int u = 0;");
                if (Vectorized)
                {
                    EmitScalarColumns("FirstInside");
                    EmitVectorColumns();
                }
                EmitScalarColumns("PlaneWidth");
            }
        }
    }

    /// <summary>The row source of plain input: zero above and below the plane, else input row iy.</summary>
    private void EmitPlainRowSource()
    {
        EmitZeroRowWhere(_w, "unchecked((uint)iy) >= Height");
        _w.WriteLine("ref float source = ref Unsafe.Add(ref input, iy * Width);");
    }

    /// <summary>Where <paramref name="condition"/> holds, plane row y of every column phase is zeroed and the row loop goes on.</summary>
    internal static void EmitZeroRowWhere(SourceWriter w, string condition)
    {
        using (w.Block($"if ({condition})"))
        {
            using (w.Block("for (int p = 0; p < M; p++)"))
            {
                w.WriteLine("MemoryMarshal.CreateSpan(ref Unsafe.Add(ref row, p * PlaneSize), PlaneWidth).Clear();");
            }
            w.WriteLine("continue;");
        }
    }

    private void EmitScalarColumns(string end)
    {
        using (_w.Block($"for (; u < {end}; u++)"))
        {
            using (_w.Block("for (int p = 0; p < M; p++)"))
            {
                _w.WriteLine("int ix = u * M + p - PadLeft;");
                _w.WriteLine("Unsafe.Add(ref row, p * PlaneSize + u) = unchecked((uint)ix) < Width ? Unsafe.Add(ref source, ix) : 0f;");
            }
        }
    }

    /// <summary>Four columns per step: 4·M floats from input column u·M − PadLeft, float p + M·i to plane p, element u + i.</summary>
    private void EmitVectorColumns()
    {
        using (_w.Block("if (Vector128.IsHardwareAccelerated)"))
        {
            using (_w.Block("for (; u + 4 <= EndInside; u += 4)"))
            {
                _w.WriteLine("ref float s = ref Unsafe.Add(ref source, u * M - PadLeft);");
                for (int i = 0; i < _m; i++)
                {
                    _w.WriteLine($"var x{i} = Vector128.LoadUnsafe(ref s, {4 * i}).AsInt64();");
                }
                if (_m == 2)
                {
                    _w.WriteLine("// Even floats to plane 0, odd to plane 1.");
                    _w.WriteLine("Vector128.Narrow(x0, x1).AsSingle().StoreUnsafe(ref row, (nuint)u);");
                    _w.WriteLine("Vector128.Narrow(Vector128.ShiftRightLogical(x0, 32), Vector128.ShiftRightLogical(x1, 32)).AsSingle().StoreUnsafe(ref row, (nuint)(PlaneSize + u));");
                }
                else
                {
                    _w.WriteLine("// Round 1: even floats (phases 0, 2) and odd floats (1, 3); round 2 splits each again.");
                    _w.WriteLine("var even = Vector128.Narrow(x0, x1).AsInt64();");
                    _w.WriteLine("var evenHigh = Vector128.Narrow(x2, x3).AsInt64();");
                    _w.WriteLine("var odd = Vector128.Narrow(Vector128.ShiftRightLogical(x0, 32), Vector128.ShiftRightLogical(x1, 32)).AsInt64();");
                    _w.WriteLine("var oddHigh = Vector128.Narrow(Vector128.ShiftRightLogical(x2, 32), Vector128.ShiftRightLogical(x3, 32)).AsInt64();");
                    _w.WriteLine("Vector128.Narrow(even, evenHigh).AsSingle().StoreUnsafe(ref row, (nuint)u);");
                    _w.WriteLine("Vector128.Narrow(odd, oddHigh).AsSingle().StoreUnsafe(ref row, (nuint)(PlaneSize + u));");
                    _w.WriteLine("Vector128.Narrow(Vector128.ShiftRightLogical(even, 32), Vector128.ShiftRightLogical(evenHigh, 32)).AsSingle().StoreUnsafe(ref row, (nuint)(2 * PlaneSize + u));");
                    _w.WriteLine("Vector128.Narrow(Vector128.ShiftRightLogical(odd, 32), Vector128.ShiftRightLogical(oddHigh, 32)).AsSingle().StoreUnsafe(ref row, (nuint)(3 * PlaneSize + u));");
                }
            }
        }
    }
}
