using System;
using ConvGen;

namespace ConvGen.Samples.Training.Training;

/// <summary>
/// The convolutions of the sample network, each declared for the forward pass and both backward passes. Only these
/// come from ConvGen; batch norm, ReLU, pooling, the classifier and the optimiser are plain vectorised C#.
/// </summary>
internal static partial class NetworkKernels
{
    // Stem: 3x3 dense 1 → 16 (its input is the image, so no backward-data).
    [Conv2D(InChannels = 1, OutChannels = 16, Height = 28, Width = 28, KernelSize = 3, Padding = 1)]
    public static partial void StemForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 1, OutChannels = 16, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void StemBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Depthwise 3x3 layers (shared by every variant).
    [Conv2D(InChannels = 16, OutChannels = 16, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Groups = 16)]
    public static partial void Dw1Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 16, OutChannels = 16, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Groups = 16, Pass = ConvPass.BackwardData)]
    public static partial void Dw1BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 16, OutChannels = 16, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Groups = 16, Pass = ConvPass.BackwardWeights)]
    public static partial void Dw1BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 32, OutChannels = 32, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 32)]
    public static partial void Dw2Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 32, OutChannels = 32, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 32, Pass = ConvPass.BackwardData)]
    public static partial void Dw2BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 32, OutChannels = 32, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 32, Pass = ConvPass.BackwardWeights)]
    public static partial void Dw2BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Groups = 64)]
    public static partial void Dw3Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Groups = 64, Pass = ConvPass.BackwardData)]
    public static partial void Dw3BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Groups = 64, Pass = ConvPass.BackwardWeights)]
    public static partial void Dw3BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 128)]
    public static partial void Dw4Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 128, Pass = ConvPass.BackwardData)]
    public static partial void Dw4BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 128, Pass = ConvPass.BackwardWeights)]
    public static partial void Dw4BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Pointwise 1x1 layers (DW+PW).
    [Conv2D(InChannels = 16, OutChannels = 32, Height = 28, Width = 28, KernelSize = 1)]
    public static partial void Pw1Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 16, OutChannels = 32, Height = 28, Width = 28, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void Pw1BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 16, OutChannels = 32, Height = 28, Width = 28, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Pw1BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 32, OutChannels = 64, Height = 14, Width = 14, KernelSize = 1)]
    public static partial void Pw2Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 14, Width = 14, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void Pw2BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 14, Width = 14, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Pw2BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, KernelSize = 1)]
    public static partial void Pw3Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void Pw3BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Pw3BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 7, Width = 7, KernelSize = 1)]
    public static partial void Pw4Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 7, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void Pw4BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 7, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Pw4BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Group pointwise 1x1 layers with 2 channel groups (DW+GPW, cg = 2).
    [Conv2D(InChannels = 16, OutChannels = 32, Height = 28, Width = 28, KernelSize = 1, Groups = 2)]
    public static partial void GPw1Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 16, OutChannels = 32, Height = 28, Width = 28, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void GPw1BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 16, OutChannels = 32, Height = 28, Width = 28, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void GPw1BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 32, OutChannels = 64, Height = 14, Width = 14, KernelSize = 1, Groups = 2)]
    public static partial void GPw2Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 14, Width = 14, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void GPw2BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 32, OutChannels = 64, Height = 14, Width = 14, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void GPw2BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, KernelSize = 1, Groups = 2)]
    public static partial void GPw3Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void GPw3BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void GPw3BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 7, Width = 7, KernelSize = 1, Groups = 2)]
    public static partial void GPw4Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 7, Width = 7, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void GPw4BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 7, Width = 7, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void GPw4BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Sliding-channel 1x1 layers (DW+SCC, cg = 2, co = 0.5): each filter reads gw = C/2 consecutive channels, sliding by gw/2.
    [SlidingChannelConv(InChannels = 16, OutChannels = 32, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void Scc1Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [SlidingChannelConv(InChannels = 16, OutChannels = 32, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Scc1BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [SlidingChannelConv(InChannels = 16, OutChannels = 32, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc1BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 32, OutChannels = 64, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void Scc2Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [SlidingChannelConv(InChannels = 32, OutChannels = 64, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Scc2BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [SlidingChannelConv(InChannels = 32, OutChannels = 64, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc2BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void Scc3Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [SlidingChannelConv(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Scc3BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [SlidingChannelConv(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc3BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 7, Width = 7, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void Scc4Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 7, Width = 7, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Scc4BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);
    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 7, Width = 7, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc4BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
}
