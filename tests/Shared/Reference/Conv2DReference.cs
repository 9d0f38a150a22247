using System;
using System.Globalization;

namespace ConvGen.Tests.Reference;

/// <summary>
/// A 2-D convolution layer with PyTorch semantics: cross-correlation, zero padding, weights
/// [Cout][Cin/groups][kh][kw], per-axis stride, padding and dilation. Padding is symmetric unless
/// <c>padBottom</c>/<c>padRight</c> are given (then top/left and bottom/right may differ).
/// </summary>
public sealed class Conv2DParameters
{
    /// <summary>Creates a layer. Cin and Cout must be multiples of <paramref name="groups"/>.</summary>
    public Conv2DParameters(
        int inChannels,
        int outChannels,
        int kernelHeight,
        int kernelWidth,
        int strideHeight = 1,
        int strideWidth = 1,
        int padTop = 0,
        int padLeft = 0,
        int dilationHeight = 1,
        int dilationWidth = 1,
        int groups = 1,
        int? padBottom = null,
        int? padRight = null)
    {
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException("Cin and Cout must be positive multiples of groups.");
        }

        if (kernelHeight < 1 || kernelWidth < 1 || strideHeight < 1 || strideWidth < 1 || dilationHeight < 1 || dilationWidth < 1)
        {
            throw new ArgumentException("Kernel, stride and dilation must be positive.");
        }

        int bottom = padBottom ?? padTop;
        int right = padRight ?? padLeft;
        if (padTop < 0 || padLeft < 0 || bottom < 0 || right < 0)
        {
            throw new ArgumentException("Padding must be non-negative.");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        PadTop = padTop;
        PadLeft = padLeft;
        PadBottom = bottom;
        PadRight = right;
        DilationHeight = dilationHeight;
        DilationWidth = dilationWidth;
        Groups = groups;
    }

    /// <summary>Cin.</summary>
    public int InChannels { get; }

    /// <summary>Cout.</summary>
    public int OutChannels { get; }

    /// <summary>kh.</summary>
    public int KernelHeight { get; }

    /// <summary>kw.</summary>
    public int KernelWidth { get; }

    /// <summary>Vertical stride.</summary>
    public int StrideHeight { get; }

    /// <summary>Horizontal stride.</summary>
    public int StrideWidth { get; }

    /// <summary>Zero rows above.</summary>
    public int PadTop { get; }

    /// <summary>Zero rows below.</summary>
    public int PadBottom { get; }

    /// <summary>Zero columns left.</summary>
    public int PadLeft { get; }

    /// <summary>Zero columns right.</summary>
    public int PadRight { get; }

    /// <summary>Vertical dilation.</summary>
    public int DilationHeight { get; }

    /// <summary>Horizontal dilation.</summary>
    public int DilationWidth { get; }

    /// <summary>Channel groups (Cin for depthwise).</summary>
    public int Groups { get; }

    /// <summary>Cin / groups: channels per weight row.</summary>
    public int InChannelsPerGroup => InChannels / Groups;

    /// <summary>Cout / groups.</summary>
    public int OutChannelsPerGroup => OutChannels / Groups;

    /// <summary>Weight element count Cout·(Cin/groups)·kh·kw.</summary>
    public int WeightLength => OutChannels * InChannelsPerGroup * KernelHeight * KernelWidth;

    /// <summary>⌊(H + padTop + padBottom − dh·(kh − 1) − 1) / sh⌋ + 1.</summary>
    public int OutHeight(int inHeight) => OutSize(inHeight, PadTop + PadBottom, DilationHeight, KernelHeight, StrideHeight);

    /// <summary>⌊(W + padLeft + padRight − dw·(kw − 1) − 1) / sw⌋ + 1.</summary>
    public int OutWidth(int inWidth) => OutSize(inWidth, PadLeft + PadRight, DilationWidth, KernelWidth, StrideWidth);

    /// <inheritdoc />
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "Conv2D Cin={0} Cout={1} k={2}x{3} s={4}x{5} pad=t{6}b{7}l{8}r{9} d={10}x{11} g={12}",
        InChannels,
        OutChannels,
        KernelHeight,
        KernelWidth,
        StrideHeight,
        StrideWidth,
        PadTop,
        PadBottom,
        PadLeft,
        PadRight,
        DilationHeight,
        DilationWidth,
        Groups);

    private static int OutSize(int size, int pad, int dilation, int kernel, int stride)
    {
        int span = size + pad - (dilation * (kernel - 1)) - 1;
        if (size < 1 || span < 0)
        {
            throw new ArgumentException("The input is smaller than the dilated kernel.");
        }

        return (span / stride) + 1;
    }
}

