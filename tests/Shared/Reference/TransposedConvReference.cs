using System;
using System.Globalization;

namespace ConvGen.Tests.Reference;

/// <summary>
/// A 2-D transposed convolution layer with PyTorch <c>ConvTranspose2d</c> semantics: weights
/// [Cin][Cout/groups][kh][kw], per-axis stride, padding (removed from both sides of the full output), output padding
/// (extra rows/columns below and right) and dilation. Height and width passed to the methods are the input's.
/// </summary>
public sealed class TransposedConv2DParameters
{
    /// <summary>Creates a layer. Cin and Cout must be multiples of <paramref name="groups"/>.</summary>
    public TransposedConv2DParameters(
        int inChannels,
        int outChannels,
        int kernelHeight,
        int kernelWidth,
        int strideHeight = 1,
        int strideWidth = 1,
        int paddingHeight = 0,
        int paddingWidth = 0,
        int outputPaddingHeight = 0,
        int outputPaddingWidth = 0,
        int dilationHeight = 1,
        int dilationWidth = 1,
        int groups = 1)
    {
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException("Cin and Cout must be positive multiples of groups.");
        }

        if (kernelHeight < 1 || kernelWidth < 1 || strideHeight < 1 || strideWidth < 1 || dilationHeight < 1 || dilationWidth < 1)
        {
            throw new ArgumentException("Kernel, stride and dilation must be positive.");
        }

        if (paddingHeight < 0 || paddingWidth < 0 || outputPaddingHeight < 0 || outputPaddingWidth < 0)
        {
            throw new ArgumentException("Padding and output padding must be non-negative.");
        }

        // PyTorch: output padding must be smaller than either the stride or the dilation.
        if ((outputPaddingHeight >= strideHeight && outputPaddingHeight >= dilationHeight)
            || (outputPaddingWidth >= strideWidth && outputPaddingWidth >= dilationWidth))
        {
            throw new ArgumentException("Output padding must be smaller than the stride or the dilation.");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        PaddingHeight = paddingHeight;
        PaddingWidth = paddingWidth;
        OutputPaddingHeight = outputPaddingHeight;
        OutputPaddingWidth = outputPaddingWidth;
        DilationHeight = dilationHeight;
        DilationWidth = dilationWidth;
        Groups = groups;
    }

    /// <summary>Cin (the channels of the input that is upsampled).</summary>
    public int InChannels { get; }

    /// <summary>Cout.</summary>
    public int OutChannels { get; }

    /// <summary>kh.</summary>
    public int KernelHeight { get; }

    /// <summary>kw.</summary>
    public int KernelWidth { get; }

    /// <summary>Vertical stride (upsampling factor).</summary>
    public int StrideHeight { get; }

    /// <summary>Horizontal stride.</summary>
    public int StrideWidth { get; }

    /// <summary>Rows removed above and below the full output.</summary>
    public int PaddingHeight { get; }

    /// <summary>Columns removed left and right of the full output.</summary>
    public int PaddingWidth { get; }

    /// <summary>Extra rows below the output.</summary>
    public int OutputPaddingHeight { get; }

    /// <summary>Extra columns right of the output.</summary>
    public int OutputPaddingWidth { get; }

    /// <summary>Vertical dilation.</summary>
    public int DilationHeight { get; }

    /// <summary>Horizontal dilation.</summary>
    public int DilationWidth { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>Cin / groups.</summary>
    public int InChannelsPerGroup => InChannels / Groups;

    /// <summary>Cout / groups: the second weight dimension.</summary>
    public int OutChannelsPerGroup => OutChannels / Groups;

    /// <summary>Weight element count Cin·(Cout/groups)·kh·kw.</summary>
    public int WeightLength => InChannels * OutChannelsPerGroup * KernelHeight * KernelWidth;

    /// <summary>(H − 1)·sh − 2·ph + dh·(kh − 1) + oph + 1.</summary>
    public int OutHeight(int inHeight) => OutSize(inHeight, StrideHeight, PaddingHeight, DilationHeight, KernelHeight, OutputPaddingHeight);

    /// <summary>(W − 1)·sw − 2·pw + dw·(kw − 1) + opw + 1.</summary>
    public int OutWidth(int inWidth) => OutSize(inWidth, StrideWidth, PaddingWidth, DilationWidth, KernelWidth, OutputPaddingWidth);

    /// <inheritdoc />
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "ConvTranspose2D Cin={0} Cout={1} k={2}x{3} s={4}x{5} p={6}x{7} op={8}x{9} d={10}x{11} g={12}",
        InChannels,
        OutChannels,
        KernelHeight,
        KernelWidth,
        StrideHeight,
        StrideWidth,
        PaddingHeight,
        PaddingWidth,
        OutputPaddingHeight,
        OutputPaddingWidth,
        DilationHeight,
        DilationWidth,
        Groups);

