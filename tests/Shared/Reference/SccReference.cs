using System;
using System.Collections.Generic;
using System.Globalization;

namespace ConvGen.Tests.Reference;

/// <summary>
/// The parameters of a DSXplore sliding-channel convolution (scc-spec.md §2), independent of the generator:
/// filter o reads channels chan(o, j) = (o·s + j) mod Cin for taps j &lt; gw; weights [Cout][gw].
/// </summary>
public sealed class SccParameters
{
    /// <summary>Creates an SCC layer from (Cin, Cout, gw, s); requires 1 ≤ gw ≤ Cin and 0 ≤ s ≤ gw.</summary>
    public SccParameters(int inChannels, int outChannels, int groupWidth, int strideChannels)
    {
        if (inChannels < 1 || outChannels < 1 || groupWidth < 1 || groupWidth > inChannels || strideChannels < 0 || strideChannels > groupWidth)
        {
            throw new ArgumentException(string.Format(
                CultureInfo.InvariantCulture,
                "Invalid SCC layer Cin={0} Cout={1} gw={2} s={3}.",
                inChannels,
                outChannels,
                groupWidth,
                strideChannels));
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        GroupWidth = groupWidth;
        StrideChannels = strideChannels;
    }

    /// <summary>Cin.</summary>
    public int InChannels { get; }

    /// <summary>Cout.</summary>
    public int OutChannels { get; }

    /// <summary>gw = Cin / cg.</summary>
    public int GroupWidth { get; }

    /// <summary>s = gw − ov.</summary>
    public int StrideChannels { get; }

    /// <summary>ov = gw − s.</summary>
    public int OverlapChannels => GroupWidth - StrideChannels;

    /// <summary>From cg channel groups and an overlap of ov channels.</summary>
    public static SccParameters FromOverlap(int inChannels, int outChannels, int channelGroups, int overlapChannels)
    {
        if (channelGroups < 1 || inChannels % channelGroups != 0)
        {
            throw new ArgumentException("Cin must be a multiple of cg.");
        }

        int gw = inChannels / channelGroups;
        return new SccParameters(inChannels, outChannels, gw, gw - overlapChannels);
    }

    /// <summary>
    /// From cg and a ratio co ∈ [0, 1]: ov = ⌊co·gw⌋, with co converted to System.Decimal first (15 significant
    /// digits, so 0.3 is 0.3 and 0.29·100 is 29, like the vectors' Fraction(str(co))).
    /// </summary>
    public static SccParameters FromRatio(int inChannels, int outChannels, int channelGroups, double ratio)
    {
        if (!(ratio >= 0 && ratio <= 1) || channelGroups < 1 || inChannels % channelGroups != 0)
        {
            throw new ArgumentException("Need co in [0, 1] and Cin a multiple of cg.");
        }

        int gw = inChannels / channelGroups;
        int ov = (int)decimal.Floor((decimal)ratio * gw);
        return new SccParameters(inChannels, outChannels, gw, gw - ov);
    }

    /// <summary>chan(o, j) = (o·s + j) mod Cin.</summary>
    public int Channel(int filter, int tap) => (int)((((long)filter * StrideChannels) + tap) % InChannels);

    /// <inheritdoc />
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "SCC Cin={0} Cout={1} gw={2} s={3}",
        InChannels,
        OutChannels,
        GroupWidth,
        StrideChannels);
}

