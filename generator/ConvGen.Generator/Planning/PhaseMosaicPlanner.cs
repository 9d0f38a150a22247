using System;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Planning;

/// <summary>
/// Plans the phase mosaic of a dilated layer (<see cref="PhaseMosaicPlan"/>): which layers have one, and its geometry.
/// </summary>
internal static class PhaseMosaicPlanner
{
    /// <summary>
    /// Forward <c>[Conv2D]</c> layers with a 3×3 kernel, stride 1, one group, dilation above 1 along at least one axis and
    /// padding a multiple of the dilation along both (the "same" atrous convolution of DeepLab or dilated ResNets, p = d,
    /// and the unpadded one): each output phase then reads one input phase with the same padding, p / d.
    /// </summary>
    public static bool Applies(LayerSpec l) =>
        l.Pass == PassKind.Forward && l.Transposed is null &&
        l.KernelHeight == 3 && l.KernelWidth == 3 && l.StrideHeight == 1 && l.StrideWidth == 1 && l.Groups == 1 &&
        (l.DilationHeight > 1 || l.DilationWidth > 1) &&
        l.PaddingHeight % l.DilationHeight == 0 && l.PaddingWidth % l.DilationWidth == 0;

    /// <summary>
    /// The mosaic of <paramref name="layer"/>, or null where <see cref="Applies"/> is false (or the mosaic would be too large
    /// for 32-bit sizes, or have rows wider than <see cref="MaxMosaicWidth"/>). Phase images have at most h = ⌈H / d_y⌉ rows and w = ⌈W / d_x⌉ columns (the shorter ones end with
    /// a zero row or column, which reads as their padding). Along the rows, with q = p_y / d_y, row phase qy's outputs are
    /// mosaic output rows qy·R + j for j below h + 2q − 2, and they read mosaic rows qy·R − q to qy·R + h + q − 1: so
    /// R = <see cref="Spacing"/>(h, q) = h + max(q, 2q − 2) keeps at least q zero rows after each phase (its bottom padding
    /// and the next phase's top padding) and no two phases' outputs on one row. The columns likewise, Q = Spacing(w, p_x / d_x).
    /// </summary>
    public static PhaseMosaicPlan? Plan(LayerSpec layer)
    {
        if (!Applies(layer))
        {
            return null;
        }
        int dy = layer.DilationHeight, dx = layer.DilationWidth;
        int qRows = layer.PaddingHeight / dy, qColumns = layer.PaddingWidth / dx;
        int regionRows = Spacing(ShapeMath.CeilDiv(layer.Height, dy), qRows);
        int regionColumns = Spacing(ShapeMath.CeilDiv(layer.Width, dx), qColumns);
        if ((long)dy * regionRows * dx * regionColumns * Math.Max(layer.InChannels, layer.OutChannels) > int.MaxValue / 4 || (long)dx * regionColumns > MaxMosaicWidth)
        {
            return null; // a mosaic too large for the Winograd plans' int sizes, or rows too wide for PackChannel's stack buffer: direct
        }
        LayerSpec mosaic = layer with
        {
            Height = dy * regionRows,
            Width = dx * regionColumns,
            PaddingHeight = qRows,
            PaddingWidth = qColumns,
            DilationHeight = 1,
            DilationWidth = 1,
        };
        return new PhaseMosaicPlan(dy, dx, regionRows, regionColumns, mosaic);
    }

    /// <summary>
    /// Widest mosaic row, in floats: packing gathers each row into a stack buffer of that many (16 KB; an 8K-wide image
    /// with dilation runs direct).
    /// </summary>
    internal const int MaxMosaicWidth = 4096;

    /// <summary>Mosaic rows (or columns) from one phase to the next: the phase's <paramref name="size"/> and the zeros its padding <paramref name="q"/> needs.</summary>
    internal static int Spacing(int size, int q) => size + Math.Max(q, 2 * q - 2);
}
