using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Reference;
using L = ConvGen.Kernels.Tests.Layers.ForwardLayers;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>Every generated forward layer of this assembly with its run-time shape.</summary>
internal static class LayerCatalog
{
    private static Conv2DShape S(int c, int k, int h, int w, int kh, int kw, int sh = 1, int sw = 1, int ph = 0, int pw = 0,
        int dh = 1, int dw = 1, int g = 1, Activation a = Activation.None) => new(c, k, h, w, kh, kw, sh, sw, ph, pw, dh, dw, g, a);

    public static readonly IReadOnlyList<LayerCase> All = new List<LayerCase>
    {
        new("Dense3x3Odd", S(8, 16, 9, 11, 3, 3, ph: 1, pw: 1), L.Dense3x3Odd, batch: 2),
        new("Dense3x3Pad0", S(3, 4, 5, 6, 3, 3), L.Dense3x3Pad0),
        new("Dense3x3Pad2Relu", S(5, 7, 13, 10, 3, 3, ph: 2, pw: 2, a: Activation.Relu), L.Dense3x3Pad2Relu, batch: 3),
        new("Dense3x3Stride2", S(6, 10, 13, 12, 3, 3, 2, 2, 1, 1), L.Dense3x3Stride2, batch: 2),
        new("Dense3x3Dilation2", S(4, 9, 17, 15, 3, 3, ph: 2, pw: 2, dh: 2, dw: 2), L.Dense3x3Dilation2),
        new("NonSquare3x5", S(4, 6, 12, 11, 3, 5, ph: 1, pw: 2, a: Activation.Relu6), L.NonSquare3x5, batch: 2),
        new("NonSquareMixedStride", S(3, 5, 14, 9, 5, 2, 2, 3, 2, 0, 1, 2), L.NonSquareMixedStride, batch: 2),
        new("Pointwise", S(32, 20, 7, 7, 1, 1), L.Pointwise, batch: 3),
        new("PointwiseStride2", S(24, 16, 15, 15, 1, 1, 2, 2, a: Activation.Relu), L.PointwiseStride2),
        new("Pointwise1x1Spatial", S(16, 10, 1, 1, 1, 1), L.Pointwise1x1Spatial, batch: 4),
        new("PointwiseLanes", S(260, 40, 5, 7, 1, 1, a: Activation.Relu6), L.PointwiseLanes, batch: 2),
        new("PointwiseLanesWide", S(260, 48, 4, 5, 1, 1, a: Activation.Relu), L.PointwiseLanesWide, batch: 2),
        new("PointwiseLanesGrouped", S(512, 64, 4, 4, 1, 1, g: 2), L.PointwiseLanesGrouped, batch: 3),
        new("PointwiseLanesThreads", S(256, 256, 7, 7, 1, 1), L.PointwiseLanesThreads),
        new("Dense3x3OnOnePixel", S(8, 6, 1, 1, 3, 3, ph: 1, pw: 1), L.Dense3x3OnOnePixel, batch: 2),
        new("Depthwise3x3", S(16, 16, 10, 10, 3, 3, ph: 1, pw: 1, g: 16), L.Depthwise3x3, batch: 2),
        new("Depthwise3x3Stride2", S(12, 12, 11, 13, 3, 3, 2, 2, 1, 1, g: 12, a: Activation.Relu6), L.Depthwise3x3Stride2),
        new("DepthwiseStride2Wide", S(8, 8, 9, 37, 3, 3, 2, 2, 1, 1, g: 8, a: Activation.Relu), L.DepthwiseStride2Wide, batch: 2),
        new("DepthwiseStride2Row28", S(3, 3, 10, 28, 3, 3, 2, 2, 1, 1, g: 3), L.DepthwiseStride2Row28, batch: 2),
        new("DepthwiseStride2Row21", S(3, 3, 9, 21, 3, 3, 2, 2, 1, 1, g: 3), L.DepthwiseStride2Row21, batch: 2),
        new("DepthwiseStride2Pad0", S(4, 4, 10, 26, 3, 3, 2, 2, g: 4), L.DepthwiseStride2Pad0),
        new("DepthwiseStride2Split", S(5, 5, 22, 40, 3, 3, 2, 2, 1, 1, g: 5, a: Activation.Relu6), L.DepthwiseStride2Split, batch: 2),
        new("DepthwiseStride2SplitLarge", S(3, 3, 92, 100, 3, 3, 2, 2, 1, 1, g: 3, a: Activation.Relu6), L.DepthwiseStride2SplitLarge, batch: 2),
        new("DepthwiseStride2SplitLargeExact", S(2, 2, 96, 96, 3, 3, 2, 2, 1, 1, g: 2), L.DepthwiseStride2SplitLargeExact, batch: 2),
        new("DepthwiseStride2SplitOneRow", S(3, 3, 2, 64, 3, 3, 2, 2, 1, 1, g: 3), L.DepthwiseStride2SplitOneRow, batch: 2),
        new("DepthwiseStride2SplitRow28", S(4, 4, 28, 28, 3, 3, 2, 2, 1, 1, g: 4), L.DepthwiseStride2SplitRow28, batch: 2),
        new("DepthwiseStride2SplitRow20", S(3, 3, 18, 20, 3, 3, 2, 2, 1, 1, g: 3, a: Activation.Relu), L.DepthwiseStride2SplitRow20, batch: 2),
        new("DepthwiseStride2SplitPairs7", S(6, 6, 14, 14, 3, 3, 2, 2, 1, 1, g: 6, a: Activation.Relu6), L.DepthwiseStride2SplitPairs7, batch: 2),
        new("DepthwiseStride2SplitPairs5", S(3, 3, 8, 10, 3, 3, 2, 2, 1, 1, g: 3), L.DepthwiseStride2SplitPairs5, batch: 3),
        new("DepthwiseStride2NarrowRows6", S(3, 3, 20, 12, 3, 3, 2, 2, 1, 1, g: 3, a: Activation.Relu), L.DepthwiseStride2NarrowRows6, batch: 2),
        new("DepthwiseStride2NarrowRows5", S(4, 4, 18, 10, 3, 3, 2, 2, 1, 1, g: 4), L.DepthwiseStride2NarrowRows5, batch: 3),
        new("DepthwiseStride2NarrowTwoRows", S(2, 2, 4, 12, 3, 3, 2, 2, 1, 1, g: 2, a: Activation.Relu6), L.DepthwiseStride2NarrowTwoRows, batch: 2),
        new("DepthwiseChannelPairs7x7Bias", S(7, 7, 7, 7, 3, 3, ph: 1, pw: 1, g: 7, a: Activation.Relu), L.DepthwiseChannelPairs7x7Bias, batch: 3),
        new("DepthwiseChannelPairs8x8", S(4, 4, 8, 8, 3, 3, ph: 1, pw: 1, g: 4), L.DepthwiseChannelPairs8x8, batch: 2),
        new("DepthwiseChannelPairs4x4", S(5, 5, 4, 4, 3, 3, ph: 1, pw: 1, g: 5, a: Activation.Relu6), L.DepthwiseChannelPairs4x4, batch: 2),
        new("DepthwiseChannelPairsStride2Odd", S(9, 9, 16, 14, 3, 3, 2, 2, 1, 1, g: 9, a: Activation.Relu6), L.DepthwiseChannelPairsStride2Odd, batch: 2),
        new("DepthwiseChannelPairsStride2Rows8", S(3, 3, 16, 16, 3, 3, 2, 2, 1, 1, g: 3), L.DepthwiseChannelPairsStride2Rows8, batch: 3),
        new("DepthwiseChannelPairsThreads", S(1203, 1203, 14, 14, 3, 3, 2, 2, 1, 1, g: 1203), L.DepthwiseChannelPairsThreads, batch: 2),
        new("DepthwiseStride2SplitPairs4", S(2, 2, 12, 8, 3, 3, 2, 2, 1, 1, g: 2), L.DepthwiseStride2SplitPairs4, batch: 2),
        new("DepthwisePairs2x7", S(4, 4, 2, 7, 3, 3, ph: 1, pw: 1, g: 4), L.DepthwisePairs2x7, batch: 2),
        new("DepthwisePairs4x4", S(3, 3, 4, 4, 3, 3, ph: 1, pw: 1, g: 3), L.DepthwisePairs4x4, batch: 2),
        new("DepthwisePairs11x5", S(5, 5, 11, 5, 3, 3, ph: 1, pw: 1, g: 5, a: Activation.Relu6), L.DepthwisePairs11x5, batch: 3),
        new("DepthwisePairs5x4", S(3, 3, 5, 4, 3, 3, ph: 1, pw: 1, g: 3), L.DepthwisePairs5x4, batch: 2),
        new("DepthwiseWholeRows14", S(6, 6, 14, 14, 3, 3, ph: 1, pw: 1, g: 6, a: Activation.Relu), L.DepthwiseWholeRows14, batch: 2),
        new("DepthwiseWholeRows16", S(3, 3, 16, 16, 3, 3, ph: 1, pw: 1, g: 3), L.DepthwiseWholeRows16, batch: 2),
        new("DepthwiseWholeRows3x9", S(4, 4, 3, 9, 3, 3, ph: 1, pw: 1, g: 4), L.DepthwiseWholeRows3x9, batch: 3),
        new("DepthwiseInPlace17", S(3, 3, 20, 17, 3, 3, ph: 1, pw: 1, g: 3, a: Activation.Relu6), L.DepthwiseInPlace17, batch: 2),
        new("DepthwiseInPlace16", S(2, 2, 20, 16, 3, 3, ph: 1, pw: 1, g: 2), L.DepthwiseInPlace16, batch: 2),
        new("DepthwiseInPlaceShort", S(4, 4, 5, 40, 3, 3, ph: 1, pw: 1, g: 4), L.DepthwiseInPlaceShort, batch: 3),
        // Batches of 5 × 2 × 132 × 64 × 60 and 6 × 160 × (64 × 62 + 32 × 31) floats: past the 4M of StreamingFloats.
        new("DepthwiseInPlaceStreamed", S(132, 132, 64, 60, 3, 3, ph: 1, pw: 1, g: 132, a: Activation.Relu), L.DepthwiseInPlaceStreamed, batch: 5),
        new("DepthwiseStride2Streamed", S(160, 160, 64, 62, 3, 3, 2, 2, 1, 1, g: 160), L.DepthwiseStride2Streamed, batch: 6),
        new("DepthwiseStride2SplitThreads", S(96, 96, 56, 48, 3, 3, 2, 2, 1, 1, g: 96, a: Activation.Relu), L.DepthwiseStride2SplitThreads, batch: 2),
        new("Dense5x5Stride2Pad2", S(3, 5, 12, 33, 5, 5, 2, 2, 2, 2), L.Dense5x5Stride2Pad2, batch: 2),
        new("DepthwiseNarrow7", S(24, 24, 7, 7, 3, 3, ph: 1, pw: 1, g: 24, a: Activation.Relu6), L.DepthwiseNarrow7, batch: 3),
        new("DepthwiseNarrowPad0", S(5, 5, 9, 8, 3, 3, g: 5), L.DepthwiseNarrowPad0, batch: 2),
        new("DepthwiseNarrowStride2", S(6, 6, 13, 8, 3, 3, 2, 2, 1, 1, g: 6, a: Activation.Relu), L.DepthwiseNarrowStride2, batch: 2),
        new("DepthwiseNarrowTallDilated", S(3, 3, 30, 7, 3, 3, ph: 2, pw: 2, dh: 2, dw: 2, g: 3), L.DepthwiseNarrowTallDilated),
        new("NarrowImageFilter", S(1, 1, 20, 6, 3, 3, ph: 1, pw: 1), L.NarrowImageFilter, batch: 2),
        new("DepthwiseSingleSlot", S(6, 6, 24, 30, 3, 3, ph: 1, pw: 1, g: 6, a: Activation.Relu), L.DepthwiseSingleSlot, batch: 2),
        new("DepthwiseNarrowOneRow", S(4, 4, 1, 7, 3, 3, ph: 1, pw: 1, g: 4), L.DepthwiseNarrowOneRow, batch: 2),
        new("GroupedThreads", S(384, 384, 7, 7, 3, 3, ph: 1, pw: 1, g: 96), L.GroupedThreads, batch: 2),
        new("ImageFilterBands", S(1, 1, 250, 262, 3, 3, ph: 1, pw: 1), L.ImageFilterBands, batch: 2),
        new("DepthwiseNarrowThreads", S(1152, 1152, 7, 7, 3, 3, ph: 1, pw: 1, g: 1152), L.DepthwiseNarrowThreads, batch: 2),
        new("Depthwise5x5", S(10, 10, 9, 19, 5, 5, ph: 2, pw: 2, g: 10), L.Depthwise5x5, batch: 2),
        new("DepthwiseMultiplier2", S(6, 12, 8, 9, 3, 3, ph: 1, pw: 1, g: 6), L.DepthwiseMultiplier2),
        new("Grouped3x3", S(16, 24, 9, 9, 3, 3, ph: 1, pw: 1, g: 4), L.Grouped3x3, batch: 2),
        new("GroupedResNeXtLike", S(32, 32, 8, 8, 3, 3, ph: 1, pw: 1, g: 8), L.GroupedResNeXtLike),
        new("GroupedPointwise", S(12, 18, 6, 7, 1, 1, g: 3), L.GroupedPointwise, batch: 2),
        new("Stem7x7", S(3, 16, 40, 40, 7, 7, 2, 2, 3, 3, a: Activation.Relu), L.Stem7x7),
        new("CompactedStoresEdge", S(3, 6, 9, 20, 5, 5, ph: 2, pw: 2), L.CompactedStoresEdge, batch: 2),
        new("CompactedStoresBiasRelu6", S(5, 9, 17, 37, 3, 3, ph: 1, pw: 1, a: Activation.Relu6), L.CompactedStoresBiasRelu6, batch: 2),
        new("CompactedStoresRemainder", S(3, 26, 12, 24, 3, 3, ph: 1, pw: 1), L.CompactedStoresRemainder, batch: 2),
        new("CompactedStoresWideSpare", S(2, 4, 8, 16, 17, 17, ph: 8, pw: 8), L.CompactedStoresWideSpare, batch: 2),
        new("RowAlignedStem", S(3, 16, 64, 64, 7, 7, 2, 2, 3, 3, a: Activation.Relu), L.RowAlignedStem, batch: 2),
        new("RowAlignedRemainder", S(9, 26, 10, 48, 3, 3, ph: 1, pw: 1), L.RowAlignedRemainder, batch: 2),
        new("RowAlignedNarrowRows", S(4, 8, 20, 16, 5, 5, ph: 2, pw: 2, a: Activation.Relu6), L.RowAlignedNarrowRows, batch: 2),
        new("RowAlignedAvx2Only", S(4, 8, 10, 8, 3, 3, ph: 1, pw: 1), L.RowAlignedAvx2Only, batch: 2),
        new("Large11x11Stride4", S(3, 8, 30, 30, 11, 11, 4, 4, 2, 2), L.Large11x11Stride4, batch: 2),
        new("Wide1x255", S(2, 3, 3, 300, 1, 255, pw: 1), L.Wide1x255),
        new("Tall13x1Stride3Dilation2", S(2, 2, 40, 5, 13, 1, 3, 1, 6, 0, 2, 1), L.Tall13x1Stride3Dilation2, batch: 2),
        new("FewChannels11x11Stride4", S(3, 16, 90, 90, 11, 11, 4, 4, 2, 2), L.FewChannels11x11Stride4, batch: 2),
        new("FewChannelsTall13x1Dilated", S(2, 16, 160, 20, 13, 1, 3, 1, 6, 0, 2, 1), L.FewChannelsTall13x1Dilated, batch: 2),
        new("FewChannels3x3Dilation2", S(4, 24, 60, 44, 3, 3, ph: 2, pw: 2, dh: 2, dw: 2, a: Activation.Relu), L.FewChannels3x3Dilation2, batch: 2),
        new("Dense64to48", S(64, 48, 14, 14, 3, 3, ph: 1, pw: 1, a: Activation.Relu), L.Dense64to48),
        new("Dense256At7", S(256, 256, 7, 7, 3, 3, ph: 1, pw: 1), L.Dense256At7, batch: 2),
        new("WinogradF2Odd", S(8, 12, 9, 11, 3, 3, ph: 1, pw: 1), L.WinogradF2Odd, batch: 2) { Kappa = F2Kappa },
        new("WinogradF2FewChannels", S(3, 5, 6, 5, 3, 3, ph: 1, pw: 1), L.WinogradF2FewChannels, batch: 3) { Kappa = F2Kappa },
        new("WinogradF2Pad2Relu6", S(12, 9, 7, 8, 3, 3, ph: 2, pw: 2, a: Activation.Relu6), L.WinogradF2Pad2Relu6, batch: 2) { Kappa = F2Kappa },
        new("WinogradF4OddBiasRelu", S(16, 20, 13, 10, 3, 3, ph: 1, pw: 1, a: Activation.Relu), L.WinogradF4OddBiasRelu, batch: 3) { Kappa = F4Kappa },
        new("WinogradF4Pad0", S(8, 8, 10, 17, 3, 3), L.WinogradF4Pad0, batch: 2) { Kappa = F4Kappa },
        new("WinogradF2WideRows", S(8, 12, 11, 19, 3, 3, ph: 1, pw: 1, a: Activation.Relu), L.WinogradF2WideRows, batch: 2) { Kappa = F2Kappa },
        new("WinogradF4WideRows", S(8, 6, 10, 37, 3, 3, ph: 1, pw: 1), L.WinogradF4WideRows, batch: 2) { Kappa = F4Kappa },
        new("WinogradF4OneTile", S(8, 8, 3, 3, 3, 3, ph: 1, pw: 1), L.WinogradF4OneTile, batch: 2) { Kappa = F4Kappa },
        new("WinogradF4Blocks", S(64, 72, 28, 27, 3, 3, ph: 1, pw: 1), L.WinogradF4Blocks, batch: 2) { Kappa = F4Kappa },
        new("WinogradF4TailOne", S(128, 128, 28, 28, 3, 3, ph: 1, pw: 1, a: Activation.Relu), L.WinogradF4TailOne, batch: 2) { Kappa = F4Kappa },
        new("WinogradF4TailFour", S(64, 64, 56, 56, 3, 3, ph: 1, pw: 1), L.WinogradF4TailFour) { Kappa = F4Kappa },
        new("WinogradF4SharedBlock", S(128, 96, 24, 32, 3, 3, ph: 1, pw: 1), L.WinogradF4SharedBlock, batch: 2) { Kappa = F4Kappa },
        new("WinogradF6LowPrecision", S(16, 16, 15, 14, 3, 3, ph: 1, pw: 1), L.WinogradF6LowPrecision, batch: 2) { Kappa = F6Kappa },
        new("WinogradModelTile", S(32, 24, 17, 19, 3, 3, ph: 1, pw: 1), L.WinogradModelTile) { Kappa = F2Kappa }, // the cost model picks F(2,3) here
        new("WinogradByAuto", S(128, 128, 14, 14, 3, 3, ph: 1, pw: 1, a: Activation.Relu), L.WinogradByAuto) { Kappa = F4Kappa },
        new("WinogradLargeWeights", S(384, 384, 7, 7, 3, 3, ph: 1, pw: 1), L.WinogradLargeWeights) { Kappa = F2Kappa },
        // Smooth and hard activations (ActivationLayers.cs).
        new("ActivationPointwiseSilu", S(32, 20, 9, 9, 1, 1, a: Activation.Silu), L.ActivationPointwiseSilu, batch: 2),
        new("ActivationPointwiseLanesSigmoid", S(260, 24, 3, 5, 1, 1, a: Activation.Sigmoid), L.ActivationPointwiseLanesSigmoid, batch: 2),
        new("ActivationDepthwiseHardSwish", S(8, 8, 12, 20, 3, 3, ph: 1, pw: 1, g: 8, a: Activation.HardSwish), L.ActivationDepthwiseHardSwish, batch: 2),
        new("ActivationDepthwiseStride2Sigmoid", S(6, 6, 14, 14, 3, 3, 2, 2, 1, 1, g: 6, a: Activation.Sigmoid), L.ActivationDepthwiseStride2Sigmoid, batch: 2),
        new("ActivationStemHardSigmoid", S(3, 8, 17, 19, 7, 7, 2, 2, 3, 3, a: Activation.HardSigmoid), L.ActivationStemHardSigmoid, batch: 2),
        new("ActivationGroupedSilu", S(16, 16, 10, 10, 3, 3, ph: 1, pw: 1, g: 4, a: Activation.Silu), L.ActivationGroupedSilu, batch: 2),
        new("ActivationWinogradF4Tanh", S(16, 20, 13, 10, 3, 3, ph: 1, pw: 1, a: Activation.Tanh), L.ActivationWinogradF4Tanh, batch: 2) { Kappa = F4Kappa },
        new("ActivationWinogradF2HardSwish", S(8, 12, 9, 11, 3, 3, ph: 1, pw: 1, a: Activation.HardSwish), L.ActivationWinogradF2HardSwish, batch: 2) { Kappa = F2Kappa },
    };

