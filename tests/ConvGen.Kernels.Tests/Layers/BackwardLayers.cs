using System;
using ConvGen;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>
/// Backward-data and backward-weights kernels for the forward catalog's shapes (activations dropped: backward passes
/// take the gradient after the activation's derivative), a few extra stride/padding edge cases, and the exact vectors.
/// </summary>
internal static partial class BackwardLayers
{
    [Conv2D(InChannels = 8, OutChannels = 16, Height = 9, Width = 11, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void Dense3x3OddData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 8, OutChannels = 16, Height = 9, Width = 11, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Dense3x3OddWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 3, OutChannels = 4, Height = 5, Width = 6, KernelSize = 3, Pass = ConvPass.BackwardData)]
    public static partial void Dense3x3Pad0Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 4, Height = 5, Width = 6, KernelSize = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void Dense3x3Pad0Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 5, OutChannels = 7, Height = 13, Width = 10, KernelSize = 3, Padding = 2, Pass = ConvPass.BackwardData)]
    public static partial void Dense3x3Pad2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 5, OutChannels = 7, Height = 13, Width = 10, KernelSize = 3, Padding = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void Dense3x3Pad2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 6, OutChannels = 10, Height = 13, Width = 12, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void Dense3x3Stride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 6, OutChannels = 10, Height = 13, Width = 12, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Dense3x3Stride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Stride 2 on an odd-sized map with two groups, above the 0.4 MFLOP threshold: two threads split each image by grid
    // rows (the phases have 15 and 14 rows), each padding its own plane rows.
    [Conv2D(InChannels = 24, OutChannels = 32, Height = 29, Width = 27, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void GroupedStride2RowsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 24, OutChannels = 32, Height = 29, Width = 27, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void GroupedStride2RowsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Stride 2 with weights larger than the padded planes and several chunks of channel blocks: two threads split the
    // phases' units instead. 120 input channels (1080 columns, not whole 16-lane vectors) keep the stride-phase plan
    // rather than the columns GEMM.
    [Conv2D(InChannels = 120, OutChannels = 256, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void WideStride2ChunksData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 120, OutChannels = 256, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void WideStride2ChunksWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Stride 2 on a map large enough that the padded planes outweigh the weights, so two threads split it by grid rows,
    // with several chunks of channel blocks on the AVX2 path (each thread's rows run chunk by chunk).
    [Conv2D(InChannels = 128, OutChannels = 256, Height = 80, Width = 80, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void ChunkedStride2RowsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 128, OutChannels = 256, Height = 80, Width = 80, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ChunkedStride2RowsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Vertical stride only: each phase takes a subset of kernel rows with every column, repacked one row run at a time.
    [Conv2D(InChannels = 4, OutChannels = 6, Height = 9, Width = 8, KernelSize = 3, StrideHeight = 2, StrideWidth = 1, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void Dense3x3RowStrideData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 6, Height = 9, Width = 8, KernelSize = 3, StrideHeight = 2, StrideWidth = 1, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Dense3x3RowStrideWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 4, OutChannels = 9, Height = 17, Width = 15, KernelSize = 3, Padding = 2, Dilation = 2, Pass = ConvPass.BackwardData)]
    public static partial void Dense3x3Dilation2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 9, Height = 17, Width = 15, KernelSize = 3, Padding = 2, Dilation = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void Dense3x3Dilation2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 4, OutChannels = 6, Height = 12, Width = 11, KernelHeight = 3, KernelWidth = 5, PaddingHeight = 1, PaddingWidth = 2, Pass = ConvPass.BackwardData)]
    public static partial void NonSquare3x5Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 6, Height = 12, Width = 11, KernelHeight = 3, KernelWidth = 5, PaddingHeight = 1, PaddingWidth = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void NonSquare3x5Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 3, OutChannels = 5, Height = 14, Width = 9, KernelHeight = 5, KernelWidth = 2, StrideHeight = 2, StrideWidth = 3, PaddingHeight = 2, PaddingWidth = 0, DilationHeight = 1, DilationWidth = 2, Pass = ConvPass.BackwardData)]
    public static partial void NonSquareMixedStrideData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 5, Height = 14, Width = 9, KernelHeight = 5, KernelWidth = 2, StrideHeight = 2, StrideWidth = 3, PaddingHeight = 2, PaddingWidth = 0, DilationHeight = 1, DilationWidth = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void NonSquareMixedStrideWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 32, OutChannels = 20, Height = 7, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void PointwiseData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 32, OutChannels = 20, Height = 7, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void PointwiseWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 24, OutChannels = 16, Height = 15, Width = 15, KernelSize = 1, Stride = 2, Pass = ConvPass.BackwardData)]
    public static partial void PointwiseStride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 24, OutChannels = 16, Height = 15, Width = 15, KernelSize = 1, Stride = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void PointwiseStride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 16, OutChannels = 10, Height = 1, Width = 1, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void Pointwise1x1SpatialData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 16, OutChannels = 10, Height = 1, Width = 1, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Pointwise1x1SpatialWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 8, OutChannels = 6, Height = 1, Width = 1, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void Dense3x3OnOnePixelData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 8, OutChannels = 6, Height = 1, Width = 1, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Dense3x3OnOnePixelWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 16, OutChannels = 16, Height = 10, Width = 10, KernelSize = 3, Padding = 1, Groups = 16, Pass = ConvPass.BackwardData)]
    public static partial void Depthwise3x3Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 16, OutChannels = 16, Height = 10, Width = 10, KernelSize = 3, Padding = 1, Groups = 16, Pass = ConvPass.BackwardWeights)]
    public static partial void Depthwise3x3Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Depthwise row plan for backward-weights: bands of 4 rows and a last band of 1, two vectors and a masked last one per row, bias.
    [Conv2D(InChannels = 6, OutChannels = 6, Height = 13, Width = 21, KernelSize = 3, Padding = 1, Groups = 6, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseRowsBiasData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 6, OutChannels = 6, Height = 13, Width = 21, KernelSize = 3, Padding = 1, Groups = 6, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseRowsBiasWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // The same at stride 2 (stride-phase planes; 9 output rows, 18 columns).
    [Conv2D(InChannels = 5, OutChannels = 5, Height = 18, Width = 35, KernelSize = 3, Stride = 2, Padding = 1, Groups = 5, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseRowsStride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 5, OutChannels = 5, Height = 18, Width = 35, KernelSize = 3, Stride = 2, Padding = 1, Groups = 5, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseRowsStride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Rows of 28 columns: the one-step AVX-512 split of the packing, its zeros stored past each row (as MobileNet's 28×28
    // stride-2 layer); 7 output columns, so the Vector256 path's narrow rows.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 12, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseRow28Stride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 12, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseRow28Stride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // No padding: the input plane is read in place; no bias.
    [Conv2D(InChannels = 4, OutChannels = 4, Height = 10, Width = 12, KernelSize = 3, Groups = 4, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseRowsInPlaceData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 10, Width = 12, KernelSize = 3, Groups = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseRowsInPlaceWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Dilation 2.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 12, Width = 17, KernelSize = 3, Padding = 2, Dilation = 2, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseRowsDilatedData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 12, Width = 17, KernelSize = 3, Padding = 2, Dilation = 2, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseRowsDilatedWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Stride-2 depthwise backward-data plan: 5×5 (three kernel rows reach even rows, two odd ones).
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 17, Width = 21, KernelSize = 5, Stride = 2, Padding = 2, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseStride2K5Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 17, Width = 21, KernelSize = 5, Stride = 2, Padding = 2, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseStride2K5Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Stride 2 with dilation 2: odd padded rows and columns receive no tap.
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 15, Width = 24, KernelSize = 3, Stride = 2, Padding = 2, Dilation = 2, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseStride2DilatedData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 15, Width = 24, KernelSize = 3, Stride = 2, Padding = 2, Dilation = 2, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseStride2DilatedWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // An even kernel on the narrowest row the plan takes (8).
    [Conv2D(InChannels = 4, OutChannels = 4, Height = 9, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseStride2K4NarrowData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 9, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseStride2K4NarrowWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Depthwise layers above the 1-MFLOP threading threshold (the row plans split their channels across threads).
    [Conv2D(InChannels = 48, OutChannels = 48, Height = 40, Width = 40, KernelSize = 3, Padding = 1, Groups = 48, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseThreadsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 48, OutChannels = 48, Height = 40, Width = 40, KernelSize = 3, Padding = 1, Groups = 48, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseThreadsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Stride-2 backward-data interleaved in registers on AVX-512: 20 gradOutput columns (the second column tile shifted
    // back by 4) over 11 rows, and one gradOutput row.
    [Conv2D(InChannels = 5, OutChannels = 5, Height = 22, Width = 40, KernelSize = 3, Stride = 2, Padding = 1, Groups = 5, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInterleavedData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 5, OutChannels = 5, Height = 22, Width = 40, KernelSize = 3, Stride = 2, Padding = 1, Groups = 5, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInterleavedWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 2, Width = 32, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInterleavedOneRowData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 2, Width = 32, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInterleavedOneRowWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Rows of 8-15 gradOutput columns: one vector per row (28 → 14, as in MobileNet, and 20 → 10 on 3 rows).
    [Conv2D(InChannels = 4, OutChannels = 4, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInterleavedRow14Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInterleavedRow14Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 6, Width = 20, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInterleavedRow10Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 6, Width = 20, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInterleavedRow10Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Rows of 4-7 gradOutput columns: a pair of gradInput rows per vector (14 → 7 as in MobileNet, 10 → 5, 8 → 4).
    [Conv2D(InChannels = 4, OutChannels = 4, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInterleavedPairs7Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInterleavedPairs7Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 8, Width = 10, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInterleavedPairs5Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 8, Width = 10, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInterleavedPairs5Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Stride-2 backward-weights channel pairs (interleaved lanes) on odd widths, whose last odd column is the padding, and on a tall plane.
    [Conv2D(InChannels = 6, OutChannels = 6, Height = 11, Width = 13, KernelSize = 3, Stride = 2, Padding = 1, Groups = 6, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseStride2PairsOddWidthData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 6, OutChannels = 6, Height = 11, Width = 13, KernelSize = 3, Stride = 2, Padding = 1, Groups = 6, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseStride2PairsOddWidthWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 5, OutChannels = 5, Height = 23, Width = 9, KernelSize = 3, Stride = 2, Padding = 1, Groups = 5, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseStride2PairsTallData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 5, OutChannels = 5, Height = 23, Width = 9, KernelSize = 3, Stride = 2, Padding = 1, Groups = 5, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseStride2PairsTallWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 8, Width = 8, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInterleavedPairs4Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 8, Width = 8, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInterleavedPairs4Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // The interleaved paths, AVX2 and AVX-512 alike: by rows on gradInput channels over 32 KB (46 gradOutput columns, the
    // last tile shifted back by 2; 48 columns, whole tiles), by column strips below (8 columns: the last tile alone on AVX2).
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 100, Width = 92, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInterleavedRowsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 100, Width = 92, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInterleavedRowsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 96, Width = 96, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInterleavedRowsExactData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 96, Width = 96, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInterleavedRowsExactWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // AVX2 backward-weights splitting the stride phases in registers (channels of 8 KB or more; the two layers above too),
    // and AVX-512's bands of 2 on channels over 32 KB: 51 gradOutput rows (a last band of one row), 45 columns (the last
    // tile's first 3 lanes masked off), no bias. The data pass walks by rows on both, its last tile shifted back by 3.
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 102, Width = 90, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseSplitWeights256OddData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 102, Width = 90, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseSplitWeights256OddWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // AVX2 backward-weights on rows of 5-7 gradOutput columns, split in registers whatever the channel's size (the 14×14
    // and 8×10 layers above too): 10 rows of 6 (the last band, rows 8-9, peeled) with bias; 9 rows of 5 (a last band of
    // one row); 2 rows of 6 (one peeled band that reads no padding row); one row of 7 (packed: too few rows).
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 20, Width = 12, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseNarrowSplitRows6Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 20, Width = 12, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseNarrowSplitRows6Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 18, Width = 10, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseNarrowSplitRows5Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 18, Width = 10, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseNarrowSplitRows5Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 4, Width = 12, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseNarrowSplitTwoRowsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 4, Width = 12, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseNarrowSplitTwoRowsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 2, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseNarrowOneRowData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 2, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseNarrowOneRowWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // The same split on a 9 KB channel (25 gradOutput rows, 23 columns: the last tile's first lane masked off), with bias.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 50, Width = 46, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseSplitWeights256SmallData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 50, Width = 46, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseSplitWeights256SmallWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 6, Width = 16, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInterleavedTile8Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 6, Width = 16, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInterleavedTile8Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 64, Width = 64, KernelSize = 3, Stride = 2, Padding = 1, Groups = 64, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseThreadsStride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 64, Width = 64, KernelSize = 3, Stride = 2, Padding = 1, Groups = 64, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseThreadsStride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Batches whose input and gradOutput exceed DirectConvPlanner.StreamingFloats (4M floats): stride 1, backward-data runs
    // the in-place forward tiles on rotated weights, which then prefetch ahead; stride 2, the split backward-weights bands
    // prefetch ahead and into the next image's plane.
    [Conv2D(InChannels = 132, OutChannels = 132, Height = 64, Width = 60, KernelSize = 3, Padding = 1, Groups = 132, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseStreamedData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 132, OutChannels = 132, Height = 64, Width = 60, KernelSize = 3, Padding = 1, Groups = 132, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseStreamedWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Rows of 14 outputs at stride 2: the AVX-512 weight-gradient bands of one vector per row (which then prefetch too).
    [Conv2D(InChannels = 600, OutChannels = 600, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 600, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseStreamedRows14Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 600, OutChannels = 600, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 600, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseStreamedRows14Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // 36 KB planes, more than L1: the AVX2 path's in-place weight-gradient bands (which then prefetch too).
    [Conv2D(InChannels = 48, OutChannels = 48, Height = 96, Width = 96, KernelSize = 3, Padding = 1, Groups = 48, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseStreamedLargeData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 48, OutChannels = 48, Height = 96, Width = 96, KernelSize = 3, Padding = 1, Groups = 48, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseStreamedLargeWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 160, OutChannels = 160, Height = 64, Width = 62, KernelSize = 3, Stride = 2, Padding = 1, Groups = 160, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseStreamedStride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 160, OutChannels = 160, Height = 64, Width = 62, KernelSize = 3, Stride = 2, Padding = 1, Groups = 160, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseStreamedStride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 12, OutChannels = 12, Height = 11, Width = 13, KernelSize = 3, Stride = 2, Padding = 1, Groups = 12, Pass = ConvPass.BackwardData)]
    public static partial void Depthwise3x3Stride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 12, OutChannels = 12, Height = 11, Width = 13, KernelSize = 3, Stride = 2, Padding = 1, Groups = 12, Pass = ConvPass.BackwardWeights)]
    public static partial void Depthwise3x3Stride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Rows of 7: backward-data runs the rotated forward on overhanging row tiles; backward-weights the row plan with one
    // masked vector per row (the channel's last row loaded ending at its end).
    [Conv2D(InChannels = 20, OutChannels = 20, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 20, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseNarrowData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 20, OutChannels = 20, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 20, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseNarrowWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Three rows of 6: the narrow band holds two rows, then the last row on its own.
    [Conv2D(InChannels = 5, OutChannels = 5, Height = 3, Width = 6, KernelSize = 3, Padding = 1, Groups = 5, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseNarrowShortData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 5, OutChannels = 5, Height = 3, Width = 6, KernelSize = 3, Padding = 1, Groups = 5, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseNarrowShortWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Backward-weights on AVX-512 without packing, whole rows: 16 rows of 16, a vector per row and no spare lane.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 16, Width = 16, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseWholeRows16Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 16, Width = 16, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseWholeRows16Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Two rows of 8: 16 floats per channel, the smallest plane read in place; the last row's vector is the channel's last 16 floats shifted down.
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 2, Width = 8, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseWholeRowsExact16Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 2, Width = 8, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseWholeRowsExact16Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Rows of 4 in pairs: 16 floats per channel, input row −1 moved up behind zeros.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 4, Width = 4, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwisePairs4Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 4, Width = 4, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwisePairs4Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Rows of 5 in pairs on the most paired rows (12), an even height: no overlapping last pair.
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 12, Width = 5, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwisePairs5TallData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 12, Width = 5, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwisePairs5TallWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Three rows of 12: every input row feeds all three gradOutput rows.
    [Conv2D(InChannels = 4, OutChannels = 4, Height = 3, Width = 12, KernelSize = 3, Padding = 1, Groups = 4, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseWholeRows12ShortData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 3, Width = 12, KernelSize = 3, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseWholeRows12ShortWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Backward-weights on AVX-512 in place: a loop of five bands of 4 rows and a last band of 3, column tiles at 0, 16 and 24 (the last masked to its 8 new lanes).
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 23, Width = 40, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInPlaceWeightsRemainderData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 23, Width = 40, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInPlaceWeightsRemainderWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // In place: four bands of 4 rows, two whole column tiles.
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 16, Width = 32, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInPlaceWeightsExactData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 16, Width = 32, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInPlaceWeightsExactWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // In place: one band of 4 rows that skips both padding rows, column tiles at 0 and 1 (the last one new lane).
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 4, Width = 17, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInPlaceWeightsShortData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 4, Width = 17, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInPlaceWeightsShortWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Stride-2 backward-weights on AVX-512 without packing, rows of 10 (one vector each): three bands of 4 rows, then the last band of 3 with the channel's last row loaded ending at its end.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 30, Width = 20, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseSplitWeightsRemainderData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 30, Width = 20, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseSplitWeightsRemainderWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Stride 2, rows of 32: two whole column tiles, two bands of 4 rows and a last band of 2.
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 20, Width = 64, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseSplitWeightsWholeTilesData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 20, Width = 64, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseSplitWeightsWholeTilesWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Stride 2, rows of 18: column tiles at 0 and 2 (the last with two new lanes), a loop of six bands of 4 and a last band of 4.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 56, Width = 36, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseSplitWeightsBandsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 56, Width = 36, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseSplitWeightsBandsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Stride 2, two rows of 8: 16 gradOutput floats per channel, the smallest the split path takes.
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 4, Width = 16, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseSplitWeightsExact16Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 4, Width = 16, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseSplitWeightsExact16Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // In place with prefetching (2400 floats per channel): a loop of twelve bands of 4 rows and a last band of 2, column tiles at 0, 16 and 32.
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 50, Width = 48, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInPlaceWeightsPrefetchData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 50, Width = 48, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInPlaceWeightsPrefetchWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Rows of 56: the stride-1 backward-data pass runs the forward in-place tiles of two vectors on rotated weights, the
    // second tile shifted back to column 24.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 12, Width = 56, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseInPlacePairs56Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 12, Width = 56, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseInPlacePairs56Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Channels larger than L1 (over 32 KB): AVX2 reduces the weights' gradient reading the input in place. 94 columns end
    // in a step whose first 2 lanes are masked; 91 rows leave a remainder band of one row (AVX2's bands are of 3 rows).
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 91, Width = 94, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseLargeInPlaceRemainderData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 91, Width = 94, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseLargeInPlaceRemainderWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // 128 columns: whole vectors, the last step unmasked; an odd number of rows (a remainder band of 2 on AVX2).
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 65, Width = 128, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseLargeInPlaceExactData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 65, Width = 128, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseLargeInPlaceExactWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Channel pairs over threads: 1203 channels of 7×7 (1.06 MFLOP) split in two ranges of odd length.
    [Conv2D(InChannels = 1203, OutChannels = 1203, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 1203, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseChannelPairsThreadsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 1203, OutChannels = 1203, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 1203, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseChannelPairsThreadsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 10, OutChannels = 10, Height = 9, Width = 19, KernelSize = 5, Padding = 2, Groups = 10, Pass = ConvPass.BackwardData)]
    public static partial void Depthwise5x5Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 10, OutChannels = 10, Height = 9, Width = 19, KernelSize = 5, Padding = 2, Groups = 10, Pass = ConvPass.BackwardWeights)]
    public static partial void Depthwise5x5Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 6, OutChannels = 12, Height = 8, Width = 9, KernelSize = 3, Padding = 1, Groups = 6, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseMultiplier2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 6, OutChannels = 12, Height = 8, Width = 9, KernelSize = 3, Padding = 1, Groups = 6, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseMultiplier2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 16, OutChannels = 24, Height = 9, Width = 9, KernelSize = 3, Padding = 1, Groups = 4, Pass = ConvPass.BackwardData)]
    public static partial void Grouped3x3Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 16, OutChannels = 24, Height = 9, Width = 9, KernelSize = 3, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void Grouped3x3Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 32, OutChannels = 32, Height = 8, Width = 8, KernelSize = 3, Padding = 1, Groups = 8, Pass = ConvPass.BackwardData)]
    public static partial void GroupedResNeXtLikeData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 32, OutChannels = 32, Height = 8, Width = 8, KernelSize = 3, Padding = 1, Groups = 8, Pass = ConvPass.BackwardWeights)]
    public static partial void GroupedResNeXtLikeWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 12, OutChannels = 18, Height = 6, Width = 7, KernelSize = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void GroupedPointwiseData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 12, OutChannels = 18, Height = 6, Width = 7, KernelSize = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void GroupedPointwiseWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Grouped 1×1 at stride 2 onto an 8×8 output: backward-data's one phase is a grouped pointwise layer whose 64 positions
    // are one position tile, and with 11 output channels a group it copies input panels; a panel keyed on the position
    // tile alone let group 1 reuse group 0's (found by the random mid-sized shapes, seed 78).
    [Conv2D(InChannels = 14, OutChannels = 22, Height = 15, Width = 15, KernelSize = 1, Stride = 2, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void GroupedPointwiseOneTileData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 14, OutChannels = 22, Height = 15, Width = 15, KernelSize = 1, Stride = 2, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void GroupedPointwiseOneTileWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Every tap on the padding: a 2-tall kernel at dilation 2 reads rows −1 and 1 of a one-row input, so no tap reaches
    // gradInput and its one phase computes nothing; the kernel wrote it in place and so never wrote it, leaving the
    // caller's values (found by the random backward shapes, seed 377). gradInput must be all zero.
    [Conv2D(InChannels = 4, OutChannels = 3, Height = 1, Width = 16, KernelHeight = 2, KernelWidth = 1, StrideHeight = 2, PaddingHeight = 1, DilationHeight = 2, DilationWidth = 2, Pass = ConvPass.BackwardData)]
    public static partial void TapsOnPaddingData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 3, Height = 1, Width = 16, KernelHeight = 2, KernelWidth = 1, StrideHeight = 2, PaddingHeight = 1, DilationHeight = 2, DilationWidth = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void TapsOnPaddingWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Backward-data of 23 rows of 6: AVX2's whole-row forward tiles (first, middle, last) on rotated weights.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 23, Width = 6, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseWholeRows23x6Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 23, Width = 6, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseWholeRows23x6Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // AVX2's whole-row depthwise backward-weights on the smallest channels it takes: 2×4 is one vector, which the
    // last row's load (ending at the channel's end) starts at; 2×7's last row overlaps the first by one float.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 2, Width = 4, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseWholeRowsOneVectorData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 2, Width = 4, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseWholeRowsOneVectorWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 2, Width = 7, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void DepthwiseWholeRowsTwoRowsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 2, Width = 7, KernelSize = 3, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DepthwiseWholeRowsTwoRowsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 3, OutChannels = 16, Height = 40, Width = 40, KernelSize = 7, Stride = 2, Padding = 3, Pass = ConvPass.BackwardData)]
    public static partial void Stem7x7Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 16, Height = 40, Width = 40, KernelSize = 7, Stride = 2, Padding = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void Stem7x7Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 3, OutChannels = 8, Height = 30, Width = 30, KernelSize = 11, Stride = 4, Padding = 2, Pass = ConvPass.BackwardData)]
    public static partial void Large11x11Stride4Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 8, Height = 30, Width = 30, KernelSize = 11, Stride = 4, Padding = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void Large11x11Stride4Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 2, OutChannels = 3, Height = 3, Width = 300, KernelHeight = 1, KernelWidth = 255, PaddingHeight = 0, PaddingWidth = 1, Pass = ConvPass.BackwardData)]
    public static partial void Wide1x255Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 3, Height = 3, Width = 300, KernelHeight = 1, KernelWidth = 255, PaddingHeight = 0, PaddingWidth = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Wide1x255Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Stride 1 with a kernel too large to unroll (81 taps): the weights are read in place by a kernel-row loop.
    [Conv2D(InChannels = 16, OutChannels = 12, Height = 20, Width = 20, KernelSize = 9, Padding = 4, Pass = ConvPass.BackwardData)]
    public static partial void Dense9x9Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 16, OutChannels = 12, Height = 20, Width = 20, KernelSize = 9, Padding = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void Dense9x9Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Stride 2 into 256 channels: every phase gathered, its repacked rows (256 channels × 4, 2, 2 or 1 taps) padded by a
    // cache line so the tiles' rows fall in different L1 sets.
    [Conv2D(InChannels = 40, OutChannels = 256, Height = 8, Width = 8, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void PaddedPitchStride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 40, OutChannels = 256, Height = 8, Width = 8, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void PaddedPitchStride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 40, Width = 5, KernelHeight = 13, KernelWidth = 1, StrideHeight = 3, StrideWidth = 1, PaddingHeight = 6, PaddingWidth = 0, DilationHeight = 2, DilationWidth = 1, Pass = ConvPass.BackwardData)]
    public static partial void Tall13x1Stride3Dilation2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 40, Width = 5, KernelHeight = 13, KernelWidth = 1, StrideHeight = 3, StrideWidth = 1, PaddingHeight = 6, PaddingWidth = 0, DilationHeight = 2, DilationWidth = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Tall13x1Stride3Dilation2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Direct on purpose, as the weights below: Auto runs this one as Winograd F(4,3) too (Winograd14Data covers that).
    [Conv2D(InChannels = 64, OutChannels = 48, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Dense64to48Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    // Direct on purpose: Auto runs this one as Winograd in its weight-gradient form (WinogradWeights* cover that).
    [Conv2D(InChannels = 64, OutChannels = 48, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Dense64to48Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Backward-data as its rotated forward layer on the Winograd plan, asked for explicitly (Auto takes it too since the
    // filter transform got cheaper); the same shape as direct is Dense256At7DirectData.
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd)]
    public static partial void Dense256At7Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Dense256At7Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Dense256At7DirectData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 3, Height = 7, Width = 8, KernelSize = 2, Stride = 3, Pass = ConvPass.BackwardData)]
    public static partial void StrideAboveKernelData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2, OutChannels = 3, Height = 7, Width = 8, KernelSize = 2, Stride = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void StrideAboveKernelWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 6, Width = 7, KernelSize = 1, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void Stride2Kernel1Pad1Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 6, Width = 7, KernelSize = 1, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Stride2Kernel1Pad1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 3, OutChannels = 5, Height = 6, Width = 5, KernelHeight = 3, KernelWidth = 2, Stride = 2, PaddingHeight = 2, PaddingWidth = 1, Pass = ConvPass.BackwardData)]
    public static partial void OddPadStride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 5, Height = 6, Width = 5, KernelHeight = 3, KernelWidth = 2, Stride = 2, PaddingHeight = 2, PaddingWidth = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void OddPadStride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // A one-tap stride phase (row +1, column +1) whose tiles have several channel blocks on every path: the pointwise
    // input-panel copy must not be used for it (the tap reads at a non-zero offset).
    [Conv2D(InChannels = 48, OutChannels = 40, Height = 15, Width = 17, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void WideStride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 48, OutChannels = 40, Height = 15, Width = 17, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void WideStride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // The exact test vectors of ../shared/testdata/vectors (backward tensors).
    [Conv2D(InChannels = 6, OutChannels = 4, Height = 4, Width = 4, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void VectorK1Ci6Co4G2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 6, OutChannels = 4, Height = 4, Width = 4, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void VectorK1Ci6Co4G2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 3, OutChannels = 4, Height = 5, Width = 6, KernelSize = 3, Pass = ConvPass.BackwardData)]
    public static partial void VectorK3Ci3Co4Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 4, Height = 5, Width = 6, KernelSize = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void VectorK3Ci3Co4Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 4, OutChannels = 6, Height = 5, Width = 5, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void VectorK3Ci4Co6P1BiasData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 6, Height = 5, Width = 5, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void VectorK3Ci4Co6P1BiasWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 4, OutChannels = 6, Height = 5, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void VectorK3Ci4Co6S2G2BiasData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 6, Height = 5, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void VectorK3Ci4Co6S2G2BiasWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 4, Width = 7, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void VectorDwC3H4W7Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 4, Width = 7, KernelSize = 3, Padding = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void VectorDwC3H4W7Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 3, Padding = 1, Groups = 4, Pass = ConvPass.BackwardData)]
    public static partial void VectorDwC4H5W5BiasData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 3, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void VectorDwC4H5W5BiasWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardData)]
    public static partial void VectorDwC4H5W5S2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void VectorDwC4H5W5S2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Channel-lane backward-weights on a plane whose column blocks exceed L2 (48×48: 295 KB per 32-column block), walked
    // in 2 chunks of 1152 positions: 48 columns leave a one-vector block on Vector512, 20 outputs an overlapping last
    // tile, and the 3×3 layer gathers its columns from padded planes.
    [Conv2D(InChannels = 48, OutChannels = 20, Height = 48, Width = 48, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ChunkedLanesWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 48, OutChannels = 20, Height = 48, Width = 48, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void ChunkedLanesData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    // The same walked in 3 chunks of 1728 positions (72×72) in 3 groups of 40 columns (no Vector512 path: not whole 16-lane
    // vectors) and 56 outputs (10 tiles of 6, the last overlapping): on Vector256 the group's last block has 8 columns, fewer
    // rows than its tiles, so the tiles' prefetches of the next chunk take one row each and the last two none; on two
    // threads the 90 (group, block, tile) units split 45 | 45, inside group 1's second block.
    [Conv2D(InChannels = 120, OutChannels = 168, Height = 72, Width = 72, KernelSize = 1, Groups = 3, Pass = ConvPass.BackwardWeights)]
    public static partial void ChunkedLanesGroupedWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    [Conv2D(InChannels = 120, OutChannels = 168, Height = 72, Width = 72, KernelSize = 1, Groups = 3, Pass = ConvPass.BackwardData)]
    public static partial void ChunkedLanesGroupedData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    // Gathered 7×7 phases whose panel and weights overflow L2: the reduction runs in chunks of channels
    // (DirectConvPlanner.WithReductionChunk). 220 channels: Vector256 runs of 9 with a last run of 4.
    [Conv2D(InChannels = 220, OutChannels = 220, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void ReductionRunsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 220, OutChannels = 220, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ReductionRunsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // 14×14: 196 positions gathered and padded to 208 (16-lane tiles divide it), reduced in runs of channels. Direct on
    // purpose: Auto runs this one as Winograd F(4,3) (one tile block, filters transformed row block by row block).
    [Conv2D(InChannels = 160, OutChannels = 160, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void ReductionRuns14Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    // The same layer as Auto plans it: Winograd F(4,3) on the rotated forward layer, one tile block, so a single image
    // transforms the filters row block by row block inside the GEMM phase.
    [Conv2D(InChannels = 160, OutChannels = 160, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void Winograd14Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    // Direct on purpose, as above.
    [Conv2D(InChannels = 160, OutChannels = 160, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Direct)]
    public static partial void ReductionRuns14Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Stride 2 on 8×8: four gathered 4×4 phases, each one GEMM over (channel, tap) rows of repacked weights; the 4-tap
    // phase's panel (1600 × 4 rows of 16 positions, 410 KB) is reduced in runs of rows. 24 input channels (216 columns,
    // not whole 16-lane vectors) keep the stride-phase plan rather than the columns GEMM.
    [Conv2D(InChannels = 24, OutChannels = 1600, Height = 8, Width = 8, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void ReductionRunsStride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 24, OutChannels = 1600, Height = 8, Width = 8, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ReductionRunsStride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 16, OutChannels = 8, Height = 48, Width = 48, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ChunkedGatheredWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 16, OutChannels = 8, Height = 48, Width = 48, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void ChunkedGatheredData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    // Pointwise layers on small planes (channel-lane backward plans, which need a reduction of 256 channels): 40 input
    // channels leave a one-vector block on Vector256, 35 positions an overlapping last position tile and 261 output
    // channels an overlapping last tile of 6.
    [Conv2D(InChannels = 40, OutChannels = 261, Height = 5, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void PointwiseLanesData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 40, OutChannels = 261, Height = 5, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void PointwiseLanesWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // The Vector512 path's own tiles: 20 positions in 3 tiles of 7 there (the last overlapping), 4 of 6 elsewhere;
    // 48 input channels leave a one-vector block on Vector512.
    [Conv2D(InChannels = 48, OutChannels = 260, Height = 4, Width = 5, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void PointwiseLanesWideData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 48, OutChannels = 260, Height = 4, Width = 5, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void PointwiseLanesWideWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Two groups of 32 → 264 channels on a 4×4 plane (16 positions: tiles at 0, 6 and 10).
    [Conv2D(InChannels = 64, OutChannels = 528, Height = 4, Width = 4, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void PointwiseLanesGroupedData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 64, OutChannels = 528, Height = 4, Width = 4, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void PointwiseLanesGroupedWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Weight rows a page or more apart (GroupIn ≥ 1024) on a plane of 7 tiles (5 of 7 positions on Vector512), where
    // tiles 1 to 4 of each block copy the next block's weight panel: 1040 input channels end in a one-vector block on
    // Vector512 (the full block before it copies nothing, and it fills its own panel); above the threading threshold.
    [Conv2D(InChannels = 1040, OutChannels = 132, Height = 5, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void PointwiseLanesPagesData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 1040, OutChannels = 132, Height = 5, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void PointwiseLanesPagesWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Two groups of 1024 → 128 channels: a group's last block copies the next group's first panel.
    [Conv2D(InChannels = 2048, OutChannels = 256, Height = 5, Width = 7, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void PointwiseLanesPagesGroupedData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 2048, OutChannels = 256, Height = 5, Width = 7, KernelSize = 1, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void PointwiseLanesPagesGroupedWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Above the threading threshold (6.4 MFLOP per image), for the 1-vs-2-thread identity test.
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 7, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardData)]
    public static partial void PointwiseLanesThreadsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 256, OutChannels = 256, Height = 7, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void PointwiseLanesThreadsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Backward-weights as Winograd in its weight-gradient form. 40 input channels leave padding channels in V (padded
    // to 64) and a part-vector last step of the last transform; 20 output channels a last GEMM tile of 8 rows on Vector512
    // (12-row tiles) and 2 on Vector256/128 (6); 13×10 outputs overhang the last tile row and column.
    [Conv2D(InChannels = 40, OutChannels = 20, Height = 13, Width = 10, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void WinogradWeightsOddData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 40, OutChannels = 20, Height = 13, Width = 10, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd)]
    public static partial void WinogradWeightsOddWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // No padding: 8×15 outputs from 10×17 inputs; whole channel vectors (C = 32, K = 12).
    [Conv2D(InChannels = 32, OutChannels = 12, Height = 10, Width = 17, KernelSize = 3, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void WinogradWeightsPad0Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 32, OutChannels = 12, Height = 10, Width = 17, KernelSize = 3, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd)]
    public static partial void WinogradWeightsPad0Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // F(2×2,3×3), padding 2, few channels: 9×10 outputs of 7×8 inputs.
    [Conv2D(InChannels = 8, OutChannels = 5, Height = 7, Width = 8, KernelSize = 3, Padding = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void WinogradWeightsF2Pad2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 8, OutChannels = 5, Height = 7, Width = 8, KernelSize = 3, Padding = 2, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void WinogradWeightsF2Pad2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // As Auto plans it (64 channels, 16 tiles per image): Winograd F(4×4,3×3), above the threading threshold.
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 16, Width = 16, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void WinogradWeightsAutoData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 16, Width = 16, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void WinogradWeightsAutoWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // ResNet-18's 28×28×128 layer as Auto plans it: 49 tiles per image, K = 128 (ten 12-row GEMM tiles and one of 8 on Vector512).
    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void WinogradWeightsR18Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void WinogradWeightsR18Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // F(6×6,3×3) (opt-in low precision) in the weight-gradient form.
    [Conv2D(InChannels = 16, OutChannels = 16, Height = 15, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void WinogradWeightsF6Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 16, OutChannels = 16, Height = 15, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 6, AllowLowPrecisionWinograd = true)]
    public static partial void WinogradWeightsF6Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // 66×66 outputs: 17×17 = 289 tiles, more than one sum may run over, so each image goes through in 2 blocks, of 145
    // and 144 tiles, each summed apart; 20 output channels leave remainder GEMM tiles.
    [Conv2D(InChannels = 32, OutChannels = 20, Height = 66, Width = 66, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void WinogradWeightsBlocksData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 32, OutChannels = 20, Height = 66, Width = 66, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd)]
    public static partial void WinogradWeightsBlocksWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // 5×5 layers' backward-data as the forward F(m×m,5×5) kernel of the rotated layer (padding 4 − p): "same" (padding 2) ...
    [Conv2D(InChannels = 24, OutChannels = 40, Height = 19, Width = 22, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 24, OutChannels = 40, Height = 19, Width = 22, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void Winograd5x5DataWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // ... and padding 1, whose rotated layer is padded by 3, with F(4×4,5×5).
    [Conv2D(InChannels = 16, OutChannels = 24, Height = 17, Width = 14, KernelSize = 5, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5DataF4Pad1(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 16, OutChannels = 24, Height = 17, Width = 14, KernelSize = 5, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void Winograd5x5DataF4Pad1Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // ... padding 4 (the rotated layer unpadded) and 0 (the rotated layer padded by 4).
    [Conv2D(InChannels = 10, OutChannels = 12, Height = 13, Width = 9, KernelSize = 5, Padding = 4, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5DataPad4(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 10, OutChannels = 12, Height = 13, Width = 9, KernelSize = 5, Padding = 4, Pass = ConvPass.BackwardWeights)]
    public static partial void Winograd5x5DataPad4Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    [Conv2D(InChannels = 10, OutChannels = 12, Height = 13, Width = 9, KernelSize = 5, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5DataPad0(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 10, OutChannels = 12, Height = 13, Width = 9, KernelSize = 5, Pass = ConvPass.BackwardWeights)]
    public static partial void Winograd5x5DataPad0Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // 5×5 backward-weights in the weight-gradient form of F(m×m,5×5) (behind the opt-in): F(4×4,5×5) on odd sizes with
    // the bias gradient (13×10 outputs overhang the last tile row and column; 20 output channels a part GEMM tile) ...
    [Conv2D(InChannels = 40, OutChannels = 20, Height = 13, Width = 10, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Winograd5x5WeightsF4Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 40, OutChannels = 20, Height = 13, Width = 10, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5WeightsF4(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // ... F(2×2,5×5) unpadded ...
    [Conv2D(InChannels = 13, OutChannels = 11, Height = 17, Width = 9, KernelSize = 5, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Winograd5x5WeightsF2Pad0Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 13, OutChannels = 11, Height = 17, Width = 9, KernelSize = 5, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5WeightsF2Pad0(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // ... and one Auto takes given the opt-in (16 tiles of F(4×4,5×5) per image).
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 16, Width = 16, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Winograd5x5WeightsAutoData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 16, Width = 16, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights, AllowLowPrecisionWinograd = true)]
    public static partial void Winograd5x5WeightsAuto(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);

    // Dilated layers' backward-data as the forward Winograd kernel of the rotated layer on its phase mosaic: padding d
    // (the rotated layer's is d as well) ...
    [Conv2D(InChannels = 32, OutChannels = 24, Height = 17, Width = 19, KernelSize = 3, Padding = 2, Dilation = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]
    public static partial void DilatedWinogradData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 32, OutChannels = 24, Height = 17, Width = 19, KernelSize = 3, Padding = 2, Dilation = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void DilatedWinogradDataWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // ... and unpadded, dilation 3 along the rows only, whose rotated layer is padded by 6 × 1 (two zero rows between phases).
    [Conv2D(InChannels = 16, OutChannels = 16, Height = 20, Width = 15, KernelSize = 3, DilationHeight = 3, DilationWidth = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]
    public static partial void DilatedWinogradDataPad0(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 16, OutChannels = 16, Height = 20, Width = 15, KernelSize = 3, DilationHeight = 3, DilationWidth = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void DilatedWinogradDataPad0Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Backward-data as a columns GEMM (the pointwise backward-data of the im2col view, channel lanes) and a column scatter.

    // ResNet-18's stride-2 3×3 form on a 7×7 gradOutput: the columns GEMM (576 columns) and a stride-2 scatter.
    [Conv2D(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void ColumnsStride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 64, OutChannels = 128, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ColumnsStride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // DCGAN's 4×4 stride-2 discriminator form into a 4×4 gradOutput: 16 taps, each gradInput pixel the sum of four.
    [Conv2D(InChannels = 32, OutChannels = 128, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void ColumnsDcganData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 32, OutChannels = 128, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ColumnsDcganWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Two groups, stride 2, dilation 2: taps that land on padding are dropped row by row.
    [Conv2D(InChannels = 32, OutChannels = 256, Height = 13, Width = 13, KernelSize = 3, Stride = 2, Padding = 2, Dilation = 2, Groups = 2, Pass = ConvPass.BackwardData)]
    public static partial void ColumnsGroupedDilatedData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 32, OutChannels = 256, Height = 13, Width = 13, KernelSize = 3, Stride = 2, Padding = 2, Dilation = 2, Groups = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void ColumnsGroupedDilatedWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // A 3×2 kernel, stride 2×3, padding 1×0: some gradInput columns no tap reaches stay zero.
    [Conv2D(InChannels = 16, OutChannels = 128, Height = 11, Width = 17, KernelHeight = 3, KernelWidth = 2, StrideHeight = 2, StrideWidth = 3, PaddingHeight = 1, PaddingWidth = 0, Pass = ConvPass.BackwardData)]
    public static partial void ColumnsAsymmetricData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 16, OutChannels = 128, Height = 11, Width = 17, KernelHeight = 3, KernelWidth = 2, StrideHeight = 2, StrideWidth = 3, PaddingHeight = 1, PaddingWidth = 0, Pass = ConvPass.BackwardWeights)]
    public static partial void ColumnsAsymmetricWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // ResNet's 1×1 stride-2 projection: one tap, the odd rows and columns of gradInput zero.
    [Conv2D(InChannels = 32, OutChannels = 128, Height = 13, Width = 13, KernelSize = 1, Stride = 2, Pass = ConvPass.BackwardData)]
    public static partial void ColumnsPointwiseStride2Data(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 32, OutChannels = 128, Height = 13, Width = 13, KernelSize = 1, Stride = 2, Pass = ConvPass.BackwardWeights)]
    public static partial void ColumnsPointwiseStride2Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Large enough for two threads (29 MFLOP per image): the GEMM's column blocks, then the scatter's channels, split.
    [Conv2D(InChannels = 128, OutChannels = 256, Height = 16, Width = 16, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void ColumnsThreadsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 128, OutChannels = 256, Height = 16, Width = 16, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ColumnsThreadsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // 1.6M floats of columns per image: a batch of three runs as a chunk of two images, then one. Not in the catalogue
    // (its fp64 references took 15 s): BackwardContractTests checks its batch against single images, bit for bit.
    [Conv2D(InChannels = 1024, OutChannels = 128, Height = 16, Width = 16, KernelSize = 5, Stride = 2, Padding = 2, Pass = ConvPass.BackwardData)]
    public static partial void ColumnsChunkedData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    // A 16×16 gradOutput: rows of 16 columns take the scatter's two-vector stride-2 steps.
    [Conv2D(InChannels = 16, OutChannels = 256, Height = 32, Width = 32, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void ColumnsWideRowsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 16, OutChannels = 256, Height = 32, Width = 32, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void ColumnsWideRowsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

    // Backward-weights whose gradWeights rows are 4 KB apart (64 channels × 16 taps = 1024 columns): the tiles run output
    // tile by output tile over every column block; the last output tile (of 40 channels) overlaps its neighbour.
    [Conv2D(InChannels = 64, OutChannels = 40, Height = 9, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]
    public static partial void AliasingRowsWeightsData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

    [Conv2D(InChannels = 64, OutChannels = 40, Height = 9, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)]
    public static partial void AliasingRowsWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);
}
