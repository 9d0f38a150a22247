using System;

namespace ConvGen.Reference;

/// <summary>
/// A sliding-channel convolution layer (DSXplore SCC, <c>[SlidingChannelConv]</c>) described at run time: a 1×1
/// convolution whose filter o reads only the <see cref="GroupWidth"/> = InChannels / ChannelGroups input channels
/// (o·<see cref="ChannelStride"/> + j) mod InChannels, j &lt; GroupWidth, where ChannelStride = GroupWidth −
/// OverlapChannels. Weights are <c>[OutChannels][GroupWidth]</c>; input and output are NCHW at the same Height × Width.
/// Every generated SCC kernel's <c>{Method}Shape</c> property returns its layer as one of these. There is no generic
/// SCC kernel: <see cref="Dense"/> and <see cref="ToDenseWeights"/> give the equivalent dense pointwise layer, which
/// the generic kernels of <see cref="GenericConv"/> compute, and <see cref="FromDenseWeights"/> reads a dense weight
/// gradient back.
/// </summary>
/// <param name="InChannels">Input channels (C).</param>
/// <param name="OutChannels">Output channels, one filter each (K).</param>
/// <param name="Height">Input and output height.</param>
/// <param name="Width">Input and output width.</param>
/// <param name="ChannelGroups">DSXplore's cg: each filter reads InChannels / ChannelGroups channels.</param>
/// <param name="OverlapChannels">Channels the windows of consecutive filters share (ov = ⌊co·gw⌋ for an overlap ratio co).</param>
/// <param name="Activation">The activation after the bias.</param>
/// <param name="NegativeSlope">The leaky ReLU's slope, used and validated only with <see cref="Activation.LeakyRelu"/>.</param>
public readonly record struct SlidingChannelConvShape(
    int InChannels, int OutChannels, int Height, int Width,
    int ChannelGroups, int OverlapChannels,
    Activation Activation = Activation.None, float NegativeSlope = 0.01f)
{
    /// <summary>Input channels each filter reads (gw = InChannels / ChannelGroups).</summary>
    public int GroupWidth => InChannels / ChannelGroups;
    /// <summary>Channels between the windows of consecutive filters (s = gw − ov).</summary>
    public int ChannelStride => GroupWidth - OverlapChannels;
    /// <summary>Floats in one input image (C·H·W).</summary>
    public int InputImage => InChannels * Height * Width;
    /// <summary>Floats in one output image (K·H·W).</summary>
    public int OutputImage => OutChannels * Height * Width;
    /// <summary>Floats in the weight tensor (K·gw).</summary>
    public int WeightCount => OutChannels * GroupWidth;
    /// <summary>Floating-point operations of one image's forward pass (2 per real multiply-add: K·gw·H·W of them).</summary>
    public long Flops => 2L * WeightCount * Height * Width;

    /// <summary>The first input channel of <paramref name="filter"/>'s window: (filter·ChannelStride) mod InChannels.</summary>
    public int WindowStart(int filter) => (int)((long)filter * ChannelStride % InChannels);

    /// <summary>The equivalent dense pointwise layer, with the same activation (its weights: <see cref="ToDenseWeights"/>).</summary>
    public Conv2DShape Dense => new(InChannels, OutChannels, Height, Width, 1, 1, Activation: Activation, NegativeSlope: NegativeSlope);

    /// <summary>
    /// Writes the equivalent dense OIHW 1×1 weights, <c>[OutChannels][InChannels]</c>: <paramref name="weights"/>[o, j] at
    /// channel (o·s + j) mod InChannels of row o, zeros elsewhere. With them, <see cref="Dense"/> computes this layer.
    /// Throws <see cref="ArgumentException"/> on an invalid shape or a wrong length, before writing.
    /// </summary>
    public void ToDenseWeights(ReadOnlySpan<float> weights, Span<float> dense)
    {
        Validate();
        CheckDenseLengths(weights.Length, dense.Length);
        if (weights.Overlaps(dense))
        {
            throw new ArgumentException($"{nameof(dense)} overlaps {nameof(weights)}; the dense weights are written while the weights are read.", nameof(dense));
        }
        dense.Clear();
        int groupWidth = GroupWidth;
        for (int o = 0; o < OutChannels; o++)
        {
            Span<float> row = dense.Slice(o * InChannels, InChannels);
            int channel = WindowStart(o);
            for (int j = 0; j < groupWidth; j++)
            {
                // The window's gw ≤ InChannels channels are distinct, so each is written once.
                row[channel] = weights[o * groupWidth + j];
                channel = channel + 1 == InChannels ? 0 : channel + 1;
            }
        }
    }

    /// <summary>
    /// The inverse of <see cref="ToDenseWeights"/>: reads each filter's window out of dense <c>[OutChannels][InChannels]</c>
    /// weights into <paramref name="weights"/>, <c>[OutChannels][GroupWidth]</c>, ignoring the rest. A weight gradient
    /// the generic kernels compute for <see cref="Dense"/> becomes this layer's gradient this way. Throws
    /// <see cref="ArgumentException"/> on an invalid shape, a wrong length or overlapping spans, before writing.
    /// </summary>
    public void FromDenseWeights(ReadOnlySpan<float> dense, Span<float> weights)
    {
        Validate();
        CheckDenseLengths(weights.Length, dense.Length);
        if (dense.Overlaps(weights))
        {
            throw new ArgumentException($"{nameof(weights)} overlaps {nameof(dense)}; the weights are written while the dense weights are read.", nameof(weights));
        }
        int groupWidth = GroupWidth;
        for (int o = 0; o < OutChannels; o++)
        {
            ReadOnlySpan<float> row = dense.Slice(o * InChannels, InChannels);
            int channel = WindowStart(o);
            for (int j = 0; j < groupWidth; j++)
            {
                weights[o * groupWidth + j] = row[channel];
                channel = channel + 1 == InChannels ? 0 : channel + 1;
            }
        }
    }

    private void CheckDenseLengths(int weights, int dense)
    {
        if (weights != WeightCount)
        {
            throw new ArgumentException($"weights has {weights} floats; this layer's weights have {WeightCount} (OutChannels × GroupWidth).", "weights");
        }
        long denseCount = (long)OutChannels * InChannels;
        if (dense != denseCount)
        {
            throw new ArgumentException($"dense has {dense} floats; the dense weights have {denseCount} (OutChannels × InChannels).", "dense");
        }
    }

    /// <summary>The layer's parameters (not the derived sizes, which an invalid shape may not have), in the invariant culture.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"SlidingChannelConvShape {{ InChannels = {InChannels}, OutChannels = {OutChannels}, Height = {Height}, Width = {Width}, " +
        $"ChannelGroups = {ChannelGroups}, OverlapChannels = {OverlapChannels}, Activation = {Activation}, NegativeSlope = {NegativeSlope} }}");

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the shape is not a valid layer: a size or group count below 1, channel
    /// groups that do not divide the input channels, an overlap outside [0, GroupWidth], an undefined activation, a
    /// negative slope outside [0, 1] with the leaky ReLU, or a tensor of more than <see cref="int.MaxValue"/> floats.
    /// </summary>
    public void Validate()
    {
        if (InChannels < 1 || OutChannels < 1 || Height < 1 || Width < 1 || ChannelGroups < 1 ||
            !ActivationChecks.IsValid(Activation, NegativeSlope))
        {
            throw new ArgumentException($"Invalid sliding-channel convolution shape {this}.");
        }
        if (InChannels % ChannelGroups != 0)
        {
            throw new ArgumentException($"InChannels ({InChannels}) is not divisible by ChannelGroups ({ChannelGroups}) in {this}.");
        }
        if (OverlapChannels < 0 || OverlapChannels > GroupWidth)
        {
            throw new ArgumentException($"OverlapChannels ({OverlapChannels}) is outside [0, {GroupWidth}] (the group width) in {this}.");
        }
        if ((long)InChannels * Height * Width > int.MaxValue || (long)OutChannels * Height * Width > int.MaxValue ||
            (long)OutChannels * InChannels > int.MaxValue)
        {
            throw new ArgumentException($"A tensor of {this} (or its dense weights) has more than {int.MaxValue} floats.");
        }
    }
}
