using System;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// The geometry of a random layer with a small output plane, drawn the same way for every family that needs one
/// (<see cref="RandomSmallPlaneShapeTests"/>, <see cref="RandomColumnsDataShapeTests"/>): kernels of 1-5 per axis,
/// strides of 1-3, dilation 2 on a third of the axes with several taps, padding below the kernel, an output plane of
/// 2-16 per axis with 6-256 positions, and the smallest input giving it plus up to stride − 1 rows and columns no output
/// reads. The channels are each family's own.
/// </summary>
internal sealed record SmallPlaneGeometry(int Kh, int Kw, int Sh, int Sw, int Ph, int Pw, int Dh, int Dw, int OutHeight, int OutWidth, int H, int W)
{
    public int Taps => Kh * Kw;

    public int Positions => OutHeight * OutWidth;

    /// <summary>
    /// Draws one geometry from <paramref name="random"/>, or returns null where a draw is rejected (the caller draws
    /// again): a kernel, stride and dilation <paramref name="kernelAllowed"/> refuses, a plane outside 6-256 positions,
    /// or no input size that gives it. The draws come in a fixed order, so a seed always gives the same layers.
    /// </summary>
    public static SmallPlaneGeometry? TryDraw(Random random, Func<(int Kh, int Kw, int Sh, int Sw, int Dh, int Dw), bool> kernelAllowed)
    {
        int kh = random.Next(1, 6), kw = random.Next(1, 6), sh = random.Next(1, 4), sw = random.Next(1, 4);
        int dh = kh > 1 && random.Next(3) == 0 ? 2 : 1, dw = kw > 1 && random.Next(3) == 0 ? 2 : 1;
        if (!kernelAllowed((kh, kw, sh, sw, dh, dw)))
        {
            return null;
        }
        int ph = random.Next(kh), pw = random.Next(kw);
        int outHeight = random.Next(2, 17), outWidth = random.Next(2, 17);
        if (outHeight * outWidth < 6 || outHeight * outWidth > 256)
        {
            return null;
        }
        // The smallest input giving that output, plus up to stride − 1 rows and columns no output reads.
        int h = (outHeight - 1) * sh + dh * (kh - 1) + 1 - 2 * ph + random.Next(sh), w = (outWidth - 1) * sw + dw * (kw - 1) + 1 - 2 * pw + random.Next(sw);
        return h < 1 || w < 1 ? null : new SmallPlaneGeometry(kh, kw, sh, sw, ph, pw, dh, dw, outHeight, outWidth, h, w);
    }

    /// <summary>The layer with these dimensions and the given channels and batch.</summary>
    public RandomConv2DShape Layer(int inChannels, int outChannels, int groups, int batch) =>
        new(inChannels, outChannels, H, W, Kh, Kw, Sh, Sw, Ph, Pw, Dh, Dw, groups, batch);
}
