using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Xunit.Sdk;

namespace ConvGen.Generator.Tests.Harness;

/// <summary>
/// Emits a compilation to memory, loads it into a collectible <see cref="AssemblyLoadContext"/> and lets a test
/// call its static methods. Dispose to unload. Dependencies (e.g. ConvGen.Runtime, the BCL) resolve from the
/// default context, so types like <c>Span&lt;float&gt;</c> are shared with the test.
/// </summary>
/// <example>
/// <code>
/// using var run = InMemoryRunner.EmitAndLoad(result);           // result: GeneratorTestResult
/// var kernel = run.CreateDelegate&lt;Kernel&gt;("Demo.Layers", "Conv1");  // delegate void Kernel(ReadOnlySpan&lt;float&gt;, ReadOnlySpan&lt;float&gt;, Span&lt;float&gt;)
/// kernel(input, weights, output);
/// var sum = (int)run.Invoke("Demo.Math", "Add", 2, 3)!;
/// </code>
/// </example>
public sealed class InMemoryRunner : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private bool _disposed;

    private InMemoryRunner(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    /// <summary>The loaded assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>
    /// Emits <see cref="GeneratorTestResult.OutputCompilation"/> and loads it. On failure the message lists the
    /// errors and every generated source with line numbers.
    /// </summary>
    public static InMemoryRunner EmitAndLoad(GeneratorTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return EmitAndLoad(result.OutputCompilation, result.GeneratedSources);
    }

    /// <summary>
    /// Emits <paramref name="compilation"/> and loads it. On failure the message lists the errors, then
    /// <paramref name="generatedSources"/> (if given) or else every tree that has an error, with line numbers.
    /// </summary>
    public static InMemoryRunner EmitAndLoad(Compilation compilation, IEnumerable<GeneratedSource>? generatedSources = null)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var emit = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (!emit.Success || errors.Length > 0)
        {
            throw new XunitException(DescribeFailure(compilation, errors, generatedSources));
        }

        pe.Position = 0;
        pdb.Position = 0;
        var context = new AssemblyLoadContext($"ConvGen.InMemory.{compilation.AssemblyName}.{Guid.NewGuid():N}", isCollectible: true);
        try
        {
            return new InMemoryRunner(context, context.LoadFromStream(pe, pdb));
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>
    /// The static method <paramref name="methodName"/> (any accessibility) of type <paramref name="typeName"/>
    /// (full metadata name, nested types as <c>Outer+Inner</c>). With <paramref name="parameterTypes"/> empty the
    /// name must be unique; otherwise the overload with exactly those parameter types is returned.
    /// </summary>
    public MethodInfo GetStaticMethod(string typeName, string methodName, params Type[] parameterTypes)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(methodName);
        var type = GetLoadedType(typeName);
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var candidates = type.GetMethods(flags).Where(m => m.Name == methodName).ToArray();
        if (parameterTypes is { Length: > 0 })
        {
            candidates = candidates
                .Where(m => m.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameterTypes))
                .ToArray();
        }

        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        var all = type.GetMethods(flags).Select(m => "  " + m).OrderBy(s => s, StringComparer.Ordinal);
        throw new XunitException(
            $"{(candidates.Length == 0 ? "No" : "More than one")} static method '{methodName}' " +
            $"{(parameterTypes is { Length: > 0 } ? $"({string.Join(", ", parameterTypes.Select(t => t.Name))}) " : string.Empty)}" +
            $"on '{typeName}'. Static methods declared there:{Environment.NewLine}{string.Join(Environment.NewLine, all)}");
    }

    /// <summary>A loaded type by full metadata name; fails listing the assembly's types if absent.</summary>
    public Type GetLoadedType(string typeName)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(typeName);
        return Assembly.GetType(typeName, throwOnError: false)
            ?? throw new XunitException(
                $"Type '{typeName}' not found. Types in the assembly:{Environment.NewLine}" +
                string.Join(Environment.NewLine, Assembly.GetTypes().Select(t => "  " + t.FullName).OrderBy(s => s, StringComparer.Ordinal)));
    }

    /// <summary>
    /// Invokes a static method (chosen by name, and by argument count when overloaded). Exceptions thrown by the
    /// method are rethrown unwrapped. Use <see cref="CreateDelegate{TDelegate}"/> for span parameters.
    /// </summary>
    public object? Invoke(string typeName, string methodName, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var type = GetLoadedType(typeName);
        var byCount = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.Name == methodName && m.GetParameters().Length == args.Length)
            .ToArray();
        var method = byCount.Length == 1 ? byCount[0] : GetStaticMethod(typeName, methodName);
        try
        {
            return method.Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw; // unreachable
        }
    }

    /// <summary>
    /// A delegate of type <typeparamref name="TDelegate"/> bound to a static method; the overload is picked by the
    /// delegate's parameter types. This is the way to call kernels taking <c>Span</c>/<c>ReadOnlySpan</c>.
    /// </summary>
    public TDelegate CreateDelegate<TDelegate>(string typeName, string methodName)
        where TDelegate : Delegate
    {
        var invoke = typeof(TDelegate).GetMethod("Invoke")!;
        var method = GetStaticMethod(typeName, methodName, invoke.GetParameters().Select(p => p.ParameterType).ToArray());
        return method.CreateDelegate<TDelegate>();
    }

    /// <summary>Unloads the load context (the assembly is collected once nothing references it).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _context.Unload();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static string DescribeFailure(Compilation compilation, IReadOnlyCollection<Diagnostic> errors, IEnumerable<GeneratedSource>? generatedSources)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Emitting '{compilation.AssemblyName}' failed with {errors.Count} error(s):");
        foreach (var error in errors)
        {
            sb.Append("  ").AppendLine(SourceListing.Describe(error));
        }

        if (generatedSources is not null)
        {
            SourceListing.AppendSources(sb, generatedSources);
        }
        else
        {
            var trees = errors.Select(e => e.Location.SourceTree).OfType<SyntaxTree>().Distinct();
            SourceListing.AppendSources(sb, trees.Select(t => new GeneratedSource(t.FilePath, t.GetText().ToString())));
        }

        return sb.ToString();
    }
}
