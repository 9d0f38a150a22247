using System;
using System.Linq;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// One bad case per descriptor, with the expected ID on the exact span (markup <c>{|ID:text|}</c>), and a valid
/// twin that differs only in the offending part and compiles clean.
/// </summary>
public sealed class DiagnosticTests
{
    internal const string Sig = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)";
    internal const string Good = "InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 3";
    private const string DataSig = "(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput)";
    private const string WeightsSig = "(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights)";
    private const string WeightsBiasSig = "(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias)";

    public static TheoryData<string, string, string> Cases => new()
    {
        { "CNVG0001", $"[Conv2D({Good})] public partial void {{|CNVG0001:K|}}{Sig};", $"[Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0002", $"[Conv2D({Good})] public static void K{Sig} {{|CNVG0002:{{ }}|}}", $"[Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0003", $"[Conv2D({Good})] public static partial {{|CNVG0003:int|}} K{Sig};", $"[Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0004", $"[Conv2D({Good})] public static partial void K{{|CNVG0004:(ReadOnlySpan<float> input, Span<float> output)|}};", $"[Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0004", $"[Conv2D({Good})] public static partial void K{{|CNVG0004:(ReadOnlySpan<float> input, ReadOnlySpan<double> weights, Span<float> output)|}};", $"[Conv2D({Good})] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);" },
        { "CNVG0006", $"[Conv2D({Good})] public static partial void K{{|CNVG0006:<T>|}}{Sig};", $"[Conv2D({Good})] public static partial void K{Sig};" },
        // One ConvGen attribute per method, reported on the later one whichever pipeline sees it; a hand-written
        // implementation half; a local function (it cannot be partial).
        { "CNVG0008", $"[Conv2D({Good})][{{|CNVG0008:ConvTranspose2D({Good})|}}] public static partial void K{Sig};", $"[Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0008", $"[ConvTranspose2D({Good})][{{|CNVG0008:Conv2D({Good})|}}] public static partial void K{Sig};", $"[ConvTranspose2D({Good})] public static partial void K{Sig};" },
        { "CNVG0008", $"[Conv2D({Good})][{{|CNVG0008:SlidingChannelConv(InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 0.5)|}}] public static partial void K{Sig};", $"[Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0009", $"[Conv2D({Good})] public static partial void K{Sig};\npublic static partial void {{|CNVG0009:K|}}{Sig} {{ }}", $"[Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0010", $"public static void Host() {{ [Conv2D({Good})] static void {{|CNVG0010:Local|}}{Sig} {{ }} }}", $"public static void Host() {{ }} [Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0010", $"public static void Host() {{ var f = [Conv2D({Good})] static (ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output) {{|CNVG0010:=>|}} {{ }}; }}", $"public static void Host() {{ }} [Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0004", $"[Conv2D({Good})] public static partial void K{{|CNVG0004:(this ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)|}};", $"[Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0004", $"[Conv2D({Good})] public static partial void K{{|CNVG0004:(scoped ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)|}};", $"[Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0101", $"[{{|CNVG0101:Conv2D|}}(OutChannels = 4, Height = 8, Width = 8, KernelSize = 3)] public static partial void K{Sig};", $"[Conv2D({Good})] public static partial void K{Sig};" },
        { "CNVG0101", $"[{{|CNVG0101:Conv2D|}}(InChannels = 4, OutChannels = 4, Height = 8, Width = 8)] public static partial void K{Sig};", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelHeight = 3, KernelWidth = 1)] public static partial void K{Sig};" },
        { "CNVG0102", $"[Conv2D({Good}, {{|CNVG0102:Stride = 0|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Stride = 2)] public static partial void K{Sig};" },
        { "CNVG0102", $"[Conv2D({Good}, {{|CNVG0102:DilationWidth = -3|}})] public static partial void K{Sig};", $"[Conv2D({Good}, DilationWidth = 3)] public static partial void K{Sig};" },
        // A value above its range is reported once: the checks that depend on it (here the kernel extent) stay quiet.
        { "CNVG0102", $"[Conv2D({Good}, {{|CNVG0102:Dilation = int.MaxValue|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Dilation = 2, Padding = 2)] public static partial void K{Sig};" },
        { "CNVG0103", $"[Conv2D({Good}, {{|CNVG0103:Padding = -1|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Padding = 1)] public static partial void K{Sig};" },
        { "CNVG0104", $"[Conv2D(InChannels = 6, OutChannels = 4, Height = 8, Width = 8, KernelSize = 3, {{|CNVG0104:Groups = 4|}})] public static partial void K{Sig};", $"[Conv2D(InChannels = 8, OutChannels = 4, Height = 8, Width = 8, KernelSize = 3, Groups = 4)] public static partial void K{Sig};" },
        { "CNVG0105", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 2, Width = 8, {{|CNVG0105:KernelSize = 5|}})] public static partial void K{Sig};", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 2, Width = 8, KernelSize = 5, PaddingHeight = 2)] public static partial void K{Sig};" },
        { "CNVG0106", $"[Conv2D({Good}, {{|CNVG0106:KernelHeight = 3|}})] public static partial void K{Sig};", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelHeight = 3, KernelWidth = 3)] public static partial void K{Sig};" },
        { "CNVG0107", $"[{{|CNVG0107:Conv2D|}}(InChannels = 1024, OutChannels = 1, Height = 1024, Width = 1024, KernelSize = 1)] public static partial void K{Sig};", $"[Conv2D(InChannels = 1024, OutChannels = 1, Height = 64, Width = 64, KernelSize = 1)] public static partial void K{Sig};" },
        { "CNVG0108", $"[Conv2D({Good}, {{|CNVG0108:Activation = (Activation)10|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Activation = Activation.Relu6)] public static partial void K{Sig};" },
        { "CNVG0108", $"[Conv2D({Good}, {{|CNVG0108:Pass = (ConvPass)3|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Pass = ConvPass.Forward)] public static partial void K{Sig};" },
        // Training passes: the parameter list follows the pass, and backward passes take no activation.
        { "CNVG0004", $"[Conv2D({Good}, Pass = ConvPass.BackwardData)] public static partial void K{{|CNVG0004:(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> gradInput)|}};", $"[Conv2D({Good}, Pass = ConvPass.BackwardData)] public static partial void K{DataSig};" },
        { "CNVG0004", $"[Conv2D({Good}, Pass = ConvPass.BackwardWeights)] public static partial void K{{|CNVG0004:(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> gradWeights)|}};", $"[Conv2D({Good}, Pass = ConvPass.BackwardWeights)] public static partial void K{WeightsSig};" },
        { "CNVG0004", $"[Conv2D({Good}, Pass = ConvPass.BackwardWeights)] public static partial void K{{|CNVG0004:(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, ReadOnlySpan<float> gradBias)|}};", $"[Conv2D({Good}, Pass = ConvPass.BackwardWeights)] public static partial void K{WeightsBiasSig};" },
        { "CNVG0004", $"[Conv2D({Good})] public static partial void K{{|CNVG0004:{WeightsBiasSig}|}};", $"[Conv2D({Good}, Pass = ConvPass.BackwardWeights)] public static partial void K{WeightsBiasSig};" },
        { "CNVG0124", $"[Conv2D({Good}, {{|CNVG0124:Activation = Activation.Relu|}}, Pass = ConvPass.BackwardData)] public static partial void K{DataSig};", $"[Conv2D({Good}, Activation = Activation.None, Pass = ConvPass.BackwardData)] public static partial void K{DataSig};" },
        { "CNVG0124", $"[Conv2D({Good}, Pass = ConvPass.BackwardWeights, {{|CNVG0124:Activation = Activation.Relu6|}})] public static partial void K{WeightsBiasSig};", $"[Conv2D({Good}, Pass = ConvPass.BackwardWeights)] public static partial void K{WeightsBiasSig};" },
        { "CNVG0130", $"[Conv2D({Good}, Algorithm = ConvAlgorithm.Winograd, {{|CNVG0130:WinogradTile = 3|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)] public static partial void K{Sig};" },
        { "CNVG0130", $"[Conv2D({Good}, Algorithm = ConvAlgorithm.Winograd, {{|CNVG0130:WinogradTile = 8|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)] public static partial void K{Sig};" },
        { "CNVG0131", $"[Conv2D({Good}, Algorithm = ConvAlgorithm.Winograd, {{|CNVG0131:WinogradTile = 6|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 6, AllowLowPrecisionWinograd = true)] public static partial void K{Sig};" },
        { "CNVG0132", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 7, {{|CNVG0132:Algorithm = ConvAlgorithm.Winograd|}})] public static partial void K{Sig};", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 3, Algorithm = ConvAlgorithm.Winograd)] public static partial void K{Sig};" },
        // Winograd on a 5×5 kernel needs the lower-precision opt-in: placed on Algorithm, or on the tile where one is given;
        // its tiles are 2 and 4.
        { "CNVG0131", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 5, {{|CNVG0131:Algorithm = ConvAlgorithm.Winograd|}})] public static partial void K{Sig};", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 5, Algorithm = ConvAlgorithm.Winograd, AllowLowPrecisionWinograd = true)] public static partial void K{Sig};" },
        { "CNVG0131", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 5, Algorithm = ConvAlgorithm.Winograd, {{|CNVG0131:WinogradTile = 4|}})] public static partial void K{Sig};", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 5, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4, AllowLowPrecisionWinograd = true)] public static partial void K{Sig};" },
        { "CNVG0130", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 5, Algorithm = ConvAlgorithm.Winograd, {{|CNVG0130:WinogradTile = 6|}}, AllowLowPrecisionWinograd = true)] public static partial void K{Sig};", $"[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 5, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2, AllowLowPrecisionWinograd = true)] public static partial void K{Sig};" },
        { "CNVG0132", $"[Conv2D({Good}, Stride = 2, {{|CNVG0132:Algorithm = ConvAlgorithm.Winograd|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Stride = 1, Algorithm = ConvAlgorithm.Winograd)] public static partial void K{Sig};" },
        { "CNVG0133", $"[{{|CNVG0133:Conv2D|}}(InChannels = 64, OutChannels = 64, Height = 28, Width = 28, KernelSize = 3, Padding = 1)] public static partial void K{Sig};", $"[Conv2D(InChannels = 64, OutChannels = 64, Height = 28, Width = 28, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd)] public static partial void K{Sig};" },
        { "CNVG0126", $"[Conv2D({Good}, Activation = Activation.LeakyRelu, {{|CNVG0126:NegativeSlope = 1.5f|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Activation = Activation.LeakyRelu, NegativeSlope = 0.5f)] public static partial void K{Sig};" },
        { "CNVG0126", $"[Conv2D({Good}, Activation = Activation.LeakyRelu, {{|CNVG0126:NegativeSlope = -0.1f|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Activation = Activation.LeakyRelu, NegativeSlope = 0.1f)] public static partial void K{Sig};" },
        { "CNVG0126", $"[Conv2D({Good}, Activation = Activation.LeakyRelu, {{|CNVG0126:NegativeSlope = float.NaN|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Activation = Activation.LeakyRelu)] public static partial void K{Sig};" },
        { "CNVG0127", $"[Conv2D({Good}, Activation = Activation.Relu, {{|CNVG0127:NegativeSlope = 0.2f|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Activation = Activation.LeakyRelu, NegativeSlope = 0.2f)] public static partial void K{Sig};" },
        { "CNVG0127", $"[Conv2D({Good}, {{|CNVG0127:NegativeSlope = 0.01f|}})] public static partial void K{Sig};", $"[Conv2D({Good})] public static partial void K{Sig};" },
        // An undefined activation is CNVG0108's alone: the slope is not then reported as set without the leaky ReLU.
        { "CNVG0108", $"[Conv2D({Good}, {{|CNVG0108:Activation = (Activation)10|}}, NegativeSlope = 0.5f)] public static partial void K{Sig};", $"[Conv2D({Good}, Activation = Activation.LeakyRelu, NegativeSlope = 0.5f)] public static partial void K{Sig};" },
        { "CNVG0134", $"[Conv2D({Good}, {{|CNVG0134:WinogradTile = 4|}})] public static partial void K{Sig};", $"[Conv2D({Good}, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)] public static partial void K{Sig};" },
    };

    [Theory]
    [InlineData("InChannels = 256, OutChannels = 256, Height = 14, Width = 14", "Winograd F(4×4,3×3)", "other tiles: F(2×2,3×3)")]
    [InlineData("InChannels = 512, OutChannels = 512, Height = 7, Width = 7", "Winograd F(2×2,3×3)", "other tiles: F(4×4,3×3)")]
    [InlineData("InChannels = 32, OutChannels = 32, Height = 8, Width = 8", "direct", "Winograd needs < 0.9")]
    [InlineData("InChannels = 24, OutChannels = 256, Height = 28, Width = 28", "direct", "only uses Winograd where it was measured to win (C and K ≥ 32)")]
    [InlineData("InChannels = 128, OutChannels = 128, Height = 28, Width = 28, AllowLowPrecisionWinograd = true", "Winograd F(6×6,3×3)", "F(4×4,3×3)")]
    public void AutoSaysWhichAlgorithmItPickedAndWhy(string shape, string picked, string reason)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({shape}, KernelSize = 3, Padding = 1)] public static partial void K{Sig};"));
        Diagnostic info = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("CNVG0133", info.Id);
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        string message = info.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("picked " + picked + " for", message);
        Assert.Contains("cost model predicts", message);
        Assert.Contains("cycles", message);
        Assert.Contains(reason, message);
        result.AssertNoErrors();
        Assert.Contains(picked == "direct" ? "Plan: direct convolution" : $"Plan: Winograd F({picked["Winograd F(".Length]},3)", Assert.Single(result.GeneratedSources).Text);
    }

    [Fact]
    public void AutoReasonStatesTheModelsNumbers()
    {
        // The message quotes the predicted cycles of the pick, of direct and their ratio; check them against the model.
        var layer = new Model.LayerSpec(512, 512, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, Model.ActivationKind.None, Model.AlgorithmKind.Auto, false);
        ConvGen.Generator.Planning.WinogradChoice choice = ConvGen.Generator.Planning.WinogradPlanner.Choose(layer, allowLargeTile: false);
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, KernelSize = 3, Padding = 1)] public static partial void K{Sig};"));
        string message = Assert.Single(result.GeneratorDiagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        string Mega(double cycles) => (cycles / 1e6).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "M";
        Assert.Contains($"predicts {Mega(choice.Best.Total)} cycles for F(2×2,3×3)", message);
        Assert.Contains($"against {Mega(choice.DirectCycles)} for direct", message);
        Assert.Contains("ratio " + choice.Ratio.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), message);
    }


    [Fact]
    public void AutoKeepsBackwardDataDirectWhereTransformingTheFiltersOnEveryCallCostsTooMuchAndSaysWhy()
    {
        // 512 → 512 at 6×6: forward, Winograd pays; but backward-data's weights change every training step, and
        // transforming 262 144 filters on every call for 9 tiles eats all of the gain (the model predicts 1.07 of direct).
        // At 7×7 (16 tiles) it pays even so: 0.79-0.81 of direct, measured on the Zen 5 VM (WinogradChoiceTests).
        var layer = new ConvGen.Generator.Model.LayerSpec(512, 512, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1,
            ConvGen.Generator.Model.ActivationKind.None, ConvGen.Generator.Model.AlgorithmKind.Auto, HasBias: false);
        Assert.True(ConvGen.Generator.Planning.WinogradPlanner.Choose(layer, allowLargeTile: false).WinogradPays);
        ConvGen.Generator.Planning.WinogradChoice perCall = ConvGen.Generator.Planning.WinogradPlanner.Choose(layer, allowLargeTile: false, filterTransformPerCall: true);
        Assert.False(perCall.WinogradPays);
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 512, OutChannels = 512, Height = 6, Width = 6, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)] public static partial void K{DataSig};"));
        string message = result.SingleDiagnosticMessage("CNVG0133");
        Assert.Contains("picked direct for", message);
        Assert.Contains("filter transform " + (perCall.Best.FilterTransform / 1e6).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "M", message);
        Assert.Contains("change every training step", message);
        Assert.Contains("set Algorithm = ConvAlgorithm.Winograd where the weights stay fixed", message);
        result.AssertNoErrors();
        Assert.Contains("Plan: the transposed direction as a gather", Assert.Single(result.GeneratedSources).Text);
    }

    [Theory]
    [InlineData(128, 28)] // ResNet-18: with the filters transformed on every call Winograd F(4,3) still took 0.84 ms against 1.22 ms direct
    [InlineData(256, 14)] // one tile block, so the filters are transformed row block by row block: 1.70–1.88 ms against 3.13–3.32 ms direct
    public void AutoRunsBackwardDataAsWinogradWhereItPaysEvenTransformingTheFiltersOnEveryCall(int channels, int size)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = {channels}, OutChannels = {channels}, Height = {size}, Width = {size}, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData)] public static partial void K{DataSig};"));
        string message = result.SingleDiagnosticMessage("CNVG0133");
        Assert.Contains("picked Winograd F(4×4,3×3) for", message);
        Assert.Contains("filter transform", message);
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        Assert.Contains("at stride 1 backward-data is itself a convolution", text);
        Assert.Contains("The forward kernel: Winograd F(4", text);
    }

    [Fact]
    public void ForcedWinogradOnBackwardDataRunsTheRotatedForwardLayer()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 64, OutChannels = 64, Height = 14, Width = 14, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd)] public static partial void K{DataSig};"));
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        Assert.Contains("at stride 1 backward-data is itself a convolution", text);
        Assert.Contains("The forward kernel: Winograd F(", text);
    }

    [Fact]
    public void ForcedWinogradOnAStridedBackwardWeightsLayerNamesThePass()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Stride = 2, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);"));
        Assert.Contains("stride 2×2, dilation 1×1, padding 0×0 and 1 group(s) (backward-weights pass)", result.SingleDiagnosticMessage("CNVG0132"));
    }

    [Fact]
    public void ForcedWinogradOnABackwardDataLayerPaddedBeyondTheKernelNamesThePadding()
    {
        // The shape is Winograd's (3×3, stride 1); the rotated forward layer would need padding 2 − 3 < 0.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Padding = 3, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd)] public static partial void K(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);"));
        string message = result.SingleDiagnosticMessage("CNVG0132");
        Assert.Contains("the padding must be at most 2, and this layer's is 3×3", message);
        Assert.DoesNotContain("needs a 3×3 kernel", message);
        Assert.Empty(result.OutputErrors);
    }

    [Theory]
    [InlineData("", "F(4,3)")]
    [InlineData(", WinogradTile = 2", "F(2,3)")]
    public void ForcedWinogradOnBackwardWeightsRunsItsWeightGradientForm(string tile, string name)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd{tile})] public static partial void K{WeightsSig};"));
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        Assert.Contains($"Plan: Winograd {name} in its weight-gradient form", text);
    }

    [Theory]
    [InlineData(64, 56, true)]   // ResNet-18, 196 tiles per image: 0.38 ms against 1.15 ms direct (Zen 5, 1 thread)
    [InlineData(128, 28, true)]  // 49 tiles: 0.41 against 1.12 ms
    [InlineData(256, 14, true)]  // 16 tiles: 0.79 against 1.12 ms
    [InlineData(512, 7, false)]  // 4 tiles: forced, 4.22 ms against 1.13 ms direct
    [InlineData(512, 14, false)] // 16 tiles, but K·C = 16384 per tile: M (37.7 MB) written and read for them
    [InlineData(16, 56, false)]  // too few channels for the rule: no message
    public void AutoRunsBackwardWeightsAsWinogradWithEnoughChannelsAndTiles(int channels, int size, bool winograd)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = {channels}, OutChannels = {channels}, Height = {size}, Width = {size}, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights)] public static partial void K{WeightsSig};"));
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        if (winograd)
        {
            Assert.Contains("picked Winograd F(4×4,3×3) (backward-weights) for", result.SingleDiagnosticMessage("CNVG0133"));
            Assert.Contains("Plan: Winograd F(4,3) in its weight-gradient form", text);
        }
        else if (channels < 32)
        {
            Assert.Empty(result.GeneratorDiagnostics);
            Assert.DoesNotContain("weight-gradient form", text);
        }
        else
        {
            Assert.Contains(size == 7 ? "would reduce only 4 tile(s) per image" : "more than the measured wins", result.SingleDiagnosticMessage("CNVG0133"));
            Assert.DoesNotContain("weight-gradient form", text);
        }
    }

    [Theory]
    [InlineData(", WinogradTile = 2", "F(2,5)")]
    [InlineData(", WinogradTile = 4", "F(4,5)")]
    public void ForcedWinogradOnAFiveByFiveLayerWithTheOptInRunsFmFive(string tile, string name)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 16, OutChannels = 16, Height = 20, Width = 20, KernelSize = 5, Padding = 2, Algorithm = ConvAlgorithm.Winograd{tile}, AllowLowPrecisionWinograd = true)] public static partial void K{Sig};"));
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        Assert.Contains($"Plan: Winograd {name}", text);
        Assert.Contains("a 5×5 plan, taken only under AllowLowPrecisionWinograd", text);
        Assert.Contains("FilterOffset(int k, int c) => (k * InChannels + c) * 25;", text);
    }

    [Fact]
    public void ForcedWinogradOnAFiveByFiveLayerWithoutTheOptInNamesTheBoundAndTheFix()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 16, OutChannels = 16, Height = 20, Width = 20, KernelSize = 5, Padding = 2, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)] public static partial void K{Sig};"));
        string message = result.SingleDiagnosticMessage("CNVG0131");
        Assert.Contains("WinogradTile = 2 on a 5×5 kernel (F(2×2,5×5)) has an error bound of 128·2^-23·Σ|w·x|", message);
        Assert.Contains("set AllowLowPrecisionWinograd = true to accept it, or use Algorithm = ConvAlgorithm.Direct", message);
    }

    [Fact]
    public void ForcedWinogradOnAFiveByFiveBackwardDataLayerRunsItsRotatedLayer()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 16, OutChannels = 16, Height = 20, Width = 20, KernelSize = 5, Padding = 1, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd, AllowLowPrecisionWinograd = true)] public static partial void K{DataSig};"));
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        Assert.Contains("The forward kernel: Winograd F(", text);
        Assert.Contains(",5) (", text);
        Assert.Contains("FilterOffset(int k, int c) => (c * OutChannels + k) * 25;", text);
    }

    [Theory]
    [InlineData("Padding = 5, Pass = ConvPass.BackwardData", "the padding must be at most 4, and this layer's is 5×5", "(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput)")]
    [InlineData("Padding = 2, Groups = 2", "and 2 group(s)", "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)")]
    [InlineData("Padding = 4, Dilation = 2", "dilation 2×2, padding 4×4 and 1 group(s) (forward pass)", "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)")]
    public void ForcedWinogradOnAFiveByFiveLayerItCannotServeWarns(string properties, string expected, string signature)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 16, OutChannels = 16, Height = 20, Width = 20, KernelSize = 5, {properties}, Algorithm = ConvAlgorithm.Winograd, AllowLowPrecisionWinograd = true)] public static partial void K{signature};"));
        Assert.Contains(expected, result.SingleDiagnosticMessage("CNVG0132"));
        Assert.Empty(result.OutputErrors);
    }

    [Theory]
    [InlineData("KernelSize = 5, Padding = 4, Dilation = 2, Pass = ConvPass.BackwardWeights", WeightsSig, "(backward-weights pass)")]
    [InlineData("KernelSize = 5, Padding = 2, Stride = 2", Sig, "stride 2×2")]
    [InlineData("KernelHeight = 5, KernelWidth = 3, Padding = 2", Sig, "a 5×3 kernel")]
    public void AForcedTileOnALayerNoWinogradPlanServesGetsCnvg0132NotATileError(string properties, string signature, string expected)
    {
        // Advice on the tile or the opt-in would lead nowhere: the layer has no Winograd plan at all.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 16, OutChannels = 16, Height = 20, Width = 20, {properties}, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 6)] public static partial void K{signature};"));
        Assert.Contains(expected, result.SingleDiagnosticMessage("CNVG0132"));
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id is "CNVG0130" or "CNVG0131");
        Assert.Empty(result.OutputErrors);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(5, 5)]
    public void ForcedWinogradOnALayerPaddedToItsKernelSizeWarns(int kernel, int padding)
    {
        // An output whose window holds only padding is exactly the bias; Winograd's tile arithmetic would not keep it.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 16, OutChannels = 16, Height = 12, Width = 12, KernelSize = {kernel}, Padding = {padding}, Algorithm = ConvAlgorithm.Winograd, AllowLowPrecisionWinograd = true)] public static partial void K{Sig};"));
        Assert.Contains($"reaches the kernel size, so some outputs read only padding", result.SingleDiagnosticMessage("CNVG0132"));
        Assert.Contains("Plan: direct convolution", Assert.Single(result.GeneratedSources).Text);
    }

    [Theory]
    [InlineData(", WinogradTile = 2", "F(2,5)")]
    [InlineData("", "F(4,5)")]
    public void ForcedWinogradOnAFiveByFiveBackwardWeightsLayerWithTheOptInRunsItsWeightGradientForm(string tile, string name)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 16, OutChannels = 16, Height = 20, Width = 20, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd{tile}, AllowLowPrecisionWinograd = true)] public static partial void K{WeightsSig};"));
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        Assert.Contains($"Plan: Winograd {name} in its weight-gradient form", text);
        Assert.Contains("KernelTranspose.TapsToFilters(ref taps", text);
    }

    [Fact]
    public void ForcedWinogradOnAFiveByFiveBackwardWeightsLayerNeedsTheOptIn()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 16, OutChannels = 16, Height = 20, Width = 20, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd)] public static partial void K{WeightsSig};"));
        Assert.Contains("on a 5×5 kernel (F(2×2,5×5) or F(4×4,5×5))", result.SingleDiagnosticMessage("CNVG0131"));
    }

    [Theory]
    [InlineData(true, "picked Winograd F(4×4,5×5) (backward-weights)")]
    [InlineData(false, "picked direct (backward-weights)")]
    public void AutoRunsFiveByFiveBackwardWeightsAsWinogradOnlyWithTheOptIn(bool optIn, string expected)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 64, OutChannels = 64, Height = 28, Width = 28, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights{(optIn ? ", AllowLowPrecisionWinograd = true" : "")})] public static partial void K{WeightsSig};"));
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        string message = result.SingleDiagnosticMessage("CNVG0133");
        Assert.Contains(expected, message);
        Assert.Equal(optIn, text.Contains("Plan: Winograd F(4,5) in its weight-gradient form", StringComparison.Ordinal));
        // Without the opt-in, the message says what it would let Auto do.
        Assert.Equal(!optIn, message.Contains("set it to let Auto use F(4×4,5×5)", StringComparison.Ordinal));
    }

    [Fact]
    public void ForcedFiveByFiveBackwardWeightsWithoutTheOptInQuotesTheGradientBound()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 16, OutChannels = 16, Height = 20, Width = 20, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 2)] public static partial void K{WeightsSig};"));
        Assert.Contains("128·2^-23·Σ|gradOutput·x|", result.SingleDiagnosticMessage("CNVG0131"));
    }

    [Fact]
    public void AutoKeepsAFiveByFiveBackwardDataLayerDirectWithoutTheOptInAndSaysWhatWinogradWouldSave()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 64, OutChannels = 64, Height = 28, Width = 28, KernelSize = 5, Padding = 2, Pass = ConvPass.BackwardData)] public static partial void K{DataSig};"));
        result.AssertNoErrors();
        string message = result.SingleDiagnosticMessage("CNVG0133");
        Assert.Contains("picked direct", message);
        Assert.Contains("filter transform", message);
        Assert.Contains("set it to let Auto use F(", message);
    }

    [Fact]
    public void AutoKeepsAFiveByFiveLayerDirectWithoutTheOptInAndSaysWhatWinogradWouldSave()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 64, OutChannels = 64, Height = 28, Width = 28, KernelSize = 5, Padding = 2)] public static partial void K{Sig};"));
        result.AssertNoErrors();
        string message = result.SingleDiagnosticMessage("CNVG0133");
        Assert.Contains("picked direct", message);
        Assert.Contains(",5×5)", message);
        Assert.Contains("Auto takes Winograd on a 5×5 kernel only with AllowLowPrecisionWinograd = true", message);
        Assert.Contains("Plan: direct convolution", Assert.Single(result.GeneratedSources).Text);
    }

    [Theory]
    [InlineData(64, 64, 28, true)]
    [InlineData(16, 32, 14, true)]   // 5×5 layers go to Winograd from 16 channels (measured 0.53 of direct's time here)
    [InlineData(24, 24, 112, true)]
    [InlineData(16, 16, 28, false)]  // the model predicts no win (measured 0.58: a conservative miss)
    public void AutoRunsAFiveByFiveLayerAsWinogradWithTheOptInWhereTheModelPredictsAWin(int c, int k, int size, bool winograd)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = {c}, OutChannels = {k}, Height = {size}, Width = {size}, KernelSize = 5, Padding = 2, AllowLowPrecisionWinograd = true)] public static partial void K{Sig};"));
        result.AssertNoErrors();
        Assert.Contains(winograd ? "picked Winograd F(" : "picked direct", result.SingleDiagnosticMessage("CNVG0133"));
        Assert.Equal(winograd, Assert.Single(result.GeneratedSources).Text.Contains(",5) (", StringComparison.Ordinal));
    }

    [Fact]
    public void ForcedWinogradOnAnUnsupportedLayerFallsBackToTheDirectKernel()
    {
        // Dilated, but padded by less than the dilation: the output phases read input phases with different padding.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Dilation = 2, Padding = 1, Algorithm = ConvAlgorithm.Winograd)] public static partial void K{Sig};"));
        Assert.Contains("dilation 2×2, padding 1×1 and 1 group(s) (forward pass)", result.SingleDiagnosticMessage("CNVG0132"));
        Assert.Empty(result.OutputErrors);
        Assert.Contains("Plan: direct convolution", Assert.Single(result.GeneratedSources).Text);
    }

    [Fact]
    public void ForcedWinogradOnADilatedLayerRunsOnItsPhaseMosaic()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Dilation = 2, Padding = 2, Algorithm = ConvAlgorithm.Winograd)] public static partial void K{Sig};"));
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        Assert.Contains("Phase mosaic: with dilation 2×2", text);
        Assert.Contains("Plan: Winograd F(", text);
        Assert.Contains("KernelPhases.GatherRow", text);
        Assert.Contains("KernelPhases.MergePlane", text);
    }

    [Fact]
    public void ForcedWinogradOnADilatedBackwardDataLayerRunsItsRotatedLayerOnItsPhaseMosaic()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Dilation = 2, Padding = 2, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd)] public static partial void K(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);"));
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        Assert.Contains("The forward kernel: Winograd F(", text);
        Assert.Contains("Phase mosaic: with dilation 2×2", text);
    }

    [Fact]
    public void ForcedWinogradOnADilatedBackwardDataLayerPaddedBeyondTwiceTheDilationWarns()
    {
        // Padding 5 > 2·2: the rotated forward layer would need padding 4 − 5 < 0.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Dilation = 2, Padding = 5, Pass = ConvPass.BackwardData, Algorithm = ConvAlgorithm.Winograd)] public static partial void K(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);"));
        Assert.Contains("dilation 2×2, padding 5×5 and 1 group(s) (backward-data pass)", result.SingleDiagnosticMessage("CNVG0132"));
        Assert.Empty(result.OutputErrors);
    }

    [Theory]
    [InlineData(2, 2, 28, true)]   // DeepLab's atrous 3×3: the mosaic layer is 30×30
    [InlineData(2, 1, 28, false)]  // padding 1 with dilation 2: no mosaic, direct without a message
    [InlineData(4, 4, 64, true)]   // a dilated ResNet's dilation 4
    [InlineData(12, 0, 25, false)] // a 1×1 output: not eligible (its 36×36 mosaic would be)
    public void AutoWeighsADilatedLayerByItsPhaseMosaic(int dilation, int padding, int size, bool winograd)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D(InChannels = 128, OutChannels = 128, Height = {size}, Width = {size}, KernelSize = 3, Dilation = {dilation}, Padding = {padding})] public static partial void K{Sig};"));
        result.AssertNoErrors();
        string text = Assert.Single(result.GeneratedSources).Text;
        if (winograd)
        {
            Assert.Contains("picked Winograd F(", result.SingleDiagnosticMessage("CNVG0133"));
            Assert.Contains("Phase mosaic", text);
        }
        else
        {
            Assert.Empty(result.GeneratorDiagnostics);
            Assert.Contains("Plan: direct convolution", text);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadCaseReportsIdOnTheOffendingSpan_ValidTwinCompilesClean(string id, string bad, string good)
    {
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Layers(bad));
        Assert.All(markup.Expected, e => Assert.Equal(id, e.Id));
        GeneratorTestResult result = TestSources.Run(markup.Source);
        Assert.Null(result.GeneratorException);
        DiagnosticMarkup.AssertDiagnostics(markup, result.GeneratorDiagnostics);
        DiagnosticMarkup.AssertMessagesNameTheirValues(markup, result.GeneratorDiagnostics);

        GeneratorTestResult twin = TestSources.Run(TestSources.Layers(good));
        Assert.Empty(twin.GeneratorDiagnostics);
        twin.AssertNoErrors();
        Assert.Single(twin.GeneratedSources);
    }

    [Fact]
    public void NonPartialContainingTypeIsReportedOnItsName()
    {
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Usings +
            $"namespace Demo;\npublic class {{|CNVG0005:Outer|}}\n{{\n    public static partial class Layers\n    {{\n        [Conv2D({Good})] public static partial void K{Sig};\n    }}\n}}\n");
        DiagnosticMarkup.AssertDiagnostics(markup, TestSources.Run(markup.Source).GeneratorDiagnostics);

        GeneratorTestResult twin = TestSources.Run(TestSources.Usings +
            $"namespace Demo;\npublic partial class Outer\n{{\n    public static partial class Layers\n    {{\n        [Conv2D({Good})] public static partial void K{Sig};\n    }}\n}}\n");
        Assert.Empty(twin.GeneratorDiagnostics);
        twin.AssertNoErrors();
    }

    [Theory]
    [InlineData("Conv2D", "(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias)")]
    [InlineData("Conv2D", "(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput)")]
    [InlineData("ConvTranspose2D", "(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias)")]
    [InlineData("SlidingChannelConv", "(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias)")]
    public void AnUndefinedPassIsItsOnlyError(string attribute, string parameters)
    {
        // The pass decides which parameter lists fit; with no pass defined, any pass's list passes, so CNVG0108 stands
        // alone and the method gets its throwing body (no CNVG0004, no CS8795).
        string shape = attribute == "SlidingChannelConv"
            ? "InChannels = 4, OutChannels = 4, Height = 5, Width = 5, ChannelGroups = 2, Overlap = 0.5"
            : "InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1";
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Layers(
            $"[{attribute}({shape}, {{|CNVG0108:Pass = (ConvPass)3|}})] public static partial void K{parameters};"));
        GeneratorTestResult result = TestSources.Run(markup.Source);
        DiagnosticMarkup.AssertDiagnostics(markup, result.GeneratorDiagnostics);
        Assert.DoesNotContain(result.OutputErrors, d => d.Id == "CS8795");
    }

    [Theory]
    [InlineData("Conv2D(InChannels = 6000, OutChannels = 6000, Height = 64, Width = 64, KernelSize = 3, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 6, AllowLowPrecisionWinograd = true)", "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)", "CNVG0132")]
    [InlineData("Conv2D(InChannels = 6000, OutChannels = 6000, Height = 64, Width = 64, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 6, AllowLowPrecisionWinograd = true)", "(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights)", "CNVG0132")]
    [InlineData("Conv2D(InChannels = 1, OutChannels = 1, Height = 23000, Width = 23000, KernelSize = 3, Padding = 1, Pass = ConvPass.BackwardWeights, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 6, AllowLowPrecisionWinograd = true)", "(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights)", "CNVG0132")]
    [InlineData("ConvTranspose2D(InChannels = 5792, OutChannels = 5792, Height = 4, Width = 4, KernelSize = 4, Stride = 2, Padding = 1, Algorithm = ConvAlgorithm.Winograd, WinogradTile = 4)", "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)", "CNVG0142")]
    [InlineData("Conv2D(InChannels = 6000, OutChannels = 6000, Height = 64, Width = 64, KernelSize = 3, Padding = 1, AllowLowPrecisionWinograd = true)", "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)", null)]
    public void WinogradBuffersBeyondTheSizeLimitFallBackToDirect(string attribute, string parameters, string? warning)
    {
        // Their transformed weights or inputs would overflow the kernel's int size constants (CS0220 in generated code):
        // forced, Winograd warns with the sizes and falls back to direct; Auto does not consider it.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[{attribute}] public static partial void K{parameters};"));
        if (warning is null)
        {
            Assert.Empty(result.GeneratorDiagnostics);
        }
        else
        {
            Assert.Contains("its transformed buffers would hold up to", result.SingleDiagnosticMessage(warning));
        }
        Assert.Empty(result.OutputErrors);
        Assert.DoesNotContain("Winograd F(", Assert.Single(result.GeneratedSources).Text);
    }

    [Theory]
    // Backward-data pads gradOutput by d·(k − 1) per side: 2100 planes of 1021 × 1021 and more.
    [InlineData("[{|CNVG0107:Conv2D|}(InChannels = 1, OutChannels = 2100, Height = 511, Width = 511, KernelSize = 3, Dilation = 255, Pass = ConvPass.BackwardData)] public static partial void K(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);", "zero-padded gradOutput")]
    // gradOutput is small, but the gradInput phase grids span the padded input: 16384 planes of 2113 × 2113.
    [InlineData("[{|CNVG0107:Conv2D|}(InChannels = 16384, OutChannels = 1, Height = 64, Width = 64, KernelSize = 3, Padding = 1024, Pass = ConvPass.BackwardData)] public static partial void K(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);", "zero-padded input")]
    // A transposed layer's forward pass is its equivalent convolution's backward-data: the padded tensor is its own input.
    [InlineData("[{|CNVG0107:ConvTranspose2D|}(InChannels = 2100, OutChannels = 1, Height = 1, Width = 1, KernelSize = 3, Dilation = 255)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);", "zero-padded input")]
    public void AZeroPaddedTensorBeyondTheSizeLimitIsReportedByItsRole(string declaration, string tensor)
    {
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Layers(declaration));
        GeneratorTestResult result = TestSources.Run(markup.Source);
        DiagnosticMarkup.AssertDiagnostics(markup, result.GeneratorDiagnostics);
        Assert.Contains(tensor + " of one image", Assert.Single(result.GeneratorDiagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(result.OutputErrors, d => d.Id == "CS0220");
    }

    [Theory]
    [InlineData("Conv2D", "public static int KPackWeights;")]
    [InlineData("Conv2D", "public static object KPackWeights(ReadOnlySpan<float> w) => null!;")]
    [InlineData("ConvTranspose2D", "private sealed class KPackWeights { }")]
    public void AMemberNamedLikeTheGeneratedPackerIsReportedOnTheKernel(string attribute, string member)
    {
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Layers(
            $"[{attribute}(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1)] public static partial void {{|CNVG0013:K|}}{Sig};\n{member}"));
        GeneratorTestResult result = TestSources.Run(markup.Source);
        DiagnosticMarkup.AssertDiagnostics(markup, result.GeneratorDiagnostics);
        Assert.Empty(result.OutputErrors);

        // A backward pass gets no packer, so the name is free for it.
        GeneratorTestResult backward = TestSources.Run(TestSources.Layers(
            $"[{attribute}(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1, Pass = ConvPass.BackwardWeights)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);\n{member}"));
        Assert.Empty(backward.GeneratorDiagnostics);
        backward.AssertNoErrors();
    }

    [Fact]
    public void FileLocalContainingTypeIsReportedOnItsModifier()
    {
        // The generated half of a file-local type would be another type, in another file: CNVG0012 on 'file', and no
        // generated body (it would be CS0759 in the generated file); the compiler's CS8795 stays, as with CNVG0005.
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Usings +
            $"namespace Demo;\n{{|CNVG0012:file|}} static partial class Layers\n{{\n    [Conv2D({Good})] public static partial void K{Sig};\n}}\n");
        GeneratorTestResult result = TestSources.Run(markup.Source);
        DiagnosticMarkup.AssertDiagnostics(markup, result.GeneratorDiagnostics);
        Assert.Empty(result.GeneratedSources);
        Assert.DoesNotContain(result.OutputErrors, d => d.Id == "CS0759");
    }

    [Fact]
    public void OldLanguageVersionIsReported()
    {
        string source = TestSources.Usings + $"namespace Demo\n{{\n    public static partial class Layers\n    {{\n        [Conv2D({Good})] public static partial void {{|CNVG0007:K|}}{Sig};\n    }}\n}}\n";
        MarkupSource markup = DiagnosticMarkup.Parse(source);
        Compilation compilation = TestSources.Compile(markup.Source)
            .RemoveAllSyntaxTrees()
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(markup.Source, new CSharpParseOptions(LanguageVersion.CSharp10), "Source0.cs"));
        DiagnosticMarkup.AssertDiagnostics(markup, GeneratorHarness.Run(new ConvGenerator(), compilation).GeneratorDiagnostics);
    }

    [Fact]
    public void TwoKernelAttributesOnOneMethodLeaveTheOtherKernelsAlone()
    {
        // Both pipelines once added the same hint name and the generator threw, dropping every kernel of the project.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"[Conv2D({Good})][ConvTranspose2D({Good})] public static partial void Both{Sig};\n" +
            $"[Conv2D({Good})] public static partial void Fine{Sig};"));
        Assert.Null(result.GeneratorException);
        Assert.Equal("CNVG0008", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Empty(result.OutputErrors); // Both gets the throwing body: no CS8795 next to CNVG0008
        Assert.Equal(2, result.GeneratedSources.Length);
        Assert.Contains(result.GeneratedSources, s => s.Text.Contains("ConvGen did not generate 'Both'"));
        Assert.Contains(result.GeneratedSources, s => s.Text.Contains("void Fine(") && s.Text.Contains("KernelRunner.Run"));
    }

    [Fact]
    public void AnAttributeErrorIsTheOnlyErrorOfTheBuild()
    {
        // The method itself is fine, so it gets a body that throws instead of the kernel: no CS8795 on its name.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Stride = 0)] internal static partial void K{Sig};"));
        Assert.Equal("CNVG0102", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Empty(result.OutputErrors);
        GeneratedSource body = Assert.Single(result.GeneratedSources);
        Assert.Contains("internal static partial void K(global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<float> weights, global::System.Span<float> output) =>", body.Text);
        Assert.Contains("throw new global::System.InvalidOperationException(", body.Text);

        // A malformed method gets nothing: its own error says what to fix.
        GeneratorTestResult malformed = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Stride = 0)] public partial void K{Sig};"));
        Assert.Empty(malformed.GeneratedSources);
    }

    [Theory]
    [InlineData("(ReadOnlySpan<float> input, Span<float> output)")]
    [InlineData("(float[] input, float[] weights, float[] output)")]
    [InlineData("(ref float input, in float weights, out float output, params float[] more)")]
    [InlineData("(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, string? name = null, (int Rows, int Columns) tile = default)")]
    [InlineData("(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, ref readonly int count)")]
    [InlineData("(ReadOnlySpan<float> @event, Span<float> @object)")]
    public void WrongParametersAreTheOnlyErrorOfTheBuild(string parameters)
    {
        // CNVG0004 alone: the throwing body repeats the user's parameters (types, ref kinds, params; not the defaults),
        // so the compiler adds no CS8795 inviting the wrong fix (removing 'public'), and nothing else.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good})] public static partial void K{parameters};"));
        Assert.Equal("CNVG0004", Assert.Single(result.GeneratorDiagnostics).Id);
        GeneratedSource body = Assert.Single(result.GeneratedSources);
        Assert.Empty(result.OutputDiagnostics); // no error, and no warning either (nullability, defaults)
        Assert.Matches(@"\.Unmatched\.[0-9a-f]{8}\.g\.cs$", body.HintName);
        Assert.Contains("its parameters are not a list its pass takes (see the CNVG diagnostics)", body.Text);
    }

    [Theory]
    [InlineData("(scoped ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)")] // 'scoped' is not repeated
    [InlineData("(Missing input, ReadOnlySpan<float> weights, Span<float> output)")]                     // a type that does not bind
    [InlineData("(ReadOnlySpan<float> input, __arglist)")]                                               // not among the parameters
    [InlineData("(ReadOnlySpan<float> input, params float[] more, Span<float> output)")]                 // CS0231: not twice
    [InlineData("(ReadOnlySpan<float> input, Hidden weights, Span<float> output)")]                      // CS0051: not twice
    public void ParametersABodyCannotRepeatLeaveTheCompilersError(string parameters)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"private sealed class Hidden {{ }}\n[Conv2D({Good})] public static partial void K{parameters};"));
        Assert.Equal("CNVG0004", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Empty(result.GeneratedSources);
        Assert.Contains(result.OutputErrors, d => d.Id == "CS8795");
    }

    [Fact]
    public void ATypeFromAnExternAliasKeepsTheCompilersError()
    {
        // global::LibNs.T does not reach a reference that has only the alias Other.
        CSharpCompilation library = CSharpCompilation.Create("Lib", new[] { CSharpSyntaxTree.ParseText("namespace LibNs; public sealed class T { }") },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) }, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new System.IO.MemoryStream();
        Assert.True(library.Emit(image).Success);
        MetadataReference aliased = MetadataReference.CreateFromImage(image.ToArray(), new MetadataReferenceProperties(aliases: System.Collections.Immutable.ImmutableArray.Create("Other")));
        Compilation compilation = TestSources.Compile("extern alias Other;\n" + TestSources.Layers(
            $"[Conv2D({Good})] public static partial void K(ReadOnlySpan<float> input, Other::LibNs.T t);")).AddReferences(aliased);
        GeneratorTestResult result = GeneratorHarness.Run(new ConvGenerator(), compilation);
        Assert.Equal("CNVG0004", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Empty(result.GeneratedSources);
        Assert.Equal("CS8795", Assert.Single(result.OutputErrors).Id);
    }

    [Fact]
    public void ATypeNestedInAGenericTypeIsNotASpan()
    {
        // Outer<int>.Inner is generic (its containing type is) without type arguments of its own: once CNVG0900.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "public sealed class Outer<T> { public sealed class Inner { } }\n" +
            $"[Conv2D({Good})] public static partial void K(ReadOnlySpan<float> input, Outer<int>.Inner weights, Span<float> output);"));
        Assert.Null(result.GeneratorException);
        Assert.Equal("CNVG0004", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Empty(result.OutputErrors);
    }

    [Fact]
    public void UnmatchedOverloadsLeaveEachOtherAndTheValidOneTheirFiles()
    {
        // ReadOnlySpan<double> reads as an R kind, and the two unmatched lists have the same count and kinds: without
        // names of their own the three would share files and lose their bodies (CS8795) or the kernel.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"[Conv2D({Good})] public static partial void K{Sig};\n" +
            $"[Conv2D({Good})] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<double> weights, Span<float> output);\n" +
            $"[Conv2D({Good})] public static partial void K(ReadOnlySpan<double> input, ReadOnlySpan<float> weights, Span<float> output);"));
        Assert.Equal(new[] { "CNVG0004", "CNVG0004" }, result.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(result.OutputErrors);
        Assert.Equal(3, result.HintNames.Distinct().Count());
        Assert.Contains("KernelRunner.Run", result.GeneratedSources.Single(s => s.HintName == "Demo.Layers.K.g.cs").Text);
    }

    [Theory]
    [InlineData("(ReadOnlySpan<byte> input, ReadOnlySpan<float> weights, Span<float> output)", true)]
    [InlineData("(ReadOnlySpan<float> input, double[] weights, Span<float> output)", true)]
    [InlineData("(ReadOnlySpan<Half> input, ReadOnlySpan<float> weights, Span<float> output)", true)]
    [InlineData("(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, ReadOnlySpan<char> name)", false)]
    public void SpansOfOtherNumbersAreToldToConvertToFloat(string parameters, bool told)
    {
        // An image user's bytes: the kernels take float only, which the list of expected spans alone does not say.
        string message = TestSources.Run(TestSources.Layers($"[Conv2D({Good})] public static partial void K{parameters};")).SingleDiagnosticMessage("CNVG0004");
        Assert.Equal(told, message.EndsWith("; the kernels compute in float, so convert byte, double or Half data into a float buffer first", System.StringComparison.Ordinal));
    }

    [Fact]
    public void WrongParametersAreQuotedWithTheirModifiersAsWritten()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"[Conv2D({Good})] public static partial void K(ReadOnlySpan<float> input, ref readonly Span<float> weights, params ReadOnlySpan<float> output);"));
        string message = result.SingleDiagnosticMessage("CNVG0004");
        Assert.Contains("has parameters (ReadOnlySpan<float> input, ref readonly Span<float> weights, params ReadOnlySpan<float> output);", message);
        Assert.DoesNotContain("scoped", message); // a params span is implicitly scoped, but nobody wrote it
    }

    [Theory]
    [InlineData("BackwardWeights", "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)", "(input, weights, output), but the BackwardWeights pass reads them as (input, gradOutput, gradWeights)")]
    [InlineData("BackwardData", "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)", "(input, weights, output), but the BackwardData pass reads them as (gradOutput, weights, gradInput)")]
    [InlineData("Forward", "(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, Span<float> output)", "(weights, input, output), but the Forward pass reads them as (input, weights, output)")]
    public void ParametersNamedAfterAnotherRoleAreAWarningOnTheList(string pass, string parameters, string message)
    {
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Layers($"[Conv2D({Good}, Pass = ConvPass.{pass})] public static partial void K{{|CNVG0011:{parameters}|}};"));
        GeneratorTestResult result = TestSources.Run(markup.Source);
        DiagnosticMarkup.AssertDiagnostics(markup, result.GeneratorDiagnostics);
        Diagnostic warning = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains(message, warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(result.GeneratedSources); // a warning: the kernel is still generated

        // Names that are no role's are the user's business.
        GeneratorTestResult neutral = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Pass = ConvPass.{pass})] public static partial void K(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y);"));
        Assert.Empty(neutral.GeneratorDiagnostics);
    }

    [Fact]
    public void VerbatimIdentifiersGenerateCompilingKernelsAndBodies()
    {
        // A keyword namespace, type and method (@event, @class, @fixed): '@' must stay in the code and leave the hint name.
        string source = TestSources.Usings + "namespace @event.Demo;\npublic static partial class @class\n{\n" +
            $"    [Conv2D({Good})] public static partial void @fixed{Sig};\n" +
            $"    [Conv2D({Good}, Stride = 0)] public static partial void @checked{Sig};\n}}\n";
        GeneratorTestResult result = TestSources.Run(source);
        Assert.Null(result.GeneratorException);
        Assert.Equal("CNVG0102", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Empty(result.OutputErrors);
        Assert.Equal(new[] { "event.Demo.class.checked.g.cs", "event.Demo.class.fixed.g.cs" }, result.HintNames);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Layers(
            $"[Conv2D(InChannels = 10, OutChannels = 8, Height = 4, Width = 4, {{|CNVG0105:KernelSize = 7|}}, {{|CNVG0104:Groups = 4|}}, {{|CNVG0102:StrideWidth = 0|}}, {{|CNVG0103:PaddingHeight = -2|}})]\n" +
            $"public static {{|CNVG0003:int|}} K{Sig} {{|CNVG0002:{{ return 0; }}|}}"));
        DiagnosticMarkup.AssertDiagnostics(markup, TestSources.Run(markup.Source).GeneratorDiagnostics);
    }

    [Fact]
    public void MessagesNameTheValueAndTheAllowedRange()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Stride = 300)] public static partial void K{Sig};"));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("'Stride' is 300; it must be in [1, 255]", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Theory]
    [InlineData("BackwardData", "the BackwardData pass takes (ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);")]
    [InlineData("BackwardWeights", "the BackwardWeights pass takes (ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights) or (ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);")]
    public void WrongParametersNameTheListsOfThePassAndThePassWhoseListTheyAre(string pass, string expected)
    {
        // The forward list with a bias has a shape neither backward pass accepts (only span types and order count, not
        // names); with the forward names too, it is the forward list, so the message says which Pass would take it.
        const string forwardWithBias = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)";
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Pass = ConvPass.{pass})] public static partial void K{forwardWithBias};"));
        string message = result.SingleDiagnosticMessage("CNVG0004");
        Assert.Contains(expected, message);
        Assert.EndsWith("this is the Forward pass's list: set Pass = ConvPass.Forward if the kernel is meant to compute that pass", message);

        // Other names: the span types alone are no evidence of a forgotten Pass.
        result = TestSources.Run(TestSources.Layers($"[Conv2D({Good}, Pass = ConvPass.{pass})] public static partial void K(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y);"));
        Assert.EndsWith(expected.TrimEnd(';'), result.SingleDiagnosticMessage("CNVG0004"));
    }

    [Theory]
    [InlineData("Conv2D", DataSig, "BackwardData")]
    [InlineData("Conv2D", WeightsBiasSig, "BackwardWeights")]
    [InlineData("ConvTranspose2D", "(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights)", "BackwardWeights")]
    [InlineData("SlidingChannelConv", DataSig, "BackwardData")]
    public void AForgottenPassIsNamedAsTheLikelyCause(string attribute, string parameters, string meant)
    {
        // A backward method declared without Pass: the three-span lists type-check as the forward pass and would
        // silently compute a forward convolution, so the message must say Pass, not only "rename the parameters"; the
        // four-span list does not type-check (CNVG0004), and the message says which pass it is.
        string shape = attribute == "SlidingChannelConv"
            ? "InChannels = 4, OutChannels = 4, Height = 5, Width = 5, ChannelGroups = 2, Overlap = 0.5"
            : "InChannels = 4, OutChannels = 4, Height = 8, Width = 8, KernelSize = 4, Stride = 2, Padding = 1";
        GeneratorTestResult result = TestSources.Run(TestSources.Layers($"[{attribute}({shape})] public static partial void K{parameters};"));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(parameters.Split(',').Length == 4 ? "CNVG0004" : "CNVG0011", diagnostic.Id);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("the Forward pass (Pass is not set)", message);
        Assert.Contains($"set Pass = ConvPass.{meant}", message);

        // Declared with that pass, it is clean.
        GeneratorTestResult fixedPass = TestSources.Run(TestSources.Layers($"[{attribute}({shape}, Pass = ConvPass.{meant})] public static partial void K{parameters};"));
        Assert.Empty(fixedPass.GeneratorDiagnostics);
        fixedPass.AssertNoErrors();
    }

    [Fact]
    public void EveryDescriptorHasAUniqueTrackedId()
    {
        DiagnosticDescriptor[] descriptors = typeof(DiagnosticDescriptors).GetFields()
            .Select(f => f.GetValue(null)).OfType<DiagnosticDescriptor>().ToArray();
        Assert.Equal(descriptors.Length, descriptors.Select(d => d.Id).Distinct().Count());
        string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "generator", "ConvGen.Generator", "AnalyzerReleases.Unshipped.md"));
        Assert.All(descriptors, d => Assert.Contains(d.Id + " |", releases));
    }

    [Fact]
    public void PlanningFailureBecomesADiagnosticNotAnException()
    {
        // A layer the parser would reject (an unrollable 700-wide kernel) fed straight to the planner.
        var layer = new Model.LayerSpec(1, 1, 1, 800, 1, 700, 1, 1, 0, 0, 1, 1, 1, Model.ActivationKind.None, Model.AlgorithmKind.Auto, false);
        var spec = new Model.KernelSpec(new Model.MethodSpec("Demo", Helpers.EquatableArray<Model.ContainingTypeSpec>.Empty, "K", "static partial",
            Helpers.EquatableArray<string>.Empty), layer);
        PlanResult result = PlanResult.Create(spec);
        Assert.Null(result.Model);
        Assert.Contains("No scalar tile", result.Failure);
    }

    internal static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "..", "..", ".."));
}
