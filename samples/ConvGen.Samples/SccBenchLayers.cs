using System;
using ConvGen;

namespace ConvGen.Samples;

/// <summary>
/// The layers of <c>--scc</c>: MobileNet-sized SCC layers (cg ∈ {2, 4}, co ∈ {0.25, 0.5}) next to ConvGen's own
/// dense and grouped pointwise convolutions of the same size.
/// </summary>
internal static partial class SccBenchLayers
{
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1)]
    public static partial void Dense128At56(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Groups = 2)]
    public static partial void Grouped128At56G2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 2, Overlap = 0.25)]
    public static partial void Scc128At56Cg2Co25(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void Scc128At56Cg2Co50(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, KernelSize = 1, Groups = 4)]
    public static partial void Grouped128At56G4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 4, Overlap = 0.25)]
    public static partial void Scc128At56Cg4Co25(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 4, Overlap = 0.5)]
    public static partial void Scc128At56Cg4Co50(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 1)]
    public static partial void Dense256At28(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 1, Groups = 2)]
    public static partial void Grouped256At28G2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.25)]
    public static partial void Scc256At28Cg2Co25(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void Scc256At28Cg2Co50(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, KernelSize = 1, Groups = 4)]
    public static partial void Grouped256At28G4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 4, Overlap = 0.25)]
    public static partial void Scc256At28Cg4Co25(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 4, Overlap = 0.5)]
    public static partial void Scc256At28Cg4Co50(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 1)]
    public static partial void Dense512At14(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 1, Groups = 2)]
    public static partial void Grouped512At14G2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.25)]
    public static partial void Scc512At14Cg2Co25(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void Scc512At14Cg2Co50(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 1, Groups = 4)]
    public static partial void Grouped512At14G4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 4, Overlap = 0.25)]
    public static partial void Scc512At14Cg4Co25(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 4, Overlap = 0.5)]
    public static partial void Scc512At14Cg4Co50(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Backward passes of the same SCC layers.
    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void Scc128At56Cg2Co25Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc128At56Cg2Co25Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Scc128At56Cg2Co50Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc128At56Cg2Co50Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 4, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void Scc128At56Cg4Co25Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 4, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc128At56Cg4Co25Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Scc128At56Cg4Co50Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 128, OutChannels = 128, Height = 56, Width = 56, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc128At56Cg4Co50Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void Scc256At28Cg2Co25Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc256At28Cg2Co25Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Scc256At28Cg2Co50Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc256At28Cg2Co50Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 4, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void Scc256At28Cg4Co25Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 4, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc256At28Cg4Co25Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Scc256At28Cg4Co50Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc256At28Cg4Co50Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void Scc512At14Cg2Co25Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc512At14Cg2Co25Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Scc512At14Cg2Co50Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc512At14Cg2Co50Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 4, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void Scc512At14Cg4Co25Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 4, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc512At14Cg4Co25Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Scc512At14Cg4Co50Dx(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Scc512At14Cg4Co50Dw(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
}
