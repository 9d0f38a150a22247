using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>
/// The generator never throws and never reports an internal failure, whatever the user is halfway through typing
/// (every prefix of a long declaration), however odd the arguments, or when a look-alike attribute is declared.
/// </summary>
public sealed class RobustnessTests
{
    private const string Declaration =
        "[Conv2D(InChannels = 8, OutChannels = 16, Height = 9, Width = 11, KernelHeight = 3, KernelWidth = 5, StrideHeight = 2, " +
        "PaddingWidth = 2, DilationHeight = 2, Groups = 4, Activation = Activation.Relu6, Algorithm = ConvAlgorithm.Direct)]\n" +
        "public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);";

    private static void AssertNoCrash(GeneratorTestResult result, string context)
    {
        Assert.True(result.GeneratorException is null, $"{context}\n{result.GeneratorException}");
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "CNVG0900");
    }

    /// <summary>No kernel, only the throwing body that keeps CS8795 away from the attribute's own errors.</summary>
    private static void AssertOnlyUnimplementedBody(GeneratorTestResult result)
    {
        Assert.NotEmpty(result.GeneratedSources);
        Assert.All(result.GeneratedSources, s => Assert.Contains("throw new global::System.InvalidOperationException(\"ConvGen did not generate 'K'", s.Text));
        Assert.DoesNotContain(result.OutputDiagnostics, d => d.Id == "CS8795");
    }

    [Fact]
    public void EveryPrefixOfADeclarationIsHandled()
    {
        for (int length = 1; length <= Declaration.Length; length += 3)
        {
            string prefix = Declaration.Substring(0, length);
            AssertNoCrash(TestSources.Run(TestSources.Layers(prefix)), prefix);
        }
        GeneratorTestResult full = TestSources.Run(TestSources.Layers(Declaration));
        Assert.Empty(full.GeneratorDiagnostics);
        full.AssertNoErrors();
    }

    [Theory]
    [InlineData("InChannels = \"8\", OutChannels = 4, Height = 4, Width = 4, KernelSize = 1")]
    [InlineData("InChannels = 8, OutChannels = 4, Height = int.MaxValue, Width = int.MaxValue, KernelSize = 1")]
    [InlineData("InChannels = int.MinValue, OutChannels = -4, Height = 0, Width = -1, KernelSize = int.MinValue, Stride = int.MaxValue, Padding = int.MinValue")]
    [InlineData("InChannels = 8, OutChannels = 8, Height = 4, Width = 4, KernelSize = 3, Padding = 1, Groups = 0")]
    [InlineData("InChannels = 8, OutChannels = 8, Height = 4, Width = 4, KernelSize = 3, Algorithm = (ConvAlgorithm)(-1)")]
    [InlineData("8, 8, 4, 4")]
    [InlineData("")]
    public void GarbageArgumentsGiveDiagnosticsNotCrashes(string arguments)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"[Conv2D({arguments})]\npublic static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);"));
        AssertNoCrash(result, arguments);
        AssertOnlyUnimplementedBody(result);
    }

    [Theory]
    [InlineData("InChannels = \"8\", OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 2, Overlap = 0.5")]
    [InlineData("InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = \"2\", Overlap = 0.5")]
    [InlineData("InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 2, Overlap = \"half\"")]
    [InlineData("InChannels = 8, OutChannels = 8, Height = 4, Width = 4, ChannelGroups = 0, OverlapChannels = int.MinValue")]
    [InlineData("InChannels = int.MaxValue, OutChannels = int.MaxValue, Height = int.MaxValue, Width = 1, ChannelGroups = 1, Overlap = double.NaN")]
    [InlineData("")]
    public void SlidingChannelGarbageGivesDiagnosticsNotCrashes(string arguments)
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"[SlidingChannelConv({arguments})]\npublic static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);"));
        AssertNoCrash(result, arguments);
        AssertOnlyUnimplementedBody(result);
    }

    [Fact]
    public void ForwardAndBackwardWeightsOverloadsOfOneNameBothGenerate()
    {
        // Both take four parameters (input, weights, bias, output and input, gradOutput, gradWeights, gradBias): their
        // files must have different hint names, or Roslyn's AddSource throws and neither kernel is generated.
        const string shape = "InChannels = 8, OutChannels = 8, Height = 6, Width = 6, KernelSize = 3, Padding = 1";
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"[Conv2D({shape})]\npublic static partial void Layer(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);\n" +
            $"[Conv2D({shape}, Pass = ConvPass.BackwardWeights)]\npublic static partial void Layer(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias);"));
        AssertNoCrash(result, "overloads");
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        Assert.Equal(2, result.GeneratedSources.Count());
    }

    [Fact]
    public void KernelsWhoseNamesDifferOnlyInCaseBothGenerate()
    {
        // Roslyn compares hint names ignoring case, so K and k in one type (and the same pair of types, namespaces or
        // attributes: [Conv2D], [ConvTranspose2D], [SlidingChannelConv]) would get one file name and AddSource would throw.
        const string shape = "InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 3, Padding = 1";
        const string parameters = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);";
        string source = TestSources.Layers(
            $"[Conv2D({shape})]\npublic static partial void K{parameters}\n" +
            $"[Conv2D({shape}, Groups = 4)]\npublic static partial void k{parameters}\n" +
            $"[ConvTranspose2D({shape})]\npublic static partial void T{parameters}\n" +
            $"[ConvTranspose2D({shape}, Stride = 2)]\npublic static partial void t{parameters}\n" +
            $"[SlidingChannelConv(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, ChannelGroups = 2, Overlap = 0.5)]\npublic static partial void S{parameters}\n" +
            $"[SlidingChannelConv(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, ChannelGroups = 2, Overlap = 0.0)]\npublic static partial void s{parameters}");
        GeneratorTestResult result = TestSources.Run(source);
        AssertNoCrash(result, "names differing in case");
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
        Assert.Equal(6, result.GeneratedSources.Length);
        Assert.Equal(6, result.HintNames.Distinct(System.StringComparer.OrdinalIgnoreCase).Count());
        // The first of each pair keeps its plain name; the run is deterministic, so the second's name is too.
        Assert.Contains(result.HintNames, name => name == "Demo.Layers.K.g.cs");
        Assert.Equal(result.HintNames.AsEnumerable(), TestSources.Run(source).HintNames.AsEnumerable());
    }

    [Fact]
    public void AMethodDefinedTwiceIsLeftToTheCompiler()
    {
        // Both definitions would need the same file; neither gets one, and the compiler reports the duplicate.
        const string declaration = "[Conv2D(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 1)]\n" +
            "public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);\n";
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(declaration + declaration +
            "[Conv2D(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 1)]\n" +
            "public static partial void k(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);"));
        AssertNoCrash(result, "duplicate definition");
        Assert.Equal(new[] { "Demo.Layers.k.g.cs" }, result.HintNames.AsEnumerable());
        Assert.Contains(result.OutputErrors, d => d.Id is "CS0756" or "CS0111");
    }

    [Theory]
    [InlineData("[Conv2D({0})] public static partial void K(ReadOnlySpan<float> batch, ReadOnlySpan<float> packed, Span<float> output);")]
    [InlineData("[Conv2D({0})] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> batch, ReadOnlySpan<float> packed, Span<float> @batch_);")]
    [InlineData("[Conv2D({0}, Pass = ConvPass.BackwardData)] public static partial void K(ReadOnlySpan<float> batch, ReadOnlySpan<float> weights, Span<float> packed);")]
    [InlineData("[Conv2D({0}, Pass = ConvPass.BackwardWeights)] public static partial void K(ReadOnlySpan<float> batch, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> packed);")]
    [InlineData("[ConvTranspose2D({0})] public static partial void K(ReadOnlySpan<float> @batch, ReadOnlySpan<float> packed, Span<float> output);")]
    [InlineData("[ConvTranspose2D({0}, Pass = ConvPass.BackwardWeights)] public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> batch);")]
    [InlineData("[SlidingChannelConv(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, ChannelGroups = 2, Overlap = 0.5)] public static partial void K(ReadOnlySpan<float> batch, ReadOnlySpan<float> packed, Span<float> output);")]
    public void ParametersNamedLikeTheGeneratedLocalsCompile(string declaration)
    {
        // The generated bodies declare 'batch' (and the packed overload 'packed'); a parameter of that name renames the local.
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(string.Format(declaration,
            "InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 3, Padding = 1")));
        AssertNoCrash(result, declaration);
        Assert.Empty(result.GeneratorDiagnostics);
        result.AssertNoErrors();
    }

    [Theory]
    [InlineData("Conv2D", "", "Conv2D", ", Pass = ConvPass.BackwardWeights", "KPackWeights")]
    [InlineData("Conv2D", "", "Conv2D", ", Pass = ConvPass.BackwardData", "KPackWeights")]
    [InlineData("Conv2D", "", "Conv2D", "", "KPackWeightsWithBias")]
    [InlineData("Conv2D", "", "ConvTranspose2D", "", "KPackWeightsWithBias")]
    [InlineData("Conv2D", "", "ConvTranspose2D", ", Pass = ConvPass.BackwardData", "KPackWeightsWithBias")]
    [InlineData("ConvTranspose2D", "", "Conv2D", "", "KPackWeightsWithBias")]
    [InlineData("ConvTranspose2D", "", "ConvTranspose2D", ", Pass = ConvPass.BackwardWeights", "KPackWeights")]
    public void TheBiasFormsPackerIsRenamedOnlyBesideAnotherPacker(string biasAttribute, string biasPass, string otherAttribute, string otherPass, string biasPacker)
    {
        // K with bias next to a three-parameter K: WithBias only where the other K gets a KPackWeights of its own.
        const string shape = "InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 3, Padding = 1";
        string otherParameters = otherPass.Contains("BackwardData") ? "(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput)"
            : otherPass.Contains("BackwardWeights") ? "(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights)"
            : "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output)";
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            $"[{biasAttribute}({shape}{biasPass})]\npublic static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);\n" +
            $"[{otherAttribute}({shape}{otherPass})]\npublic static partial void K{otherParameters};\n" +
            $"public static object Packer(ReadOnlySpan<float> w) => {biasPacker}(w);"));
        AssertNoCrash(result, biasPacker);
        Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Severity != DiagnosticSeverity.Info));
        result.AssertNoErrors();
    }

    [Fact]
    public void ANewKernelHidesItsBaseMethodButTheGeneratedSiblingsHideNothing()
    {
        // 'new' belongs to K (it hides Base.K); copied onto KPackWeights and the packed overload it would be CS0109.
        GeneratorTestResult result = TestSources.Run(TestSources.Usings +
            "namespace Demo;\npublic class Base { public static void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output) { } }\n" +
            "public partial class Layers : Base\n{\n    [Conv2D(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, KernelSize = 3)]\n" +
            "    public static new partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);\n}\n");
        AssertNoCrash(result, "new");
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void UnknownPropertyIsLeftToTheCompiler()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "[Conv2D(InChannels = 8, OutChannels = 8, Height = 4, Width = 4, KernelSize = 3, Undefined = 3)]\n" +
            "public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);"));
        AssertNoCrash(result, "unknown property");
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains(result.OutputErrors, d => d.Id == "CS0246");
    }

    [Fact]
    public void LookAlikeAttributeInAnotherNamespaceIsIgnored()
    {
        GeneratorTestResult result = TestSources.Run(
            "using System;\nnamespace Other { public sealed class Conv2DAttribute : Attribute { public string? InChannels { get; set; } } }\n" +
            "namespace Demo { using Other; public static partial class Layers {\n" +
            "[Conv2D(InChannels = \"x\")] public static void K(ReadOnlySpan<float> input) { } } }\n");
        AssertNoCrash(result, "look-alike");
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void AttributeOnAnAccessorOperatorOrFinalizerIsReported()
    {
        // A method-targeted attribute may sit on these; ConvGen cannot implement them, and ignoring the attribute left the
        // user believing they had a kernel.
        const string attribute = "[Conv2D(InChannels = 4, OutChannels = 4, Height = 4, Width = 4, KernelSize = 1)]";
        MarkupSource markup = DiagnosticMarkup.Parse(TestSources.Usings + "namespace Demo;\npublic partial class Host\n{\n" +
            $"    public int P {{ {attribute} {{|CNVG0010:get|}} => 0; }}\n" +
            $"    {attribute} public static Host operator {{|CNVG0010:+|}}(Host a, Host b) => a;\n" +
            $"    {attribute} public static explicit operator {{|CNVG0010:int|}}(Host a) => 0;\n" +
            $"    {attribute} ~{{|CNVG0010:Host|}}() {{ }}\n}}\n");
        GeneratorTestResult result = TestSources.Run(markup.Source);
        AssertNoCrash(result, "accessor, operator, finalizer");
        DiagnosticMarkup.AssertDiagnostics(markup, result.GeneratorDiagnostics);
        Assert.Contains(result.GeneratorDiagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("the 'get' accessor of 'P'", System.StringComparison.Ordinal));
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void AttributeOnALocalFunctionIsNotAKernel()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "public static void Outer()\n{\n    [Conv2D(InChannels = 4, OutChannels = 4, Height = 4, Width = 4, KernelSize = 1)]\n" +
            "    static void Local(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output) { }\n}"));
        AssertNoCrash(result, "local function");
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void GeneratedDocumentationCommentsCompileWithoutWarnings()
    {
        // A project that generates XML documentation (and treats warnings as errors) compiles the generated doc
        // comments too: a cref naming the kernel matched both the plain and the packed overload (CS0419).
        const string shape = "InChannels = 8, OutChannels = 8, Height = 6, Width = 6, KernelSize = 3, Padding = 1";
        string source = TestSources.Layers(
            $"/// <summary>Forward with bias.</summary>\n[Conv2D({shape}, Activation = Activation.Relu6)]\npublic static partial void A(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);\n" +
            $"/// <summary>Forward without bias.</summary>\n[Conv2D({shape}, Groups = 8)]\npublic static partial void B(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);\n" +
            $"/// <summary>Transposed.</summary>\n[ConvTranspose2D({shape}, Stride = 2)]\npublic static partial void C(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);\n" +
            $"/// <summary>Backward-data.</summary>\n[Conv2D({shape}, Pass = ConvPass.BackwardData)]\npublic static partial void D(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);\n" +
            $"/// <summary>SCC.</summary>\n[SlidingChannelConv(InChannels = 4, OutChannels = 4, Height = 5, Width = 5, ChannelGroups = 2, Overlap = 0.5)]\npublic static partial void E(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);");
        var documented = CompilationFactory.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = TestSources.Compile(source);
        SyntaxTree user = compilation.SyntaxTrees.Single();
        compilation = compilation.ReplaceSyntaxTree(user, user.WithRootAndOptions(user.GetRoot(), documented));
        GeneratorTestResult result = GeneratorHarness.Run(new ConvGenerator(), compilation);
        AssertNoCrash(result, "documentation");
        Assert.Equal(5, result.GeneratedSources.Length);
        Assert.All(result.OutputCompilation.SyntaxTrees.Skip(1), tree => Assert.Equal(DocumentationMode.Diagnose, tree.Options.DocumentationMode));
        var generatedWarnings = result.OutputCompilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && tree.FilePath != user.FilePath)
            .Select(d => d.ToString());
        Assert.Empty(generatedWarnings);

        // The compiler documents a partial method from its implementation: the generated part carries the user's
        // summary, then the plan.
        IMethodSymbol kernel = result.OutputCompilation.GetTypeByMetadataName("Demo.Layers")!.GetMembers("A").OfType<IMethodSymbol>()
            .Single(m => m.PartialImplementationPart is not null);
        string? documentation = kernel.PartialImplementationPart!.GetDocumentationCommentXml();
        Assert.Contains("<summary>Forward with bias.</summary>", documentation);
        Assert.Contains("Generated by ConvGen", documentation);

        // The XML documentation file holds the user's kernels and what ConvGen adds to their types, and none of the
        // file-local kernel classes (whose names there would not even be their metadata names).
        using var peStream = new System.IO.MemoryStream();
        using var xmlStream = new System.IO.MemoryStream();
        Assert.True(result.OutputCompilation.Emit(peStream, xmlDocumentationStream: xmlStream).Success);
        string xml = System.Text.Encoding.UTF8.GetString(xmlStream.ToArray());
        Assert.Contains("<member name=\"P:Demo.Layers.AShape\">", xml);
        Assert.Contains("<member name=\"M:Demo.Layers.APackWeights(System.ReadOnlySpan{System.Single})\">", xml);
        Assert.DoesNotContain("ConvGen.Generated", xml);
    }

    [Fact]
    public void UserRemarksReplaceThePlanRemarks()
    {
        GeneratorTestResult result = TestSources.Run(TestSources.Layers(
            "/// <summary>Mine.</summary>\n/// <remarks>My remarks.</remarks>\n[Conv2D(InChannels = 8, OutChannels = 8, Height = 6, Width = 6, KernelSize = 1)]\n" +
            "public static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);"));
        result.AssertNoErrors();
        string text = result.GeneratedSources.Single().Text;
        Assert.Contains("/// <summary>Mine.</summary>\n", text);
        Assert.Contains("/// <remarks>My remarks.</remarks>\n", text);
        Assert.DoesNotContain("Generated by ConvGen", text);
    }
}