    /// <summary>Winograd error bounds (winograd-spec §2.4): κ = 16 for F(2,3), 128 for F(4,3), 512 for F(6,3).</summary>
    public const double F2Kappa = 16, F4Kappa = 128, F6Kappa = 512;

    public delegate void PackedRun(ReadOnlySpan<float> input, PackedWeights weights, ReadOnlySpan<float> bias, Span<float> output);

    /// <summary>The packed-weights API of selected layers: every plan shape (chunks, remainders, row loops, panels, fused groups, row tiles).</summary>
    public static readonly Dictionary<string, (Func<float[], PackedWeights> Pack, PackedRun Run)> Packed = new()
    {
        ["Dense3x3Odd"] = (w => L.Dense3x3OddPackWeights(w), (x, w, b, y) => L.Dense3x3Odd(x, w, y)),
        ["Dense3x3Stride2"] = (w => L.Dense3x3Stride2PackWeights(w), (x, w, b, y) => L.Dense3x3Stride2(x, w, b, y)),
        ["Dense3x3Dilation2"] = (w => L.Dense3x3Dilation2PackWeights(w), (x, w, b, y) => L.Dense3x3Dilation2(x, w, y)),
        ["NonSquareMixedStride"] = (w => L.NonSquareMixedStridePackWeights(w), (x, w, b, y) => L.NonSquareMixedStride(x, w, y)),
        ["Pointwise"] = (w => L.PointwisePackWeights(w), (x, w, b, y) => L.Pointwise(x, w, y)),
        ["PointwiseStride2"] = (w => L.PointwiseStride2PackWeights(w), (x, w, b, y) => L.PointwiseStride2(x, w, b, y)),
        ["Pointwise1x1Spatial"] = (w => L.Pointwise1x1SpatialPackWeights(w), (x, w, b, y) => L.Pointwise1x1Spatial(x, w, b, y)),
        ["PointwiseLanes"] = (w => L.PointwiseLanesPackWeights(w), (x, w, b, y) => L.PointwiseLanes(x, w, b, y)),
        ["PointwiseLanesWide"] = (w => L.PointwiseLanesWidePackWeights(w), (x, w, b, y) => L.PointwiseLanesWide(x, w, b, y)),
        ["PointwiseLanesGrouped"] = (w => L.PointwiseLanesGroupedPackWeights(w), (x, w, b, y) => L.PointwiseLanesGrouped(x, w, y)),
        ["Depthwise3x3Stride2"] = (w => L.Depthwise3x3Stride2PackWeights(w), (x, w, b, y) => L.Depthwise3x3Stride2(x, w, b, y)),
        ["DepthwiseMultiplier2"] = (w => L.DepthwiseMultiplier2PackWeights(w), (x, w, b, y) => L.DepthwiseMultiplier2(x, w, y)),
        ["Grouped3x3"] = (w => L.Grouped3x3PackWeights(w), (x, w, b, y) => L.Grouped3x3(x, w, b, y)),
        ["GroupedPointwise"] = (w => L.GroupedPointwisePackWeights(w), (x, w, b, y) => L.GroupedPointwise(x, w, y)),
        ["Stem7x7"] = (w => L.Stem7x7PackWeights(w), (x, w, b, y) => L.Stem7x7(x, w, b, y)),
        ["RowAlignedStem"] = (w => L.RowAlignedStemPackWeights(w), (x, w, b, y) => L.RowAlignedStem(x, w, b, y)),
        ["RowAlignedRemainder"] = (w => L.RowAlignedRemainderPackWeights(w), (x, w, b, y) => L.RowAlignedRemainder(x, w, y)),
        ["RowAlignedNarrowRows"] = (w => L.RowAlignedNarrowRowsPackWeights(w), (x, w, b, y) => L.RowAlignedNarrowRows(x, w, b, y)),
        ["RowAlignedAvx2Only"] = (w => L.RowAlignedAvx2OnlyPackWeights(w), (x, w, b, y) => L.RowAlignedAvx2Only(x, w, y)),
        ["Large11x11Stride4"] = (w => L.Large11x11Stride4PackWeights(w), (x, w, b, y) => L.Large11x11Stride4(x, w, y)),
        ["Dense64to48"] = (w => L.Dense64to48PackWeights(w), (x, w, b, y) => L.Dense64to48(x, w, b, y)),
        ["Dense256At7"] = (w => L.Dense256At7PackWeights(w), (x, w, b, y) => L.Dense256At7(x, w, y)),
        ["WinogradF2Odd"] = (w => L.WinogradF2OddPackWeights(w), (x, w, b, y) => L.WinogradF2Odd(x, w, y)),
        ["WinogradF2Pad2Relu6"] = (w => L.WinogradF2Pad2Relu6PackWeights(w), (x, w, b, y) => L.WinogradF2Pad2Relu6(x, w, b, y)),
        ["WinogradF4OddBiasRelu"] = (w => L.WinogradF4OddBiasReluPackWeights(w), (x, w, b, y) => L.WinogradF4OddBiasRelu(x, w, b, y)),
        ["WinogradF2WideRows"] = (w => L.WinogradF2WideRowsPackWeights(w), (x, w, b, y) => L.WinogradF2WideRows(x, w, b, y)),
        ["WinogradF4WideRows"] = (w => L.WinogradF4WideRowsPackWeights(w), (x, w, b, y) => L.WinogradF4WideRows(x, w, b, y)),
        ["WinogradF4Blocks"] = (w => L.WinogradF4BlocksPackWeights(w), (x, w, b, y) => L.WinogradF4Blocks(x, w, b, y)),
        ["WinogradF6LowPrecision"] = (w => L.WinogradF6LowPrecisionPackWeights(w), (x, w, b, y) => L.WinogradF6LowPrecision(x, w, b, y)),
        ["WinogradLargeWeights"] = (w => L.WinogradLargeWeightsPackWeights(w), (x, w, b, y) => L.WinogradLargeWeights(x, w, b, y)),
    };

