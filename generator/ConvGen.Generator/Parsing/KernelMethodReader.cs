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
        Names = description.Split(',').Select(p => p.Trim().Split(' ').Last()).ToArray();
    }

    public string Description { get; }
    public IReadOnlyList<SpanKind> Kinds { get; }

    /// <summary>The parameter names the description gives, in order (the roles the pass reads the spans as).</summary>
    public IReadOnlyList<string> Names { get; }
}

/// <summary>
/// Validates the shape of an attributed kernel method (static, partial definition, void, non-generic, partial
/// containing types, span parameters) and extracts its <see cref="MethodSpec"/>. Shared by every ConvGen attribute.
/// </summary>
internal static class KernelMethodReader
{
    /// <summary>
    /// Reads the method. Problems are added to <paramref name="diagnostics"/>; the index of the matching entry of the
    /// pass's parameter lists (<see cref="Conv2DParser.ShapesFor"/>) is returned through <paramref name="shapeIndex"/>
    /// (−1 when none matches). <paramref name="pass"/> is null when the attribute's pass is undefined: then any pass's
    /// list is accepted and the parameter names are not checked against any role (CNVG0011).
    /// <paramref name="passIsDefault"/> says the attribute leaves Pass unset, which the messages point out.
    /// </summary>
    public static MethodSpec? Read(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, string attributeMetadataName, PassKind? pass,
        bool passIsDefault, List<DiagnosticInfo> diagnostics, out int shapeIndex, CancellationToken cancellationToken)
    {
        IReadOnlyList<ParameterShape> shapes = Conv2DParser.ShapesFor(pass);
        string? passName = pass is null ? null : passIsDefault ? $"the {pass} pass (Pass is not set)" : $"the {pass} pass";
        shapeIndex = -1;
        int before = diagnostics.Count;
        Location identifier = syntax.Identifier.GetLocation();

        // One kernel per method: the pipeline of the first ConvGen attribute reports every other one, and the other
        // pipelines stay silent about the method (their attribute's own values are still checked).
        AttributeData[] kernelAttributes = method.GetAttributes()
            .Where(IsKernelAttribute)
            .OrderBy(a => a.ApplicationSyntaxReference?.Span.Start ?? 0)
            .ToArray();
        if (kernelAttributes.Length > 1)
        {
            if (kernelAttributes[0].AttributeClass!.ToDisplayString() != attributeMetadataName)
            {
                return null;
            }
            foreach (AttributeData extra in kernelAttributes.Skip(1))
            {
                Location where = extra.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? identifier;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MoreThanOneKernelAttribute, where,
                    method.Name, ShortName(kernelAttributes[0]), ShortName(extra)));
            }
        }
        if (method.PartialImplementationPart is { } implementation)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KernelAlreadyImplemented,
                implementation.Locations.FirstOrDefault() ?? identifier, method.Name));
        }

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
            if (type.Modifiers.FirstOrDefault(modifier => modifier.IsKind(SyntaxKind.FileKeyword)) is { RawKind: not 0 } file)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalContainingType,
                    file.GetLocation(), type.Identifier.ValueText, method.Name));
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
            string actual = string.Join(", ", method.Parameters.Select(p =>
                Describe(p, p.Ordinal < syntax.ParameterList.Parameters.Count ? syntax.ParameterList.Parameters[p.Ordinal] : null)));
            string expected = string.Join(" or ", shapes.Select(s => "(" + s.Description + ")"));
            expected = expected.Substring(1, expected.Length - 2);
            string hint = pass is not null && OtherPassTaking(method, pass.Value) is { } other
                ? $"; this is the {other} pass's list: set Pass = ConvPass.{other} if the kernel is meant to compute that pass"
                : method.Parameters.Any(p => IsSpanOrArrayOfOtherNumbers(p.Type))
                ? "; the kernels compute in float, so convert byte, double or Half data into a float buffer first"
                : string.Empty;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidParameters, syntax.ParameterList.GetLocation(),
                method.Name, actual, expected, passName ?? "a kernel", hint));
        }
        else if (pass is not null)
        {
            WarnOnRoleNames(method, syntax, shapes[shapeIndex], pass.Value, passName!, diagnostics);
        }

        cancellationToken.ThrowIfCancellationRequested();
        // CNVG0008 alone leaves the method well formed: it still gets its throwing body (no CS8795 next to the error).
        // So does CNVG0004 where that body can repeat the parameters exactly.
        string[] errors = diagnostics.Skip(before)
            .Where(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error && d.Descriptor.Id != DiagnosticDescriptors.MoreThanOneKernelAttribute.Id)
            .Select(d => d.Descriptor.Id)
            .ToArray();
        string[]? declaredParameters = null;
        if (errors.Length > 0 && (errors.Any(id => id != DiagnosticDescriptors.InvalidParameters.Id) ||
            (declaredParameters = RepeatableParameters(method, syntax, model, cancellationToken)) is null))
        {
            return null;
        }

        string kinds = string.Concat(method.Parameters.Select(p => p.Type.Name == "ReadOnlySpan" ? 'R' : 'S'));
        return new MethodSpec(
            method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            ContainingTypes(method).Reverse().Select(DescribeType).ToEquatableArray(),
            EscapeIdentifier(method.Name),
            Modifiers(syntax),
            method.Parameters.Select(p => EscapeIdentifier(p.Name)).ToEquatableArray())
        {
            ParameterKinds = kinds,
            DeclaredParameters = declaredParameters?.ToEquatableArray(),
            ShapeName = ShapePropertyName(method, kinds),
            Documentation = DocumentationLines(syntax),
        };
    }

    /// <summary>
    /// The generated shape property's name: <c>{Name}Shape</c>; where another ConvGen kernel of the type has the same
    /// name (an overload), the forward bias form (RRRS) gets <c>{Name}ShapeWithBias</c> and backward-weights with a bias
    /// gradient (RRSS) <c>{Name}ShapeWithBiasGradient</c>, so that the three forms a name can have never collide. Null
    /// where the type already has a member of that name or inherits one (the generator sees the compilation without its
    /// own output, so that member is the user's, and it keeps its meaning: no property, no diagnostic, no CS0108 for
    /// hiding it), or where the type itself has that name (CS0542). Names of enclosing types and namespaces are not
    /// checked: inside the type the property hides them, as any member would.
    /// </summary>
    private static string? ShapePropertyName(IMethodSymbol method, string kinds)
    {
        bool overloaded = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(other =>
            !SymbolEqualityComparer.Default.Equals(other, method) &&
            other.GetAttributes().Any(IsKernelAttribute));
        string suffix = !overloaded ? "Shape" : kinds switch
        {
            "RRRS" => "ShapeWithBias",
            "RRSS" => "ShapeWithBiasGradient",
            _ => "Shape",
        };
        string propertyName = method.Name + suffix;
        if (method.ContainingType.Name == propertyName)
        {
            return null;
        }
        if (method.ContainingType.GetMembers(propertyName).Any())
        {
            return null;
        }
        // A base type's private members are not inherited: they neither clash with the property nor get hidden by it.
        for (INamedTypeSymbol? type = method.ContainingType.BaseType; type is not null; type = type.BaseType)
        {
            if (type.GetMembers(propertyName).Any(member => member.DeclaredAccessibility != Accessibility.Private))
            {
                return null;
            }
        }
        return propertyName;
    }

    /// <summary>
    /// The declaration's <c>///</c> lines without the slashes (parsed as documentation or, where the compilation does not
    /// parse documentation, as plain comments).
    /// </summary>
    private static EquatableArray<string> DocumentationLines(MethodDeclarationSyntax syntax) =>
        syntax.GetLeadingTrivia()
            .Where(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.SingleLineCommentTrivia))
            .SelectMany(t => t.ToFullString().Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("///", System.StringComparison.Ordinal))
            .Select(line => line.Substring(3).TrimEnd('\r'))
            .Select(line => line.StartsWith(" ", System.StringComparison.Ordinal) ? line.Substring(1) : line)
            .ToEquatableArray();

    /// <summary>The names the passes give their tensors; a parameter named after one role but read as another is suspect.</summary>
    private static readonly HashSet<string> RoleNames = new()
    {
        "input", "weights", "bias", "output", "gradOutput", "gradInput", "gradWeights", "gradBias",
    };

    /// <summary>
    /// CNVG0011 when a parameter is named after a role other than the one its position has in this pass (a
    /// backward-weights method declared as <c>(input, weights, output)</c>): the names are the user's to choose, but
    /// these ones say the caller means another tensor. Other names (<c>x</c>, <c>w</c>, <c>y</c>) are left alone.
    /// </summary>
    private static void WarnOnRoleNames(IMethodSymbol method, MethodDeclarationSyntax syntax, ParameterShape shape, PassKind pass, string passName, List<DiagnosticInfo> diagnostics)
    {
        IReadOnlyList<string> expected = shape.Names;
        bool misnamed = method.Parameters.Select((p, i) => RoleNames.Contains(p.Name) && p.Name != expected[i]).Any(b => b);
        if (misnamed)
        {
            // Names that are exactly another pass's list most likely mean a forgotten or wrong Pass; renaming them would
            // hide that. (They can be meant: a forward Conv2D is the backward-data pass of a ConvTranspose2D.)
            string advice = OtherPassTaking(method, pass) is { } other
                ? $"they are the {other} pass's names, so if the kernel is meant to compute that pass, set Pass = ConvPass.{other}; otherwise rename them, as only the span types and their order are checked"
                : "only the span types and their order are checked, so rename them to avoid passing one tensor for another";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ParameterNamesOfAnotherRole, syntax.ParameterList.GetLocation(),
                method.Name, string.Join(", ", method.Parameters.Select(p => p.Name)), passName, string.Join(", ", expected), advice));
        }
    }

    /// <summary>
    /// A pass other than <paramref name="pass"/> whose parameter list the method declares exactly, span types and names
    /// (a forgotten or wrong Pass); null when none does. Span types alone would be no evidence: the three-span lists of
    /// all three passes have the same types.
    /// </summary>
    private static PassKind? OtherPassTaking(IMethodSymbol method, PassKind pass)
    {
        foreach (PassKind other in new[] { PassKind.Forward, PassKind.BackwardData, PassKind.BackwardWeights })
        {
            ParameterShape[] shapes = Conv2DParser.ShapesFor(other);
            int match = other == pass ? -1 : MatchParameters(method, shapes);
            if (match >= 0 && shapes[match].Names.SequenceEqual(method.Parameters.Select(p => p.Name)))
            {
                return other;
            }
        }
        return null;
    }

    /// <summary>The attributes that declare a kernel: <c>[Conv2D]</c>, <c>[SlidingChannelConv]</c> and <c>[ConvTranspose2D]</c>.</summary>
    private static readonly HashSet<string> KernelAttributeMetadataNames = new()
    {
        Conv2DParser.AttributeMetadataName,
        SlidingChannelParser.AttributeMetadataName,
        ConvTranspose2DParser.AttributeMetadataName,
    };

    private static bool IsKernelAttribute(AttributeData attribute) =>
        attribute.AttributeClass?.ToDisplayString() is string name && KernelAttributeMetadataNames.Contains(name);

    private static string ShortName(AttributeData attribute)
    {
        string name = attribute.AttributeClass!.Name;
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    /// <summary>
    /// The syntax a ConvGen attribute can sit on: methods, and the other method-like declarations (local functions,
    /// lambdas, accessors, operators, finalizers), which get CNVG0010 from <see cref="RejectNonMethod"/>.
    /// </summary>
    public static bool IsCandidate(SyntaxNode node) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax or LambdaExpressionSyntax
        or AccessorDeclarationSyntax or OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax or DestructorDeclarationSyntax;

    /// <summary>
    /// CNVG0010 when the attribute sits on something a method-targeted attribute may sit on but ConvGen cannot implement
    /// (a local function, a lambda, a property or event accessor, an operator, a finalizer); else null. Without it the
    /// attribute on an accessor or an operator was ignored, and the user was left believing they had a kernel.
    /// </summary>
    public static DiagnosticInfo? RejectNonMethod(SyntaxNode node) => node switch
    {
        LocalFunctionStatementSyntax local => NotAMethod(local.Identifier.GetLocation(), $"local function '{local.Identifier.ValueText}'"),
        LambdaExpressionSyntax lambda => NotAMethod(lambda.ArrowToken.GetLocation(), "a lambda"),
        AccessorDeclarationSyntax accessor => NotAMethod(accessor.Keyword.GetLocation(),
            $"the '{accessor.Keyword.ValueText}' accessor{(accessor.Parent?.Parent is BasePropertyDeclarationSyntax { } owner ? $" of '{OwnerName(owner)}'" : "")}"),
        OperatorDeclarationSyntax op => NotAMethod(op.OperatorToken.GetLocation(), $"operator {op.OperatorToken.ValueText}"),
        ConversionOperatorDeclarationSyntax conversion => NotAMethod(conversion.Type.GetLocation(), $"a conversion operator to '{conversion.Type}'"),
        DestructorDeclarationSyntax destructor => NotAMethod(destructor.Identifier.GetLocation(), "a finalizer"),
        _ => null,
    };

    private static DiagnosticInfo NotAMethod(Location location, string what) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.NotAnOrdinaryMethod, location, what);

    private static string OwnerName(BasePropertyDeclarationSyntax owner) => owner switch
    {
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        EventDeclarationSyntax @event => @event.Identifier.ValueText,
        _ => "this[]",
    };

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
        return new ContainingTypeSpec(keyword, EscapeIdentifier(type.Name));
    }

    /// <summary>The accessibility and <c>static partial</c> keywords, in the user's order (minus <c>extern</c>).</summary>
    private static string Modifiers(MethodDeclarationSyntax syntax) =>
        string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.ExternKeyword)).Select(m => m.ValueText));

    private static int MatchParameters(IMethodSymbol method, IReadOnlyList<ParameterShape> shapes)
    {
        if (method.IsExtensionMethod)
        {
            return -1; // 'this' on the first parameter: the generated half would have to repeat it
        }
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

    private static bool IsSpanOfFloat(IParameterSymbol parameter, SpanKind kind) =>
        parameter.RefKind == RefKind.None && !parameter.IsParams && parameter.ScopedKind == ScopedKind.None &&
        SpanElement(parameter.Type) is { SpecialType: SpecialType.System_Single } &&
        parameter.Type.Name == (kind == SpanKind.ReadOnly ? "ReadOnlySpan" : "Span");

    /// <summary>
    /// The element type of a <c>System.Span&lt;T&gt;</c> or <c>System.ReadOnlySpan&lt;T&gt;</c>, else null (a type nested
    /// in a generic type, such as <c>Outer&lt;int&gt;.Inner</c>, is generic without type arguments of its own).
    /// </summary>
    private static ITypeSymbol? SpanElement(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1 } span && span.ContainingNamespace?.ToDisplayString() == "System"
            ? span.TypeArguments[0]
            : null;

    /// <summary>A span or array of numbers other than float (image bytes, doubles): data the user has yet to convert.</summary>
    private static bool IsSpanOrArrayOfOtherNumbers(ITypeSymbol type)
    {
        ITypeSymbol? element = type is IArrayTypeSymbol array ? array.ElementType : SpanElement(type);
        return element is not null && element.SpecialType != SpecialType.System_Single &&
            (element.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_Double || element.ToDisplayString() == "System.Half");
    }

    /// <summary>The fully qualified, nullable-annotated form in which a generated file names a parameter's type.</summary>
    private static readonly SymbolDisplayFormat s_parameterTypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// The parameter declarations an implementing half must repeat (ref kind, <c>params</c>, type and name; the
    /// defining half keeps the default values), or null where a generated file cannot write them exactly, or where the
    /// declaration already has compiler errors that the repeated list would report a second time: an extension method's
    /// <c>this</c>, <c>__arglist</c>, an explicit <c>scoped</c>, a pointer or function pointer (an unsafe context), a
    /// type that does not bind, a file-local type (not visible from another file) or one from a reference with an
    /// extern alias (not reachable through <c>global::</c>).
    /// </summary>
    private static string[]? RepeatableParameters(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken cancellationToken)
    {
        if (method.IsExtensionMethod || method.IsVararg ||
            syntax.ParameterList.Parameters.Any(p => p.Modifiers.Any(SyntaxKind.ScopedKeyword)) ||
            method.Parameters.Any(p => !CanNameInAnotherFile(p.Type, model.Compilation)))
        {
            return null;
        }
        // The compiler's own errors on the name and the list (CS0051, CS0231, ...), but not the missing implementation.
        var declaration = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(syntax.Identifier.SpanStart, syntax.ParameterList.Span.End);
        if (model.GetDiagnostics(declaration, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795"))
        {
            return null;
        }
        return method.Parameters.Select(p => (p.IsParams ? "params " : "") + RefKindPrefix(p.RefKind) +
            p.Type.ToDisplayString(s_parameterTypeFormat) + " " + EscapeIdentifier(p.Name)).ToArray();
    }

    private static string RefKindPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => "ref readonly ",
        _ => "",
    };

    private static bool CanNameInAnotherFile(ITypeSymbol type, Compilation compilation) => type switch
    {
        IErrorTypeSymbol or IPointerTypeSymbol or IFunctionPointerTypeSymbol => false,
        IArrayTypeSymbol array => CanNameInAnotherFile(array.ElementType, compilation),
        INamedTypeSymbol named => !named.IsFileLocal && IsGloballyVisible(named.ContainingAssembly, compilation) &&
            named.TypeArguments.All(argument => CanNameInAnotherFile(argument, compilation)) &&
            (named.ContainingType is null || CanNameInAnotherFile(named.ContainingType, compilation)),
        _ => true, // type parameters cannot occur: generic methods and types are CNVG0006
    };

    /// <summary>False for an assembly referenced only under extern aliases: <c>global::</c> does not reach its types.</summary>
    private static bool IsGloballyVisible(IAssemblySymbol? assembly, Compilation compilation) =>
        assembly is null || compilation.GetMetadataReference(assembly) is not { } reference ||
        reference.Properties.Aliases.IsEmpty || reference.Properties.Aliases.Contains("global");

    /// <summary>A parameter as CNVG0004 quotes it: the modifiers as written (not the implicit scope of out and params spans).</summary>
    private static string Describe(IParameterSymbol parameter, ParameterSyntax? syntax) =>
        (parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true } ? "this " : "") +
        (parameter.IsParams ? "params " : "") +
        (syntax?.Modifiers.Any(SyntaxKind.ScopedKeyword) == true ? "scoped " : "") +
        RefKindPrefix(parameter.RefKind) +
        parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + parameter.Name;
}
