using System;
using ConvGen.Reference;

namespace ConvGen;

/// <summary>
/// Folds an inference-mode batch normalization that follows a convolution into the convolution's weights and bias, as
/// inference engines do with a trained model's conv + BN pairs: per output channel o, with
/// k = scale[o] / √(variance[o] + epsilon), the weights of o become w·k and the bias (bias[o] − mean[o])·k + shift[o]
/// (PyTorch's <c>BatchNorm2d</c> in eval mode: scale is its <c>weight</c>, shift its <c>bias</c>, mean and variance its
/// running statistics). The folded layer then needs no normalization pass, and a fused activation applies after it as
/// it would after the normalization. Each value is computed in double and rounded once.
/// </summary>
/// <remarks>
/// Pass the layer's generated <c>{Method}Shape</c> for the weight layout: OIHW for <c>[Conv2D]</c>,
/// <c>[InChannels][OutChannels/Groups][kh][kw]</c> for <c>[ConvTranspose2D]</c>, <c>[OutChannels][GroupWidth]</c> for
/// <c>[SlidingChannelConv]</c>. A layer declared without bias needs one after folding: pass a zeroed bias of
/// OutChannels floats and call the kernel's bias form. Every check throws <see cref="ArgumentException"/> before
/// anything is written.
/// </remarks>
public static class BatchNormFolding
{
    /// <summary>Folds the normalization into a <c>[Conv2D]</c> layer's OIHW <paramref name="weights"/> and <paramref name="bias"/>, in place.</summary>
    public static void Fold(in Conv2DShape shape, Span<float> weights, Span<float> bias, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> shift, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, float epsilon = 1e-5f)
    {
        shape.Validate();
        // OIHW: output channel o owns one contiguous run of (InChannels / Groups)·kh·kw weights.
        FoldChannelRuns(shape.OutChannels, shape.WeightCount, weights, bias, scale, shift, mean, variance, epsilon);
    }

    /// <summary>
    /// Folds the normalization (over the transposed layer's output channels) into a <c>[ConvTranspose2D]</c> layer's
    /// <c>[InChannels][OutChannels/Groups][kh][kw]</c> <paramref name="weights"/> and <paramref name="bias"/>, in place.
    /// </summary>
    public static void Fold(in ConvTranspose2DShape shape, Span<float> weights, Span<float> bias, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> shift, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, float epsilon = 1e-5f)
    {
        shape.Validate();
        double[] factors = Factors(shape.OutChannels, shape.WeightCount, weights, bias, scale, shift, mean, variance, epsilon);
        // Input channel ci of group g = ci / (InChannels / Groups) holds, for each of the group's OutChannels / Groups
        // output channels j, one run of kh·kw taps: output channel g·(OutChannels / Groups) + j.
        int inPerGroup = shape.InChannels / shape.Groups, outPerGroup = shape.OutChannels / shape.Groups;
        int taps = shape.KernelHeight * shape.KernelWidth;
        for (int ci = 0; ci < shape.InChannels; ci++)
        {
            int firstOutput = ci / inPerGroup * outPerGroup;
            for (int j = 0; j < outPerGroup; j++)
            {
                Scale(weights.Slice((ci * outPerGroup + j) * taps, taps), factors[firstOutput + j]);
            }
        }
        FoldBias(bias, factors, shift, mean);
    }

    /// <summary>Folds the normalization into a <c>[SlidingChannelConv]</c> layer's <c>[OutChannels][GroupWidth]</c> <paramref name="weights"/> and <paramref name="bias"/>, in place.</summary>
    public static void Fold(in SlidingChannelConvShape shape, Span<float> weights, Span<float> bias, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> shift, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, float epsilon = 1e-5f)
    {
        shape.Validate();
        // [K][gw]: output channel o owns one contiguous run of GroupWidth weights.
        FoldChannelRuns(shape.OutChannels, shape.WeightCount, weights, bias, scale, shift, mean, variance, epsilon);
    }

    /// <summary>The fold of a layout where each output channel's weights are one contiguous run, the channels in order.</summary>
    private static void FoldChannelRuns(int outChannels, int weightCount, Span<float> weights, Span<float> bias, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> shift, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, float epsilon)
    {
        double[] factors = Factors(outChannels, weightCount, weights, bias, scale, shift, mean, variance, epsilon);
        int run = weightCount / outChannels;
        for (int o = 0; o < outChannels; o++)
        {
            Scale(weights.Slice(o * run, run), factors[o]);
        }
        FoldBias(bias, factors, shift, mean);
    }

    /// <summary>Checks every span and the statistics, then returns k = scale / √(variance + epsilon) per output channel.</summary>
    private static double[] Factors(int outChannels, int weightCount, Span<float> weights, Span<float> bias, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> shift, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, float epsilon)
    {
        Exact(weights.Length, weightCount, nameof(weights));
        Exact(bias.Length, outChannels, nameof(bias));
        Exact(scale.Length, outChannels, nameof(scale));
        Exact(shift.Length, outChannels, nameof(shift));
        Exact(mean.Length, outChannels, nameof(mean));
        Exact(variance.Length, outChannels, nameof(variance));
        if (weights.Overlaps(bias))
        {
            throw new ArgumentException($"{nameof(bias)} overlaps {nameof(weights)}; both are written.", nameof(bias));
        }
        NotWritten(scale, nameof(scale), weights, bias);
        NotWritten(shift, nameof(shift), weights, bias);
        NotWritten(mean, nameof(mean), weights, bias);
        NotWritten(variance, nameof(variance), weights, bias);
        if (!(epsilon >= 0f) || float.IsInfinity(epsilon))
        {
            throw new ArgumentException($"epsilon is {epsilon}; it must be finite and at least 0 (PyTorch's default is 1e-5).", nameof(epsilon));
        }
        var factors = new double[outChannels];
        for (int o = 0; o < outChannels; o++)
        {
            double denominator = (double)variance[o] + epsilon;
            if (!(denominator > 0) || double.IsInfinity(denominator))
            {
                throw new ArgumentException($"variance[{o}] is {variance[o]}; variance + epsilon must be positive and finite.", nameof(variance));
            }
            factors[o] = scale[o] / Math.Sqrt(denominator);
        }
        return factors;
    }

    private static void Scale(Span<float> weights, double factor)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(weights[i] * factor);
        }
    }

    private static void FoldBias(Span<float> bias, double[] factors, ReadOnlySpan<float> shift, ReadOnlySpan<float> mean)
    {
        for (int o = 0; o < bias.Length; o++)
        {
            bias[o] = (float)((bias[o] - (double)mean[o]) * factors[o] + shift[o]);
        }
    }

    private static void NotWritten(ReadOnlySpan<float> statistic, string name, Span<float> weights, Span<float> bias)
    {
        if (statistic.Overlaps(weights) || statistic.Overlaps(bias))
        {
            throw new ArgumentException($"{name} overlaps the weights or the bias, which are written.", name);
        }
    }

    private static void Exact(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has {actual} floats; the layer needs {expected}.", name);
        }
    }
}