/// <summary>
/// Straightforward fp64 loops for SCC forward, backward-data and backward-weights over NCHW tensors, written
/// from the definitions in scc-spec.md §2 and independent of any optimised code:
/// <code>
/// Y[b,o,p]  = Σ_j W[o,j]·X[b,chan(o,j),p] (+ bias[o])
/// dX[b,c,p] = Σ_{(o,j): chan(o,j)=c} W[o,j]·dY[b,o,p]      (every covering filter, any overlap)
/// dW[o,j]   = Σ_{b,p} X[b,chan(o,j),p]·dY[b,o,p];   dBias[o] = Σ_{b,p} dY[b,o,p]
/// </code>
/// </summary>
public static class SccReference
{
    /// <summary>Forward [B, Cout, H, W]. An empty <paramref name="bias"/> means none.</summary>
    public static ReferenceResult Forward(
        SccParameters layer,
        int batch,
        int height,
        int width,
        ReadOnlySpan<double> input,
        ReadOnlySpan<double> weight,
        ReadOnlySpan<double> bias = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int cin = layer.InChannels, cout = layer.OutChannels, gw = layer.GroupWidth;
        int plane = height * width;
        CheckLength(input.Length, batch * cin * plane, nameof(input));
        CheckLength(weight.Length, cout * gw, nameof(weight));
        if (!bias.IsEmpty)
        {
            CheckLength(bias.Length, cout, nameof(bias));
        }

        var values = new double[batch * cout * plane];
        var magnitudes = new double[values.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < cout; o++)
            {
                for (int p = 0; p < plane; p++)
                {
                    double sum = 0, abs = 0;
                    for (int j = 0; j < gw; j++)
                    {
                        int c = layer.Channel(o, j);
                        double term = weight[(o * gw) + j] * input[(((b * cin) + c) * plane) + p];
                        sum += term;
                        abs += Math.Abs(term);
                    }

                    if (!bias.IsEmpty)
                    {
                        sum += bias[o];
                        abs += Math.Abs(bias[o]);
                    }

                    int index = (((b * cout) + o) * plane) + p;
                    values[index] = sum;
                    magnitudes[index] = abs;
                }
            }
        }

