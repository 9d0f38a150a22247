using System.Globalization;
using System.Linq;
using ConvGen.Generator.Parsing;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// [SlidingChannelConv] diagnostics: one bad case per rule, with the ID on the exact span, and a valid twin that
/// differs only in the offending part and compiles clean (CNVG0120-0125, and the shared CNVG0004/0101/0102/0108).
/// </summary>
public sealed class SccDiagnosticTests
{
    private const string Fwd = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)";
    private const string Data = "(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput)";
    private const string Shape = "InChannels = 8, OutChannels = 12, Height = 4, Width = 5";
    private const string Good = Shape + ", ChannelGroups = 2, Overlap = 0.5";

    private static string K(string arguments, string signature = Fwd) => $"[SlidingChannelConv({arguments})] public static partial void K{signature};";

    public static TheoryData<string, string, string> Cases => new()
    {
        { "CNVG0120", K($"{Shape}, {{|CNVG0120:ChannelGroups = 3|}}, Overlap = 0.5"), K($"{Shape}, ChannelGroups = 4, Overlap = 0.5") },
        { "CNVG0121", K($"{Shape}, ChannelGroups = 2, {{|CNVG0121:Overlap = 1.5|}}"), K($"{Shape}, ChannelGroups = 2, Overlap = 1") },
        { "CNVG0121", K($"{Shape}, ChannelGroups = 2, {{|CNVG0121:OverlapChannels = 5|}}"), K($"{Shape}, ChannelGroups = 2, OverlapChannels = 4") },
        { "CNVG0121", K($"{Shape}, ChannelGroups = 2, {{|CNVG0121:OverlapChannels = -1|}}"), K($"{Shape}, ChannelGroups = 2, OverlapChannels = 0") },
        { "CNVG0122", K($"{Good}, {{|CNVG0122:OverlapChannels = 2|}}"), K($"{Shape}, ChannelGroups = 2, OverlapChannels = 2") },
        { "CNVG0123", K($"{Shape}, ChannelGroups = 2, {{|CNVG0123:Overlap = 0.33|}}"), K($"{Shape}, ChannelGroups = 2, OverlapChannels = 1") },
        { "CNVG0124", K($"{Good}, Pass = ConvPass.BackwardData, {{|CNVG0124:Activation = Activation.Relu|}}", Data), K($"{Good}, Pass = ConvPass.BackwardData", Data) },
        { "CNVG0126", K($"{Good}, Activation = Activation.LeakyRelu, {{|CNVG0126:NegativeSlope = 2|}}"), K($"{Good}, Activation = Activation.LeakyRelu, NegativeSlope = 0.2f") },
        { "CNVG0127", K($"{Good}, Pass = ConvPass.BackwardData, {{|CNVG0127:NegativeSlope = 0.2f|}}", Data), K($"{Good}, Pass = ConvPass.BackwardData", Data) },
        { "CNVG0125", K("InChannels = 1024, OutChannels = 1024, Height = 7, Width = 7, ChannelGroups = 2, {|CNVG0125:OverlapChannels = 511|}, Pass = ConvPass.BackwardData", Data),
            K("InChannels = 1024, OutChannels = 1024, Height = 7, Width = 7, ChannelGroups = 2, OverlapChannels = 256, Pass = ConvPass.BackwardData", Data) },
        { "CNVG0125", K("InChannels = 1500, OutChannels = 1500, Height = 2, Width = 2, ChannelGroups = 1, {|CNVG0125:OverlapChannels = 1499|}"),
            K("InChannels = 1500, OutChannels = 1500, Height = 2, Width = 2, ChannelGroups = 1, OverlapChannels = 750") },
        { "CNVG0101", $"[{{|CNVG0101:SlidingChannelConv|}}({Shape}, Overlap = 0.5)] public static partial void K{Fwd};", K(Good) },
        { "CNVG0101", $"[{{|CNVG0101:SlidingChannelConv|}}({Shape}, ChannelGroups = 2)] public static partial void K{Fwd};", K(Good) },
        { "CNVG0102", K($"{Shape}, {{|CNVG0102:ChannelGroups = 0|}}, Overlap = 0.5"), K(Good) },
        { "CNVG0102", K($"InChannels = 8, OutChannels = 12, {{|CNVG0102:Height = -4|}}, Width = 5, ChannelGroups = 2, Overlap = 0.5"), K(Good) },
        { "CNVG0108", K($"{Good}, {{|CNVG0108:Pass = (ConvPass)3|}}"), K($"{Good}, Pass = ConvPass.Forward") },
        { "CNVG0004", $"[SlidingChannelConv({Good}, Pass = ConvPass.BackwardData)] public static partial void K{{|CNVG0004:{Fwd.Replace("Span<float> output", "ReadOnlySpan<float> bias, Span<float> output")}|}};", K($"{Good}, Pass = ConvPass.BackwardData", Data) },
        { "CNVG0004", $"[SlidingChannelConv({Good}, Pass = ConvPass.BackwardWeights)] public static partial void K{{|CNVG0004:(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> gradWeights)|}};",
            $"[SlidingChannelConv({Good}, Pass = ConvPass.BackwardWeights)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);" },
    };

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
    public void NonIntegralOverlapIsInformationalNamesBothRoundingsAndStillGenerates()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(K("InChannels = 64, OutChannels = 64, Height = 4, Width = 4, ChannelGroups = 8, Overlap = 0.33")));
        result.AssertNoErrors();
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        // gw = 8: co·gw = 2.64, ConvGen uses 2 (stride 6); DSXplore CUDA: ⌊f32(0.67)·8⌋ = 5 (scc-spec §2.2).
        Assert.Equal(
            "Overlap = 0.33 with group width gw = 8 gives co·gw = 2.64 channels; ConvGen uses ⌊co·gw⌋ = 2 overlapping channels (channel stride 6), " +
            "as DSXplore's PyTorch reference does, while DSXplore's CUDA kernels assume a stride of 5 (3 overlapping channels); set OverlapChannels in [0, 8] to state the overlap exactly",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Single(result.GeneratedSources);
    }

    [Fact]
    public void MessagesNameTheValueAndTheAllowedRange()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(K($"{Shape}, ChannelGroups = 3, Overlap = 0.5")));
        Assert.Equal("'ChannelGroups' is 3 but InChannels is 8, which is not a multiple of it; ChannelGroups must divide InChannels: one of 1, 2, 4 or 8",
            Assert.Single(result.GeneratorDiagnostics).GetMessage(CultureInfo.InvariantCulture));
        result = TestSources.Run(TestSources.Layers(K($"{Shape}, ChannelGroups = 2, OverlapChannels = 9")));
        Assert.Equal("'OverlapChannels' is 9; it must be in [0, 4] (the group width gw = InChannels / ChannelGroups)",
            Assert.Single(result.GeneratorDiagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Layers(
            $"[SlidingChannelConv(InChannels = 8, OutChannels = 4, {{|CNVG0102:Height = 0|}}, Width = 4, {{|CNVG0120:ChannelGroups = 3|}}, Overlap = 0.5, {{|CNVG0122:OverlapChannels = 1|}}, Pass = ConvPass.BackwardWeights, {{|CNVG0124:Activation = Activation.Relu6|}})]\n" +
            "public static partial void K{|CNVG0004:(ReadOnlySpan<float> input, Span<float> gradWeights)|};"));
        DiagnosticMarkup.AssertDiagnostics(markup, TestSources.Run(markup.Source).GeneratorDiagnostics);
    }

    [Fact]
    public void OverlyIrregularChannelTableIsADiagnosticOnTheOverlap()
    {
        // Cin = 1021 is prime: the cycle is L = 1021 windows and every channel is read by 1021 filters at scattered taps.
        // The limit is found at parse time, so it is reported on the overlap and the method gets its throwing body.
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Layers(K("InChannels = 1021, OutChannels = 1021, Height = 1, Width = 1, ChannelGroups = 1, {|CNVG0125:OverlapChannels = 255|}, Pass = ConvPass.BackwardData", Data)));
        GeneratorTestResult result = TestSources.Run(markup.Source);
        Assert.Null(result.GeneratorException);
        DiagnosticMarkup.AssertDiagnostics(markup, result.GeneratorDiagnostics);
        Assert.Contains("constant data", Assert.Single(result.GeneratorDiagnostics).GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains("throw new global::System.InvalidOperationException", Assert.Single(result.GeneratedSources).Text);
        Assert.Empty(result.OutputErrors);
    }

    [Fact]
    public void AttributeNamesMatchTheRuntime()
    {
        Assert.Equal(SlidingChannelParser.AttributeMetadataName, typeof(SlidingChannelConvAttribute).FullName);
        Assert.Equal(new[] { "Forward", "BackwardData", "BackwardWeights" }, System.Enum.GetNames<ConvPass>());
        Assert.Equal(new[] { 0, 1, 2 }, System.Enum.GetValues<ConvPass>().Select(p => (int)p));
    }
}
