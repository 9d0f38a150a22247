using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Reference;
using B = ConvGen.Kernels.Tests.Layers.BackwardLayers;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>A generated backward-data kernel.</summary>
internal delegate void BackwardDataKernel(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

/// <summary>A generated backward-weights kernel without a bias gradient.</summary>
internal delegate void BackwardWeightsKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

/// <summary>A generated backward-weights kernel with a bias gradient.</summary>
internal delegate void BackwardWeightsKernelWithBias(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

/// <summary>The two backward kernels of one layer with its run-time shape.</summary>
internal sealed class BackwardLayerCase
{
    private readonly BackwardWeightsKernel? _weights;
    private readonly BackwardWeightsKernelWithBias? _weightsWithBias;

    public BackwardLayerCase(string name, Conv2DShape shape, BackwardDataKernel data, BackwardWeightsKernel? weights, BackwardWeightsKernelWithBias? weightsWithBias, int batch = 1)
    {
        Name = name;
        Shape = shape;
        Batch = batch;
        Data = data;
        _weights = weights;
        _weightsWithBias = weightsWithBias;
    }

    public string Name { get; }
    public Conv2DShape Shape { get; }
    public int Batch { get; }

    /// <summary>
    /// κ of the backward-data bound: 4 (direct), or the Winograd κ where the generated kernel runs backward-data as its
    /// rotated forward layer with the Winograd plan Auto takes for it (16 for F(2,3), 128 for F(4,3); the remarks name it).
    /// </summary>
    public double DataKappa { get; init; } = BackwardChecks.Kappa;

    /// <summary>κ of the backward-weights bound: 4 (direct), or the Winograd κ of the tile where the kernel runs the weight-gradient form of Winograd.</summary>
    public double WeightsKappa { get; init; } = BackwardChecks.Kappa;
    public BackwardDataKernel Data { get; }
    public bool HasBias => _weightsWithBias is not null;

    /// <summary>Runs backward-weights; <paramref name="gradBias"/> is ignored (and may be empty) without a bias.</summary>
    public void Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias)
    {
        if (_weightsWithBias is not null)
        {
            _weightsWithBias(input, gradOutput, gradWeights, gradBias);
        }
        else
        {
            _weights!(input, gradOutput, gradWeights);
        }
    }

    public override string ToString() => Name;
}

/// <summary>Every generated backward layer of this assembly.</summary>
internal static class BackwardCatalog
{
    private static Conv2DShape S(int c, int k, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int g) =>
        new(c, k, h, w, kh, kw, sh, sw, ph, pw, dh, dw, g);

    public static readonly IReadOnlyList<BackwardLayerCase> All = new List<BackwardLayerCase>
    {
        new("Dense3x3Odd", S(8, 16, 9, 11, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.Dense3x3OddData, B.Dense3x3OddWeights, null, 2),
        new("Dense3x3Pad0", S(3, 4, 5, 6, 3, 3, 1, 1, 0, 0, 1, 1, 1), B.Dense3x3Pad0Data, null, B.Dense3x3Pad0Weights, 1),
        new("Dense3x3Pad2", S(5, 7, 13, 10, 3, 3, 1, 1, 2, 2, 1, 1, 1), B.Dense3x3Pad2Data, null, B.Dense3x3Pad2Weights, 3),
        new("Dense3x3Stride2", S(6, 10, 13, 12, 3, 3, 2, 2, 1, 1, 1, 1, 1), B.Dense3x3Stride2Data, null, B.Dense3x3Stride2Weights, 2),
        new("GroupedStride2Rows", S(24, 32, 29, 27, 3, 3, 2, 2, 1, 1, 1, 1, 2), B.GroupedStride2RowsData, null, B.GroupedStride2RowsWeights, 2),
        new("WideStride2Chunks", S(120, 256, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1, 1), B.WideStride2ChunksData, B.WideStride2ChunksWeights, null, 1),
        new("ChunkedStride2Rows", S(128, 256, 80, 80, 3, 3, 2, 2, 1, 1, 1, 1, 1), B.ChunkedStride2RowsData, B.ChunkedStride2RowsWeights, null, 1),
        new("Dense3x3RowStride", S(4, 6, 9, 8, 3, 3, 2, 1, 1, 1, 1, 1, 1), B.Dense3x3RowStrideData, B.Dense3x3RowStrideWeights, null, 2),
        new("Dense3x3Dilation2", S(4, 9, 17, 15, 3, 3, 1, 1, 2, 2, 2, 2, 1), B.Dense3x3Dilation2Data, B.Dense3x3Dilation2Weights, null, 1),
        new("NonSquare3x5", S(4, 6, 12, 11, 3, 5, 1, 1, 1, 2, 1, 1, 1), B.NonSquare3x5Data, null, B.NonSquare3x5Weights, 2),
        new("NonSquareMixedStride", S(3, 5, 14, 9, 5, 2, 2, 3, 2, 0, 1, 2, 1), B.NonSquareMixedStrideData, B.NonSquareMixedStrideWeights, null, 2),
        new("Pointwise", S(32, 20, 7, 7, 1, 1, 1, 1, 0, 0, 1, 1, 1), B.PointwiseData, null, B.PointwiseWeights, 3),
        new("PointwiseStride2", S(24, 16, 15, 15, 1, 1, 2, 2, 0, 0, 1, 1, 1), B.PointwiseStride2Data, null, B.PointwiseStride2Weights, 1),
        new("Pointwise1x1Spatial", S(16, 10, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1), B.Pointwise1x1SpatialData, null, B.Pointwise1x1SpatialWeights, 4),
        new("Dense3x3OnOnePixel", S(8, 6, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.Dense3x3OnOnePixelData, B.Dense3x3OnOnePixelWeights, null, 2),
        new("Depthwise3x3", S(16, 16, 10, 10, 3, 3, 1, 1, 1, 1, 1, 1, 16), B.Depthwise3x3Data, null, B.Depthwise3x3Weights, 2),
        new("Depthwise3x3Stride2", S(12, 12, 11, 13, 3, 3, 2, 2, 1, 1, 1, 1, 12), B.Depthwise3x3Stride2Data, null, B.Depthwise3x3Stride2Weights, 1),
        new("DepthwiseRowsBias", S(6, 6, 13, 21, 3, 3, 1, 1, 1, 1, 1, 1, 6), B.DepthwiseRowsBiasData, null, B.DepthwiseRowsBiasWeights, 2),
        new("DepthwiseRowsStride2", S(5, 5, 18, 35, 3, 3, 2, 2, 1, 1, 1, 1, 5), B.DepthwiseRowsStride2Data, null, B.DepthwiseRowsStride2Weights, 2),
        new("DepthwiseRow28Stride2", S(3, 3, 12, 28, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseRow28Stride2Data, B.DepthwiseRow28Stride2Weights, null, 2),
        new("DepthwiseRowsInPlace", S(4, 4, 10, 12, 3, 3, 1, 1, 0, 0, 1, 1, 4), B.DepthwiseRowsInPlaceData, B.DepthwiseRowsInPlaceWeights, null, 3),
        new("DepthwiseRowsDilated", S(3, 3, 12, 17, 3, 3, 1, 1, 2, 2, 2, 2, 3), B.DepthwiseRowsDilatedData, B.DepthwiseRowsDilatedWeights, null, 1),
        new("DepthwiseStride2K5", S(3, 3, 17, 21, 5, 5, 2, 2, 2, 2, 1, 1, 3), B.DepthwiseStride2K5Data, null, B.DepthwiseStride2K5Weights, 2),
        new("DepthwiseStride2Dilated", S(2, 2, 15, 24, 3, 3, 2, 2, 2, 2, 2, 2, 2), B.DepthwiseStride2DilatedData, B.DepthwiseStride2DilatedWeights, null, 1),
        new("DepthwiseStride2K4Narrow", S(4, 4, 9, 8, 4, 4, 2, 2, 1, 1, 1, 1, 4), B.DepthwiseStride2K4NarrowData, B.DepthwiseStride2K4NarrowWeights, null, 2),
        new("DepthwiseThreads", S(48, 48, 40, 40, 3, 3, 1, 1, 1, 1, 1, 1, 48), B.DepthwiseThreadsData, null, B.DepthwiseThreadsWeights, 2),
        new("DepthwiseInterleaved", S(5, 5, 22, 40, 3, 3, 2, 2, 1, 1, 1, 1, 5), B.DepthwiseInterleavedData, null, B.DepthwiseInterleavedWeights, 2),
        new("DepthwiseInterleavedOneRow", S(3, 3, 2, 32, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseInterleavedOneRowData, null, B.DepthwiseInterleavedOneRowWeights, 2),
        new("DepthwiseInterleavedRow14", S(4, 4, 28, 28, 3, 3, 2, 2, 1, 1, 1, 1, 4), B.DepthwiseInterleavedRow14Data, null, B.DepthwiseInterleavedRow14Weights, 2),
        new("DepthwiseInterleavedRow10", S(3, 3, 6, 20, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseInterleavedRow10Data, null, B.DepthwiseInterleavedRow10Weights, 3),
        new("DepthwiseInterleavedPairs7", S(4, 4, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1, 4), B.DepthwiseInterleavedPairs7Data, null, B.DepthwiseInterleavedPairs7Weights, 2),
        new("DepthwiseInterleavedPairs5", S(3, 3, 8, 10, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseInterleavedPairs5Data, null, B.DepthwiseInterleavedPairs5Weights, 3),
        new("DepthwiseStride2PairsOddWidth", S(6, 6, 11, 13, 3, 3, 2, 2, 1, 1, 1, 1, 6), B.DepthwiseStride2PairsOddWidthData, null, B.DepthwiseStride2PairsOddWidthWeights, 3),
        new("DepthwiseStride2PairsTall", S(5, 5, 23, 9, 3, 3, 2, 2, 1, 1, 1, 1, 5), B.DepthwiseStride2PairsTallData, B.DepthwiseStride2PairsTallWeights, null, 2),
        new("DepthwiseInterleavedPairs4", S(2, 2, 8, 8, 3, 3, 2, 2, 1, 1, 1, 1, 2), B.DepthwiseInterleavedPairs4Data, null, B.DepthwiseInterleavedPairs4Weights, 2),
        new("DepthwiseInterleavedRows", S(3, 3, 100, 92, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseInterleavedRowsData, null, B.DepthwiseInterleavedRowsWeights, 2),
        new("DepthwiseInterleavedRowsExact", S(2, 2, 96, 96, 3, 3, 2, 2, 1, 1, 1, 1, 2), B.DepthwiseInterleavedRowsExactData, null, B.DepthwiseInterleavedRowsExactWeights, 2),
        new("DepthwiseSplitWeights256Odd", S(2, 2, 102, 90, 3, 3, 2, 2, 1, 1, 1, 1, 2), B.DepthwiseSplitWeights256OddData, B.DepthwiseSplitWeights256OddWeights, null, 2),
        new("DepthwiseNarrowSplitRows6", S(3, 3, 20, 12, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseNarrowSplitRows6Data, null, B.DepthwiseNarrowSplitRows6Weights, 2),
        new("DepthwiseNarrowSplitRows5", S(2, 2, 18, 10, 3, 3, 2, 2, 1, 1, 1, 1, 2), B.DepthwiseNarrowSplitRows5Data, B.DepthwiseNarrowSplitRows5Weights, null, 3),
        new("DepthwiseNarrowSplitTwoRows", S(3, 3, 4, 12, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseNarrowSplitTwoRowsData, null, B.DepthwiseNarrowSplitTwoRowsWeights, 2),
        new("DepthwiseNarrowOneRow", S(2, 2, 2, 14, 3, 3, 2, 2, 1, 1, 1, 1, 2), B.DepthwiseNarrowOneRowData, null, B.DepthwiseNarrowOneRowWeights, 2),
        new("DepthwiseSplitWeights256Small", S(3, 3, 50, 46, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseSplitWeights256SmallData, null, B.DepthwiseSplitWeights256SmallWeights, 2),
        new("DepthwiseInterleavedTile8", S(3, 3, 6, 16, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseInterleavedTile8Data, null, B.DepthwiseInterleavedTile8Weights, 2),
        new("DepthwiseThreadsStride2", S(64, 64, 64, 64, 3, 3, 2, 2, 1, 1, 1, 1, 64), B.DepthwiseThreadsStride2Data, null, B.DepthwiseThreadsStride2Weights, 1),
        // Past the 4M floats of StreamingFloats: 5 × 2 × 132 × 64 × 60, 5 × 2 × 48 × 96 × 96, 8 × 600 × (28 × 28 + 14 × 14) and 6 × 160 × (64 × 62 + 32 × 31).
        new("DepthwiseStreamed", S(132, 132, 64, 60, 3, 3, 1, 1, 1, 1, 1, 1, 132), B.DepthwiseStreamedData, B.DepthwiseStreamedWeights, null, 5),
        new("DepthwiseStreamedLarge", S(48, 48, 96, 96, 3, 3, 1, 1, 1, 1, 1, 1, 48), B.DepthwiseStreamedLargeData, null, B.DepthwiseStreamedLargeWeights, 5),
        new("DepthwiseStreamedRows14", S(600, 600, 28, 28, 3, 3, 2, 2, 1, 1, 1, 1, 600), B.DepthwiseStreamedRows14Data, null, B.DepthwiseStreamedRows14Weights, 8),
        new("DepthwiseStreamedStride2", S(160, 160, 64, 62, 3, 3, 2, 2, 1, 1, 1, 1, 160), B.DepthwiseStreamedStride2Data, null, B.DepthwiseStreamedStride2Weights, 6),
        new("DepthwiseNarrow", S(20, 20, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 20), B.DepthwiseNarrowData, null, B.DepthwiseNarrowWeights, 3),
        new("DepthwiseNarrowShort", S(5, 5, 3, 6, 3, 3, 1, 1, 1, 1, 1, 1, 5), B.DepthwiseNarrowShortData, null, B.DepthwiseNarrowShortWeights, 2),
        new("DepthwiseWholeRows16", S(3, 3, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 3), B.DepthwiseWholeRows16Data, null, B.DepthwiseWholeRows16Weights, 2),
        new("DepthwiseWholeRowsExact16", S(2, 2, 2, 8, 3, 3, 1, 1, 1, 1, 1, 1, 2), B.DepthwiseWholeRowsExact16Data, null, B.DepthwiseWholeRowsExact16Weights, 3),
        new("DepthwisePairs4", S(3, 3, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 3), B.DepthwisePairs4Data, B.DepthwisePairs4Weights, null, 2),
        new("DepthwisePairs5Tall", S(2, 2, 12, 5, 3, 3, 1, 1, 1, 1, 1, 1, 2), B.DepthwisePairs5TallData, null, B.DepthwisePairs5TallWeights, 2),
        new("DepthwiseWholeRows12Short", S(4, 4, 3, 12, 3, 3, 1, 1, 1, 1, 1, 1, 4), B.DepthwiseWholeRows12ShortData, null, B.DepthwiseWholeRows12ShortWeights, 2),
        new("DepthwiseInPlaceWeightsRemainder", S(3, 3, 23, 40, 3, 3, 1, 1, 1, 1, 1, 1, 3), B.DepthwiseInPlaceWeightsRemainderData, null, B.DepthwiseInPlaceWeightsRemainderWeights, 2),
        new("DepthwiseInPlaceWeightsExact", S(2, 2, 16, 32, 3, 3, 1, 1, 1, 1, 1, 1, 2), B.DepthwiseInPlaceWeightsExactData, B.DepthwiseInPlaceWeightsExactWeights, null, 3),
        new("DepthwiseInPlaceWeightsShort", S(3, 3, 4, 17, 3, 3, 1, 1, 1, 1, 1, 1, 3), B.DepthwiseInPlaceWeightsShortData, null, B.DepthwiseInPlaceWeightsShortWeights, 2),
        new("DepthwiseSplitWeightsRemainder", S(3, 3, 30, 20, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseSplitWeightsRemainderData, null, B.DepthwiseSplitWeightsRemainderWeights, 2),
        new("DepthwiseSplitWeightsWholeTiles", S(2, 2, 20, 64, 3, 3, 2, 2, 1, 1, 1, 1, 2), B.DepthwiseSplitWeightsWholeTilesData, B.DepthwiseSplitWeightsWholeTilesWeights, null, 2),
        new("DepthwiseSplitWeightsBands", S(3, 3, 56, 36, 3, 3, 2, 2, 1, 1, 1, 1, 3), B.DepthwiseSplitWeightsBandsData, null, B.DepthwiseSplitWeightsBandsWeights, 2),
        new("DepthwiseSplitWeightsExact16", S(2, 2, 4, 16, 3, 3, 2, 2, 1, 1, 1, 1, 2), B.DepthwiseSplitWeightsExact16Data, null, B.DepthwiseSplitWeightsExact16Weights, 3),
        new("DepthwiseInPlaceWeightsPrefetch", S(2, 2, 50, 48, 3, 3, 1, 1, 1, 1, 1, 1, 2), B.DepthwiseInPlaceWeightsPrefetchData, null, B.DepthwiseInPlaceWeightsPrefetchWeights, 2),
        new("DepthwiseLargeInPlaceRemainder", S(3, 3, 91, 94, 3, 3, 1, 1, 1, 1, 1, 1, 3), B.DepthwiseLargeInPlaceRemainderData, null, B.DepthwiseLargeInPlaceRemainderWeights, 2),
        new("DepthwiseInPlacePairs56", S(3, 3, 12, 56, 3, 3, 1, 1, 1, 1, 1, 1, 3), B.DepthwiseInPlacePairs56Data, B.DepthwiseInPlacePairs56Weights, null, 2),
        new("DepthwiseLargeInPlaceExact", S(2, 2, 65, 128, 3, 3, 1, 1, 1, 1, 1, 1, 2), B.DepthwiseLargeInPlaceExactData, B.DepthwiseLargeInPlaceExactWeights, null, 2),
        new("DepthwiseChannelPairsThreads", S(1203, 1203, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1203), B.DepthwiseChannelPairsThreadsData, null, B.DepthwiseChannelPairsThreadsWeights, 1),
        new("Depthwise5x5", S(10, 10, 9, 19, 5, 5, 1, 1, 2, 2, 1, 1, 10), B.Depthwise5x5Data, null, B.Depthwise5x5Weights, 2),
        new("DepthwiseMultiplier2", S(6, 12, 8, 9, 3, 3, 1, 1, 1, 1, 1, 1, 6), B.DepthwiseMultiplier2Data, B.DepthwiseMultiplier2Weights, null, 1),
        new("Grouped3x3", S(16, 24, 9, 9, 3, 3, 1, 1, 1, 1, 1, 1, 4), B.Grouped3x3Data, null, B.Grouped3x3Weights, 2),
        new("GroupedResNeXtLike", S(32, 32, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 8), B.GroupedResNeXtLikeData, B.GroupedResNeXtLikeWeights, null, 1),
        new("GroupedPointwise", S(12, 18, 6, 7, 1, 1, 1, 1, 0, 0, 1, 1, 3), B.GroupedPointwiseData, B.GroupedPointwiseWeights, null, 2),
        new("GroupedPointwiseOneTile", S(14, 22, 15, 15, 1, 1, 2, 2, 0, 0, 1, 1, 2), B.GroupedPointwiseOneTileData, null, B.GroupedPointwiseOneTileWeights, 2),
        new("TapsOnPadding", S(4, 3, 1, 16, 2, 1, 2, 1, 1, 0, 2, 2, 1), B.TapsOnPaddingData, null, B.TapsOnPaddingWeights, 3),
        new("DepthwiseWholeRows23x6", S(3, 3, 23, 6, 3, 3, 1, 1, 1, 1, 1, 1, 3), B.DepthwiseWholeRows23x6Data, B.DepthwiseWholeRows23x6Weights, null, 2),
        new("DepthwiseWholeRowsOneVector", S(3, 3, 2, 4, 3, 3, 1, 1, 1, 1, 1, 1, 3), B.DepthwiseWholeRowsOneVectorData, null, B.DepthwiseWholeRowsOneVectorWeights, 3),
        new("DepthwiseWholeRowsTwoRows", S(2, 2, 2, 7, 3, 3, 1, 1, 1, 1, 1, 1, 2), B.DepthwiseWholeRowsTwoRowsData, B.DepthwiseWholeRowsTwoRowsWeights, null, 3),
        new("Stem7x7", S(3, 16, 40, 40, 7, 7, 2, 2, 3, 3, 1, 1, 1), B.Stem7x7Data, null, B.Stem7x7Weights, 1),
        new("Large11x11Stride4", S(3, 8, 30, 30, 11, 11, 4, 4, 2, 2, 1, 1, 1), B.Large11x11Stride4Data, B.Large11x11Stride4Weights, null, 2),
        new("Wide1x255", S(2, 3, 3, 300, 1, 255, 1, 1, 0, 1, 1, 1, 1), B.Wide1x255Data, B.Wide1x255Weights, null, 1),
        new("Tall13x1Stride3Dilation2", S(2, 2, 40, 5, 13, 1, 3, 1, 6, 0, 2, 1, 1), B.Tall13x1Stride3Dilation2Data, B.Tall13x1Stride3Dilation2Weights, null, 2),
        new("Dense64to48", S(64, 48, 14, 14, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.Dense64to48Data, null, B.Dense64to48Weights, 1),
        new("Dense256At7", S(256, 256, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.Dense256At7Data, B.Dense256At7Weights, null, 2) { DataKappa = LayerCatalog.F2Kappa },
        new("Dense9x9", S(16, 12, 20, 20, 9, 9, 1, 1, 4, 4, 1, 1, 1), B.Dense9x9Data, B.Dense9x9Weights, null, 1),
        new("PaddedPitchStride2", S(40, 256, 8, 8, 3, 3, 2, 2, 1, 1, 1, 1, 1), B.PaddedPitchStride2Data, B.PaddedPitchStride2Weights, null, 2),
        new("Dense256At7Direct", S(256, 256, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.Dense256At7DirectData, B.Dense256At7Weights, null, 1),
        new("StrideAboveKernel", S(2, 3, 7, 8, 2, 2, 3, 3, 0, 0, 1, 1, 1), B.StrideAboveKernelData, null, B.StrideAboveKernelWeights, 1),
        new("Stride2Kernel1Pad1", S(4, 4, 6, 7, 1, 1, 2, 2, 1, 1, 1, 1, 1), B.Stride2Kernel1Pad1Data, B.Stride2Kernel1Pad1Weights, null, 1),
        new("OddPadStride2", S(3, 5, 6, 5, 3, 2, 2, 2, 2, 1, 1, 1, 1), B.OddPadStride2Data, null, B.OddPadStride2Weights, 2),
        new("WideStride2", S(48, 40, 15, 17, 3, 3, 2, 2, 1, 1, 1, 1, 1), B.WideStride2Data, null, B.WideStride2Weights, 2),
        new("ChunkedLanes", S(48, 20, 48, 48, 1, 1, 1, 1, 0, 0, 1, 1, 1), B.ChunkedLanesData, null, B.ChunkedLanesWeights, 2),
        new("ChunkedLanesGrouped", S(120, 168, 72, 72, 1, 1, 1, 1, 0, 0, 1, 1, 3), B.ChunkedLanesGroupedData, null, B.ChunkedLanesGroupedWeights, 2),
        new("ChunkedGathered", S(16, 8, 48, 48, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.ChunkedGatheredData, B.ChunkedGatheredWeights, null, 2),
        new("ReductionRuns", S(220, 220, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.ReductionRunsData, B.ReductionRunsWeights, null, 2),
        new("ReductionRuns14", S(160, 160, 14, 14, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.ReductionRuns14Data, B.ReductionRuns14Weights, null, 1),
        new("Winograd14", S(160, 160, 14, 14, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.Winograd14Data, B.ReductionRuns14Weights, null, 1) { DataKappa = LayerCatalog.F4Kappa },
        new("DilatedWinogradData", S(32, 24, 17, 19, 3, 3, 1, 1, 2, 2, 2, 2, 1), B.DilatedWinogradData, B.DilatedWinogradDataWeights, null, 2) { DataKappa = LayerCatalog.F4Kappa },
        new("DilatedWinogradDataPad0", S(16, 16, 20, 15, 3, 3, 1, 1, 0, 0, 3, 1, 1), B.DilatedWinogradDataPad0, B.DilatedWinogradDataPad0Weights, null, 2) { DataKappa = LayerCatalog.F2Kappa },
        new("Winograd5x5Data", S(24, 40, 19, 22, 5, 5, 1, 1, 2, 2, 1, 1, 1), B.Winograd5x5Data, B.Winograd5x5DataWeights, null, 2) { DataKappa = LayerCatalog.F2x5Kappa },
        new("Winograd5x5DataF4Pad1", S(16, 24, 17, 14, 5, 5, 1, 1, 1, 1, 1, 1, 1), B.Winograd5x5DataF4Pad1, B.Winograd5x5DataF4Pad1Weights, null, 2) { DataKappa = LayerCatalog.F4x5Kappa },
        new("Winograd5x5DataPad4", S(10, 12, 13, 9, 5, 5, 1, 1, 4, 4, 1, 1, 1), B.Winograd5x5DataPad4, B.Winograd5x5DataPad4Weights, null, 2) { DataKappa = LayerCatalog.F4x5Kappa },
        new("Winograd5x5DataPad0", S(10, 12, 13, 9, 5, 5, 1, 1, 0, 0, 1, 1, 1), B.Winograd5x5DataPad0, B.Winograd5x5DataPad0Weights, null, 2) { DataKappa = LayerCatalog.F2x5Kappa },
        new("ReductionRunsStride2", S(24, 1600, 8, 8, 3, 3, 2, 2, 1, 1, 1, 1, 1), B.ReductionRunsStride2Data, B.ReductionRunsStride2Weights, null, 1),
        new("PointwiseLanes", S(40, 261, 5, 7, 1, 1, 1, 1, 0, 0, 1, 1, 1), B.PointwiseLanesData, null, B.PointwiseLanesWeights, 3),
        new("PointwiseLanesWide", S(48, 260, 4, 5, 1, 1, 1, 1, 0, 0, 1, 1, 1), B.PointwiseLanesWideData, B.PointwiseLanesWideWeights, null, 2),
        new("PointwiseLanesGrouped", S(64, 528, 4, 4, 1, 1, 1, 1, 0, 0, 1, 1, 2), B.PointwiseLanesGroupedData, B.PointwiseLanesGroupedWeights, null, 2),
        new("PointwiseLanesPages", S(1040, 132, 5, 7, 1, 1, 1, 1, 0, 0, 1, 1, 1), B.PointwiseLanesPagesData, B.PointwiseLanesPagesWeights, null, 2),
        new("PointwiseLanesPagesGrouped", S(2048, 256, 5, 7, 1, 1, 1, 1, 0, 0, 1, 1, 2), B.PointwiseLanesPagesGroupedData, B.PointwiseLanesPagesGroupedWeights, null, 1),
        new("PointwiseLanesThreads", S(256, 256, 7, 7, 1, 1, 1, 1, 0, 0, 1, 1, 1), B.PointwiseLanesThreadsData, B.PointwiseLanesThreadsWeights, null, 2),
        new("ColumnsStride2", S(64, 128, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1, 1), B.ColumnsStride2Data, B.ColumnsStride2Weights, null, 2),
        new("ColumnsDcgan", S(32, 128, 8, 8, 4, 4, 2, 2, 1, 1, 1, 1, 1), B.ColumnsDcganData, B.ColumnsDcganWeights, null, 3),
        new("ColumnsGroupedDilated", S(32, 256, 13, 13, 3, 3, 2, 2, 2, 2, 2, 2, 2), B.ColumnsGroupedDilatedData, B.ColumnsGroupedDilatedWeights, null, 2),
        new("ColumnsAsymmetric", S(16, 128, 11, 17, 3, 2, 2, 3, 1, 0, 1, 1, 1), B.ColumnsAsymmetricData, B.ColumnsAsymmetricWeights, null, 2),
        new("ColumnsPointwiseStride2", S(32, 128, 13, 13, 1, 1, 2, 2, 0, 0, 1, 1, 1), B.ColumnsPointwiseStride2Data, B.ColumnsPointwiseStride2Weights, null, 2),
        new("ColumnsThreads", S(128, 256, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1), B.ColumnsThreadsData, B.ColumnsThreadsWeights, null, 2),
        new("ColumnsWideRows", S(16, 256, 32, 32, 3, 3, 2, 2, 1, 1, 1, 1, 1), B.ColumnsWideRowsData, B.ColumnsWideRowsWeights, null, 1),
        new("AliasingRows", S(64, 40, 9, 8, 4, 4, 2, 2, 1, 1, 1, 1, 1), B.AliasingRowsWeightsData, null, B.AliasingRowsWeights, 3),
        new("WinogradWeightsOdd", S(40, 20, 13, 10, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.WinogradWeightsOddData, null, B.WinogradWeightsOddWeights, 3) { WeightsKappa = LayerCatalog.F4Kappa },
        new("WinogradWeightsPad0", S(32, 12, 10, 17, 3, 3, 1, 1, 0, 0, 1, 1, 1), B.WinogradWeightsPad0Data, B.WinogradWeightsPad0Weights, null, 2) { WeightsKappa = LayerCatalog.F4Kappa },
        new("WinogradWeightsF2Pad2", S(8, 5, 7, 8, 3, 3, 1, 1, 2, 2, 1, 1, 1), B.WinogradWeightsF2Pad2Data, null, B.WinogradWeightsF2Pad2Weights, 2) { WeightsKappa = LayerCatalog.F2Kappa },
        new("WinogradWeightsR18", S(128, 128, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.WinogradWeightsR18Data, B.WinogradWeightsR18Weights, null, 1) { WeightsKappa = LayerCatalog.F4Kappa },
        new("WinogradWeightsF6", S(16, 16, 15, 14, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.WinogradWeightsF6Data, B.WinogradWeightsF6Weights, null, 2) { WeightsKappa = LayerCatalog.F6Kappa },
        new("WinogradWeightsBlocks", S(32, 20, 66, 66, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.WinogradWeightsBlocksData, null, B.WinogradWeightsBlocksWeights, 2) { WeightsKappa = LayerCatalog.F4Kappa },
        new("Winograd5x5WeightsF4", S(40, 20, 13, 10, 5, 5, 1, 1, 2, 2, 1, 1, 1), B.Winograd5x5WeightsF4Data, null, B.Winograd5x5WeightsF4, 3) { WeightsKappa = LayerCatalog.F4x5Kappa },
        new("Winograd5x5WeightsF2Pad0", S(13, 11, 17, 9, 5, 5, 1, 1, 0, 0, 1, 1, 1), B.Winograd5x5WeightsF2Pad0Data, B.Winograd5x5WeightsF2Pad0, null, 2) { WeightsKappa = LayerCatalog.F2x5Kappa },
        new("Winograd5x5WeightsAuto", S(64, 64, 16, 16, 5, 5, 1, 1, 2, 2, 1, 1, 1), B.Winograd5x5WeightsAutoData, null, B.Winograd5x5WeightsAuto, 2) { WeightsKappa = LayerCatalog.F4x5Kappa },
        new("WinogradWeightsAuto", S(64, 64, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.WinogradWeightsAutoData, null, B.WinogradWeightsAutoWeights, 2) { WeightsKappa = LayerCatalog.F4Kappa },
    };

    public static BackwardLayerCase Find(string name) => All.Single(l => l.Name == name);

    /// <summary>Generated kernels for the exact vectors, by vector file name.</summary>
    public static readonly IReadOnlyDictionary<string, BackwardLayerCase> Vectors = new[]
    {
        ("conv2d_k1_ci6_co4_s1_p0_g2", new BackwardLayerCase("VectorK1Ci6Co4G2", S(6, 4, 4, 4, 1, 1, 1, 1, 0, 0, 1, 1, 2), B.VectorK1Ci6Co4G2Data, B.VectorK1Ci6Co4G2Weights, null, 2)),
        ("conv2d_k3_ci3_co4_s1_p0_g1", new BackwardLayerCase("VectorK3Ci3Co4", S(3, 4, 5, 6, 3, 3, 1, 1, 0, 0, 1, 1, 1), B.VectorK3Ci3Co4Data, B.VectorK3Ci3Co4Weights, null, 2)),
        ("conv2d_k3_ci4_co6_s1_p1_g1_bias", new BackwardLayerCase("VectorK3Ci4Co6P1Bias", S(4, 6, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1), B.VectorK3Ci4Co6P1BiasData, null, B.VectorK3Ci4Co6P1BiasWeights, 2)),
        ("conv2d_k3_ci4_co6_s2_p1_g2_bias", new BackwardLayerCase("VectorK3Ci4Co6S2G2Bias", S(4, 6, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, 2), B.VectorK3Ci4Co6S2G2BiasData, null, B.VectorK3Ci4Co6S2G2BiasWeights, 2)),
        ("dw3x3_c3_h4w7_s1_p1", new BackwardLayerCase("VectorDwC3H4W7", S(3, 3, 4, 7, 3, 3, 1, 1, 1, 1, 1, 1, 3), B.VectorDwC3H4W7Data, B.VectorDwC3H4W7Weights, null, 2)),
        ("dw3x3_c4_h5w5_s1_p1_bias", new BackwardLayerCase("VectorDwC4H5W5Bias", S(4, 4, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1, 4), B.VectorDwC4H5W5BiasData, null, B.VectorDwC4H5W5BiasWeights, 2)),
        ("dw3x3_c4_h5w5_s2_p1", new BackwardLayerCase("VectorDwC4H5W5S2", S(4, 4, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, 4), B.VectorDwC4H5W5S2Data, B.VectorDwC4H5W5S2Weights, null, 2)),
    }.ToDictionary(p => p.Item1, p => p.Item2);
}
