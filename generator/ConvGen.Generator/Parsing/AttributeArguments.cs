using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generator.Parsing;

/// <summary>
/// The named arguments of one attribute application: their constant values (from the semantic model, so
/// <c>const</c> expressions work) and their syntax locations (so diagnostics land on the offending argument).
/// </summary>
internal sealed class AttributeArguments
{
    private readonly Dictionary<string, TypedConstant> _values = new();
    private readonly Dictionary<string, Location> _locations = new();

    public AttributeArguments(AttributeData attribute, AttributeSyntax? syntax)
    {
        AttributeLocation = syntax?.Name.GetLocation() ?? Location.None;
        foreach (KeyValuePair<string, TypedConstant> pair in attribute.NamedArguments)
        {
            _values[pair.Key] = pair.Value;
        }
        if (syntax?.ArgumentList is { } list)
        {
            foreach (AttributeArgumentSyntax argument in list.Arguments)
            {
                if (argument.NameEquals is { } name)
                {
                    _locations[name.Name.Identifier.ValueText] = argument.GetLocation();
                }
            }
        }
    }

    /// <summary>Where to report problems that belong to no single argument (the attribute's name).</summary>
    public Location AttributeLocation { get; }

    public bool IsSet(string name) => _values.ContainsKey(name);

    /// <summary>True when the argument is present but does not bind to a constant (the compiler reports that).</summary>
    public bool IsBroken(string name) => _values.TryGetValue(name, out TypedConstant value) && (value.Kind == TypedConstantKind.Error || value.Value is null);

    public int? GetInt(string name) =>
        _values.TryGetValue(name, out TypedConstant value) && value.Kind != TypedConstantKind.Error && value.Value is int i ? i : null;

    /// <summary>A <c>double</c> argument (an integer literal given for a double property arrives converted).</summary>
    public double? GetDouble(string name) =>
        _values.TryGetValue(name, out TypedConstant value) && value.Kind != TypedConstantKind.Error && value.Value is double d ? d : null;

    /// <summary>A <c>float</c> argument (an integer literal given for a float property arrives converted).</summary>
    public float? GetFloat(string name) =>
        _values.TryGetValue(name, out TypedConstant value) && value.Kind != TypedConstantKind.Error && value.Value is float f ? f : null;

    public bool? GetBool(string name) =>
        _values.TryGetValue(name, out TypedConstant value) && value.Kind != TypedConstantKind.Error && value.Value is bool b ? b : null;

    public Location LocationOf(string name) => _locations.TryGetValue(name, out Location? location) ? location : AttributeLocation;
}
