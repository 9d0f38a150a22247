using System;
using System.Linq;
using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Sdk;

namespace ConvGen.Generator.Tests.HarnessTests;

/// <summary>Self-tests of <see cref="GeneratorHarness"/> and <see cref="InMemoryRunner"/> with a tiny dummy generator.</summary>
public sealed class GeneratorHarnessSelfTests
{
    private delegate float SumKernel(ReadOnlySpan<float> input, Span<float> output);

    private const string Attribute = """
        namespace Dummy
        {
            [System.AttributeUsage(System.AttributeTargets.Class)]
            public sealed class MarkAttribute : System.Attribute
            {
                public MarkAttribute(int value) => Value = value;
                public int Value { get; }
            }
        }
        """;

    private const string Classes = """
        namespace Demo
        {
            [Dummy.Mark(2)] public static partial class Beta { }
            [Dummy.Mark(1)] public static partial class Alpha { }
            public static class Plain
            {
                public static float Sum(System.ReadOnlySpan<float> input, System.Span<float> output)
                {
                    float s = 0;
                    for (int i = 0; i < input.Length; i++) { s += input[i]; output[i] = s; }
                    return s;
                }
            }
        }
        """;

    private static CSharpCompilation Compile() => CompilationFactory.Create(new[] { Attribute, Classes });

