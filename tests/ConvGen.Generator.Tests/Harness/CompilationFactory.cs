using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace ConvGen.Generator.Tests.Harness;

/// <summary>
/// Builds the <see cref="CSharpCompilation"/> that generator tests feed to the driver: C# latest, nullable enabled,
/// a Release-optimised class library referencing every trusted platform assembly of the test process plus any
/// extra assemblies the test passes (normally <c>typeof(ConvGen.Conv2DAttribute).Assembly</c>).
/// </summary>
/// <remarks>
/// Source <c>i</c> gets the file path <c>Source{i}.cs</c>, so diagnostics read like <c>Source0.cs(12,5)</c>.
/// AllowUnsafeBlocks is off by default: generated kernels are designed not to need <c>unsafe</c>.
/// </remarks>
public static class CompilationFactory
{
    /// <summary>Assembly name used when a test does not pass one.</summary>
    public const string DefaultAssemblyName = "ConvGen.TestInput";

    private static readonly Lazy<ImmutableArray<string>> s_platformPaths = new(LoadPlatformPaths);
    private static readonly Dictionary<string, MetadataReference> s_referenceCache = new(StringComparer.Ordinal);
    private static readonly object s_cacheLock = new();

    /// <summary>Parse options used for every source: C# latest (the same instance is handed to the generator driver).</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>Paths of all trusted platform assemblies of the current process (from <c>TRUSTED_PLATFORM_ASSEMBLIES</c>).</summary>
    public static ImmutableArray<string> TrustedPlatformAssemblyPaths => s_platformPaths.Value;

    /// <summary>Compilation options: DLL, Release, nullable enable, deterministic, CS1701/CS1702 suppressed like the SDK does.</summary>
    public static CSharpCompilationOptions CompilationOptions(bool allowUnsafe = false) =>
        new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: allowUnsafe,
                deterministic: true)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });

    /// <summary>One source, default options, plus extra references.</summary>
    public static CSharpCompilation Create(string source, params Assembly[] references) =>
        Create(new[] { source }, references);

    /// <summary>
    /// Several sources (file paths <c>Source0.cs</c>, <c>Source1.cs</c>, ...), the trusted platform assemblies plus
    /// <paramref name="references"/>; an extra assembly replaces a platform assembly of the same file name.
    /// </summary>
    public static CSharpCompilation Create(
        IEnumerable<string> sources,
        IEnumerable<Assembly>? references = null,
        bool allowUnsafe = false,
        string assemblyName = DefaultAssemblyName)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var trees = sources.Select((text, i) => ParseSource(text, SourcePath(i))).ToArray();
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            References(references ?? Array.Empty<Assembly>()),
            CompilationOptions(allowUnsafe));
    }

    /// <summary>Parses <paramref name="source"/> (UTF-8, so PDBs can be emitted) with <see cref="ParseOptions"/> under <paramref name="path"/>.</summary>
    public static SyntaxTree ParseSource(string source, string path) =>
        CSharpSyntaxTree.ParseText(
            SourceText.From(source ?? throw new ArgumentNullException(nameof(source)), Encoding.UTF8),
            ParseOptions,
            path);

    /// <summary>The file path given to source number <paramref name="index"/>.</summary>
    public static string SourcePath(int index) => $"Source{index}.cs";

    /// <summary>Returns a compilation whose source <paramref name="index"/> (0-based, by <c>Source{index}.cs</c>) has new text; for incremental tests.</summary>
    public static CSharpCompilation ReplaceSource(CSharpCompilation compilation, int index, string newSource)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var path = SourcePath(index);
        var old = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path)
            ?? throw new ArgumentOutOfRangeException(nameof(index), $"The compilation has no tree '{path}'.");
        return compilation.ReplaceSyntaxTree(old, ParseSource(newSource, path));
    }

    /// <summary>Returns a compilation with one more source, named after the next free <c>Source{i}.cs</c>.</summary>
    public static CSharpCompilation AddSource(CSharpCompilation compilation, string source)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var paths = compilation.SyntaxTrees.Select(t => t.FilePath).ToHashSet(StringComparer.Ordinal);
        var i = 0;
        while (paths.Contains(SourcePath(i)))
        {
            i++;
        }

        return compilation.AddSyntaxTrees(ParseSource(source, SourcePath(i)));
    }

    /// <summary>Trusted platform assemblies plus <paramref name="extra"/>, de-duplicated by file name (extra wins).</summary>
    public static ImmutableArray<MetadataReference> References(IEnumerable<Assembly> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in TrustedPlatformAssemblyPaths)
        {
            byName[Path.GetFileNameWithoutExtension(path)] = path;
        }

        foreach (var assembly in extra)
        {
            ArgumentNullException.ThrowIfNull(assembly);
            if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location))
            {
                throw new ArgumentException(
                    $"Assembly '{assembly.FullName}' has no file on disk, so it cannot be used as a metadata reference.",
                    nameof(extra));
            }

            byName[Path.GetFileNameWithoutExtension(assembly.Location)] = assembly.Location;
        }

        return byName.Values.OrderBy(p => p, StringComparer.Ordinal).Select(GetOrCreateReference).ToImmutableArray();
    }

    // MetadataReferences are immutable and shareable; caching them lets Roslyn reuse the metadata across tests.
    private static MetadataReference GetOrCreateReference(string path)
    {
        lock (s_cacheLock)
        {
            if (!s_referenceCache.TryGetValue(path, out var reference))
            {
                reference = MetadataReference.CreateFromFile(path);
                s_referenceCache.Add(path, reference);
            }

            return reference;
        }
    }

    private static ImmutableArray<string> LoadPlatformPaths()
    {
        var raw = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set for this process.");
        return raw.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && File.Exists(p))
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray();
    }
}
