using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generator.Parsing;

/// <summary>The span types a kernel parameter can have.</summary>
internal enum SpanKind
{
    ReadOnly,
    Writable,
}

/// <summary>One accepted parameter list: the span kinds in order and how to describe them in a diagnostic.</summary>
internal sealed class ParameterShape
{
    public ParameterShape(string description, params SpanKind[] kinds)
    {
        Description = description;
        Kinds = kinds;
    }

    public string Description { get; }
    public IReadOnlyList<SpanKind> Kinds { get; }
}

/// <summary>
/// Validates the shape of an attributed kernel method (static, partial definition, void, non-generic, partial
/// containing types, span parameters) and extracts its <see cref="MethodSpec"/>. Shared by every ConvGen attribute.
/// </summary>
internal static class KernelMethodReader
{
    /// <summary>
    /// Reads the method. Problems are added to <paramref name="diagnostics"/>; the index of the matching
    /// <paramref name="shapes"/> entry is returned through <paramref name="shapeIndex"/> (−1 when none matches).
    /// </summary>
    public static MethodSpec? Read(IMethodSymbol method, MethodDeclarationSyntax syntax, IReadOnlyList<ParameterShape> shapes,
        List<DiagnosticInfo> diagnostics, out int shapeIndex, CancellationToken cancellationToken)
    {
        shapeIndex = -1;
        int before = diagnostics.Count;
        Location identifier = syntax.Identifier.GetLocation();

        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodMustBeStatic, identifier, method.Name));
        }
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax.Body is not null || syntax.ExpressionBody is not null)
        {
            Location where = syntax.Body?.GetLocation() ?? syntax.ExpressionBody?.GetLocation() ?? identifier;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodMustBePartial, where, method.Name));
        }
        if (!method.ReturnsVoid)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodMustReturnVoid, syntax.ReturnType.GetLocation(),
                method.Name, method.ReturnType.ToDisplayString()));
        }
        if (method.IsGenericMethod || ContainingTypes(method).Any(t => t.IsGenericType))
        {
            Location where = syntax.TypeParameterList?.GetLocation() ?? identifier;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericNotSupported, where, method.Name));
        }
        foreach (TypeDeclarationSyntax type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeMustBePartial,
                    type.Identifier.GetLocation(), type.Identifier.ValueText, method.Name));
            }
        }
        if (syntax.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp11 } options)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooLow, identifier,
                options.LanguageVersion.ToDisplayString()));
        }

        shapeIndex = MatchParameters(method, shapes);
        if (shapeIndex < 0)
        {
            string actual = string.Join(", ", method.Parameters.Select(Describe));
            string expected = string.Join(" or ", shapes.Select(s => "(" + s.Description + ")"));
            expected = expected.Substring(1, expected.Length - 2);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidParameters, syntax.ParameterList.GetLocation(),
                method.Name, actual, expected));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (diagnostics.Count != before)
        {
            return null;
        }

        return new MethodSpec(
            method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            ContainingTypes(method).Reverse().Select(DescribeType).ToEquatableArray(),
            method.Name,
            Modifiers(syntax),
            method.Parameters.Select(p => EscapeIdentifier(p.Name)).ToEquatableArray())
        {
            ParameterKinds = string.Concat(method.Parameters.Select(p => p.Type.Name == "ReadOnlySpan" ? 'R' : 'S')),
        };
    }

    /// <summary>Prefixes <c>@</c> to a name that is a C# keyword (a parameter called <c>@event</c>).</summary>
    private static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static IEnumerable<INamedTypeSymbol> ContainingTypes(IMethodSymbol method)
    {
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            yield return type;
        }
    }

    private static ContainingTypeSpec DescribeType(INamedTypeSymbol type)
    {
        string keyword = type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };
        return new ContainingTypeSpec(keyword, type.Name);
    }

    /// <summary>The accessibility and <c>static partial</c> keywords, in the user's order (minus <c>extern</c>).</summary>
    private static string Modifiers(MethodDeclarationSyntax syntax) =>
        string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.ExternKeyword)).Select(m => m.ValueText));

    private static int MatchParameters(IMethodSymbol method, IReadOnlyList<ParameterShape> shapes)
    {
        for (int s = 0; s < shapes.Count; s++)
        {
            IReadOnlyList<SpanKind> kinds = shapes[s].Kinds;
            if (method.Parameters.Length != kinds.Count)
            {
                continue;
            }
            bool match = true;
            for (int i = 0; i < kinds.Count && match; i++)
            {
                match = IsSpanOfFloat(method.Parameters[i], kinds[i]);
            }
            if (match)
            {
                return s;
            }
        }
        return -1;
    }

    private static bool IsSpanOfFloat(IParameterSymbol parameter, SpanKind kind)
    {
        if (parameter.RefKind != RefKind.None || parameter.IsParams ||
            parameter.Type is not INamedTypeSymbol { IsGenericType: true } type ||
            type.TypeArguments[0].SpecialType != SpecialType.System_Single ||
            type.ContainingNamespace?.ToDisplayString() != "System")
        {
            return false;
        }
        return type.Name == (kind == SpanKind.ReadOnly ? "ReadOnlySpan" : "Span");
    }

    private static string Describe(IParameterSymbol parameter) =>
        (parameter.RefKind == RefKind.None ? "" : parameter.RefKind.ToString().ToLowerInvariant() + " ") +
        parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + parameter.Name;
}
