using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>
/// The phase mosaic of a dilated stride-1 layer. With dilation d (per axis) and padding a multiple of d, output
/// (qy + d_y·j, qx + d_x·i) reads only the input of the same phase, x[qy + d_y··][qx + d_x··], so the layer is d_y·d_x
/// undilated layers on the phase images. The mosaic lays those images out in one plane per channel: phase (qy, qx) in
/// rows [qy·R, qy·R + h) and columns [qx·Q, qx·Q + w) (h and w its size), every other row and column zero; R and Q
/// leave enough zero rows and columns between phases that one undilated layer over the whole mosaic computes every
/// phase's outputs at the same mosaic positions (the generator's <c>PhaseMosaicPlanner</c> derives them). A mosaic row
/// is one input row's d_x column phases side by side (<see cref="GatherRow"/>), and a mosaic output row one output
/// row's (<see cref="MergePlane"/>), so both are de-interleaved or interleaved whole.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelPhases
{
    /// <summary>
    /// Writes the mosaic row of input row <paramref name="source"/> (<paramref name="width"/> floats): its
    /// <paramref name="phasesX"/> column phases, phase qx (columns qx + d_x·j) from mosaic column qx·<paramref name="regionColumns"/>,
    /// each zero-filled to <paramref name="regionColumns"/>.
    /// </summary>
    public static void GatherRow(ref float source, int width, int phasesX, int regionColumns, ref float row)
    {
        if (phasesX == 1)
        {
            MemoryMarshal.CreateReadOnlySpan(ref source, width).CopyTo(MemoryMarshal.CreateSpan(ref row, regionColumns));
            MemoryMarshal.CreateSpan(ref Unsafe.Add(ref row, width), regionColumns - width).Clear();
            return;
        }
        if (phasesX == 2)
        {
            Deinterleave(ref source, width, ref row, ref Unsafe.Add(ref row, regionColumns), regionColumns);
            return;
        }
        for (int qx = 0; qx < phasesX; qx++)
        {
            ref float phase = ref Unsafe.Add(ref row, qx * regionColumns);
            int columns = (width - qx + phasesX - 1) / phasesX;
            for (int j = 0; j < columns; j++)
            {
                Unsafe.Add(ref phase, j) = Unsafe.Add(ref source, qx + phasesX * j);
            }
            MemoryMarshal.CreateSpan(ref Unsafe.Add(ref phase, columns), regionColumns - columns).Clear();
        }
    }

    /// <summary>
    /// Scatters one channel's mosaic output plane <paramref name="mosaic"/> (rows of <paramref name="mosaicWidth"/>) to its
    /// NCHW plane <paramref name="output"/> of <paramref name="outHeight"/>×<paramref name="outWidth"/>: mosaic
    /// (qy·R + j, qx·Q + i) is output (qy + d_y·j, qx + d_x·i); mosaic positions of no output (between phases) are skipped.
    /// Each output row comes from one mosaic row, its column phases interleaved.
    /// </summary>
    public static void MergePlane(ref float mosaic, ref float output, int mosaicWidth, int outHeight, int outWidth, int phasesY, int phasesX,
        int regionRows, int regionColumns)
    {
        for (int qy = 0; qy < phasesY; qy++)
        {
            int rows = (outHeight - qy + phasesY - 1) / phasesY;
            for (int j = 0; j < rows; j++)
            {
                ref float source = ref Unsafe.Add(ref mosaic, (nint)(qy * regionRows + j) * mosaicWidth);
                ref float row = ref Unsafe.Add(ref output, (nint)(qy + phasesY * j) * outWidth);
                if (phasesX == 1)
                {
                    MemoryMarshal.CreateReadOnlySpan(ref source, outWidth).CopyTo(MemoryMarshal.CreateSpan(ref row, outWidth));
                }
                else if (phasesX == 2)
                {
                    Interleave(ref source, ref Unsafe.Add(ref source, regionColumns), ref row, outWidth);
                }
                else
                {
                    for (int qx = 0; qx < phasesX; qx++)
                    {
                        ref float phase = ref Unsafe.Add(ref source, qx * regionColumns);
                        int columns = (outWidth - qx + phasesX - 1) / phasesX;
                        for (int i = 0; i < columns; i++)
                        {
                            Unsafe.Add(ref row, qx + phasesX * i) = Unsafe.Add(ref phase, i);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Even columns of a row of <paramref name="width"/> to <paramref name="even"/>, odd ones to <paramref name="odd"/>, each zero-filled to <paramref name="rowWidth"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Deinterleave(ref float source, int width, ref float even, ref float odd, int rowWidth)
    {
        // Whole pairs 2j, 2j + 1 below 2·pairs; the last vector is moved back to end at the last pair (overlapping the one
        // before it, which writes the same values), so no scalar tail runs on rows of 8 floats or more.
        int pairs = width / 2;
        if (Vector256.IsHardwareAccelerated && pairs >= 8)
        {
            for (int j = 0; ; j += 8)
            {
                j = Math.Min(j, pairs - 8);
                Vector256<long> a = Vector256.LoadUnsafe(ref source, (nuint)(2 * j)).AsInt64(), b = Vector256.LoadUnsafe(ref source, (nuint)(2 * j + 8)).AsInt64();
                Vector256.Narrow(a, b).AsSingle().StoreUnsafe(ref even, (nuint)j);
                Vector256.Narrow(Vector256.ShiftRightLogical(a, 32), Vector256.ShiftRightLogical(b, 32)).AsSingle().StoreUnsafe(ref odd, (nuint)j);
                if (j == pairs - 8)
                {
                    break;
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated && pairs >= 4)
        {
            for (int j = 0; ; j += 4)
            {
                j = Math.Min(j, pairs - 4);
                Vector128<long> a = Vector128.LoadUnsafe(ref source, (nuint)(2 * j)).AsInt64(), b = Vector128.LoadUnsafe(ref source, (nuint)(2 * j + 4)).AsInt64();
                Vector128.Narrow(a, b).AsSingle().StoreUnsafe(ref even, (nuint)j);
                Vector128.Narrow(Vector128.ShiftRightLogical(a, 32), Vector128.ShiftRightLogical(b, 32)).AsSingle().StoreUnsafe(ref odd, (nuint)j);
                if (j == pairs - 4)
                {
                    break;
                }
            }
        }
        else
        {
            for (int j = 0; j < pairs; j++)
            {
                Unsafe.Add(ref even, j) = Unsafe.Add(ref source, 2 * j);
                Unsafe.Add(ref odd, j) = Unsafe.Add(ref source, 2 * j + 1);
            }
        }
        int evenColumns = pairs;
        if ((width & 1) != 0)
        {
            Unsafe.Add(ref even, pairs) = Unsafe.Add(ref source, 2 * pairs);
            evenColumns++;
        }
        for (int j = evenColumns; j < rowWidth; j++)
        {
            Unsafe.Add(ref even, j) = 0;
        }
        for (int j = pairs; j < rowWidth; j++)
        {
            Unsafe.Add(ref odd, j) = 0;
        }
    }

    /// <summary>A row of <paramref name="width"/> from its even columns <paramref name="even"/> and odd columns <paramref name="odd"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(ref float even, ref float odd, ref float row, int width)
    {
        int pairs = width / 2;
        if (Vector256.IsHardwareAccelerated && pairs >= 8)
        {
            for (int i = 0; ; i += 8)
            {
                i = Math.Min(i, pairs - 8);
                Vector256<uint> a = Vector256.LoadUnsafe(ref even, (nuint)i).AsUInt32(), b = Vector256.LoadUnsafe(ref odd, (nuint)i).AsUInt32();
                (Vector256.WidenLower(a) | Vector256.ShiftLeft(Vector256.WidenLower(b), 32)).AsSingle().StoreUnsafe(ref row, (nuint)(2 * i));
                (Vector256.WidenUpper(a) | Vector256.ShiftLeft(Vector256.WidenUpper(b), 32)).AsSingle().StoreUnsafe(ref row, (nuint)(2 * i + 8));
                if (i == pairs - 8)
                {
                    break;
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated && pairs >= 4)
        {
            for (int i = 0; ; i += 4)
            {
                i = Math.Min(i, pairs - 4);
                Vector128<uint> a = Vector128.LoadUnsafe(ref even, (nuint)i).AsUInt32(), b = Vector128.LoadUnsafe(ref odd, (nuint)i).AsUInt32();
                (Vector128.WidenLower(a) | Vector128.ShiftLeft(Vector128.WidenLower(b), 32)).AsSingle().StoreUnsafe(ref row, (nuint)(2 * i));
                (Vector128.WidenUpper(a) | Vector128.ShiftLeft(Vector128.WidenUpper(b), 32)).AsSingle().StoreUnsafe(ref row, (nuint)(2 * i + 4));
                if (i == pairs - 4)
                {
                    break;
                }
            }
        }
        else
        {
            for (int i = 0; i < pairs; i++)
            {
                Unsafe.Add(ref row, 2 * i) = Unsafe.Add(ref even, i);
                Unsafe.Add(ref row, 2 * i + 1) = Unsafe.Add(ref odd, i);
            }
        }
        if ((width & 1) != 0)
        {
            Unsafe.Add(ref row, 2 * pairs) = Unsafe.Add(ref even, pairs);
        }
    }
}
