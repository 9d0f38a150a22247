using System;
using ConvGen;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>
/// Real [SlidingChannelConv] declarations, all three passes of each: the exact SCC vectors, and shapes chosen for the
/// special cases (co = 0 grouped, cg = 1 dense and row-rotated, co = 1, partial last cycle, unread channels,
/// multiple wraps, Cin not a power of two, one pixel, gw = 1) and for size (512 → 512, 256 → 256).
/// </summary>
internal static partial class SccLayers
{
    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 5, Width = 7, ChannelGroups = 2, Overlap = 0.25, Activation = Activation.Relu)]
    public static partial void Cin12Cout20Cg2Co25PartialForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 5, Width = 7, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void Cin12Cout20Cg2Co25PartialBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 5, Width = 7, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin12Cout20Cg2Co25PartialBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [SlidingChannelConv(InChannels = 24, OutChannels = 30, Height = 6, Width = 6, ChannelGroups = 4, Overlap = 0.5, Activation = Activation.Relu6)]
    public static partial void Cin24Cout30Cg4Co50PartialForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 24, OutChannels = 30, Height = 6, Width = 6, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Cin24Cout30Cg4Co50PartialBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 24, OutChannels = 30, Height = 6, Width = 6, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin24Cout30Cg4Co50PartialBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [SlidingChannelConv(InChannels = 24, OutChannels = 40, Height = 4, Width = 9, ChannelGroups = 3, Overlap = 0.75)]
    public static partial void Cin24Cout40Cg3Co75Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 24, OutChannels = 40, Height = 4, Width = 9, ChannelGroups = 3, Overlap = 0.75, Pass = ConvPass.BackwardData)]
    public static partial void Cin24Cout40Cg3Co75BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 24, OutChannels = 40, Height = 4, Width = 9, ChannelGroups = 3, Overlap = 0.75, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin24Cout40Cg3Co75BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 20, OutChannels = 36, Height = 5, Width = 5, ChannelGroups = 4, OverlapChannels = 3)]
    public static partial void Cin20Cout36Cg4Ov3Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 20, OutChannels = 36, Height = 5, Width = 5, ChannelGroups = 4, OverlapChannels = 3, Pass = ConvPass.BackwardData)]
    public static partial void Cin20Cout36Cg4Ov3BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 20, OutChannels = 36, Height = 5, Width = 5, ChannelGroups = 4, OverlapChannels = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin20Cout36Cg4Ov3BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [SlidingChannelConv(InChannels = 12, OutChannels = 18, Height = 7, Width = 5, ChannelGroups = 3, Overlap = 0, Activation = Activation.Relu)]
    public static partial void Cin12Cout18Cg3Co0GroupedForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 12, OutChannels = 18, Height = 7, Width = 5, ChannelGroups = 3, Overlap = 0, Pass = ConvPass.BackwardData)]
    public static partial void Cin12Cout18Cg3Co0GroupedBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 12, OutChannels = 18, Height = 7, Width = 5, ChannelGroups = 3, Overlap = 0, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin12Cout18Cg3Co0GroupedBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 3, Width = 11, ChannelGroups = 3, Overlap = 0.0)]
    public static partial void Cin12Cout20Cg3Co0UnevenForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 3, Width = 11, ChannelGroups = 3, Overlap = 0.0, Pass = ConvPass.BackwardData)]
    public static partial void Cin12Cout20Cg3Co0UnevenBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 3, Width = 11, ChannelGroups = 3, Overlap = 0.0, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin12Cout20Cg3Co0UnevenBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [SlidingChannelConv(InChannels = 12, OutChannels = 10, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 1)]
    public static partial void Cin12Cout10Cg2Co1SharedForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 12, OutChannels = 10, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 1, Pass = ConvPass.BackwardData)]
    public static partial void Cin12Cout10Cg2Co1SharedBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 12, OutChannels = 10, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin12Cout10Cg2Co1SharedBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 10, OutChannels = 14, Height = 5, Width = 5, ChannelGroups = 1, Overlap = 0)]
    public static partial void Cin10Cout14Cg1Co0DenseForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 10, OutChannels = 14, Height = 5, Width = 5, ChannelGroups = 1, Overlap = 0, Pass = ConvPass.BackwardData)]
    public static partial void Cin10Cout14Cg1Co0DenseBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 10, OutChannels = 14, Height = 5, Width = 5, ChannelGroups = 1, Overlap = 0, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin10Cout14Cg1Co0DenseBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [SlidingChannelConv(InChannels = 10, OutChannels = 14, Height = 3, Width = 5, ChannelGroups = 1, Overlap = 1.0)]
    public static partial void Cin10Cout14Cg1Co1DenseForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 10, OutChannels = 14, Height = 3, Width = 5, ChannelGroups = 1, Overlap = 1.0, Pass = ConvPass.BackwardData)]
    public static partial void Cin10Cout14Cg1Co1DenseBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 10, OutChannels = 14, Height = 3, Width = 5, ChannelGroups = 1, Overlap = 1.0, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin10Cout14Cg1Co1DenseBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 10, OutChannels = 14, Height = 6, Width = 5, ChannelGroups = 1, Overlap = 0.5)]
    public static partial void Cin10Cout14Cg1Co50RotatedForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 10, OutChannels = 14, Height = 6, Width = 5, ChannelGroups = 1, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Cin10Cout14Cg1Co50RotatedBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 10, OutChannels = 14, Height = 6, Width = 5, ChannelGroups = 1, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin10Cout14Cg1Co50RotatedBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 12, OutChannels = 13, Height = 4, Width = 5, ChannelGroups = 1, Overlap = 0.25, Activation = Activation.Relu)]
    public static partial void Cin12Cout13Cg1Co25RotatedForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 12, OutChannels = 13, Height = 4, Width = 5, ChannelGroups = 1, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void Cin12Cout13Cg1Co25RotatedBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 12, OutChannels = 13, Height = 4, Width = 5, ChannelGroups = 1, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin12Cout13Cg1Co25RotatedBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [SlidingChannelConv(InChannels = 16, OutChannels = 3, Height = 5, Width = 5, ChannelGroups = 4, Overlap = 0.5)]
    public static partial void Cin16Cout3Cg4Co50UnreadForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 16, OutChannels = 3, Height = 5, Width = 5, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Cin16Cout3Cg4Co50UnreadBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 16, OutChannels = 3, Height = 5, Width = 5, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin16Cout3Cg4Co50UnreadBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 16, OutChannels = 50, Height = 4, Width = 6, ChannelGroups = 2, Overlap = 0.75)]
    public static partial void Cin16Cout50Cg2Co75MultiWrapForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 16, OutChannels = 50, Height = 4, Width = 6, ChannelGroups = 2, Overlap = 0.75, Pass = ConvPass.BackwardData)]
    public static partial void Cin16Cout50Cg2Co75MultiWrapBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 16, OutChannels = 50, Height = 4, Width = 6, ChannelGroups = 2, Overlap = 0.75, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin16Cout50Cg2Co75MultiWrapBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [SlidingChannelConv(InChannels = 8, OutChannels = 12, Height = 1, Width = 1, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void Cin8Cout12Cg2Co50OnePixelForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 8, OutChannels = 12, Height = 1, Width = 1, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Cin8Cout12Cg2Co50OnePixelBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 8, OutChannels = 12, Height = 1, Width = 1, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin8Cout12Cg2Co50OnePixelBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [SlidingChannelConv(InChannels = 7, OutChannels = 9, Height = 3, Width = 3, ChannelGroups = 7, OverlapChannels = 0)]
    public static partial void Cin7Cout9Cg7Ov0GwOneForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 7, OutChannels = 9, Height = 3, Width = 3, ChannelGroups = 7, OverlapChannels = 0, Pass = ConvPass.BackwardData)]
    public static partial void Cin7Cout9Cg7Ov0GwOneBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 7, OutChannels = 9, Height = 3, Width = 3, ChannelGroups = 7, OverlapChannels = 0, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin7Cout9Cg7Ov0GwOneBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 30, OutChannels = 45, Height = 9, Width = 9, ChannelGroups = 5, OverlapChannels = 5, Activation = Activation.Relu6)]
    public static partial void Cin30Cout45Cg5Ov5Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 30, OutChannels = 45, Height = 9, Width = 9, ChannelGroups = 5, OverlapChannels = 5, Pass = ConvPass.BackwardData)]
    public static partial void Cin30Cout45Cg5Ov5BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 30, OutChannels = 45, Height = 9, Width = 9, ChannelGroups = 5, OverlapChannels = 5, Pass = ConvPass.BackwardWeights)]
    public static partial void Cin30Cout45Cg5Ov5BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 4, Overlap = 0.5)]
    public static partial void Big512Cg4Co50Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void Big512Cg4Co50BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void Big512Cg4Co50BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.25, Activation = Activation.Relu)]
    public static partial void Big256Cg2Co25Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void Big256Cg2Co25BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 256, OutChannels = 256, Height = 28, Width = 28, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void Big256Cg2Co25BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // The exact test vectors of tests/testdata/vectors (scc_*).
    [SlidingChannelConv(InChannels = 12, OutChannels = 24, Height = 5, Width = 5, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void SccCin12Cout24Cg2Co50Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 12, OutChannels = 24, Height = 5, Width = 5, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void SccCin12Cout24Cg2Co50BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 12, OutChannels = 24, Height = 5, Width = 5, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin12Cout24Cg2Co50BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 12, OutChannels = 24, Height = 3, Width = 4, ChannelGroups = 4, Overlap = 0.0)]
    public static partial void SccCin12Cout24Cg4Co0Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 12, OutChannels = 24, Height = 3, Width = 4, ChannelGroups = 4, Overlap = 0.0, Pass = ConvPass.BackwardData)]
    public static partial void SccCin12Cout24Cg4Co0BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 12, OutChannels = 24, Height = 3, Width = 4, ChannelGroups = 4, Overlap = 0.0, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin12Cout24Cg4Co0BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 16, OutChannels = 24, Height = 3, Width = 3, ChannelGroups = 4, Overlap = 0.25)]
    public static partial void SccCin16Cout24Cg4Co25Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 16, OutChannels = 24, Height = 3, Width = 3, ChannelGroups = 4, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void SccCin16Cout24Cg4Co25BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 16, OutChannels = 24, Height = 3, Width = 3, ChannelGroups = 4, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin16Cout24Cg4Co25BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 4, OutChannels = 4, Height = 3, Width = 3, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void SccCin4Cout4Cg2Co50Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 4, OutChannels = 4, Height = 3, Width = 3, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void SccCin4Cout4Cg2Co50BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 4, OutChannels = 4, Height = 3, Width = 3, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin4Cout4Cg2Co50BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 4, OutChannels = 8, Height = 3, Width = 3, ChannelGroups = 2, Overlap = 0.0)]
    public static partial void SccCin4Cout8Cg2Co0Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 4, OutChannels = 8, Height = 3, Width = 3, ChannelGroups = 2, Overlap = 0.0, Pass = ConvPass.BackwardData)]
    public static partial void SccCin4Cout8Cg2Co0BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 4, OutChannels = 8, Height = 3, Width = 3, ChannelGroups = 2, Overlap = 0.0, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin4Cout8Cg2Co0BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 8, OutChannels = 12, Height = 3, Width = 3, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void SccCin8Cout12Cg2Co50BiasForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 8, OutChannels = 12, Height = 3, Width = 3, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void SccCin8Cout12Cg2Co50BiasBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 8, OutChannels = 12, Height = 3, Width = 3, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin8Cout12Cg2Co50BiasBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [SlidingChannelConv(InChannels = 8, OutChannels = 16, Height = 3, Width = 3, ChannelGroups = 1, Overlap = 0.5)]
    public static partial void SccCin8Cout16Cg1Co50Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 8, OutChannels = 16, Height = 3, Width = 3, ChannelGroups = 1, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void SccCin8Cout16Cg1Co50BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 8, OutChannels = 16, Height = 3, Width = 3, ChannelGroups = 1, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin8Cout16Cg1Co50BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 3, Width = 3, ChannelGroups = 1, Overlap = 0.0)]
    public static partial void SccCin8Cout8Cg1Co0Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 3, Width = 3, ChannelGroups = 1, Overlap = 0.0, Pass = ConvPass.BackwardData)]
    public static partial void SccCin8Cout8Cg1Co0BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 3, Width = 3, ChannelGroups = 1, Overlap = 0.0, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin8Cout8Cg1Co0BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 0.25)]
    public static partial void SccCin8Cout8Cg2Co25Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void SccCin8Cout8Cg2Co25BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin8Cout8Cg2Co25BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 0.5)]
    public static partial void SccCin8Cout8Cg2Co50Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void SccCin8Cout8Cg2Co50BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin8Cout8Cg2Co50BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 3, Width = 5, ChannelGroups = 4, Overlap = 0.5)]
    public static partial void SccCin8Cout8Cg4Co50Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 3, Width = 5, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardData)]
    public static partial void SccCin8Cout8Cg4Co50BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 3, Width = 5, ChannelGroups = 4, Overlap = 0.5, Pass = ConvPass.BackwardWeights)]
    public static partial void SccCin8Cout8Cg4Co50BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);
}