    public static LayerCase Find(string name) => All.Single(l => l.Name == name);

    /// <summary>Generated kernels for the exact forward vectors, by vector file name.</summary>
    public static readonly IReadOnlyDictionary<string, LayerCase> Vectors = new[]
    {
        ("conv2d_k1_ci6_co4_s1_p0_g2", new LayerCase("VectorK1Ci6Co4G2", S(6, 4, 4, 4, 1, 1, g: 2), L.VectorK1Ci6Co4G2, 2)),
        ("conv2d_k3_ci3_co4_s1_p0_g1", new LayerCase("VectorK3Ci3Co4", S(3, 4, 5, 6, 3, 3), L.VectorK3Ci3Co4, 2)),
        ("conv2d_k3_ci4_co6_s1_p1_g1_bias", new LayerCase("VectorK3Ci4Co6P1Bias", S(4, 6, 5, 5, 3, 3, ph: 1, pw: 1), L.VectorK3Ci4Co6P1Bias, 2)),
        ("conv2d_k3_ci4_co6_s2_p1_g2_bias", new LayerCase("VectorK3Ci4Co6S2G2Bias", S(4, 6, 5, 5, 3, 3, 2, 2, 1, 1, g: 2), L.VectorK3Ci4Co6S2G2Bias, 2)),
        ("dw3x3_c3_h4w7_s1_p1", new LayerCase("VectorDwC3H4W7", S(3, 3, 4, 7, 3, 3, ph: 1, pw: 1, g: 3), L.VectorDwC3H4W7, 2)),
        ("dw3x3_c4_h5w5_s1_p1_bias", new LayerCase("VectorDwC4H5W5Bias", S(4, 4, 5, 5, 3, 3, ph: 1, pw: 1, g: 4), L.VectorDwC4H5W5Bias, 2)),
        ("dw3x3_c4_h5w5_s2_p1", new LayerCase("VectorDwC4H5W5S2", S(4, 4, 5, 5, 3, 3, 2, 2, 1, 1, g: 4), L.VectorDwC4H5W5S2, 2)),
    }.ToDictionary(p => p.Item1, p => p.Item2);
}