    private static int OutSize(int size, int stride, int padding, int dilation, int kernel, int outputPadding)
    {
        int result = ((size - 1) * stride) - (2 * padding) + (dilation * (kernel - 1)) + outputPadding + 1;
        if (size < 1 || result < 1)
        {
            throw new ArgumentException("The padding removes the whole output.");
        }

        return result;
    }
}

/// <summary>
/// Straightforward fp64 loops for the transposed convolution (PyTorch <c>ConvTranspose2d</c>), written from the
/// definitions and independent of the generator's TDC decomposition and of <see cref="Conv2DReference"/>. With
/// oy = iy·sh − ph + ky·dh and ox = ix·sw − pw + kx·dw (contributions outside [0, OH) × [0, OW) are dropped):
/// <code>
/// Y[b,co,oy,ox]  += X[b,ci,iy,ix]·W[ci,co−g·Cout/g,ky,kx]   (scatter over b, ci, iy, ix, co in ci's group g, ky, kx); then act(Y + bias[co])
/// dX[b,ci,iy,ix]  = Σ_{co in ci's group, ky, kx} W[ci,co−g·Cout/g,ky,kx]·dY[b,co,oy,ox]
/// dW[ci,j,ky,kx]  = Σ_{b, iy, ix} X[b,ci,iy,ix]·dY[b,g·Cout/g + j,oy,ox];   dBias[co] = Σ dY[b,co,·,·]
/// </code>
/// Every result carries Σ|terms| per element for the κ·2^-23·Σ|terms| bound. The backward passes are of the linear
/// part (no activation).
/// </summary>
public static class TransposedConvReference
{
    /// <summary>Forward [B, Cout, OH, OW] by scattering every input element; an empty <paramref name="bias"/> means none.</summary>
    public static ReferenceResult Forward(
        TransposedConv2DParameters layer,
        int batch,
        int inHeight,
        int inWidth,
        ReadOnlySpan<double> input,
        ReadOnlySpan<double> weight,
        ReadOnlySpan<double> bias = default,
        ReferenceActivation activation = ReferenceActivation.None,
        double negativeSlope = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int cin = layer.InChannels, cout = layer.OutChannels, cig = layer.InChannelsPerGroup, cog = layer.OutChannelsPerGroup;
        int kh = layer.KernelHeight, kw = layer.KernelWidth;
        int oh = layer.OutHeight(inHeight), ow = layer.OutWidth(inWidth);
        CheckLength(input.Length, batch * cin * inHeight * inWidth, nameof(input));
        CheckLength(weight.Length, layer.WeightLength, nameof(weight));
        if (!bias.IsEmpty)
        {
            CheckLength(bias.Length, cout, nameof(bias));
        }

        var values = new double[batch * cout * oh * ow];
        var magnitudes = new double[values.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int ci = 0; ci < cin; ci++)
            {
                int group = ci / cig;
                for (int iy = 0; iy < inHeight; iy++)
                {
                    for (int ix = 0; ix < inWidth; ix++)
                    {
                        double x = input[(((((b * cin) + ci) * inHeight) + iy) * inWidth) + ix];
                        for (int j = 0; j < cog; j++)
                        {
                            int co = (group * cog) + j;
                            for (int ky = 0; ky < kh; ky++)
                            {
                                int oy = (iy * layer.StrideHeight) - layer.PaddingHeight + (ky * layer.DilationHeight);
                                if (oy < 0 || oy >= oh)
                                {
                                    continue;
                                }

                                for (int kx = 0; kx < kw; kx++)
                                {
                                    int ox = (ix * layer.StrideWidth) - layer.PaddingWidth + (kx * layer.DilationWidth);
                                    if (ox < 0 || ox >= ow)
                                    {
                                        continue;
                                    }

                                    double term = x * weight[(((((ci * cog) + j) * kh) + ky) * kw) + kx];
                                    int index = (((((b * cout) + co) * oh) + oy) * ow) + ox;
                                    values[index] += term;
                                    magnitudes[index] += Math.Abs(term);
                                }
                            }
                        }
                    }
                }
            }
        }

