using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// The emitted code of representative layers is pinned in <c>Snapshots/*.verified.cs</c> (accept changes with
/// <c>CONVGEN_ACCEPT=1</c>). Each generated file must also compile clean.
/// </summary>
public sealed class SnapshotTests
{
    private const string Sig = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)";
    private const string SigBias = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)";

    [Theory]
    [InlineData("Dense3x3Padded", $"[Conv2D(InChannels = 16, OutChannels = 16, Height = 17, Width = 17, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]\npublic static partial void Dense3x3Padded{SigBias};")]
    [InlineData("WinogradF2", $"[Conv2D(InChannels = 8, OutChannels = 8, Height = 7, Width = 9, KernelSize = 3, Padding = 1, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]\npublic static partial void WinogradF2{SigBias};")]
    [InlineData("WinogradF4", $"[Conv2D(InChannels = 8, OutChannels = 8, Height = 10, Width = 10, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]\npublic static partial void WinogradF4{Sig};")]
    // ResNet-18's 28×28×128: 7 × 7 = 49 tiles in blocks of 16, so the last block's one tile runs the tail GEMMs (channels in the lanes).
    [InlineData("DilatedWinogradF2", $"[Conv2D(InChannels = 8, OutChannels = 8, Height = 12, Width = 11, KernelSize = 3, Padding = 2, Dilation = 2, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]\npublic static partial void DilatedWinogradF2{Sig};")]
    // A LeNet-style unpadded 5×5 layer as F(2×2,5×5) (behind the lower-precision opt-in): 6×6 tiles over three units of two
    // column phases, and the 5×5 filter transform with its taps gathered eight filters at a time.
    [InlineData("Winograd5x5F2", $"[Conv2D(InChannels = 6, OutChannels = 16, Height = 14, Width = 14, KernelSize = 5, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2, AllowLowPrecisionWinograd = true)]\npublic static partial void Winograd5x5F2{Sig};")]
    [InlineData("WinogradF4Tail", $"[Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)]\npublic static partial void WinogradF4Tail{Sig};")]
    // 192 → 192 on 7×7: one tile block and 1.3 MB of weights, so a single image's call transforms them row block by row
    // block every time instead of comparing them with the cached copy.
    [InlineData("WinogradLargeWeights", $"[Conv2D(InChannels = 384, OutChannels = 384, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)]\npublic static partial void WinogradLargeWeights{Sig};")]
    [InlineData("DepthwiseStride2", $"[Conv2D(InChannels = 32, OutChannels = 32, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 32, Activation = Activation.Relu6)]\ninternal static partial void DepthwiseStride2{SigBias};")]
    [InlineData("Pointwise", $"[Conv2D(InChannels = 64, OutChannels = 40, Height = 17, Width = 17, KernelSize = 1)]\npublic static partial void Pointwise{Sig};")]
    [InlineData("PointwiseNextPanel", $"[Conv2D(InChannels = 32, OutChannels = 64, Height = 112, Width = 112, KernelSize = 1)]\npublic static partial void PointwiseNextPanel{Sig};")]
    [InlineData("PointwiseForwardLanes", "[Conv2D(InChannels = 256, OutChannels = 40, Height = 7, Width = 7, KernelSize = 1, Activation = Activation.Relu)]\npublic static partial void PointwiseForwardLanes(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    // A 3×3 stride-2 layer to a 4×4 output on the channel-lane convolution plan: stride-phase planes, nine taps unrolled
    // per input channel, tiles of 8 positions on Vector512 (6 elsewhere), bias and ReLU before the transposed store.
    [InlineData("ColumnsDataStride2", "[Conv2D(InChannels = 16, OutChannels = 128, Height = 8, Width = 8, KernelSize = 3, Stride = 2, Padding = 1, Pass = ConvPass.BackwardData)]\npublic static partial void ColumnsDataStride2(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("ConvLanesStride2", "[Conv2D(InChannels = 32, OutChannels = 32, Height = 8, Width = 8, KernelSize = 3, Stride = 2, Padding = 1, Activation = Activation.Relu)]\npublic static partial void ConvLanesStride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    [InlineData("PointwiseLanesVector512", "[Conv2D(InChannels = 256, OutChannels = 48, Height = 7, Width = 7, KernelSize = 1)]\npublic static partial void PointwiseLanesVector512(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);")]
    [InlineData("DepthwiseStride2Row28TwoVectors", "[Conv2D(InChannels = 16, OutChannels = 16, Height = 56, Width = 56, KernelSize = 3, Stride = 2, Padding = 1, Groups = 16)]\npublic static partial void DepthwiseStride2Row28TwoVectors(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);")]
    [InlineData("DepthwiseStride2Row28Relu", "[Conv2D(InChannels = 8, OutChannels = 8, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 8, Activation = Activation.Relu)]\npublic static partial void DepthwiseStride2Row28Relu(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    [InlineData("DepthwiseStride2Wide", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 40, Width = 40, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4)]\npublic static partial void DepthwiseStride2Wide(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);")]
    [InlineData("PointwiseChunkedWeights", "[Conv2D(InChannels = 32, OutChannels = 64, Height = 112, Width = 112, KernelSize = 1, Pass = ConvPass.BackwardWeights)]\npublic static partial void PointwiseChunkedWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    [InlineData("DepthwiseStride2Row28Weights", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 28, Width = 28, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]\npublic static partial void DepthwiseStride2Row28Weights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);")]
    [InlineData("DenseBackwardDataDirect", "[Conv2D(InChannels = 8, OutChannels = 12, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]\npublic static partial void DenseBackwardDataDirect(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("DenseBackwardDataReductionRuns", "[Conv2D(InChannels = 220, OutChannels = 220, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Direct)]\npublic static partial void DenseBackwardDataReductionRuns(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("GroupedDilated", $"[Conv2D(InChannels = 8, OutChannels = 8, Height = 10, Width = 9, KernelHeight = 3, KernelWidth = 2, Dilation = 2, Padding = 2, Groups = 2)]\npublic static partial void GroupedDilated{Sig};")]
    [InlineData("DepthwiseStride2BackwardData", "[Conv2D(InChannels = 16, OutChannels = 16, Height = 9, Width = 9, KernelSize = 3, Stride = 2, Padding = 1, Groups = 16, Pass = ConvPass.BackwardData)]\npublic static partial void DepthwiseStride2BackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("DepthwiseBackwardDataRotated", "[Conv2D(InChannels = 8, OutChannels = 8, Height = 10, Width = 12, KernelSize = 3, Padding = 1, Groups = 8, Pass = ConvPass.BackwardData)]\npublic static partial void DepthwiseBackwardDataRotated(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("DepthwiseInPlaceBackwardWeights256", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 90, Width = 94, KernelSize = 3, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]\npublic static partial void DepthwiseInPlaceBackwardWeights256(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    [InlineData("DepthwiseRowSpanningInPlaceAvx2", "[Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Groups = 512, Activation = Activation.Relu6)]\npublic static partial void DepthwiseRowSpanningInPlaceAvx2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    [InlineData("DepthwiseStride2NarrowAvx2", "[Conv2D(InChannels = 512, OutChannels = 512, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 512)]\npublic static partial void DepthwiseStride2NarrowAvx2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);")]
    [InlineData("DepthwiseStride2SplitAvx2", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 92, Width = 100, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Activation = Activation.Relu6)]\npublic static partial void DepthwiseStride2SplitAvx2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    [InlineData("DepthwiseBackwardWeightsRows", "[Conv2D(InChannels = 8, OutChannels = 8, Height = 10, Width = 12, KernelSize = 3, Padding = 1, Groups = 8, Pass = ConvPass.BackwardWeights)]\npublic static partial void DepthwiseBackwardWeightsRows(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    [InlineData("DepthwiseWholeRowTiles256", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 23, Width = 6, KernelSize = 3, Padding = 1, Groups = 4, Activation = Activation.Relu6)]\npublic static partial void DepthwiseWholeRowTiles256(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    [InlineData("DepthwisePairedBackwardData", "[Conv2D(InChannels = 8, OutChannels = 8, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 8, Pass = ConvPass.BackwardData)]\npublic static partial void DepthwisePairedBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("DepthwiseInPlaceOverlappingPair", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 14, Width = 28, KernelSize = 3, Padding = 1, Groups = 4)]\npublic static partial void DepthwiseInPlaceOverlappingPair(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);")]
    [InlineData("DepthwiseInPlaceRelu6", "[Conv2D(InChannels = 8, OutChannels = 8, Height = 20, Width = 48, KernelSize = 3, Padding = 1, Groups = 8, Activation = Activation.Relu6)]\npublic static partial void DepthwiseInPlaceRelu6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    [InlineData("DirectLeakyRelu", "[Conv2D(InChannels = 16, OutChannels = 32, Height = 17, Width = 17, KernelSize = 3, Padding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.1f, Algorithm = ConvAlgorithm.Direct)]\npublic static partial void DirectLeakyRelu(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    [InlineData("DepthwiseInPlaceSilu", "[Conv2D(InChannels = 8, OutChannels = 8, Height = 20, Width = 48, KernelSize = 3, Padding = 1, Groups = 8, Activation = Activation.Silu)]\npublic static partial void DepthwiseInPlaceSilu(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    [InlineData("DepthwiseStride2StripsBackwardDataAvx2", "[Conv2D(InChannels = 16, OutChannels = 16, Height = 40, Width = 40, KernelSize = 3, Stride = 2, Padding = 1, Groups = 16, Pass = ConvPass.BackwardData)]\npublic static partial void DepthwiseStride2StripsBackwardDataAvx2(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("DepthwiseStride2RowsBackwardDataAvx2", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 96, Width = 96, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardData)]\npublic static partial void DepthwiseStride2RowsBackwardDataAvx2(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("DepthwiseStride2NarrowBackwardWeightsAvx2", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]\npublic static partial void DepthwiseStride2NarrowBackwardWeightsAvx2(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    [InlineData("DepthwiseStride2SplitBackwardWeightsAvx2", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 102, Width = 90, KernelSize = 3, Stride = 2, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]\npublic static partial void DepthwiseStride2SplitBackwardWeightsAvx2(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    [InlineData("DepthwiseStride2PairsBackwardData", "[Conv2D(InChannels = 8, OutChannels = 8, Height = 14, Width = 14, KernelSize = 3, Stride = 2, Padding = 1, Groups = 8, Pass = ConvPass.BackwardData)]\npublic static partial void DepthwiseStride2PairsBackwardData(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("DepthwiseWholeRowBackwardWeights256", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 3, Width = 5, KernelSize = 3, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]\npublic static partial void DepthwiseWholeRowBackwardWeights256(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    [InlineData("DepthwiseNarrowBackwardWeights", "[Conv2D(InChannels = 8, OutChannels = 8, Height = 7, Width = 7, KernelSize = 3, Padding = 1, Groups = 8, Pass = ConvPass.BackwardWeights)]\npublic static partial void DepthwiseNarrowBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);")]
    [InlineData("DepthwiseInPlaceBackwardWeights", "[Conv2D(InChannels = 8, OutChannels = 8, Height = 23, Width = 24, KernelSize = 3, Padding = 1, Groups = 8, Pass = ConvPass.BackwardWeights)]\npublic static partial void DepthwiseInPlaceBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    [InlineData("DepthwiseInPlacePrefetchWeights", "[Conv2D(InChannels = 4, OutChannels = 4, Height = 64, Width = 32, KernelSize = 3, Padding = 1, Groups = 4, Pass = ConvPass.BackwardWeights)]\npublic static partial void DepthwiseInPlacePrefetchWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);")]
    [InlineData("DirectCompactedStores", "[Conv2D(InChannels = 2, OutChannels = 4, Height = 6, Width = 20, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]\npublic static partial void DirectCompactedStores(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);")]
    [InlineData("DirectRowAlignedVectors", "[Conv2D(InChannels = 2, OutChannels = 4, Height = 6, Width = 32, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Direct)]\npublic static partial void DirectRowAlignedVectors(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);")]
    [InlineData("ImageFilterRowBands", "[Conv2D(InChannels = 1, OutChannels = 1, Height = 64, Width = 64, KernelSize = 3, Padding = 1)]\npublic static partial void ImageFilterRowBands(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);")]
    [InlineData("PlaneFilterBankInPlace", "[Conv2D(InChannels = 1, OutChannels = 2, Height = 40, Width = 50, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]\npublic static partial void PlaneFilterBankInPlace(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);")]
    [InlineData("PointwiseBackwardDataLanes", "[Conv2D(InChannels = 24, OutChannels = 256, Height = 2, Width = 5, KernelSize = 1, Pass = ConvPass.BackwardData)]\npublic static partial void PointwiseBackwardDataLanes(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("PointwiseBackwardDataLanesPages", "[Conv2D(InChannels = 1040, OutChannels = 128, Height = 5, Width = 7, KernelSize = 1, Pass = ConvPass.BackwardData)]\npublic static partial void PointwiseBackwardDataLanesPages(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("PointwiseBackwardWeightsLanes", "[Conv2D(InChannels = 24, OutChannels = 9, Height = 3, Width = 3, KernelSize = 1, Pass = ConvPass.BackwardWeights)]\npublic static partial void PointwiseBackwardWeightsLanes(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    [InlineData("Dense3x3BackwardWeights", "[Conv2D(InChannels = 8, OutChannels = 12, Height = 10, Width = 10, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)]\npublic static partial void Dense3x3BackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    [InlineData("WinogradBackwardWeights", "[Conv2D(InChannels = 8, OutChannels = 14, Height = 6, Width = 7, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd)]\npublic static partial void WinogradBackwardWeights(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    public void GeneratedKernelMatchesSnapshot(string name, string declaration)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(declaration));
        result.AssertNoErrors();
        Snapshot.Verify(Assert.Single(result.GeneratedSources).Text, name);
        KernelComments.AssertPlain(Assert.Single(result.GeneratedSources).Text);
    }

    [Fact]
    public void OverloadsWithAndWithoutBiasGetDistinctFiles()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 6, Width = 6, KernelSize = 1)]\npublic static partial void Project{Sig};\n" +
            $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 6, Width = 6, KernelSize = 1)]\npublic static partial void Project{SigBias};"));
        result.AssertNoErrors();
        Assert.Equal(new[] { "Demo.Layers.Project.P4.g.cs", "Demo.Layers.Project.g.cs" }, result.HintNames.OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public void KeywordParameterNamesAreEscaped()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "[Conv2D(InChannels = 4, OutChannels = 4, Height = 6, Width = 6, KernelSize = 3, Padding = 1)]\n" +
            "public static partial void K(ReadOnlySpan<float> @in, ReadOnlySpan<float> @params, Span<float> @out);"));
        result.AssertNoErrors();
        Assert.Contains("nameof(@in)", result.GeneratedSources[0].Text);
    }

    [Fact]
    public void NestedTypesAndNoNamespaceAreReopened()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Usings + $$"""
            public partial class Model
            {
                internal partial struct Block
                {
                    [Conv2D(InChannels = 2, OutChannels = 3, Height = 4, Width = 5, KernelSize = 1)]
                    internal static partial void Project{{Sig}};
                }
            }
            """);
        result.AssertNoErrors();
        Snapshot.VerifyFileSet(result.HintNames, "NestedTypes");
        Assert.Contains("partial struct Block", result.Source("Model.Block.Project.g.cs"));
    }
}
