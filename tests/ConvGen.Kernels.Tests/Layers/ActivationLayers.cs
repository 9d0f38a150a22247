using System;
using ConvGen;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>
/// The smooth and hard activations (sigmoid, tanh, SiLU, GELU, hard sigmoid, hard swish) and the leaky ReLU, on each family of kernels:
/// pointwise position tiles and channel lanes, depthwise at stride 1 and 2, a stem-like dense layer, grouped,
/// Winograd F(2) and F(4), direct and Winograd transposed, and SCC. Each is checked like every other catalogued layer,
/// against the fp64 reference through <c>ReferenceActivations</c>, whose bound adds the activation's own error.
/// </summary>
internal static partial class ForwardLayers
{
    [Conv2D(InChannels = 32, OutChannels = 20, Height = 9, Width = 9, KernelSize = 1, Activation = Activation.Silu)]
    public static partial void ActivationPointwiseSilu(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 260, OutChannels = 24, Height = 3, Width = 5, KernelSize = 1, Activation = Activation.Sigmoid)]
    public static partial void ActivationPointwiseLanesSigmoid(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 8, OutChannels = 8, Height = 12, Width = 20, KernelSize = 3, Padding = 1, Groups = 8, Activation = Activation.HardSwish)]
    public static partial void ActivationDepthwiseHardSwish(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 6, OutChannels = 6, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 6, Activation = Activation.Sigmoid)]
    public static partial void ActivationDepthwiseStride2Sigmoid(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 8, Height = 17, Width = 19, KernelSize = 7, Stride = 2, Padding = 3, Activation = Activation.HardSigmoid)]
    public static partial void ActivationStemHardSigmoid(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 16, OutChannels = 16, Height = 10, Width = 10, KernelSize = 3, Padding = 1, Groups = 4, Activation = Activation.Silu)]
    public static partial void ActivationGroupedSilu(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 16, OutChannels = 20, Height = 13, Width = 10, KernelSize = 3, Padding = 1, Activation = Activation.Tanh, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void ActivationWinogradF4Tanh(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 8, OutChannels = 12, Height = 9, Width = 11, KernelSize = 3, Padding = 1, Activation = Activation.HardSwish, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void ActivationWinogradF2HardSwish(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // GELU, as in ConvNeXt's pointwise expansion, and on a Winograd layer.
    [Conv2D(InChannels = 24, OutChannels = 96, Height = 7, Width = 9, KernelSize = 1, Activation = Activation.Gelu)]
    public static partial void GeluPointwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 16, OutChannels = 20, Height = 13, Width = 10, KernelSize = 3, Padding = 1, Activation = Activation.Gelu, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void GeluWinogradF4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 8, OutChannels = 8, Height = 14, Width = 14, KernelSize = 7, Padding = 3, Groups = 8, Activation = Activation.Gelu)]
    public static partial void GeluDepthwise7x7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // The leaky ReLU on the same families, with the slopes of YOLOv3 (0.1) and a DCGAN discriminator (0.2), and PyTorch's default.
    [Conv2D(InChannels = 32, OutChannels = 20, Height = 9, Width = 9, KernelSize = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.1f)]
    public static partial void LeakyPointwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 260, OutChannels = 24, Height = 3, Width = 5, KernelSize = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.2f)]
    public static partial void LeakyPointwiseLanes(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 8, OutChannels = 8, Height = 12, Width = 20, KernelSize = 3, Padding = 1, Groups = 8, Activation = Activation.LeakyRelu, NegativeSlope = 0.2f)]
    public static partial void LeakyDepthwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 6, OutChannels = 6, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 6, Activation = Activation.LeakyRelu, NegativeSlope = 0.3f)]
    public static partial void LeakyDepthwiseStride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 8, Height = 17, Width = 19, KernelSize = 7, Stride = 2, Padding = 3, Activation = Activation.LeakyRelu)]
    public static partial void LeakyStemDefaultSlope(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 16, OutChannels = 16, Height = 10, Width = 10, KernelSize = 3, Padding = 1, Groups = 4, Activation = Activation.LeakyRelu, NegativeSlope = 0.1f)]
    public static partial void LeakyGrouped(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // A Darknet-style 3x3 layer (forced direct: the channel-lane convolution plan, 32 output channels in the lanes).
    [Conv2D(InChannels = 16, OutChannels = 32, Height = 13, Width = 13, KernelSize = 3, Padding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.1f, Algorithm = ConvAlgorithm.Direct)]
    public static partial void LeakyDirect3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 16, OutChannels = 20, Height = 13, Width = 10, KernelSize = 3, Padding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.1f, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void LeakyWinogradF4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 8, OutChannels = 12, Height = 9, Width = 11, KernelSize = 3, Padding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.2f, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void LeakyWinogradF2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}

internal static partial class TransposedLayers
{
    // A DCGAN generator's last layer: 16 → 3 channels, 8×8 → 16×16, tanh.
    [ConvTranspose2D(InChannels = 16, OutChannels = 3, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Tanh)]
    public static partial void ActivationDcganTanh(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [ConvTranspose2D(InChannels = 16, OutChannels = 16, Height = 7, Width = 9, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Silu, Algorithm = ConvAlgorithm.Winograd)]
    public static partial void ActivationWinogradSilu(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [ConvTranspose2D(InChannels = 8, OutChannels = 6, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Gelu)]
    public static partial void GeluDirect(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [ConvTranspose2D(InChannels = 8, OutChannels = 6, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.2f)]
    public static partial void LeakyDirect(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [ConvTranspose2D(InChannels = 16, OutChannels = 16, Height = 7, Width = 9, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.1f, Algorithm = ConvAlgorithm.Winograd)]
    public static partial void LeakyWinograd(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);
}

internal static partial class SccLayers
{
    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 5, Width = 7, ChannelGroups = 2, Overlap = 0.25, Activation = Activation.HardSwish)]
    public static partial void ActivationHardSwishForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // The same layer with SiLU, which runs as a pass over the output (its catalogue entry reuses the backward kernels above).
    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 5, Width = 7, ChannelGroups = 2, Overlap = 0.25, Activation = Activation.Silu)]
    public static partial void ActivationSiluForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 5, Width = 7, ChannelGroups = 2, Overlap = 0.25, Activation = Activation.Gelu)]
    public static partial void GeluForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // And with the leaky ReLU, fused into the stores.
    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 5, Width = 7, ChannelGroups = 2, Overlap = 0.25, Activation = Activation.LeakyRelu, NegativeSlope = 0.2f)]
    public static partial void LeakyForward(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 5, Width = 7, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardData)]
    public static partial void ActivationHardSwishBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [SlidingChannelConv(InChannels = 12, OutChannels = 20, Height = 5, Width = 7, ChannelGroups = 2, Overlap = 0.25, Pass = ConvPass.BackwardWeights)]
    public static partial void ActivationHardSwishBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);
}