        for (int b = 0; b < batch; b++)
        {
            for (int co = 0; co < cout; co++)
            {
                for (int p = 0; p < oh * ow; p++)
                {
                    int index = (((b * cout) + co) * oh * ow) + p;
                    if (!bias.IsEmpty)
                    {
                        values[index] += bias[co];
                        magnitudes[index] += Math.Abs(bias[co]);
                    }
                }
            }
        }

        return ReferenceActivations.Apply(new ReferenceResult(new[] { batch, cout, oh, ow }, values, magnitudes), activation, negativeSlope);
    }

    /// <summary>Forward over float32 tensors (computed in fp64).</summary>
    public static ReferenceResult Forward(
        TransposedConv2DParameters layer,
        int batch,
        int inHeight,
        int inWidth,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias = default,
        ReferenceActivation activation = ReferenceActivation.None,
        double negativeSlope = double.NaN)
    {
        return Forward(layer, batch, inHeight, inWidth, ReferenceResult.ToDouble(input), ReferenceResult.ToDouble(weight), ReferenceResult.ToDouble(bias), activation, negativeSlope);
    }

    /// <summary>Backward-data dX [B, Cin, H, W] from dY [B, Cout, OH, OW], gathered per input element.</summary>
    public static ReferenceResult BackwardData(
        TransposedConv2DParameters layer,
        int batch,
        int inHeight,
        int inWidth,
        ReadOnlySpan<double> gradOutput,
        ReadOnlySpan<double> weight)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int cin = layer.InChannels, cout = layer.OutChannels, cig = layer.InChannelsPerGroup, cog = layer.OutChannelsPerGroup;
        int kh = layer.KernelHeight, kw = layer.KernelWidth;
        int oh = layer.OutHeight(inHeight), ow = layer.OutWidth(inWidth);
        CheckLength(gradOutput.Length, batch * cout * oh * ow, nameof(gradOutput));
        CheckLength(weight.Length, layer.WeightLength, nameof(weight));

        var values = new double[batch * cin * inHeight * inWidth];
        var magnitudes = new double[values.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int ci = 0; ci < cin; ci++)
            {
                int group = ci / cig;
                for (int iy = 0; iy < inHeight; iy++)
                {
                    for (int ix = 0; ix < inWidth; ix++)
                    {
                        double sum = 0, abs = 0;
                        for (int j = 0; j < cog; j++)
                        {
                            int co = (group * cog) + j;
                            for (int ky = 0; ky < kh; ky++)
                            {
                                int oy = (iy * layer.StrideHeight) - layer.PaddingHeight + (ky * layer.DilationHeight);
                                if (oy < 0 || oy >= oh)
                                {
                                    continue;
                                }

                                for (int kx = 0; kx < kw; kx++)
                                {
                                    int ox = (ix * layer.StrideWidth) - layer.PaddingWidth + (kx * layer.DilationWidth);
                                    if (ox < 0 || ox >= ow)
                                    {
                                        continue;
                                    }

                                    double term = weight[(((((ci * cog) + j) * kh) + ky) * kw) + kx]
                                        * gradOutput[(((((b * cout) + co) * oh) + oy) * ow) + ox];
                                    sum += term;
                                    abs += Math.Abs(term);
                                }
                            }
                        }

                        int index = (((((b * cin) + ci) * inHeight) + iy) * inWidth) + ix;
                        values[index] = sum;
                        magnitudes[index] = abs;
                    }
                }
            }
        }

        return new ReferenceResult(new[] { batch, cin, inHeight, inWidth }, values, magnitudes);
    }

    /// <summary>Backward-data over float32 tensors (computed in fp64).</summary>
    public static ReferenceResult BackwardData(
        TransposedConv2DParameters layer,
        int batch,
        int inHeight,
        int inWidth,
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> weight)
    {
        return BackwardData(layer, batch, inHeight, inWidth, ReferenceResult.ToDouble(gradOutput), ReferenceResult.ToDouble(weight));
    }

    /// <summary>Backward-weights: dW [Cin, Cout/groups, kh, kw] and dBias [Cout], summed over the batch.</summary>
    public static ReferenceWeightGradients BackwardWeights(
        TransposedConv2DParameters layer,
        int batch,
        int inHeight,
        int inWidth,
        ReadOnlySpan<double> input,
        ReadOnlySpan<double> gradOutput)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int cin = layer.InChannels, cout = layer.OutChannels, cig = layer.InChannelsPerGroup, cog = layer.OutChannelsPerGroup;
        int kh = layer.KernelHeight, kw = layer.KernelWidth;
        int oh = layer.OutHeight(inHeight), ow = layer.OutWidth(inWidth);
        CheckLength(input.Length, batch * cin * inHeight * inWidth, nameof(input));
        CheckLength(gradOutput.Length, batch * cout * oh * ow, nameof(gradOutput));

        var dw = new double[layer.WeightLength];
        var dwAbs = new double[dw.Length];
        for (int ci = 0; ci < cin; ci++)
        {
            int group = ci / cig;
            for (int j = 0; j < cog; j++)
            {
                int co = (group * cog) + j;
                for (int ky = 0; ky < kh; ky++)
                {
                    for (int kx = 0; kx < kw; kx++)
                    {
                        double sum = 0, abs = 0;
                        for (int b = 0; b < batch; b++)
                        {
                            for (int iy = 0; iy < inHeight; iy++)
                            {
                                int oy = (iy * layer.StrideHeight) - layer.PaddingHeight + (ky * layer.DilationHeight);
                                if (oy < 0 || oy >= oh)
                                {
                                    continue;
                                }

                                for (int ix = 0; ix < inWidth; ix++)
                                {
                                    int ox = (ix * layer.StrideWidth) - layer.PaddingWidth + (kx * layer.DilationWidth);
                                    if (ox < 0 || ox >= ow)
                                    {
                                        continue;
                                    }

                                    double term = input[(((((b * cin) + ci) * inHeight) + iy) * inWidth) + ix]
                                        * gradOutput[(((((b * cout) + co) * oh) + oy) * ow) + ox];
                                    sum += term;
                                    abs += Math.Abs(term);
                                }
                            }
                        }

                        int index = (((((ci * cog) + j) * kh) + ky) * kw) + kx;
                        dw[index] = sum;
                        dwAbs[index] = abs;
                    }
                }
            }
        }

        var db = new double[cout];
        var dbAbs = new double[cout];
        for (int co = 0; co < cout; co++)
        {
            double sum = 0, abs = 0;
            for (int b = 0; b < batch; b++)
            {
                for (int p = 0; p < oh * ow; p++)
                {
                    double g = gradOutput[(((b * cout) + co) * oh * ow) + p];
                    sum += g;
                    abs += Math.Abs(g);
                }
            }

            db[co] = sum;
            dbAbs[co] = abs;
        }

        return new ReferenceWeightGradients(
            new ReferenceResult(new[] { cin, cog, kh, kw }, dw, dwAbs),
            new ReferenceResult(new[] { cout }, db, dbAbs));
    }

    /// <summary>Backward-weights over float32 tensors (computed in fp64).</summary>
    public static ReferenceWeightGradients BackwardWeights(
        TransposedConv2DParameters layer,
        int batch,
        int inHeight,
        int inWidth,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> gradOutput)
    {
        return BackwardWeights(layer, batch, inHeight, inWidth, ReferenceResult.ToDouble(input), ReferenceResult.ToDouble(gradOutput));
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "{0} has {1} elements, expected {2}.", name, actual, expected), name);
        }
    }
}
