using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Model;

/// <summary>One enclosing type of the partial method, enough to reopen it (<c>partial class Outer&lt;T&gt;</c>).</summary>
internal sealed record ContainingTypeSpec(string Keyword, string NameWithTypeParameters);

/// <summary>The user's partial method: where it lives and how it is declared. No Roslyn objects.</summary>
internal sealed record MethodSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string Modifiers,
    EquatableArray<string> ParameterNames)
{
    /// <summary>
    /// Name of the generated weight-packing method: <c>{Name}PackWeights</c>, or <c>{Name}PackWeightsWithBias</c> for the
    /// bias form when both forms of the method are declared (their packers would otherwise collide).
    /// </summary>
    public string PackWeightsName { get; init; } = Name + "PackWeights";

    /// <summary>
    /// Name of the generated shape property (<c>{Name}Shape</c>, or a form's name where kernels share the method's name),
    /// or null where the type has or inherits a member of that name, or is itself so named: see
    /// <c>KernelMethodReader.ShapePropertyName</c>.
    /// </summary>
    public string? ShapeName { get; init; }

    /// <summary>
    /// The parameters' kinds in order, R for <c>ReadOnlySpan&lt;float&gt;</c> and S for <c>Span&lt;float&gt;</c>: a
    /// forward or backward-data method writes one span, a backward-weights method with a bias gradient two (RRSS), so
    /// the two can be overloads of one name with four parameters each.
    /// </summary>
    public string ParameterKinds { get; init; } = "";

    /// <summary>
    /// The method's modifiers for the members generated next to it (the packer, the packed overload and the shape
    /// property): without <c>partial</c>, and without <c>new</c>, which hides a base member of the kernel's own name and
    /// signature only (on the siblings it would be CS0109).
    /// </summary>
    public string MemberModifiers => string.Join(" ", Modifiers.Split(' ').Where(m => m is not ("partial" or "new")));

    /// <summary>
    /// The user's <c>///</c> documentation on the declaration, one line each without the <c>///</c>: the compiler takes
    /// a partial method's documentation from its implementation, so the generated part repeats it.
    /// </summary>
    public EquatableArray<string> Documentation { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// The generated implementation's documentation: the user's lines followed by the plan's <c>&lt;remarks&gt;</c>, or
    /// the user's alone where they wrote remarks of their own.
    /// </summary>
    public IEnumerable<string> DocumentationWith(IEnumerable<string> planRemarks) =>
        Documentation.Any(line => line.Contains("<remarks")) ? Documentation : Documentation.Concat(planRemarks);

    /// <summary>
    /// The method's own parameter declarations (fully qualified types, ref kinds, <c>params</c>; no default values),
    /// set only for a method whose parameters are not a pass's list (CNVG0004): its throwing body repeats them, so the
    /// compiler adds no CS8795 next to the error. Null for every other method, whose parameters are the spans of
    /// <see cref="ParameterKinds"/>.
    /// </summary>
    public EquatableArray<string>? DeclaredParameters { get; init; }

    /// <summary><c>Namespace.Outer.Inner.Method</c>, naming the kernel in messages and packed weights.</summary>
    public string DisplayName => Qualified(Name);

    /// <summary>
    /// <c>Namespace.Outer.Inner.{PackWeightsName}</c>: what packed weights are tagged with and checked against. Overloads
    /// of one name (with and without bias) have different packers, so weights packed for one are refused by the other.
    /// </summary>
    public string PackerDisplayName => Qualified(PackWeightsName);

    /// <summary><paramref name="member"/> of the method's innermost containing type, with the namespace and types before it.</summary>
    private string Qualified(string member) => string.Join(".",
        (Namespace is null ? Enumerable.Empty<string>() : new[] { Namespace })
        .Concat(ContainingTypes.Select(t => t.NameWithTypeParameters)).Concat(new[] { member }));

    /// <summary>
    /// Stable, file-system-safe hint name: <c>Namespace.Outer.Inner.Method.g.cs</c>. Overloads (the same method with and
    /// without bias) are told apart by their parameter count, <c>Method.P4.g.cs</c>, and a method writing more than one
    /// span (backward-weights with gradBias) by its parameter kinds as well, <c>Method.P4.RRSS.g.cs</c>, so that it and
    /// a forward overload with bias (RRRS) never collide. A method with <see cref="DeclaredParameters"/> ends in
    /// <c>.Unmatched.{hash of the list}.g.cs</c>: its span kinds may equal a valid overload's
    /// (<c>ReadOnlySpan&lt;double&gt;</c> reads as R) or another unmatched overload's.
    /// </summary>
    public string HintName
    {
        get
        {
            var parts = new System.Text.StringBuilder();
            if (Namespace is not null)
            {
                parts.Append(Namespace).Append('.');
            }
            foreach (ContainingTypeSpec type in ContainingTypes)
            {
                parts.Append(type.NameWithTypeParameters).Append('.');
            }
            parts.Append(Name);
            if (ParameterNames.Count != 3)
            {
                parts.Append(".P").Append(ParameterNames.Count);
            }
            if (ParameterKinds.Count(kind => kind == 'S') > 1)
            {
                parts.Append('.').Append(ParameterKinds);
            }
            if (DeclaredParameters is { } declared)
            {
                // Two unmatched overloads may have the same count and kinds: their declared lists tell them apart.
                uint hash = 2166136261; // FNV-1a, stable from run to run
                foreach (char c in string.Join(", ", declared))
                {
                    hash = unchecked((hash ^ c) * 16777619);
                }
                parts.Append(".Unmatched.").Append(hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
            }
            parts.Append(".g.cs");
            foreach (char bad in new[] { '<', '>', ',', ' ' })
            {
                parts.Replace(bad, '_');
            }
            parts.Replace("@", ""); // verbatim identifiers (@event): Roslyn refuses '@' in a hint name
            return parts.ToString();
        }
    }
}

/// <summary>The cached output of parsing: one attributed method and its validated layer.</summary>
internal sealed record KernelSpec(MethodSpec Method, LayerSpec Layer);