        return new ReferenceResult(new[] { batch, cout, height, width }, values, magnitudes);
    }

    /// <summary>Forward over float32 tensors (computed in fp64).</summary>
    public static ReferenceResult Forward(
        SccParameters layer,
        int batch,
        int height,
        int width,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias = default)
    {
        return Forward(layer, batch, height, width, ReferenceResult.ToDouble(input), ReferenceResult.ToDouble(weight), ReferenceResult.ToDouble(bias));
    }

    /// <summary>
    /// Backward-data dX [B, Cin, H, W], input-centric: for each input channel c, the sum over <b>every</b> (o, j)
    /// with chan(o, j) = c (found by scanning all of them, so it is right for any overlap, unlike DSXplore's kernel).
    /// </summary>
    public static ReferenceResult BackwardData(
        SccParameters layer,
        int batch,
        int height,
        int width,
        ReadOnlySpan<double> gradOutput,
        ReadOnlySpan<double> weight)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int cin = layer.InChannels, cout = layer.OutChannels, gw = layer.GroupWidth;
        int plane = height * width;
        CheckLength(gradOutput.Length, batch * cout * plane, nameof(gradOutput));
        CheckLength(weight.Length, cout * gw, nameof(weight));

        var readers = new List<(int Filter, int Tap)>[cin];
        for (int c = 0; c < cin; c++)
        {
            readers[c] = new List<(int, int)>();
        }

        for (int o = 0; o < cout; o++)
        {
            for (int j = 0; j < gw; j++)
            {
                readers[layer.Channel(o, j)].Add((o, j));
            }
        }

        var values = new double[batch * cin * plane];
        var magnitudes = new double[values.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < cin; c++)
            {
                for (int p = 0; p < plane; p++)
                {
                    double sum = 0, abs = 0;
                    foreach ((int o, int j) in readers[c])
                    {
                        double term = weight[(o * gw) + j] * gradOutput[(((b * cout) + o) * plane) + p];
                        sum += term;
                        abs += Math.Abs(term);
                    }

                    int index = (((b * cin) + c) * plane) + p;
                    values[index] = sum;
                    magnitudes[index] = abs;
                }
            }
        }

        return new ReferenceResult(new[] { batch, cin, height, width }, values, magnitudes);
    }

    /// <summary>Backward-data over float32 tensors (computed in fp64).</summary>
    public static ReferenceResult BackwardData(
        SccParameters layer,
        int batch,
        int height,
        int width,
        ReadOnlySpan<float> gradOutput,
        ReadOnlySpan<float> weight)
    {
        return BackwardData(layer, batch, height, width, ReferenceResult.ToDouble(gradOutput), ReferenceResult.ToDouble(weight));
    }

    /// <summary>Backward-weights: dW [Cout, gw] and dBias [Cout].</summary>
    public static ReferenceWeightGradients BackwardWeights(
        SccParameters layer,
        int batch,
        int height,
        int width,
        ReadOnlySpan<double> input,
        ReadOnlySpan<double> gradOutput)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int cin = layer.InChannels, cout = layer.OutChannels, gw = layer.GroupWidth;
        int plane = height * width;
        CheckLength(input.Length, batch * cin * plane, nameof(input));
        CheckLength(gradOutput.Length, batch * cout * plane, nameof(gradOutput));

        var dw = new double[cout * gw];
        var dwAbs = new double[dw.Length];
        var db = new double[cout];
        var dbAbs = new double[cout];
        for (int o = 0; o < cout; o++)
        {
            for (int j = 0; j < gw; j++)
            {
                int c = layer.Channel(o, j);
                double sum = 0, abs = 0;
                for (int b = 0; b < batch; b++)
                {
                    for (int p = 0; p < plane; p++)
                    {
                        double term = input[(((b * cin) + c) * plane) + p] * gradOutput[(((b * cout) + o) * plane) + p];
                        sum += term;
                        abs += Math.Abs(term);
                    }
                }

                dw[(o * gw) + j] = sum;
                dwAbs[(o * gw) + j] = abs;
            }

            double bsum = 0, babs = 0;
            for (int b = 0; b < batch; b++)
            {
                for (int p = 0; p < plane; p++)
                {
                    double g = gradOutput[(((b * cout) + o) * plane) + p];
                    bsum += g;
                    babs += Math.Abs(g);
                }
            }

            db[o] = bsum;
            dbAbs[o] = babs;
        }

        return new ReferenceWeightGradients(
            new ReferenceResult(new[] { cout, gw }, dw, dwAbs),
            new ReferenceResult(new[] { cout }, db, dbAbs));
    }

    /// <summary>Backward-weights over float32 tensors (computed in fp64).</summary>
    public static ReferenceWeightGradients BackwardWeights(
        SccParameters layer,
        int batch,
        int height,
        int width,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> gradOutput)
    {
        return BackwardWeights(layer, batch, height, width, ReferenceResult.ToDouble(input), ReferenceResult.ToDouble(gradOutput));
    }

    /// <summary>
    /// The equivalent dense 1×1 weight D [Cout][Cin] (flattened): D[o, chan(o, j)] = W[o, j], zero elsewhere.
    /// A dense 1×1 conv with D gives the SCC output.
    /// </summary>
    public static double[] EquivalentDenseWeight(SccParameters layer, ReadOnlySpan<double> weight)
    {
        ArgumentNullException.ThrowIfNull(layer);
        CheckLength(weight.Length, layer.OutChannels * layer.GroupWidth, nameof(weight));
        var dense = new double[layer.OutChannels * layer.InChannels];
        for (int o = 0; o < layer.OutChannels; o++)
        {
            for (int j = 0; j < layer.GroupWidth; j++)
            {
                dense[(o * layer.InChannels) + layer.Channel(o, j)] += weight[(o * layer.GroupWidth) + j];
            }
        }

        return dense;
    }

    /// <summary>Equivalent dense weight of float32 weights.</summary>
    public static double[] EquivalentDenseWeight(SccParameters layer, ReadOnlySpan<float> weight)
    {
        return EquivalentDenseWeight(layer, ReferenceResult.ToDouble(weight));
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "{0} has {1} elements, expected {2}.", name, actual, expected), name);
        }
    }
}