    [Fact]
    public void Run_ReturnsSortedSources_CleanDiagnostics_AndOutputCompilation()
    {
        var compilation = Compile();

        var result = GeneratorHarness.Run(new DummyGenerator(), compilation);

        result.AssertNoErrors();
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.OutputDiagnostics);
        Assert.Null(result.GeneratorException);
        Assert.Equal(new[] { "Demo.Alpha.g.cs", "Demo.Beta.g.cs" }, result.HintNames);
        Assert.Contains("public static int Answer() => 1;", result.Source("Demo.Alpha.g.cs"), StringComparison.Ordinal);
        Assert.Same(compilation, result.InputCompilation);
        Assert.Equal(compilation.SyntaxTrees.Count() + 2, result.OutputCompilation.SyntaxTrees.Count());
        Assert.Throws<XunitException>(() => result.Source("Nope.g.cs"));
    }

    [Fact]
    public void Rerun_OnTheSameCompilation_IsCachedEverywhere()
    {
        var compilation = Compile();
        var first = GeneratorHarness.Run(new DummyGenerator(), compilation);
        Assert.All(first.TrackedSteps(DummyGenerator.ModelStep), r => Assert.Equal(IncrementalStepRunReason.New, r));

        var second = GeneratorHarness.Rerun(first.Driver, compilation);

        Assert.Equal(2, second.TrackedSteps(DummyGenerator.ModelStep).Length);
        Assert.All(second.TrackedSteps(DummyGenerator.ModelStep), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(second.TrackedSteps(GeneratorHarness.SourceOutputStepName), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.Equal(first.GeneratedSources.ToArray(), second.GeneratedSources.ToArray());
    }

    [Fact]
    public void Rerun_AfterAnUnrelatedEdit_KeepsModelsAndOutputs()
    {
        var first = GeneratorHarness.Run(new DummyGenerator(), Compile());

        var edited = CompilationFactory.AddSource((CSharpCompilation)first.InputCompilation, "namespace Demo { class Unrelated { } }");
        var second = first.Rerun(edited);

        // The FAWMN transform re-runs (the compilation changed) but yields equal models, so nothing downstream runs.
        Assert.All(second.TrackedSteps(DummyGenerator.ModelStep), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(second.TrackedSteps(GeneratorHarness.SourceOutputStepName), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Rerun_OnAClone_ReRunsTheTransform_ButNotTheOutput()
    {
        var compilation = Compile();
        var first = GeneratorHarness.Run(new DummyGenerator(), compilation);

        var second = first.Rerun(compilation.Clone());

        Assert.Equal(new[] { IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Unchanged }, second.TrackedSteps(DummyGenerator.ModelStep));
        Assert.Equal(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached }, second.TrackedSteps(GeneratorHarness.SourceOutputStepName));
    }

    [Fact]
    public void Rerun_AfterARelevantEdit_ReportsModified()
    {
        var first = GeneratorHarness.Run(new DummyGenerator(), Compile());

        var edited = CompilationFactory.ReplaceSource((CSharpCompilation)first.InputCompilation, 1, Classes.Replace("Mark(2)", "Mark(20)", StringComparison.Ordinal));
        var second = GeneratorHarness.Rerun(first.Driver, edited);

        var outputs = second.TrackedStepOutputs(DummyGenerator.ModelStep);
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.Modified && ((DummyModel)o.Value).Name == "Beta");
        Assert.Contains(outputs, o => o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached && ((DummyModel)o.Value).Name == "Alpha");
        Assert.Contains("=> 20;", second.Source("Demo.Beta.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void TrackedSteps_WithAnUnknownName_FailsListingTheKnownNames()
    {
        var result = GeneratorHarness.Run(new DummyGenerator(), Compile());
        var ex = Assert.Throws<XunitException>(() => result.TrackedSteps("Typo"));
        Assert.Contains(DummyGenerator.ModelStep, ex.Message, StringComparison.Ordinal);
        Assert.Contains(DummyGenerator.ModelStep, result.TrackedStepNames);
        Assert.Contains(GeneratorHarness.SourceOutputStepName, result.TrackedOutputStepNames);
    }

    [Fact]
    public void SingleDiagnosticMessage_WithoutExactlyThatOneDiagnostic_Fails()
    {
        // The dummy generator reports nothing, so no id can be the single diagnostic.
        var result = GeneratorHarness.Run(new DummyGenerator(), Compile());
        var ex = Assert.Throws<XunitException>(() => result.SingleDiagnosticMessage("CNVG0132"));
        Assert.Contains("Expected the single generator diagnostic CNVG0132; got []", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PipelineModel_HoldsNoRoslynObjects()
    {
        var result = GeneratorHarness.Run(new DummyGenerator(), Compile());
        var models = result.TrackedStepOutputs(DummyGenerator.ModelStep).Select(o => o.Value).ToArray();
        Assert.Equal(2, models.Length);
        Assert.All(models, m => ModelGraph.AssertNoRoslynObjects(m));
    }

    [Fact]
    public void GeneratorDiagnostics_CanBeCheckedWithMarkup()
    {
        var markup = DiagnosticMarkup.Parse("namespace Demo { [Dummy.Mark({|DUMMY001:-5|})] public static partial class Neg { } }");
        var result = GeneratorHarness.Run(new DummyGenerator(), CompilationFactory.Create(new[] { markup.Source, Attribute }));

        DiagnosticMarkup.AssertDiagnostics(markup, result.GeneratorDiagnostics);
        Assert.Empty(result.GeneratedSources);
        var ex = Assert.Throws<XunitException>(result.AssertNoErrors);
        Assert.Contains("DUMMY001", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratorException_IsSurfaced()
    {
        var result = GeneratorHarness.Run(new DummyGenerator(), CompilationFactory.Create(new[] { "[Dummy.Mark(13)] static partial class Boom { }", Attribute }));

        Assert.IsType<InvalidOperationException>(result.GeneratorException);
        Assert.Contains(result.GeneratorDiagnostics, d => d.Id == "CS8785");
        var ex = Assert.Throws<XunitException>(result.AssertNoErrors);
        Assert.Contains("The generator threw", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmitAndLoad_InvokesGeneratedAndUserMethods_InACollectibleContext()
    {
        var result = GeneratorHarness.Run(new DummyGenerator(), Compile());

        using var runner = InMemoryRunner.EmitAndLoad(result);

        Assert.True(runner.Assembly.IsCollectible);
        Assert.Equal(1, runner.Invoke("Demo.Alpha", "Answer"));
        Assert.Equal(2, (int)runner.GetStaticMethod("Demo.Beta", "Answer").Invoke(null, null)!);

        var sum = runner.CreateDelegate<SumKernel>("Demo.Plain", "Sum");
        var output = new float[3];
        Assert.Equal(6f, sum(new float[] { 1, 2, 3 }, output));
        Assert.Equal(new float[] { 1, 3, 6 }, output);

        var missing = Assert.Throws<XunitException>(() => runner.GetStaticMethod("Demo.Alpha", "Nope"));
        Assert.Contains("Answer", missing.Message, StringComparison.Ordinal);
        Assert.Throws<XunitException>(() => runner.GetLoadedType("Demo.Missing"));
    }

    [Fact]
    public void EmitAndLoad_OnCompileErrors_ListsErrorsAndNumberedGeneratedSource()
    {
        var result = GeneratorHarness.Run(
            new DummyGenerator(),
            CompilationFactory.Create(new[] { Attribute, Classes, "namespace Demo { static class Broken { static int M() => Alpha.Answer() + \"x\"; } }" }));

        Assert.Contains(result.OutputErrors, d => d.Id == "CS0029");
        var ex = Assert.Throws<XunitException>(() => InMemoryRunner.EmitAndLoad(result));

        Assert.Contains("error CS0029", ex.Message, StringComparison.Ordinal);
        Assert.Contains("===== Demo.Alpha.g.cs =====", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\n1 | // <auto-generated/>", ex.Message.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    /// <summary>The pipeline model of the dummy generator: strings and ints only (diagnostic location trimmed to path + spans).</summary>
    private sealed record DummyModel(string Namespace, string Name, int Value, string? ErrorPath, TextSpan ErrorSpan, LinePositionSpan ErrorLines);

    /// <summary>FAWMN on <c>Dummy.MarkAttribute</c>; emits <c>{Ns}.{Class}.g.cs</c> with <c>Answer()</c>; DUMMY001 for negative values; throws for 13.</summary>
    private sealed class DummyGenerator : IIncrementalGenerator
    {
        public const string ModelStep = "DummyModel";

#pragma warning disable RS2008 // Release tracking is for shipping analyzers, not a test's dummy generator.
        private static readonly DiagnosticDescriptor s_negative = new(
            "DUMMY001", "Negative value", "Value {0} must not be negative", "Dummy", DiagnosticSeverity.Error, isEnabledByDefault: true);
#pragma warning restore RS2008

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var models = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "Dummy.MarkAttribute",
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (ctx, _) =>
                    {
                        var attribute = ctx.Attributes[0];
                        var value = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int v ? v : 0;
                        string? errorPath = null;
                        TextSpan errorSpan = default;
                        LinePositionSpan errorLines = default;
                        if (value < 0 && attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList.Arguments: [var arg, ..] })
                        {
                            var location = arg.GetLocation();
                            errorPath = location.SourceTree!.FilePath;
                            errorSpan = location.SourceSpan;
                            errorLines = location.GetLineSpan().Span;
                        }

                        var ns = ctx.TargetSymbol.ContainingNamespace.IsGlobalNamespace ? string.Empty : ctx.TargetSymbol.ContainingNamespace.ToDisplayString();
                        return new DummyModel(ns, ctx.TargetSymbol.Name, value, errorPath, errorSpan, errorLines);
                    })
                .WithTrackingName(ModelStep);

            context.RegisterSourceOutput(models, static (spc, model) =>
            {
                if (model.Value == 13)
                {
                    throw new InvalidOperationException("unlucky");
                }

                if (model.ErrorPath is not null)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(s_negative, Location.Create(model.ErrorPath, model.ErrorSpan, model.ErrorLines), model.Value));
                    return;
                }

                var (open, close) = model.Namespace.Length == 0 ? (string.Empty, string.Empty) : ($"namespace {model.Namespace}\n{{\n", "}\n");
                spc.AddSource(
                    (model.Namespace.Length == 0 ? string.Empty : model.Namespace + ".") + model.Name + ".g.cs",
                    $"// <auto-generated/>\n{open}partial class {model.Name}\n{{\n    public static int Answer() => {model.Value};\n}}\n{close}");
            });
        }
    }
}
