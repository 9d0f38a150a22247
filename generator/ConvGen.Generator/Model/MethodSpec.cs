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
    /// Stable, file-system-safe hint name: <c>Namespace.Outer.Inner.Method.g.cs</c>. Overloads (the same method with and
    /// without bias) are told apart by their parameter count: <c>Method.P4.g.cs</c>.
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
            parts.Append(".g.cs");
            foreach (char bad in new[] { '<', '>', ',', ' ' })
            {
                parts.Replace(bad, '_');
            }
            return parts.ToString();
        }
    }
}

/// <summary>The cached output of parsing: one attributed method and its validated layer.</summary>
internal sealed record KernelSpec(MethodSpec Method, LayerSpec Layer);