/// <summary>
/// Straightforward fp64 loops for dense/grouped/depthwise Conv2D forward (with bias and activation),
/// backward-data and backward-weights (+ bias) over NCHW tensors, from the definitions:
/// <code>
/// Y[b,o,y,x]   = act(bias[o] + Σ_{i&lt;Cin/g, ky, kx} W[o,i,ky,kx]·X[b, g(o)·Cin/g + i, y·sh − pt + ky·dh, x·sw − pl + kx·dw])
/// dX[b,c,iy,ix] = Σ over (o in c's group, ky, kx, oy, ox) with oy·sh − pt + ky·dh = iy and ox·sw − pl + kx·dw = ix of W[o,c−g·Cin/g,ky,kx]·dY[b,o,oy,ox]
/// dW[o,i,ky,kx] = Σ_{b,oy,ox} X[b, g(o)·Cin/g + i, iy, ix]·dY[b,o,oy,ox];   dBias[o] = Σ dY[b,o,·,·]
/// </code>
/// (out-of-range input positions are zero padding). The backward passes are of the linear part (no activation);
/// use <see cref="ActivationBackward"/> first for a layer with an activation.
/// </summary>
public static class Conv2DReference
{
    /// <summary>Forward [B, Cout, OH, OW]; an empty <paramref name="bias"/> means none. Σ|terms| counts the pre-activation terms.</summary>
    public static ReferenceResult Forward(
        Conv2DParameters layer,
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
            for (int o = 0; o < cout; o++)
            {
                int group = o / cog;
                for (int y = 0; y < oh; y++)
                {
                    for (int x = 0; x < ow; x++)
                    {
                        double sum = 0, abs = 0;
                        for (int i = 0; i < cig; i++)
                        {
                            int c = (group * cig) + i;
                            for (int ky = 0; ky < kh; ky++)
                            {
                                int iy = (y * layer.StrideHeight) - layer.PadTop + (ky * layer.DilationHeight);
                                if (iy < 0 || iy >= inHeight)
                                {
                                    continue;
                                }

                                for (int kx = 0; kx < kw; kx++)
                                {
                                    int ix = (x * layer.StrideWidth) - layer.PadLeft + (kx * layer.DilationWidth);
                                    if (ix < 0 || ix >= inWidth)
                                    {
                                        continue;
                                    }

                                    double term = weight[(((((o * cig) + i) * kh) + ky) * kw) + kx]
                                        * input[(((((b * cin) + c) * inHeight) + iy) * inWidth) + ix];
                                    sum += term;
                                    abs += Math.Abs(term);
                                }
                            }
                        }

                        if (!bias.IsEmpty)
                        {
                            sum += bias[o];
                            abs += Math.Abs(bias[o]);
                        }

                        int index = (((((b * cout) + o) * oh) + y) * ow) + x;
                        values[index] = sum;
                        magnitudes[index] = abs;
                    }
                }
            }
        }

