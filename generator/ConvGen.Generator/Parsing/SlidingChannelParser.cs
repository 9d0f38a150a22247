using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generator.Parsing;

/// <summary>The result of parsing one <c>[SlidingChannelConv]</c> method: a spec when valid, and every problem found.</summary>
internal sealed record SccParseResult(SccSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>A well-formed method whose attribute has errors: it gets a throwing body (<see cref="Emit.UnimplementedKernelEmitter"/>).</summary>
    public MethodSpec? Unimplemented { get; init; }
}

/// <summary>
/// Turns a <c>[SlidingChannelConv]</c> method into a validated <see cref="SccSpec"/>: the pass decides the accepted
/// parameter lists, the overlap is resolved exactly (<see cref="SccOverlap"/>), and every problem is reported on the
/// argument that causes it.
/// </summary>
internal static class SlidingChannelParser
{
    public const string AttributeName = "SlidingChannelConv";
    public const string AttributeMetadataName = "ConvGen.SlidingChannelConvAttribute";

    private static readonly string[] s_passNames = { "Forward", "BackwardData", "BackwardWeights" };
    private static readonly string[] s_activationNames = ActivationNames.Members;

    public static SccParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (KernelMethodReader.RejectNonMethod(context.TargetNode) is { } notAMethod)
        {
            return new SccParseResult(null, new[] { notAMethod }.ToEquatableArray());
        }
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            AttributeData attribute = context.Attributes[0];
            var args = new AttributeArguments(attribute, attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax);
            var attributeDiagnostics = new List<DiagnosticInfo>();
            PassKind pass = (PassKind)ReadEnum(args, "Pass", "ConvPass", s_passNames, attributeDiagnostics);
            PassKind? definedPass = Conv2DParser.ReadPass(args);
            MethodSpec? methodSpec = KernelMethodReader.Read(method, syntax, context.SemanticModel, AttributeMetadataName, definedPass, args.GetInt("Pass") is null,
                diagnostics, out int shape, cancellationToken);
            diagnostics.AddRange(attributeDiagnostics);
            SccLayerSpec? layer = ReadLayer(args, pass, hasBias: shape == 1 && pass != PassKind.BackwardData, diagnostics);
            if (layer is not null && SccPlanner.TableLimitViolation(layer) is { } tooLarge)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SccTablesTooLarge, args.LocationOf(args.IsSet("OverlapChannels") ? "OverlapChannels" : "Overlap"),
                    layer.OverlapChannels, layer.GroupWidth, layer.StrideChannels, tooLarge, layer.InChannels));
            }
            bool valid = methodSpec is not null && layer is not null && diagnostics.All(d => d.Descriptor.DefaultSeverity != DiagnosticSeverity.Error);
            return new SccParseResult(valid ? new SccSpec(methodSpec!, layer!) : null, diagnostics.ToEquatableArray()) { Unimplemented = valid ? null : methodSpec };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, syntax.Identifier.GetLocation(), method.Name, ex.Message));
            return new SccParseResult(null, diagnostics.ToEquatableArray());
        }
    }

    /// <summary>Reads and validates the attribute's named arguments; null when any is invalid.</summary>
    internal static SccLayerSpec? ReadLayer(AttributeArguments args, PassKind pass, bool hasBias, List<DiagnosticInfo> diagnostics)
    {
        int errors = diagnostics.Count(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        int inChannels = Required(args, "InChannels", "input channels", diagnostics);
        int outChannels = Required(args, "OutChannels", "output channels", diagnostics);
        int height = Required(args, "Height", "input height", diagnostics);
        int width = Required(args, "Width", "input width", diagnostics);
        int groups = Required(args, "ChannelGroups", "channel groups cg; the group width is InChannels / cg", diagnostics);
        int activation = ReadEnum(args, "Activation", "Activation", s_activationNames, diagnostics);

        if (activation != 0 && pass != PassKind.Forward)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ActivationOnBackwardPass, args.LocationOf("Activation"),
                s_activationNames[activation], s_passNames[(int)pass]));
        }
        var activationKind = (ActivationKind)activation;
        float negativeSlope = NegativeSlopeReader.Read(args, ref activationKind, diagnostics);

        int groupWidth = 0;
        if (groups > 0 && inChannels > 0)
        {
            if (inChannels % groups != 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ChannelGroupsNotDivisor, args.LocationOf("ChannelGroups"), groups, inChannels,
                    Divisors.Describe(inChannels)));
            }
            else
            {
                groupWidth = inChannels / groups;
            }
        }

        SccOverlap? overlap = ReadOverlap(args, groupWidth, diagnostics);

        if (diagnostics.Count(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) != errors || overlap is null)
        {
            return null;
        }

        foreach ((string what, long elements) in new[]
        {
            ("input of one image", (long)inChannels * height * width),
            ("output of one image", (long)outChannels * height * width),
            ("weight tensor", (long)outChannels * groupWidth),
        })
        {
            const long limit = int.MaxValue / 4;
            if (elements > limit)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TensorTooLarge, args.AttributeLocation, what, elements, limit));
                return null;
            }
        }

        return new SccLayerSpec(inChannels, outChannels, height, width, groups, overlap.OverlapChannels, overlap.Ratio,
            activationKind, pass, hasBias) { NegativeSlope = negativeSlope };
    }

    /// <summary>
    /// Exactly one of Overlap (co) and OverlapChannels. Returns null when missing or invalid (reported), or when the
    /// group width is unknown because of an earlier error (<paramref name="groupWidth"/> = 0).
    /// </summary>
    private static SccOverlap? ReadOverlap(AttributeArguments args, int groupWidth, List<DiagnosticInfo> diagnostics)
    {
        bool hasRatio = args.IsSet("Overlap"), hasChannels = args.IsSet("OverlapChannels");
        double? ratio = args.GetDouble("Overlap");
        int? channels = args.GetInt("OverlapChannels");
        string width = groupWidth > 0 ? groupWidth.ToString(CultureInfo.InvariantCulture) : "gw";
        if (!hasRatio && !hasChannels)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingProperty, args.AttributeLocation, AttributeName,
                "Overlap", "DSXplore's overlap ratio co, or OverlapChannels for an exact channel count", 0, 1));
            return null;
        }
        if (hasRatio && hasChannels)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingOverlap, args.LocationOf("OverlapChannels"),
                channels?.ToString(CultureInfo.InvariantCulture) ?? "?", ratio?.ToString("R", CultureInfo.InvariantCulture) ?? "?", width));
            return null;
        }
        if (hasRatio)
        {
            if (ratio is not double co)
            {
                return null; // does not bind to a constant: the compiler reports it
            }
            if (double.IsNaN(co) || co < 0 || co > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OverlapOutOfRange, args.LocationOf("Overlap"),
                    "Overlap", co.ToString("R", CultureInfo.InvariantCulture), 1, " (a fraction of the group width)"));
                return null;
            }
            if (groupWidth == 0)
            {
                return null;
            }
            SccOverlap overlap = SccOverlap.FromRatio(groupWidth, co);
            if (!overlap.IsIntegral)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonIntegralOverlap, args.LocationOf("Overlap"),
                    overlap.Ratio!, groupWidth, overlap.Product!, overlap.OverlapChannels, overlap.StrideChannels,
                    overlap.DsxploreCudaStrideChannels, overlap.DsxploreCudaOverlapChannels));
            }
            return overlap;
        }

        if (channels is not int ov)
        {
            return null;
        }
        if (ov < 0 || (groupWidth > 0 && ov > groupWidth))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OverlapOutOfRange, args.LocationOf("OverlapChannels"),
                "OverlapChannels", ov, width, " (the group width gw = InChannels / ChannelGroups)"));
            return null;
        }
        return groupWidth == 0 ? null : SccOverlap.FromChannels(groupWidth, ov);
    }

    private static int Required(AttributeArguments args, string name, string meaning, List<DiagnosticInfo> diagnostics)
    {
        if (!args.IsSet(name))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingProperty, args.AttributeLocation, AttributeName, name, meaning, 1, Conv2DParser.MaxDimension));
            return 0;
        }
        if (args.GetInt(name) is not int value)
        {
            return 0; // does not bind to a constant: the compiler reports it
        }
        if (value < 1 || value > Conv2DParser.MaxDimension)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ValueOutOfRange, args.LocationOf(name), name, value, 1, Conv2DParser.MaxDimension));
            return -1;
        }
        return value;
    }

    private static int ReadEnum(AttributeArguments args, string name, string typeName, string[] names, List<DiagnosticInfo> diagnostics)
    {
        if (!args.IsSet(name) || args.GetInt(name) is not int value)
        {
            return 0;
        }
        if (value < 0 || value >= names.Length)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedEnumValue, args.LocationOf(name), name, value, typeName,
                string.Join(", ", names.Select((n, i) => $"{n} ({i})"))));
            return 0;
        }
        return value;
    }
}
