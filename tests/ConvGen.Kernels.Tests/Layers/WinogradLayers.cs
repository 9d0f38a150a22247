using System;
using ConvGen;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>
/// Winograd layers: F(2×2,3×3), F(4×4,3×3) and F(6×6,3×3) (with the lower-precision opt-in), odd sizes whose tiles
/// overhang the output edge, padding 0 to 2, channel counts that leave GEMM remainder rows, several tile blocks,
/// bias and both activations, and one layer Auto sends to Winograd.
/// </summary>
internal static partial class ForwardLayers
{
    [Conv2D(InChannels = 8, OutChannels = 12, Height = 9, Width = 11, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void WinogradF2Odd(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 5, Height = 6, Width = 5, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void WinogradF2FewChannels(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 12, OutChannels = 9, Height = 7, Width = 8, KernelSize = 3, Padding = 2, Activation = Activation.Relu6, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void WinogradF2Pad2Relu6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 16, OutChannels = 20, Height = 13, Width = 10, KernelSize = 3, Padding = 1, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void WinogradF4OddBiasRelu(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 8, OutChannels = 8, Height = 10, Width = 17, KernelSize = 3, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void WinogradF4Pad0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Wide rows (≥ 8 tiles): full vectors of tiles take the transposed row store, the rest the lane-by-lane store.
    [Conv2D(InChannels = 8, OutChannels = 12, Height = 11, Width = 19, KernelSize = 3, Padding = 1, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void WinogradF2WideRows(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 8, OutChannels = 6, Height = 10, Width = 37, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void WinogradF4WideRows(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 8, OutChannels = 8, Height = 3, Width = 3, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void WinogradF4OneTile(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 64, OutChannels = 72, Height = 28, Width = 27, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void WinogradF4Blocks(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Tail GEMMs (channels in the lanes) on the last tile block: 49 tiles in blocks of 16 leave one (Vector512: rows of
    // 24 and a remainder of 8, eight lanes, two ξ planes per unit) ...
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void WinogradF4TailOne(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // ... and 196 tiles in blocks of 32 leave four (rows of 12 and a remainder of 4: four lanes, one ξ plane per unit).
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void WinogradF4TailFour(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // 48 tiles in three whole blocks of 16: on two threads, with fewer than two whole blocks each, both run every block,
    // each with half of its GEMMs' row blocks (96 channels: four rows of 24 on Vector512, sixteen of 6 on Vector256) and
    // their output channels.
    [Conv2D(InChannels = 128, OutChannels = 96, Height = 24, Width = 32, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void WinogradF4SharedBlock(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 16, OutChannels = 16, Height = 15, Width = 14, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 6, AllowLowPrecisionWinograd = true)]
    public static partial void WinogradF6LowPrecision(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 32, OutChannels = 24, Height = 17, Width = 19, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd)]
    public static partial void WinogradModelTile(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // One tile block and 5.3 MB of weights: a single image's plain-weights call transforms them row block by row block
    // on every call, never through the transform cache.
    [Conv2D(InChannels = 384, OutChannels = 384, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void WinogradLargeWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]
    public static partial void WinogradByAuto(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Dilated layers run Winograd on their phase mosaic (PhaseMosaicPlanner): the "same" atrous layer with odd sizes (phases of
    // 10 and 9 rows, 12 and 11 columns), bias and ReLU ...
    [Conv2D(InChannels = 16, OutChannels = 20, Height = 19, Width = 23, KernelSize = 3, Padding = 2, Dilation = 2, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void DilatedWinogradF4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // ... dilated along the rows only (one column phase) ...
    [Conv2D(InChannels = 12, OutChannels = 8, Height = 13, Width = 10, KernelSize = 3, PaddingHeight = 2, PaddingWidth = 1, DilationHeight = 2, DilationWidth = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void DilatedWinogradRows(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // ... or the columns only, four of them (the scalar gather and scatter) ...
    [Conv2D(InChannels = 16, OutChannels = 16, Height = 9, Width = 30, KernelSize = 3, PaddingHeight = 1, PaddingWidth = 4, DilationHeight = 1, DilationWidth = 4, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void DilatedWinogradColumns4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // ... unpadded, dilation 3 (phases side by side, no zeros between them) ...
    [Conv2D(InChannels = 8, OutChannels = 12, Height = 20, Width = 17, KernelSize = 3, Dilation = 3, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void DilatedWinogradValid(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // ... padded by twice the dilation (two zero rows and columns between phases) ...
    [Conv2D(InChannels = 8, OutChannels = 8, Height = 11, Width = 9, KernelSize = 3, Padding = 4, Dilation = 2, Activation = Activation.Relu6, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void DilatedWinogradPad2d(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // ... and a DeepLab-sized layer Auto sends to Winograd (four tile blocks: on two threads, two each).
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 2, Dilation = 2)]
    public static partial void DilatedWinogradByAuto(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // 5×5 kernels (behind AllowLowPrecisionWinograd): F(2×2,5×5) on odd sizes (6×6 tiles reading three units of two
    // column phases) ...
    [Conv2D(InChannels = 19, OutChannels = 21, Height = 23, Width = 17, KernelSize = 5, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5F2Odd(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // ... F(4×4,5×5) "same" with bias and ReLU ...
    [Conv2D(InChannels = 16, OutChannels = 20, Height = 13, Width = 10, KernelSize = 5, Padding = 2, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5F4BiasRelu(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // ... unpadded, as LeNet's second layer ...
    [Conv2D(InChannels = 6, OutChannels = 16, Height = 14, Width = 14, KernelSize = 5, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5Valid(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // ... padded by more than half the kernel, F(4×4,5×5) ...
    [Conv2D(InChannels = 12, OutChannels = 8, Height = 11, Width = 9, KernelSize = 5, Padding = 3, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5Pad3F4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // ... padded by r − 1 = 4 (the most Winograd takes: every output still reads an input) ...
    [Conv2D(InChannels = 6, OutChannels = 8, Height = 9, Width = 11, KernelSize = 5, Padding = 4, Activation = Activation.Relu6, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5Pad4F4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // ... one tile on a 1×1 output (a 5×5 input, unpadded) ...
    [Conv2D(InChannels = 12, OutChannels = 10, Height = 5, Width = 5, KernelSize = 5, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5OneOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // ... three tiles a row on a tall plane (vectors of tiles crossing tile rows: the row-split and gathered input transforms) ...
    [Conv2D(InChannels = 8, OutChannels = 12, Height = 31, Width = 7, KernelSize = 5, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5NarrowF2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // ... and one Auto sends to Winograd given the opt-in (several tile blocks).
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 28, Width = 28, KernelSize = 5, Padding = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5ByAuto(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);
}