        return ReferenceActivations.Apply(new ReferenceResult(new[] { batch, cout, oh, ow }, values, magnitudes), activation, negativeSlope);
    }

    /// <summary>Forward over float32 tensors (computed in fp64).</summary>
    public static ReferenceResult Forward(
        Conv2DParameters layer,
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
        Conv2DParameters layer,
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
            for (int c = 0; c < cin; c++)
            {
                int group = c / cig;
                int i = c - (group * cig);
                for (int iy = 0; iy < inHeight; iy++)
                {
                    for (int ix = 0; ix < inWidth; ix++)
                    {
                        double sum = 0, abs = 0;
                        for (int o = group * cog; o < (group + 1) * cog; o++)
                        {
                            for (int ky = 0; ky < kh; ky++)
                            {
                                int ty = iy + layer.PadTop - (ky * layer.DilationHeight);
                                if (ty < 0 || ty % layer.StrideHeight != 0 || ty / layer.StrideHeight >= oh)
                                {
                                    continue;
                                }

                                int y = ty / layer.StrideHeight;
                                for (int kx = 0; kx < kw; kx++)
                                {
                                    int tx = ix + layer.PadLeft - (kx * layer.DilationWidth);
                                    if (tx < 0 || tx % layer.StrideWidth != 0 || tx / layer.StrideWidth >= ow)
                                    {
                                        continue;
                                    }

                                    int x = tx / layer.StrideWidth;
                                    double term = weight[(((((o * cig) + i) * kh) + ky) * kw) + kx]
                                        * gradOutput[(((((b * cout) + o) * oh) + y) * ow) + x];
                                    sum += term;
                                    abs += Math.Abs(term);
                                }
                            }
                        }

                        int index = (((((b * cin) + c) * inHeight) + iy) * inWidth) + ix;
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
        Conv2DParameters layer,
        int batch,
        int inHeight,
        int inWidth,
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> weight)
    {
        return BackwardData(layer, batch, inHeight, inWidth, ReferenceResult.ToDouble(gradOutput), ReferenceResult.ToDouble(weight));
    }

    /// <summary>Backward-weights: dW [Cout, Cin/groups, kh, kw] and dBias [Cout].</summary>
    public static ReferenceWeightGradients BackwardWeights(
        Conv2DParameters layer,
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
        var db = new double[cout];
        var dbAbs = new double[cout];
        for (int o = 0; o < cout; o++)
        {
            int group = o / cog;
            for (int i = 0; i < cig; i++)
            {
                int c = (group * cig) + i;
                for (int ky = 0; ky < kh; ky++)
                {
                    for (int kx = 0; kx < kw; kx++)
                    {
                        double sum = 0, abs = 0;
                        for (int b = 0; b < batch; b++)
                        {
                            for (int y = 0; y < oh; y++)
                            {
                                int iy = (y * layer.StrideHeight) - layer.PadTop + (ky * layer.DilationHeight);
                                if (iy < 0 || iy >= inHeight)
                                {
                                    continue;
                                }

                                for (int x = 0; x < ow; x++)
                                {
                                    int ix = (x * layer.StrideWidth) - layer.PadLeft + (kx * layer.DilationWidth);
                                    if (ix < 0 || ix >= inWidth)
                                    {
                                        continue;
                                    }

                                    double term = input[(((((b * cin) + c) * inHeight) + iy) * inWidth) + ix]
                                        * gradOutput[(((((b * cout) + o) * oh) + y) * ow) + x];
                                    sum += term;
                                    abs += Math.Abs(term);
                                }
                            }
                        }

                        int index = (((((o * cig) + i) * kh) + ky) * kw) + kx;
                        dw[index] = sum;
                        dwAbs[index] = abs;
                    }
                }
            }

            double bsum = 0, babs = 0;
            for (int b = 0; b < batch; b++)
            {
                for (int p = 0; p < oh * ow; p++)
                {
                    double g = gradOutput[(((b * cout) + o) * oh * ow) + p];
                    bsum += g;
                    babs += Math.Abs(g);
                }
            }

            db[o] = bsum;
            dbAbs[o] = babs;
        }

        return new ReferenceWeightGradients(
            new ReferenceResult(new[] { cout, cig, kh, kw }, dw, dwAbs),
            new ReferenceResult(new[] { cout }, db, dbAbs));
    }

    /// <summary>Backward-weights over float32 tensors (computed in fp64).</summary>
    public static ReferenceWeightGradients BackwardWeights(
        Conv2DParameters layer,
        int batch,
        int inHeight,
        int inWidth,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> gradOutput)
    {
        return BackwardWeights(layer, batch, inHeight, inWidth, ReferenceResult.ToDouble(input), ReferenceResult.ToDouble(gradOutput));
    }

    /// <summary>
    /// Gradient through the activation, from the activation's <b>output</b> (PyTorch: ReLU passes dY where y &gt; 0;
    /// ReLU6 = hardtanh(0, 6) passes dY where 0 &lt; y &lt; 6). Returns the gradient of the pre-activation.
    /// </summary>
    public static double[] ActivationBackward(ReadOnlySpan<double> output, ReadOnlySpan<double> gradOutput, ReferenceActivation activation)
    {
        CheckLength(gradOutput.Length, output.Length, nameof(gradOutput));
        var result = new double[output.Length];
        for (int i = 0; i < result.Length; i++)
        {
            double y = output[i];
            bool pass = activation switch
            {
                ReferenceActivation.None => true,
                ReferenceActivation.Relu => y > 0,
                ReferenceActivation.Relu6 => y > 0 && y < 6,
                _ => throw new ArgumentOutOfRangeException(nameof(activation)),
            };
            result[i] = pass ? gradOutput[i] : 0;
        }

        return result;
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "{0} has {1} elements, expected {2}.", name, actual, expected), name);
        }
    }
}
