using System;
using ConvGen;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>
/// Real [ConvTranspose2D] declarations compiled by the normal build: k ∈ {1, …, 5}, stride 1, 2 and 3, padding 0 to
/// k − 1 (and one layer with padding ≥ k), output padding, non-square kernels and strides, dilation 2, groups (2, 4 and
/// depthwise-like), bias and no bias, ReLU and ReLU6, odd sizes, H = W = 1, the DCGAN k4 s2 p1 upsampler, and one layer
/// with Algorithm = Direct, two with Algorithm = Winograd (Auto also picks Winograd for the two DCGAN layers and
/// Wide24To20Odd). The backward passes reuse forward shapes (same name + Data / Weights) so the
/// finite-difference test can pair them.
/// </summary>
internal static partial class TransposedLayers
{
    // k = 1, stride 1: a pointwise layer.
    [ConvTranspose2D(InChannels = 8, OutChannels = 6, Height = 5, Width = 7, KernelSize = 1)]
    public static partial void Pointwise1x1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // k = 1 < stride: every other row and column only gets the bias.
    [ConvTranspose2D(InChannels = 6, OutChannels = 4, Height = 4, Width = 5, KernelSize = 1, Stride = 2, OutputPadding = 1)]
    public static partial void K1Stride2Op1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // k = stride: no overlap.
    [ConvTranspose2D(InChannels = 4, OutChannels = 5, Height = 6, Width = 5, KernelSize = 2, Stride = 2, Activation = Activation.Relu)]
    public static partial void K2Stride2Relu(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // stride 1, padding 1: the flipped-kernel "same" correlation.
    [ConvTranspose2D(InChannels = 5, OutChannels = 7, Height = 9, Width = 8, KernelSize = 3, Padding = 1)]
    public static partial void K3Same(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // stride 1, padding 0: the full convolution.
    [ConvTranspose2D(InChannels = 3, OutChannels = 4, Height = 5, Width = 6, KernelSize = 3)]
    public static partial void K3Full(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // padding k − 1.
    [ConvTranspose2D(InChannels = 4, OutChannels = 3, Height = 7, Width = 7, KernelSize = 3, Padding = 2, Activation = Activation.Relu6)]
    public static partial void K3Pad2Relu6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // the usual k = 3 ×2 upsampler.
    [ConvTranspose2D(InChannels = 6, OutChannels = 8, Height = 7, Width = 9, KernelSize = 3, Stride = 2, Padding = 1, OutputPadding = 1)]
    public static partial void K3Stride2Op1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // k mod S ≠ 0, no padding.
    [ConvTranspose2D(InChannels = 3, OutChannels = 5, Height = 5, Width = 4, KernelSize = 3, Stride = 2)]
    public static partial void K3Stride2Pad0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // k = S = 3, output padding 2.
    [ConvTranspose2D(InChannels = 4, OutChannels = 4, Height = 4, Width = 5, KernelSize = 3, Stride = 3, Padding = 2, OutputPadding = 2)]
    public static partial void K3Stride3Pad2Op2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // DCGAN k4 s2 p1 on an odd-sized input.
    [ConvTranspose2D(InChannels = 16, OutChannels = 8, Height = 7, Width = 6, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Relu)]
    public static partial void K4Stride2Small(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // DCGAN generator layer 64 → 32 channels, 8×8 → 16×16.
    [ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Relu)]
    public static partial void Dcgan64To32At8(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // DCGAN generator layer 32 → 16 channels, 16×16 → 32×32.
    [ConvTranspose2D(InChannels = 32, OutChannels = 16, Height = 16, Width = 16, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Relu)]
    public static partial void Dcgan32To16At16(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // 16 → 8 channels, 32×32 → 64×64, TDC-Winograd forced (Auto keeps so thin a layer direct): 256 tiles in several tile
    // blocks, so with two threads each thread packs the plane rows of its own blocks.
    [ConvTranspose2D(InChannels = 16, OutChannels = 8, Height = 32, Width = 32, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd)]
    public static partial void Dcgan16To8At32(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Thin (5 output channels, so Auto keeps it direct) on a map large enough for two threads, which split each image by
    // grid rows; output padding 1 makes the phases' row counts differ.
    [ConvTranspose2D(InChannels = 48, OutChannels = 5, Height = 21, Width = 18, KernelSize = 4, Stride = 2, Padding = 1, OutputPadding = 1, Activation = Activation.Relu)]
    public static partial void ThinK4Stride2Rows(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // k4 s2 without padding.
    [ConvTranspose2D(InChannels = 3, OutChannels = 2, Height = 3, Width = 4, KernelSize = 4, Stride = 2)]
    public static partial void K4Stride2Pad0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // padding k − 1 with stride 2.
    [ConvTranspose2D(InChannels = 2, OutChannels = 3, Height = 5, Width = 5, KernelSize = 4, Stride = 2, Padding = 3)]
    public static partial void K4Stride2Pad3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // stride 3, k mod S ≠ 0.
    [ConvTranspose2D(InChannels = 3, OutChannels = 4, Height = 4, Width = 3, KernelSize = 4, Stride = 3, Padding = 2, OutputPadding = 1)]
    public static partial void K4Stride3Pad2Op1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // k = 5, stride 2, output padding.
    [ConvTranspose2D(InChannels = 5, OutChannels = 6, Height = 6, Width = 7, KernelSize = 5, Stride = 2, Padding = 2, OutputPadding = 1, Activation = Activation.Relu6)]
    public static partial void K5Stride2Pad2Op1Relu6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // padding ≥ k: the crop removes more than the kernel's reach, k < stride.
    [ConvTranspose2D(InChannels = 3, OutChannels = 4, Height = 5, Width = 6, KernelSize = 2, Stride = 3, Padding = 2)]
    public static partial void K2Stride3Pad2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // k = 5, stride 3, padding k − 1.
    [ConvTranspose2D(InChannels = 2, OutChannels = 4, Height = 4, Width = 4, KernelSize = 5, Stride = 3, Padding = 4)]
    public static partial void K5Stride3Pad4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // k = 5, stride 1.
    [ConvTranspose2D(InChannels = 4, OutChannels = 4, Height = 6, Width = 5, KernelSize = 5, Padding = 2)]
    public static partial void K5Same(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // non-square kernel and stride, per-axis padding.
    [ConvTranspose2D(InChannels = 4, OutChannels = 6, Height = 6, Width = 5, KernelHeight = 3, KernelWidth = 5, StrideHeight = 2, PaddingHeight = 1, PaddingWidth = 2, OutputPaddingHeight = 1)]
    public static partial void NonSquare3x5Stride2x1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // non-square, horizontal stride 3 with output padding 2.
    [ConvTranspose2D(InChannels = 3, OutChannels = 5, Height = 5, Width = 4, KernelHeight = 2, KernelWidth = 4, StrideWidth = 3, PaddingWidth = 1, OutputPaddingWidth = 2)]
    public static partial void NonSquare2x4Stride1x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // dilation 2 with stride 2.
    [ConvTranspose2D(InChannels = 4, OutChannels = 6, Height = 6, Width = 6, KernelSize = 3, Stride = 2, Padding = 2, OutputPadding = 1, Dilation = 2)]
    public static partial void Dilation2Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // dilation 2 with stride 1.
    [ConvTranspose2D(InChannels = 3, OutChannels = 3, Height = 5, Width = 5, KernelSize = 3, Padding = 1, Dilation = 2)]
    public static partial void Dilation2Stride1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // two groups.
    [ConvTranspose2D(InChannels = 8, OutChannels = 6, Height = 6, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, OutputPadding = 1, Groups = 2)]
    public static partial void Groups2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // depthwise-like (groups = C = K) upsampler.
    [ConvTranspose2D(InChannels = 12, OutChannels = 12, Height = 7, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Groups = 12, Activation = Activation.Relu)]
    public static partial void DepthwiseK4Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // groups = C, two outputs per group.
    [ConvTranspose2D(InChannels = 6, OutChannels = 12, Height = 5, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, Groups = 6)]
    public static partial void DepthwiseMultiplier2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // four groups, even kernel, stride 1.
    [ConvTranspose2D(InChannels = 8, OutChannels = 12, Height = 5, Width = 6, KernelSize = 2, Groups = 4)]
    public static partial void Groups4K2Stride1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // H = W = 1.
    [ConvTranspose2D(InChannels = 8, OutChannels = 6, Height = 1, Width = 1, KernelSize = 3)]
    public static partial void OnePixelK3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // H = W = 1 with stride 2 and padding.
    [ConvTranspose2D(InChannels = 5, OutChannels = 4, Height = 1, Width = 1, KernelSize = 4, Stride = 2, Padding = 1)]
    public static partial void OnePixelK4Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Algorithm = Direct forced.
    [ConvTranspose2D(InChannels = 32, OutChannels = 32, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Algorithm = ConvAlgorithm.Direct)]
    public static partial void DirectK4Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // DCGAN's first upsampler in small: 4×4 phases gathered into panels whose repacked rows (256 channels × 4 taps, 4 KB)
    // are padded by a cache line, so the 24-row Vector512 tile (and its 16-row remainder) reads rows at that pitch.
    [ConvTranspose2D(InChannels = 256, OutChannels = 40, Height = 4, Width = 4, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Direct)]
    public static partial void PaddedPitchK4Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Algorithm = Winograd, WinogradTile = 4: shared-input F(4×4, 3×3), with a non-square input whose tiles overhang.
    [ConvTranspose2D(InChannels = 24, OutChannels = 16, Height = 16, Width = 13, KernelSize = 4, Stride = 2, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void WinogradF4K4Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Algorithm = Winograd forced: shared-input F(2×2, 3×3) with an odd input (partial tiles) and ReLU6.
    [ConvTranspose2D(InChannels = 16, OutChannels = 16, Height = 7, Width = 9, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.Relu6, Algorithm = ConvAlgorithm.Winograd)]
    public static partial void WinogradK4Stride2Odd(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Algorithm = Winograd forced on k = 3, stride 2, output padding 1 with fewer channels than Auto's threshold.
    [ConvTranspose2D(InChannels = 3, OutChannels = 5, Height = 6, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, OutputPadding = 1, Algorithm = ConvAlgorithm.Winograd)]
    public static partial void WinogradK3Stride2FewChannels(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // more channels than one register tile, odd sizes.
    [ConvTranspose2D(InChannels = 24, OutChannels = 20, Height = 13, Width = 11, KernelSize = 3, Stride = 2, Padding = 1, OutputPadding = 1)]
    public static partial void Wide24To20Odd(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [ConvTranspose2D(InChannels = 6, OutChannels = 8, Height = 7, Width = 9, KernelSize = 3, Stride = 2, Padding = 1, OutputPadding = 1, Pass = ConvPass.BackwardData)]
    public static partial void K3Stride2Op1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 6, OutChannels = 8, Height = 7, Width = 9, KernelSize = 3, Stride = 2, Padding = 1, OutputPadding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void K3Stride2Op1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [ConvTranspose2D(InChannels = 16, OutChannels = 8, Height = 7, Width = 6, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void K4Stride2SmallData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 16, OutChannels = 8, Height = 7, Width = 6, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void K4Stride2SmallWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [ConvTranspose2D(InChannels = 5, OutChannels = 6, Height = 6, Width = 7, KernelSize = 5, Stride = 2, Padding = 2, OutputPadding = 1, Pass = ConvPass.BackwardData)]
    public static partial void K5Stride2Pad2Op1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 5, OutChannels = 6, Height = 6, Width = 7, KernelSize = 5, Stride = 2, Padding = 2, OutputPadding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void K5Stride2Pad2Op1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [ConvTranspose2D(InChannels = 4, OutChannels = 6, Height = 6, Width = 5, KernelHeight = 3, KernelWidth = 5, StrideHeight = 2, PaddingHeight = 1, PaddingWidth = 2, OutputPaddingHeight = 1, Pass = ConvPass.BackwardData)]
    public static partial void NonSquare3x5Stride2x1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 4, OutChannels = 6, Height = 6, Width = 5, KernelHeight = 3, KernelWidth = 5, StrideHeight = 2, PaddingHeight = 1, PaddingWidth = 2, OutputPaddingHeight = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void NonSquare3x5Stride2x1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [ConvTranspose2D(InChannels = 4, OutChannels = 6, Height = 6, Width = 6, KernelSize = 3, Stride = 2, Padding = 2, OutputPadding = 1, Dilation = 2, Pass = ConvPass.BackwardData)]
    public static partial void Dilation2Stride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 4, OutChannels = 6, Height = 6, Width = 6, KernelSize = 3, Stride = 2, Padding = 2, OutputPadding = 1, Dilation = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void Dilation2Stride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [ConvTranspose2D(InChannels = 12, OutChannels = 12, Height = 7, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Groups = 12, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseK4Stride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 12, OutChannels = 12, Height = 7, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Groups = 12, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseK4Stride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [ConvTranspose2D(InChannels = 8, OutChannels = 6, Height = 6, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, OutputPadding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void Groups2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 8, OutChannels = 6, Height = 6, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, OutputPadding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void Groups2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [ConvTranspose2D(InChannels = 6, OutChannels = 4, Height = 4, Width = 5, KernelSize = 1, Stride = 2, OutputPadding = 1, Pass = ConvPass.BackwardData)]
    public static partial void K1Stride2Op1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 6, OutChannels = 4, Height = 4, Width = 5, KernelSize = 1, Stride = 2, OutputPadding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void K1Stride2Op1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [ConvTranspose2D(InChannels = 8, OutChannels = 6, Height = 1, Width = 1, KernelSize = 3, Pass = ConvPass.BackwardData)]
    public static partial void OnePixelK3Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 8, OutChannels = 6, Height = 1, Width = 1, KernelSize = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void OnePixelK3Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [ConvTranspose2D(InChannels = 5, OutChannels = 7, Height = 9, Width = 8, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void K3SameData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 5, OutChannels = 7, Height = 9, Width = 8, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void K3SameWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void Dcgan64To32At8Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Dcgan64To32At8Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [ConvTranspose2D(InChannels = 24, OutChannels = 20, Height = 13, Width = 11, KernelSize = 3, Stride = 2, Padding = 1, OutputPadding = 1, Pass = ConvPass.BackwardData)]
    public static partial void Wide24To20OddData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [ConvTranspose2D(InChannels = 24, OutChannels = 20, Height = 13, Width = 11, KernelSize = 3, Stride = 2, Padding = 1, OutputPadding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Wide24To20OddWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);
}
