using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// The <c>{Method}Shape</c> property generated next to every kernel: its type per attribute, its name where kernels
/// share a method name, and a user's member of that name. The values are checked in the kernel tests, against every
/// attribute of that assembly read by reflection.
/// </summary>
public class ShapePropertyTests
{
    private const string Dense = "InChannels = 4, OutChannels = 6, Height = 5, Width = 5, KernelSize = 3, Padding = 1";

    [Theory]
    [InlineData("[Conv2D(" + Dense + ")] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);", "ConvGen.Reference.Conv2DShape")]
    [InlineData("[Conv2D(" + Dense + ", Pass = ConvPass.BackwardData)] public static partial void K(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);", "ConvGen.Reference.Conv2DShape")]
    [InlineData("[Conv2D(" + Dense + ", Pass = ConvPass.BackwardWeights)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);", "ConvGen.Reference.Conv2DShape")]
    [InlineData("[Conv2D(" + Dense + ", Algorithm = ConvAlgorithm.Winograd)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);", "ConvGen.Reference.Conv2DShape")]
    [InlineData("[ConvTranspose2D(" + Dense + ", Stride = 2, OutputPadding = 1, Activation = Activation.LeakyRelu, NegativeSlope = 0.2f)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);", "ConvGen.Reference.ConvTranspose2DShape")]
    [InlineData("[ConvTranspose2D(" + Dense + ", Pass = ConvPass.BackwardWeights)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);", "ConvGen.Reference.ConvTranspose2DShape")]
    [InlineData("[SlidingChannelConv(InChannels = 8, OutChannels = 6, Height = 5, Width = 5, ChannelGroups = 2, Overlap = 0.5, Activation = Activation.Gelu)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);", "ConvGen.Reference.SlidingChannelConvShape")]
    [InlineData("[SlidingChannelConv(InChannels = 8, OutChannels = 6, Height = 5, Width = 5, ChannelGroups = 2, OverlapChannels = 3, Pass = ConvPass.BackwardData)] public static partial void K(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);", "ConvGen.Reference.SlidingChannelConvShape")]
    public void EveryKernelGetsAShapePropertyOfItsAttributesKind(string declaration, string type)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(declaration +
            "\npublic static int Sizes() => KShape.InputImage + KShape.OutputImage + KShape.WeightCount;"));
        Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Severity != DiagnosticSeverity.Info));
        result.AssertNoErrors();
        IPropertySymbol property = Property(result, "KShape");
        Assert.Equal(type, property.Type.ToDisplayString());
        Assert.True(property.IsStatic && property.IsReadOnly);
        Assert.Equal(Accessibility.Public, property.DeclaredAccessibility);
    }

    [Fact]
    public void TheShapePropertyTakesTheKernelsAccessibility()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "[Conv2D(" + Dense + ")] internal static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);"));
        result.AssertNoErrors();
        Assert.Equal(Accessibility.Internal, Property(result, "KShape").DeclaredAccessibility);
    }

    [Fact]
    public void KernelsSharingANameGetOneShapePropertyPerForm()
    {
        // The three forms one name can have: three spans, forward with bias (RRRS), backward-weights with gradBias (RRSS).
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "[Conv2D(" + Dense + ")] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);\n" +
            "[Conv2D(InChannels = 4, OutChannels = 8, Height = 5, Width = 5, KernelSize = 1)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);\n" +
            "[Conv2D(" + Dense + ", Pass = ConvPass.BackwardWeights)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);\n" +
            "public static int Sizes() => KShape.WeightCount + KShapeWithBias.WeightCount + KShapeWithBiasGradient.WeightCount;"));
        Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Severity != DiagnosticSeverity.Info));
        result.AssertNoErrors();
        Assert.Equal(new[] { "KShape", "KShapeWithBias", "KShapeWithBiasGradient" },
            result.GeneratedSources.SelectMany(s => PropertyNames(s.Text)).OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public void ALoneKernelWithBiasIsStillKShape()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "[Conv2D(" + Dense + ")] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);\n" +
            "public static void K(int notAKernel) { }\n" +
            "public static int Sizes() => KShape.OutChannels;"));
        result.AssertNoErrors();
    }

    [Theory]
    [InlineData("public static readonly int[] KShape = { 1, 2 };")]
    [InlineData("public static int KShape() => 3;")]
    [InlineData("public sealed class KShape { }")]
    public void AMemberOfTheUsersOwnNamedLikeThePropertyIsKept(string member)
    {
        // Users who wrote their own KShape before ConvGen had one keep it: no property, no diagnostic, no CS0102.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "[Conv2D(" + Dense + ")] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);\n" + member));
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        Assert.Empty(result.GeneratedSources.SelectMany(s => PropertyNames(s.Text)));
    }

    [Theory]
    [InlineData("public class Base { public const int KShape = 3; }", "public partial class Layers : Base", "public static int Twice => KShape * 2;")]
    [InlineData("public class Base { protected static int KShape() => 3; }", "public partial class Layers : Base", "public static int Three => KShape();")]
    [InlineData("public class Base : Deeper { } public class Deeper { public static string KShape = \"mine\"; }", "public partial class Layers : Base", "public static int Length => KShape.Length;")]
    [InlineData("", "public static partial class KShape", "")]
    public void AnInheritedMemberOrTheTypesOwnNameIsKept(string baseTypes, string type, string use)
    {
        // A property there would hide the base member (CS0108, and a change of meaning for code using it) or take the
        // type's own name (CS0542).
        GeneratorTestResult result = TestSources.Run(TestSources.Usings + "namespace Demo;\n" + baseTypes + "\n" + type + "\n{\n" +
            "[Conv2D(" + Dense + ")] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);\n" + use + "\n}\n");
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        Assert.Empty(result.OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(result.GeneratedSources.SelectMany(s => PropertyNames(s.Text)));
    }

    [Fact]
    public void ABaseTypesPrivateMemberDoesNotTakeThePropertyAway()
    {
        // Private members are not inherited: nothing to hide, and the kernel's type gets its KShape.
        GeneratorTestResult result = TestSources.Run(TestSources.Usings + "namespace Demo;\npublic class Base { private static int KShape = 3; public static int Own => KShape; }\n" +
            "public partial class Layers : Base\n{\n[Conv2D(" + Dense + ")] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);\n" +
            "public static int Sizes => KShape.WeightCount;\n}\n");
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        Assert.Equal(new[] { "KShape" }, result.GeneratedSources.SelectMany(s => PropertyNames(s.Text)));
    }

    [Fact]
    public void AnInvalidLayerGetsNoShapeProperty()
    {
        // The throwing body that keeps CS8795 away carries no shape: the layer it would describe is not valid.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "[Conv2D(InChannels = 4, OutChannels = 6, Height = 5, Width = 5, KernelSize = 9)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);"));
        Assert.NotEmpty(result.GeneratorDiagnostics);
        Assert.Empty(result.GeneratedSources.SelectMany(s => PropertyNames(s.Text)));
    }

    private static IPropertySymbol Property(GeneratorTestResult result, string name) =>
        Assert.Single(result.OutputCompilation.GetTypeByMetadataName("Demo.Layers")!.GetMembers(name).OfType<IPropertySymbol>());

    /// <summary>The names of the generated <c>…Shape…</c> properties (expression-bodied members of a ConvGen.Reference shape type).</summary>
    private static System.Collections.Generic.IEnumerable<string> PropertyNames(string source) =>
        source.Split('\n').Select(line => line.Trim())
            .Where(line => line.Contains("global::ConvGen.Reference.", System.StringComparison.Ordinal) && line.Contains(" => new(", System.StringComparison.Ordinal))
            .Select(line => line.Substring(0, line.IndexOf(" => new(", System.StringComparison.Ordinal)).Split(' ').Last());
}
