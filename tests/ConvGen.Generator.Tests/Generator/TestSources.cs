using ConvGen.Generator.Tests.Harness;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvGen.Generator.Tests.Generator;

/// <summary>Builds test compilations against the real ConvGen runtime and runs the real generator.</summary>
internal static class TestSources
{
    public const string Usings = "using System;\nusing ConvGen;\n";

    /// <summary>A file with one <c>Demo.Layers</c> class holding the given members.</summary>
    public static string Layers(string members) => Usings + "namespace Demo;\n\npublic static partial class Layers\n{\n" + members + "\n}\n";

    public static CSharpCompilation Compile(params string[] sources) =>
        CompilationFactory.Create(sources, new[] { typeof(ConvGen.Conv2DAttribute).Assembly });

    public static GeneratorTestResult Run(params string[] sources) => GeneratorHarness.Run(new ConvGenerator(), Compile(sources));
}
