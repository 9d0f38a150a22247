using System;
using ConvGen;

namespace ConvGen.Kernels.Tests.Layers;

/// <summary>
/// Real [Conv2D] declarations compiled by the normal build. They cover the shapes the foundation promises:
/// odd sizes, stride 2, padding 0 and 2, dilation 2, groups, depthwise 3x3 and 5x5, 1x1, non-square kernels,
/// H = W = 1, wide and tall kernels, bias and both activations.
/// </summary>
internal static partial class ForwardLayers
{
    [Conv2D(InChannels = 8, OutChannels = 16, Height = 9, Width = 11, KernelSize = 3, Padding = 1)]
    public static partial void Dense3x3Odd(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 4, Height = 5, Width = 6, KernelSize = 3)]
    public static partial void Dense3x3Pad0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Two overloads of one name, different layers: each one's packed weights must be refused by the other.
    [Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 3, Padding = 1)]
    public static partial void OverloadPair(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 64, OutChannels = 64, Height = 8, Width = 8, KernelSize = 3, Padding = 1)]
    public static partial void OverloadPair(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 5, OutChannels = 7, Height = 13, Width = 10, KernelSize = 3, Padding = 2, Activation = Activation.Relu)]
    public static partial void Dense3x3Pad2Relu(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 6, OutChannels = 10, Height = 13, Width = 12, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void Dense3x3Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 9, Height = 17, Width = 15, KernelSize = 3, Padding = 2, Dilation = 2)]
    public static partial void Dense3x3Dilation2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 6, Height = 12, Width = 11, KernelHeight = 3, KernelWidth = 5, PaddingHeight = 1, PaddingWidth = 2, Activation = Activation.Relu6)]
    public static partial void NonSquare3x5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 5, Height = 14, Width = 9, KernelHeight = 5, KernelWidth = 2, StrideHeight = 2, StrideWidth = 3, DilationWidth = 2, PaddingHeight = 2)]
    public static partial void NonSquareMixedStride(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 32, OutChannels = 20, Height = 7, Width = 7, KernelSize = 1)]
    public static partial void Pointwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 24, OutChannels = 16, Height = 15, Width = 15, KernelSize = 1, Stride = 2, Activation = Activation.Relu)]
    public static partial void PointwiseStride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Planes at least 512 floats apart and 9 channel blocks a panel: the blocks after a panel's copying one prefetch the
    // next position tile's rows (DirectTileEmitter.PrefetchesNextPanel); 575 positions end on an overlapping tile.
    [Conv2D(InChannels = 24, OutChannels = 52, Height = 23, Width = 25, KernelSize = 1)]
    public static partial void PointwiseNextPanel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 16, OutChannels = 10, Height = 1, Width = 1, KernelSize = 1)]
    public static partial void Pointwise1x1Spatial(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Channel-lane pointwise plan (a reduction of at least 256 channels): 40 output channels leave a one-vector block
    // on Vector256, 35 positions an overlapping last tile; bias and ReLU6 in registers before the transposed store.
    [Conv2D(InChannels = 260, OutChannels = 40, Height = 5, Width = 7, KernelSize = 1, Activation = Activation.Relu6)]
    public static partial void PointwiseLanes(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Channel-lane pointwise plan with the Vector512 path's own tiles: 20 positions in 3 tiles of 7 there (the last
    // overlapping), 4 of 6 elsewhere; 48 output channels leave a one-vector block on Vector512.
    [Conv2D(InChannels = 260, OutChannels = 48, Height = 4, Width = 5, KernelSize = 1, Activation = Activation.Relu)]
    public static partial void PointwiseLanesWide(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Two groups of 256 → 32 channels on a 4×4 plane.
    [Conv2D(InChannels = 512, OutChannels = 64, Height = 4, Width = 4, KernelSize = 1, Groups = 2)]
    public static partial void PointwiseLanesGrouped(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Above the threading threshold (6.4 MFLOP per image), for the 1-vs-2-thread identity test.
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 7, Width = 7, KernelSize = 1)]
    public static partial void PointwiseLanesThreads(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Channel-lane convolution plan (output channels in the lanes, (input channel, tap) pairs summed from packed
    // stride-phase planes): DCGAN's discriminator 4×4 stride 2 to a 4×4 output, tiles of 8 positions on Vector512 and 3
    // of 6 elsewhere (the last overlapping); bias and leaky ReLU before the transposed store. 1 MFLOP: threaded.
    [Conv2D(InChannels = 64, OutChannels = 32, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.2f)]
    public static partial void LanesConvStride2Leaky(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // The same plan on odd planes (13×11 → 7×6, 42 positions in tiles of 7 / 6) with 48 output channels: a block of
    // one vector last on Vector512; ReLU6.
    [Conv2D(InChannels = 32, OutChannels = 48, Height = 13, Width = 11, KernelSize = 3, Stride = 2, Padding = 1, Activation = Activation.Relu6)]
    public static partial void LanesConvOddPlane(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Two groups, dilation 2 and a non-square kernel: taps read one padded plane at dilated offsets.
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 9, Width = 10, KernelHeight = 3, KernelWidth = 2, PaddingHeight = 2, PaddingWidth = 1, Dilation = 2, Groups = 2)]
    public static partial void LanesConvGroupedDilated(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // The largest kernel the plan unrolls (5×5, 25 taps per input channel): CodeSizeTests checks its tiles.
    [Conv2D(InChannels = 16, OutChannels = 32, Height = 8, Width = 8, KernelSize = 5, Padding = 2)]
    public static partial void LanesConv5x5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Two blocks of output channels on every path at 4.7 MFLOP: a single image on two threads packs its planes on each
    // (OwnPlaneBlocks), for the thread tests.
    [Conv2D(InChannels = 64, OutChannels = 64, Height = 16, Width = 16, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void LanesConvThreads(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // 8 MB of stride-phase planes per image (512 channels × 16 planes of 16×16): images are packed two at a time, so
    // a batch of 3 runs a chunk of two and a chunk of one.
    [Conv2D(InChannels = 512, OutChannels = 16, Height = 64, Width = 64, KernelSize = 4, Stride = 4)]
    public static partial void LanesConvChunked(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Stride 1 without padding: the tiles read the input planes in place, nothing is packed.
    [Conv2D(InChannels = 64, OutChannels = 32, Height = 9, Width = 9, KernelSize = 2)]
    public static partial void LanesConvInPlace(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 8, OutChannels = 6, Height = 1, Width = 1, KernelSize = 3, Padding = 1)]
    public static partial void Dense3x3OnOnePixel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 16, OutChannels = 16, Height = 10, Width = 10, KernelSize = 3, Padding = 1, Groups = 16)]
    public static partial void Depthwise3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 12, OutChannels = 12, Height = 11, Width = 13, KernelSize = 3, Stride = 2, Padding = 1, Groups = 12, Activation = Activation.Relu6)]
    public static partial void Depthwise3x3Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Stride-2 rows split in one pass: 16-column steps, an overlapping 8-column step and a scalar last column (W = 37).
    [Conv2D(InChannels = 8, OutChannels = 8, Height = 9, Width = 37, KernelSize = 3, Stride = 2, Padding = 1, Groups = 8, Activation = Activation.Relu)]
    public static partial void DepthwiseStride2Wide(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Rows of 20-31 columns split in one AVX-512 step whose zero lanes are stored past the row; the planes' last rows,
    // with no border row after them, take the Vector256 path (W = 28 as in MobileNet's 28×28 stride-2 layer, and 21).
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 10, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3)]
    public static partial void DepthwiseStride2Row28(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 9, Width = 21, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3)]
    public static partial void DepthwiseStride2Row21(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Even planes at least 32 wide: on AVX-512 the stride phases are split in registers from the NCHW input. Two row
    // tiles of 6 (the second shifted back by one row) × two column tiles (the second shifted back by 12 columns).
    [Conv2D(InChannels = 5, OutChannels = 5, Height = 22, Width = 40, KernelSize = 3, Stride = 2, Padding = 1, Groups = 5, Activation = Activation.Relu6)]
    public static partial void DepthwiseStride2Split(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Channels larger than L1 (over 32 KB): AVX2 splits the stride phases in registers too, and AVX-512 takes split tiles
    // of 3 rows. 46 output rows leave a last row tile shifted back by two rows (16 tiles of 3 on AVX-512), 50 columns a
    // last column tile shifted back by six (by 14 on AVX-512, whose tiles are 16 wide); bias and ReLU6.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 92, Width = 100, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Activation = Activation.Relu6)]
    public static partial void DepthwiseStride2SplitLarge(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // 48 × 48 outputs: whole row and column tiles.
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 96, Width = 96, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2)]
    public static partial void DepthwiseStride2SplitLargeExact(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // One output row: the only row tile reads the padding row above and input rows 0 and 1.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 2, Width = 64, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3)]
    public static partial void DepthwiseStride2SplitOneRow(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Rows of 8-15 outputs: one vector per row, the second vector of each input row loaded ending at the row's end.
    [Conv2D(InChannels = 4, OutChannels = 4, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4)]
    public static partial void DepthwiseStride2SplitRow28(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 18, Width = 20, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Activation = Activation.Relu)]
    public static partial void DepthwiseStride2SplitRow20(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Rows of 4-7 outputs: two output rows per vector. 7 rows (the last pair overlaps the one before), 4 rows of 5,
    // and 6 rows of 4 (a pair's store spills over the whole next pair).
    [Conv2D(InChannels = 6, OutChannels = 6, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 6, Activation = Activation.Relu6)]
    public static partial void DepthwiseStride2SplitPairs7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 8, Width = 10, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3)]
    public static partial void DepthwiseStride2SplitPairs5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Rows of 5-7 outputs on AVX2: the whole row split in registers from vectors at input columns 0 and 2·OutWidth − 8.
    // 10 rows of 6 (a 7-row tile, then one shifted back by four rows) with bias and ReLU, 9 rows of 5 (shifted back by
    // five), and 2 rows of 6 (one 2-row tile that reads the padding row above only on its first output row).
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 20, Width = 12, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Activation = Activation.Relu)]
    public static partial void DepthwiseStride2NarrowRows6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 18, Width = 10, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4)]
    public static partial void DepthwiseStride2NarrowRows5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 4, Width = 12, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Activation = Activation.Relu6)]
    public static partial void DepthwiseStride2NarrowTwoRows(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Channel pairs on AVX-512 (two channels per vector, one per 256-bit half): an odd channel count with bias and
    // ReLU, rows of 8 (no overhang), a 16-float plane (channel c + 1's rows loaded ending at the pair's end), stride 2
    // with 8 output rows of 7 and ReLU6, stride 2 with rows of 8 (no right padding) and bias, and enough channels for
    // threads (ranges that split a pair).
    [Conv2D(InChannels = 7, OutChannels = 7, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 7, Activation = Activation.Relu)]
    public static partial void DepthwiseChannelPairs7x7Bias(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 3, Padding = 1, Groups = 4)]
    public static partial void DepthwiseChannelPairs8x8(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 5, OutChannels = 5, Height = 4, Width = 4, KernelSize = 3, Padding = 1, Groups = 5, Activation = Activation.Relu6)]
    public static partial void DepthwiseChannelPairs4x4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 9, OutChannels = 9, Height = 16, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 9, Activation = Activation.Relu6)]
    public static partial void DepthwiseChannelPairsStride2Odd(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 16, Width = 16, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3)]
    public static partial void DepthwiseChannelPairsStride2Rows8(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Stride-2 whole-row tiles (rows of 8-15 outputs, split by in-lane shuffles): rows of 15 (one lane of overhang), with a bias.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 30, Width = 30, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Activation = Activation.Relu6)]
    public static partial void DepthwiseStride2WholeRows15Bias(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Stride-2 rows of 24-31 outputs as two overlapping vectors split by in-lane shuffles: overlaps of 7 and 1, a shifted last row tile.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 22, Width = 50, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3, Activation = Activation.HardSwish)]
    public static partial void DepthwiseStride2InLanePair25(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 10, Width = 62, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2)]
    public static partial void DepthwiseStride2InLanePair31(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Stride-2 channel pairs (interleaved lanes) on odd widths, whose last output column's kernel column 2 reads the padding.
    [Conv2D(InChannels = 6, OutChannels = 6, Height = 11, Width = 13, KernelSize = 3, Stride = 2, Padding = 1, Groups = 6, Activation = Activation.LeakyRelu, NegativeSlope = 0.25f)]
    public static partial void DepthwiseChannelPairsStride2OddWidth(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 5, OutChannels = 5, Height = 23, Width = 9, KernelSize = 3, Stride = 2, Padding = 1, Groups = 5)]
    public static partial void DepthwiseChannelPairsStride2Tall(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 1203, OutChannels = 1203, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 1203)]
    public static partial void DepthwiseChannelPairsThreads(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 12, Width = 8, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2)]
    public static partial void DepthwiseStride2SplitPairs4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Stride-1 rows of 4-7 outputs: two output rows per vector. Two rows (padding above and below one pair), a
    // 16-float channel (4×4), and 11 rows of 5 (the last pair overlapping the one before) with bias and ReLU6.
    [Conv2D(InChannels = 4, OutChannels = 4, Height = 2, Width = 7, KernelSize = 3, Padding = 1, Groups = 4)]
    public static partial void DepthwisePairs2x7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 4, Width = 4, KernelSize = 3, Padding = 1, Groups = 3)]
    public static partial void DepthwisePairs4x4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 5, OutChannels = 5, Height = 11, Width = 5, KernelSize = 3, Padding = 1, Groups = 5, Activation = Activation.Relu6)]
    public static partial void DepthwisePairs11x5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Rows of 4 and an odd row count: the whole-row tile's next-to-last vector would reach 4 floats past the plane (its store is cut).
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 5, Width = 4, KernelSize = 3, Padding = 1, Groups = 3)]
    public static partial void DepthwisePairs5x4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // AVX2's whole-row tiles in tiles of 7 rows: 15 rows of 4 (the first tile, one middle tile shifted back to row 6,
    // the last from row 8) and 23 rows of 6 with bias and ReLU6 (middle tiles at rows 7 and 14, the last from row 16).
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 15, Width = 4, KernelSize = 3, Padding = 1, Groups = 3)]
    public static partial void DepthwiseWholeRows15x4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 23, Width = 6, KernelSize = 3, Padding = 1, Groups = 4, Activation = Activation.Relu6)]
    public static partial void DepthwiseWholeRows23x6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Stride-1 rows of 8-16 outputs: one output row per vector, the whole channel in one tile (14 rows of 14 with bias
    // and ReLU; 16 rows of 16, no overhang; 3 rows of 9).
    [Conv2D(InChannels = 6, OutChannels = 6, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Groups = 6, Activation = Activation.Relu)]
    public static partial void DepthwiseWholeRows14(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 16, Width = 16, KernelSize = 3, Padding = 1, Groups = 3)]
    public static partial void DepthwiseWholeRows16(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 3, Width = 9, KernelSize = 3, Padding = 1, Groups = 4)]
    public static partial void DepthwiseWholeRows3x9(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Stride-1 rows of 16 or more outputs read in place: 17 columns (one tile of two vectors at columns 0 and 1) with
    // bias and ReLU6 over three row tiles; 16 columns (one tile, padding on both sides) over 20 rows; 5 rows, under a tile.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 20, Width = 17, KernelSize = 3, Padding = 1, Groups = 3, Activation = Activation.Relu6)]
    public static partial void DepthwiseInPlace17(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 20, Width = 16, KernelSize = 3, Padding = 1, Groups = 2)]
    public static partial void DepthwiseInPlace16(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 5, Width = 40, KernelSize = 3, Padding = 1, Groups = 4)]
    public static partial void DepthwiseInPlaceShort(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Rows of 32 or more run tiles of two vectors (DirectConvPlanner.MaxInPlacePairRows): 32 columns, one tile with the
    // padding on both sides, with bias and ReLU; 49, a second tile shifted back to column 17 (15 columns computed twice).
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 13, Width = 32, KernelSize = 3, Padding = 1, Groups = 2, Activation = Activation.Relu)]
    public static partial void DepthwiseInPlacePair32(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 15, Width = 49, KernelSize = 3, Padding = 1, Groups = 3)]
    public static partial void DepthwiseInPlacePair49(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // 48 columns (a tile of 32 and one of 16 ending the row, bias and ReLU6) and 112 (three of 32 and one of 16); single
    // planes whose row tiles the threads share (the one-row-tile methods): 24 columns as two overlapping vectors, 32 as
    // one tile of two.
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 11, Width = 48, KernelSize = 3, Padding = 1, Groups = 2, Activation = Activation.Relu6)]
    public static partial void DepthwiseInPlacePair48(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 9, Width = 112, KernelSize = 3, Padding = 1, Groups = 2)]
    public static partial void DepthwiseInPlacePair112(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 1, OutChannels = 1, Height = 100, Width = 24, KernelSize = 3, Padding = 1)]
    public static partial void ImageFilterInPlace24(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 1, OutChannels = 1, Height = 100, Width = 32, KernelSize = 3, Padding = 1)]
    public static partial void ImageFilterInPlace32(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Stride-2 rows of 24 or more outputs take split tiles of two vectors (DirectConvPlanner.MinSplitPairWidth): 40
    // outputs, a tile of 32 and one of 16 ending the row, with bias and ReLU; 49, a second tile of 32 shifted back to
    // column 17; 32, one tile with the padding before it. (Rows of 24-31, two overlapping vectors: DepthwiseStride2Streamed
    // and DepthwiseStride2SplitThreads.)
    [Conv2D(InChannels = 2, OutChannels = 2, Height = 20, Width = 80, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2, Activation = Activation.Relu)]
    public static partial void DepthwiseStride2Pair40(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 18, Width = 98, KernelSize = 3, Stride = 2, Padding = 1, Groups = 3)]
    public static partial void DepthwiseStride2Pair49(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 14, Width = 64, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2)]
    public static partial void DepthwiseStride2Pair32(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Batches whose input and output exceed DirectConvPlanner.StreamingFloats (4M floats, 16 MB): the AVX-512 in-place and
    // split tiles prefetch the input rows ahead (stride 1: the output rows too). 60-column rows (not whole cache lines)
    // over four column tiles; 62 input columns at stride 2.
    [Conv2D(InChannels = 132, OutChannels = 132, Height = 64, Width = 60, KernelSize = 3, Padding = 1, Groups = 132, Activation = Activation.Relu)]
    public static partial void DepthwiseInPlaceStreamed(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 160, OutChannels = 160, Height = 64, Width = 62, KernelSize = 3, Stride = 2, Padding = 1, Groups = 160)]
    public static partial void DepthwiseStride2Streamed(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Large enough (1.2 MFLOP per image) for ConvGen's worker pool.
    [Conv2D(InChannels = 96, OutChannels = 96, Height = 56, Width = 48, KernelSize = 3, Stride = 2, Padding = 1, Groups = 96, Activation = Activation.Relu)]
    public static partial void DepthwiseStride2SplitThreads(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // No padding (even columns to phase 0): a 16-column step, an 8-column step, then an overlapping one (W = 26).
    [Conv2D(InChannels = 4, OutChannels = 4, Height = 10, Width = 26, KernelSize = 3, Stride = 2, Groups = 4)]
    public static partial void DepthwiseStride2Pad0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Padding 2 (column offsets of 1 in both phases), dense, 5×5, odd width 33.
    [Conv2D(InChannels = 3, OutChannels = 5, Height = 12, Width = 33, KernelSize = 5, Stride = 2, Padding = 2)]
    public static partial void Dense5x5Stride2Pad2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Rows narrower than a Vector256 (OutWidth 4-7): one vector per row overhanging into the next row, the tile's last
    // row stored at its exact width, packing slots double-buffered across (image, channel) tasks.
    [Conv2D(InChannels = 24, OutChannels = 24, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 24, Activation = Activation.Relu6)]
    public static partial void DepthwiseNarrow7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // No padding, stride 1: packed anyway (the overhang reads past a row), with no borders to zero; OutWidth 6.
    [Conv2D(InChannels = 5, OutChannels = 5, Height = 9, Width = 8, KernelSize = 3, Groups = 5)]
    public static partial void DepthwiseNarrowPad0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Stride 2 onto OutWidth 4: the last row is exactly the lower half of a vector.
    [Conv2D(InChannels = 6, OutChannels = 6, Height = 13, Width = 8, KernelSize = 3, Stride = 2, Padding = 1, Groups = 6, Activation = Activation.Relu)]
    public static partial void DepthwiseNarrowStride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // 30 rows of 7, dilation 2: several row tiles, the last one shifted back over its neighbour.
    [Conv2D(InChannels = 3, OutChannels = 3, Height = 30, Width = 7, KernelSize = 3, Padding = 2, Dilation = 2, Groups = 3)]
    public static partial void DepthwiseNarrowTallDilated(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // One channel (an image filter): packing, tiles and stores are phases split across threads, not group tasks.
    [Conv2D(InChannels = 1, OutChannels = 1, Height = 20, Width = 6, KernelSize = 3, Padding = 1)]
    public static partial void NarrowImageFilter(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Planes of 26×32 floats: packed into one scratch slot (two only pay on small planes), borders zeroed once.
    [Conv2D(InChannels = 6, OutChannels = 6, Height = 24, Width = 30, KernelSize = 3, Padding = 1, Groups = 6, Activation = Activation.Relu)]
    public static partial void DepthwiseSingleSlot(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // One output row of 7: the tile's only row is its last, stored at its exact width.
    [Conv2D(InChannels = 4, OutChannels = 4, Height = 1, Width = 7, KernelSize = 3, Padding = 1, Groups = 4)]
    public static partial void DepthwiseNarrowOneRow(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Groups of 4 channels on 9×9 planes (two packing slots, borders zeroed in both), over the 0.4 MFLOP threshold: threaded.
    [Conv2D(InChannels = 384, OutChannels = 384, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 96)]
    public static partial void GroupedThreads(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // A one-channel image filter over the 0.4 MFLOP threshold: AVX-512 and AVX2 split its in-place row tiles across
    // threads (AVX2 packing the first and last ones' rows), Vector128 and scalar its packing into row bands.
    [Conv2D(InChannels = 1, OutChannels = 1, Height = 250, Width = 262, KernelSize = 3, Padding = 1)]
    public static partial void ImageFilterBands(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Over the 0.4 MFLOP threshold per call, so its (image, channel) tasks are split across threads.
    [Conv2D(InChannels = 1152, OutChannels = 1152, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 1152)]
    public static partial void DepthwiseNarrowThreads(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 10, OutChannels = 10, Height = 9, Width = 19, KernelSize = 5, Padding = 2, Groups = 10)]
    public static partial void Depthwise5x5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 6, OutChannels = 12, Height = 8, Width = 9, KernelSize = 3, Padding = 1, Groups = 6)]
    public static partial void DepthwiseMultiplier2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 16, OutChannels = 24, Height = 9, Width = 9, KernelSize = 3, Padding = 1, Groups = 4)]
    public static partial void Grouped3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 32, OutChannels = 32, Height = 8, Width = 8, KernelSize = 3, Padding = 1, Groups = 8)]
    public static partial void GroupedResNeXtLike(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Groups of one input channel too large to fuse (its planes and grid past DirectConvPlanner.MaxFusedGroupFloats):
    // the phased plan with the group in the work units. An RGB edge filter (3 groups of 1 → 2, bias and ReLU; AVX-512
    // and AVX2 read its planes in place, by (group, row tile) units, AVX2 banding each plane's first and last), and a
    // stride-2 5×5 layer of 2 groups of 1 → 3 (four stride-phase planes a channel).
    [Conv2D(InChannels = 3, OutChannels = 6, Height = 200, Width = 330, KernelSize = 3, Padding = 1, Groups = 3, Activation = Activation.Relu)]
    public static partial void GroupedLargePlanes(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Banks of 3×3 filters on one grey plane (DirectConvPlanner.WithPlanesInPlace): AVX-512 reads the plane in place
    // once per output channel. Three filters: packed weights in a block of 2 and a block of 1, gathered for the
    // in-place tiles; the call under the 0.4 MFLOP threshold runs on one thread. Four filters on rows of 100 (6 column
    // tiles of 16, the last shifted back), bias and leaky ReLU: threaded.
    [Conv2D(InChannels = 1, OutChannels = 3, Height = 90, Width = 70, KernelSize = 3, Padding = 1)]
    public static partial void PlaneFilterBank3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 1, OutChannels = 4, Height = 170, Width = 100, KernelSize = 3, Padding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.125f)]
    public static partial void PlaneFilterBank4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Two filters where only AVX2 reads in place (AVX-512 machines run the Vector512 grid tiles): 40 rows of 512 make
    // too few Vector512 row tiles to share across threads (6 of 7 rows; 64 rows would make 11), and rows of 12 have
    // none; one group, so the other paths pack in row bands.
    [Conv2D(InChannels = 1, OutChannels = 2, Height = 40, Width = 512, KernelSize = 3, Padding = 1)]
    public static partial void PlaneFilterBankAvx2Rows(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 1, OutChannels = 2, Height = 40, Width = 12, KernelSize = 3, Padding = 1, Activation = Activation.Relu6)]
    public static partial void PlaneFilterBankNarrow(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 6, Height = 250, Width = 300, KernelSize = 5, Stride = 2, Padding = 2, Groups = 2)]
    public static partial void GroupedLargePlanesStride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // The same with a 3×5 kernel dilated 2 along the rows, on rows of 333 (no whole number of vectors).
    [Conv2D(InChannels = 3, OutChannels = 9, Height = 130, Width = 333, KernelHeight = 3, KernelWidth = 5, PaddingHeight = 2, PaddingWidth = 2, DilationHeight = 2, Groups = 3)]
    public static partial void GroupedLargePlanesDilated(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 12, OutChannels = 18, Height = 6, Width = 7, KernelSize = 1, Groups = 3)]
    public static partial void GroupedPointwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 16, Height = 40, Width = 40, KernelSize = 7, Stride = 2, Padding = 3, Activation = Activation.Relu)]
    public static partial void Stem7x7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // The Vector512 tiles store straight into the output (StoresCompacted512): 4 spare columns on rows of 20; bias and
    // ReLU6 on rows of 37; a 26-channel layer whose Vector512 tile leaves a remainder tile; rows of 16 (the narrowest)
    // with 16 spare columns, so that vectors start among the spare columns.
    [Conv2D(InChannels = 3, OutChannels = 6, Height = 9, Width = 20, KernelSize = 5, Padding = 2, Algorithm = ConvAlgorithm.Direct)]
    public static partial void CompactedStoresEdge(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 5, OutChannels = 9, Height = 17, Width = 37, KernelSize = 3, Padding = 1, Activation = Activation.Relu6, Algorithm = ConvAlgorithm.Direct)]
    public static partial void CompactedStoresBiasRelu6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 26, Height = 12, Width = 24, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]
    public static partial void CompactedStoresRemainder(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 4, Height = 8, Width = 16, KernelSize = 17, Padding = 8, Algorithm = ConvAlgorithm.Direct)]
    public static partial void CompactedStoresWideSpare(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Row-aligned Vector512 tiles (TilePlan.RowVectors: rows a whole number of 16-lane vectors): a stem whose tiles of
    // three vectors cross rows of two and whose last tile is shifted back; nine input channels packed whole, 26 output
    // channels (a remainder tile) on rows of three vectors; rows of one vector, narrower than the tile, with ReLU6; rows
    // of 8, where only the Vector256 tiles store into the output (the Vector512 ones keep the grid and the copy).
    [Conv2D(InChannels = 3, OutChannels = 16, Height = 64, Width = 64, KernelSize = 7, Stride = 2, Padding = 3, Activation = Activation.Relu)]
    public static partial void RowAlignedStem(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 9, OutChannels = 26, Height = 10, Width = 48, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]
    public static partial void RowAlignedRemainder(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 8, Height = 20, Width = 16, KernelSize = 5, Padding = 2, Activation = Activation.Relu6, Algorithm = ConvAlgorithm.Direct)]
    public static partial void RowAlignedNarrowRows(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 8, Height = 10, Width = 8, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]
    public static partial void RowAlignedAvx2Only(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 8, Height = 30, Width = 30, KernelSize = 11, Stride = 4, Padding = 2)]
    public static partial void Large11x11Stride4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 3, Height = 3, Width = 300, KernelHeight = 1, KernelWidth = 255, PaddingWidth = 1)]
    public static partial void Wide1x255(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 2, Height = 40, Width = 5, KernelHeight = 13, KernelWidth = 1, StrideHeight = 3, DilationHeight = 2, PaddingHeight = 6)]
    public static partial void Tall13x1Stride3Dilation2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Few input channels and enough work for two threads, each packing the plane rows of its own position tiles: a large
    // stride, a tall dilated filter with a row stride only, and a dilated 3×3 with bias.
    [Conv2D(InChannels = 3, OutChannels = 16, Height = 90, Width = 90, KernelSize = 11, Stride = 4, Padding = 2)]
    public static partial void FewChannels11x11Stride4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 2, OutChannels = 16, Height = 160, Width = 20, KernelHeight = 13, KernelWidth = 1, StrideHeight = 3, DilationHeight = 2, PaddingHeight = 6)]
    public static partial void FewChannelsTall13x1Dilated(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 24, Height = 60, Width = 44, KernelSize = 3, Padding = 2, Dilation = 2, Activation = Activation.Relu)]
    public static partial void FewChannels3x3Dilation2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Forced direct (Auto would take Winograd): the channel-lane convolution plan, 196 positions, 48 output channels.
    [Conv2D(InChannels = 64, OutChannels = 48, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Dense64to48(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    // Direct on purpose (Auto would pick Winograd F(2×2,3×3) here): the direct planner's chunked large-channel plan,
    // kept by 248 output channels (a multiple of 16 would take the channel-lane convolution plan, as Dense256At7 does).
    [Conv2D(InChannels = 256, OutChannels = 248, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]
    public static partial void DenseChunksAt7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // Direct on purpose (Auto would pick Winograd F(2×2,3×3) here): the channel-lane convolution plan on 49 positions.
    [Conv2D(InChannels = 256, OutChannels = 256, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]
    public static partial void Dense256At7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    // The exact test vectors of ../shared/testdata/vectors (forward).
    [Conv2D(InChannels = 6, OutChannels = 4, Height = 4, Width = 4, KernelSize = 1, Groups = 2)]
    public static partial void VectorK1Ci6Co4G2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 4, Height = 5, Width = 6, KernelSize = 3)]
    public static partial void VectorK3Ci3Co4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 6, Height = 5, Width = 5, KernelSize = 3, Padding = 1)]
    public static partial void VectorK3Ci4Co6P1Bias(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 6, Height = 5, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2)]
    public static partial void VectorK3Ci4Co6S2G2Bias(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 3, OutChannels = 3, Height = 4, Width = 7, KernelSize = 3, Padding = 1, Groups = 3)]
    public static partial void VectorDwC3H4W7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 3, Padding = 1, Groups = 4)]
    public static partial void VectorDwC4H5W5Bias(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    [Conv2D(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4)]
    public static partial void VectorDwC4H5W5S2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}
