using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Helpers;
using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Parsing;

/// <summary>Reads integer properties with range checks, reporting each problem on its argument.</summary>
internal sealed class PropertyReader
{
    private readonly string _attributeName;
    private readonly AttributeArguments _args;
    private readonly List<DiagnosticInfo> _diagnostics;

    public PropertyReader(string attributeName, AttributeArguments args, List<DiagnosticInfo> diagnostics)
    {
        _attributeName = attributeName;
        _args = args;
        _diagnostics = diagnostics;
    }

    /// <summary>True when some argument was present but did not bind to a constant of its type.</summary>
    public bool SawUnboundArgument { get; private set; }

    /// <summary>A property without a default; 0 (and a CNVG0101) when missing.</summary>
    public int Required(string name, string meaning, int min, int max)
    {
        if (!_args.IsSet(name))
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingProperty, _args.AttributeLocation, _attributeName, name, meaning, min, max));
            return 0;
        }
        return Optional(name, min, max, 0);
    }

    public int Optional(string name, int min, int max, int defaultValue)
    {
        if (!_args.IsSet(name))
        {
            return defaultValue;
        }
        if (_args.GetInt(name) is not int value)
        {
            SawUnboundArgument = true; // does not bind to a constant: the compiler reports it
            return -1;
        }
        if (value < min || value > max)
        {
            DiagnosticDescriptor descriptor = min == 0 ? DiagnosticDescriptors.PaddingOutOfRange : DiagnosticDescriptors.ValueOutOfRange;
            _diagnostics.Add(min == 0
                ? DiagnosticInfo.Create(descriptor, _args.LocationOf(name), name, value, max)
                : DiagnosticInfo.Create(descriptor, _args.LocationOf(name), name, value, min, max));
            return -1; // −1 marks "invalid" so dependent checks (kernel extent, groups) stay quiet
        }
        return value;
    }

    /// <summary>
    /// A square property and its per-axis pair (e.g. KernelSize / KernelHeight + KernelWidth). Setting the
    /// square form together with either axis is a CNVG0106. With no default, both axes are required.
    /// </summary>
    public (int Height, int Width) Axes(string square, string heightName, string widthName, int min, int max, int? defaultValue)
    {
        bool hasSquare = _args.IsSet(square);
        foreach (string axis in new[] { heightName, widthName })
        {
            if (hasSquare && _args.IsSet(axis))
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingProperties, _args.LocationOf(axis), axis, square));
            }
        }
        if (hasSquare)
        {
            int value = Optional(square, min, max, 0);
            return (value, value);
        }
        if (defaultValue is int fallback)
        {
            return (Optional(heightName, min, max, fallback), Optional(widthName, min, max, fallback));
        }
        if (!_args.IsSet(heightName) && !_args.IsSet(widthName))
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingProperty, _args.AttributeLocation, _attributeName,
                square, $"or {heightName} and {widthName}", min, max));
            return (0, 0);
        }
        return (Required(heightName, "kernel height", min, max), Required(widthName, "kernel width", min, max));
    }

    public int Enum(string name, string typeName, int defaultValue, params string[] names)
    {
        if (!_args.IsSet(name))
        {
            return defaultValue;
        }
        if (_args.GetInt(name) is not int value)
        {
            SawUnboundArgument = true;
            return defaultValue;
        }
        if (value < 0 || value >= names.Length)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedEnumValue, _args.LocationOf(name), name, value, typeName,
                string.Join(", ", names.Select((n, i) => $"{n} ({i})"))));
            return defaultValue;
        }
        return value;
    }
}
