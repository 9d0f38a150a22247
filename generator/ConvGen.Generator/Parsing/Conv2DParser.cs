using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Planning;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generator.Parsing;

/// <summary>The result of parsing one attributed method: a spec when valid, and every problem found.</summary>
internal sealed record ParseResult(KernelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>A well-formed method whose attribute has errors: it gets a throwing body (<see cref="Emit.UnimplementedKernelEmitter"/>).</summary>
    public MethodSpec? Unimplemented { get; init; }
}

/// <summary>
/// Turns a <c>[Conv2D]</c> method into a validated <see cref="KernelSpec"/>. It keeps checking after the first
/// problem so the user sees every error at once, each on the argument that causes it.
/// </summary>
internal static class Conv2DParser
{
    public const string AttributeName = "Conv2D";
    public const string AttributeMetadataName = "ConvGen.Conv2DAttribute";

    /// <summary>Largest accepted channel count, spatial size and padding.</summary>
    internal const int MaxDimension = 1 << 20;
    /// <summary>Largest accepted kernel extent, stride and dilation per axis (keeps unrolled code bounded).</summary>
    internal const int MaxKernel = 255;
    internal const int MaxPadding = 1024;

    private static readonly ParameterShape[] s_forwardShapes =
    {
        new("ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output",
            SpanKind.ReadOnly, SpanKind.ReadOnly, SpanKind.Writable),
        new("ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output",
            SpanKind.ReadOnly, SpanKind.ReadOnly, SpanKind.ReadOnly, SpanKind.Writable),
    };

    private static readonly ParameterShape[] s_backwardDataShapes =
    {
        new("ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput",
            SpanKind.ReadOnly, SpanKind.ReadOnly, SpanKind.Writable),
    };

    private static readonly ParameterShape[] s_backwardWeightsShapes =
    {
        new("ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights",
            SpanKind.ReadOnly, SpanKind.ReadOnly, SpanKind.Writable),
        new("ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights, Span<float> gradBias",
            SpanKind.ReadOnly, SpanKind.ReadOnly, SpanKind.Writable, SpanKind.Writable),
    };

    /// <summary>Every accepted parameter list, for a method whose pass is undefined (reported as CNVG0108 alone).</summary>
    private static readonly ParameterShape[] s_anyPassShapes = s_forwardShapes.Concat(s_backwardDataShapes).Concat(s_backwardWeightsShapes).ToArray();

    /// <summary>
    /// The accepted parameter lists of a pass (shared by every ConvGen attribute); index 1, where present, is the one
    /// with a bias. An undefined pass (null) accepts any of them, so its CNVG0108 does not come with a CNVG0004.
    /// </summary>
    internal static ParameterShape[] ShapesFor(PassKind? pass) => pass switch
    {
        PassKind.Forward => s_forwardShapes,
        PassKind.BackwardData => s_backwardDataShapes,
        PassKind.BackwardWeights => s_backwardWeightsShapes,
        _ => s_anyPassShapes,
    };

    /// <summary>The pass named by the attribute: Forward when unset, null when undefined (ReadLayer reports it).</summary>
    internal static PassKind? ReadPass(AttributeArguments args) => args.GetInt("Pass") switch
    {
        null => PassKind.Forward,
        int value and >= 0 and <= 2 => (PassKind)value,
        _ => null,
    };

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        ParseKernel(context, AttributeMetadataName, static (arguments, hasBias, diagnostics) =>
            ReadLayer(arguments, hasBias, diagnostics) is { } layer ? ChooseAlgorithm(arguments, layer, diagnostics) : null, cancellationToken);

    /// <summary>
    /// The parse shared by <c>[Conv2D]</c> and <c>[ConvTranspose2D]</c>: the pass picks the accepted signatures, the method
    /// and the layer are read and validated (every problem reported), and an exception becomes CNVG0900.
    /// </summary>
    internal static ParseResult ParseKernel(GeneratorAttributeSyntaxContext context, string attributeMetadataName,
        Func<AttributeArguments, bool, List<DiagnosticInfo>, LayerSpec?> readLayer, CancellationToken cancellationToken)
    {
        if (KernelMethodReader.RejectNonMethod(context.TargetNode) is { } notAMethod)
        {
            return new ParseResult(null, new[] { notAMethod }.ToEquatableArray());
        }
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            AttributeData attribute = context.Attributes[0];
            var arguments = new AttributeArguments(attribute, attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax);
            PassKind? pass = ReadPass(arguments);
            MethodSpec? methodSpec = KernelMethodReader.Read(method, syntax, context.SemanticModel, attributeMetadataName, pass, arguments.GetInt("Pass") is null, diagnostics, out int shape, cancellationToken);
            LayerSpec? layer = readLayer(arguments, shape == 1, diagnostics);
            if (methodSpec is not null && shape == 1 && pass == PassKind.Forward && HasPackingOverload(method))
            {
                methodSpec = methodSpec with { PackWeightsName = method.Name + "PackWeightsWithBias" };
            }
            if (methodSpec is not null && GetsPacker(attribute) && method.ContainingType.GetMembers(methodSpec.PackWeightsName).Any())
            {
                // The generator sees the compilation without its own output: a member of that name is the user's.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedMemberNameTaken, syntax.Identifier.GetLocation(),
                    method.ContainingType.Name, methodSpec.PackWeightsName, method.Name));
            }
            bool errors = diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
            KernelSpec? spec = methodSpec is not null && layer is not null && !errors ? new KernelSpec(methodSpec, layer) : null;
            return new ParseResult(spec, diagnostics.ToEquatableArray()) { Unimplemented = spec is null ? methodSpec : null };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, syntax.Identifier.GetLocation(), method.Name, ex.Message));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }
    }

    /// <summary>
    /// True when another method of the same name gets a packer named <c>{Name}PackWeights</c>: a three-parameter
    /// forward <c>[Conv2D]</c> (the no-bias form) or forward or backward-data <c>[ConvTranspose2D]</c>. The bias form
    /// then packs with <c>{Name}PackWeightsWithBias</c>; methods of the name without a packer (backward passes, SCC)
    /// leave its name alone.
    /// </summary>
    private static bool HasPackingOverload(IMethodSymbol method) =>
        method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(other =>
            !SymbolEqualityComparer.Default.Equals(other, method) && other.Parameters.Length == 3 &&
            other.GetAttributes().Any(GetsPacker));

    private static bool GetsPacker(AttributeData attribute)
    {
        string? name = attribute.AttributeClass?.ToDisplayString();
        PassKind? pass = ReadPass(new AttributeArguments(attribute, null));
        return name == AttributeMetadataName ? pass == PassKind.Forward
            : name == ConvTranspose2DParser.AttributeMetadataName && pass is PassKind.Forward or PassKind.BackwardData;
    }

    /// <summary>
    /// Decides direct or Winograd (spec §3): a forced Winograd layer gets its tile (or the cost model's); Auto picks
    /// Winograd for an eligible layer only where the cost model predicts a clear win, and says so (CNVG0133).
    /// Returns null on an error.
    /// </summary>
    internal static LayerSpec? ChooseAlgorithm(AttributeArguments args, LayerSpec layer, List<DiagnosticInfo> diagnostics)
    {
        int? tileArgument = args.GetInt("WinogradTile");
        bool lowPrecision = args.GetBool("AllowLowPrecisionWinograd") ?? false;
        if (layer.Algorithm != AlgorithmKind.Winograd)
        {
            if (tileArgument is int t && t != 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WinogradOptionWithoutWinograd, args.LocationOf("WinogradTile"), "WinogradTile", layer.Algorithm, "; set Algorithm = ConvAlgorithm.Winograd"));
                return null;
            }
        }
        // A stride-1 backward-data pass is a forward convolution of gradOutput (BackwardPlanner.RotatedForward): Winograd
        // serves it where it serves that forward layer. A dilated forward layer runs as the undilated layer over its
        // phase mosaic (PhaseMosaicPlanner), and is priced as that.
        LayerSpec dilated = BackwardPlanner.RotatedForward(layer) ?? layer;
        LayerSpec forward = PhaseMosaicPlanner.Plan(dilated)?.Mosaic ?? dilated;
        bool supported = layer.Pass == PassKind.BackwardWeights ? WinogradWeightsPlanner.IsSupportedShape(layer) : WinogradPlanner.IsSupportedShape(forward);
        if (layer.Algorithm == AlgorithmKind.Winograd && !supported)
        {
            // No Winograd plan serves the layer: say why (CNVG0132) rather than judge a tile or an opt-in for it.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WinogradNotApplicable, args.LocationOf("Algorithm"), WhyNotWinograd(layer)));
            return layer;
        }
        // A 5×5 layer Winograd serves has the tiles of F(m×m, 5×5); the others are checked against F(m×m, 3×3)'s.
        bool fiveByFive = supported && forward.KernelHeight == 5;
        if (tileArgument is int tile && tile != 0)
        {
            if (!WinogradPlanner.SupportedTiles(fiveByFive ? 5 : 3).Contains(tile))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedWinogradTile, args.LocationOf("WinogradTile"), tile, fiveByFive
                    ? "2 (F(2×2,5×5)) or 4 (F(4×4,5×5)) on this 5×5 kernel, both with AllowLowPrecisionWinograd = true, or 0 to let the cost model choose"
                    : "2 (F(2×2,3×3)), 4 (F(4×4,3×3)), 6 (F(6×6,3×3), with AllowLowPrecisionWinograd = true) or 0 to let the cost model choose"));
                return null;
            }
            if (tile == 6 && !lowPrecision)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WinogradTileNeedsLowPrecision, args.LocationOf("WinogradTile"),
                    "WinogradTile = 6 (F(6×6,3×3))", "512·2^-23·Σ|w·x|, 4× that of F(4×4,3×3)", "use WinogradTile = 4"));
                return null;
            }
        }
        if (layer.Algorithm == AlgorithmKind.Winograd && fiveByFive && !lowPrecision)
        {
            // Every pass: the 5×5 plans (forward, backward-data's rotated layer, backward-weights' gradient form) share the opt-in.
            string plan = tileArgument is int t5 && t5 != 0 ? $"WinogradTile = {t5} on a 5×5 kernel (F({t5}×{t5},5×5))" : "Algorithm = ConvAlgorithm.Winograd on a 5×5 kernel (F(2×2,5×5) or F(4×4,5×5))";
            // Backward-weights' bound sums over input and gradOutput (PlanDescription's Σ|gradOutput·x|).
            string terms = layer.Pass == PassKind.BackwardWeights ? "Σ|gradOutput·x|" : "Σ|w·x|";
            string bound = tileArgument is int b5 && b5 != 0 ? $"{WinogradErrorModel.ElementwiseKappa(b5 + 4)}·2^-23·{terms}" : $"128·2^-23·{terms} (F(2×2,5×5)) or 512 (F(4×4,5×5))";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WinogradTileNeedsLowPrecision,
                args.LocationOf(tileArgument is int l5 && l5 != 0 ? "WinogradTile" : "Algorithm"), plan,
                bound + ", and its fp32 error measured 10-20× the direct kernel's", "use Algorithm = ConvAlgorithm.Direct"));
            return null;
        }
        if (layer.Pass == PassKind.BackwardWeights)
        {
            return ChooseWeightsAlgorithm(args, layer, tileArgument, diagnostics);
        }
        // Auto prices a dilated layer's mosaic against the dilated layer's own direct kernel (AutoCandidatesOf).
        if (layer.Algorithm == AlgorithmKind.Winograd)
        {
            int chosen = tileArgument is int forced && forced != 0
                ? forced
                : WinogradPlanner.Choose(forward, lowPrecision).Best.OutputTileSize;
            return layer with { WinogradTile = chosen };
        }
        if (layer.Algorithm == AlgorithmKind.Auto && fiveByFive && !lowPrecision
            && WinogradPlanner.AutoCandidatesOf(dilated, allowLargeTile: true, filterTransformPerCall: layer.Pass == PassKind.BackwardData) is { } optIn)
        {
            // Auto keeps a 5×5 layer direct without the opt-in, but says what Winograd would save (info only).
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AutoAlgorithmChoice, args.AttributeLocation, "direct",
                DescribeCosts(optIn, Filter(forward)) + (optIn.WinogradPays && WinogradPlanner.AutoTakes(forward, optIn)
                    ? OptInWouldTake(optIn.Best.OutputTileSize)
                    : "; Auto would keep this 5×5 layer direct even with AllowLowPrecisionWinograd = true")));
            return layer;
        }
        if (layer.Algorithm == AlgorithmKind.Auto && layer.Pass == PassKind.BackwardData)
        {
            // Backward-data's weights change every training step, so its Winograd plan transforms them on every call:
            // the cost model prices that transform in (measured: it keeps 7×7 and 14×14 ResNet-18 layers direct).
            if (!supported || WinogradPlanner.AutoCandidatesOf(dilated, lowPrecision, filterTransformPerCall: true) is not { } dataChoice)
            {
                return layer;
            }
            string dataCosts = DescribeCosts(dataChoice, Filter(forward)) + MosaicCosts(forward, dilated) + "; backward-data's weights change every training step, so the Winograd estimates include transforming every filter on every call";
            if (dataChoice.WinogradPays && WinogradPlanner.AutoTakes(forward, dataChoice))
            {
                int picked = dataChoice.Best.OutputTileSize;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AutoAlgorithmChoice, args.AttributeLocation, $"Winograd F({picked}×{picked},{Filter(forward)})", dataCosts));
                return layer with { WinogradTile = picked };
            }
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AutoAlgorithmChoice, args.AttributeLocation, "direct",
                dataCosts + "; set Algorithm = ConvAlgorithm.Winograd where the weights stay fixed across calls, as for input gradients of a frozen network, and the transform is reused"));
            return layer;
        }
        if (layer.Algorithm != AlgorithmKind.Auto || WinogradPlanner.AutoCandidatesOf(dilated, lowPrecision) is not { } choice)
        {
            return layer; // not Auto, not a Winograd shape, or too few channels or too small an output for it to pay: direct, without a message
        }
        string costs = DescribeCosts(choice, Filter(forward)) + MosaicCosts(forward, dilated);
        if (choice.WinogradPays && !WinogradPlanner.AutoTakes(layer, choice))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AutoAlgorithmChoice, args.AttributeLocation, "direct",
                costs + $"; but Auto only uses Winograd where it was measured to win (C and K ≥ {WinogradPlanner.AutoMinimumChannelsFor(layer)}); set Algorithm = ConvAlgorithm.Winograd to force it"));
            return layer;
        }
        if (choice.WinogradPays)
        {
            int picked = choice.Best.OutputTileSize;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AutoAlgorithmChoice, args.AttributeLocation, $"Winograd F({picked}×{picked},{Filter(forward)})", costs));
            return layer with { WinogradTile = picked };
        }
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AutoAlgorithmChoice, args.AttributeLocation, "direct", costs));
        return layer;
    }

    /// <summary>
    /// Backward-weights: Winograd in its weight-gradient form where asked for (F(4×4,3×3) unless the tile is given), or
    /// where Auto's rule takes it (<see cref="WinogradWeightsPlanner.AutoVerdict"/>), which it then says (CNVG0133).
    /// </summary>
    private static LayerSpec? ChooseWeightsAlgorithm(AttributeArguments args, LayerSpec layer, int? tileArgument, List<DiagnosticInfo> diagnostics)
    {
        if (layer.Algorithm == AlgorithmKind.Winograd)
        {
            // (ChooseAlgorithm has reported a layer the weight-gradient form cannot serve, and a 5×5 one without the opt-in.) Every
            // F(m, r) the generator derives has dyadic points, so its weight-gradient form exists (WinogradWeightsTransform).
            return layer with { WinogradTile = tileArgument is int forced && forced != 0 ? forced : 4 };
        }
        bool lowPrecision = args.GetBool("AllowLowPrecisionWinograd") ?? false;
        if (layer.Algorithm == AlgorithmKind.Auto && WinogradPlanner.NeedsLowPrecision(4, layer.KernelHeight) && !lowPrecision
            && WinogradWeightsPlanner.AutoVerdict(layer, allowLowPrecision: true) is (> 0, string optInReason))
        {
            // Auto keeps a 5×5 layer direct without the opt-in, but says what Winograd would do (info only), as forward does.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AutoAlgorithmChoice, args.AttributeLocation, "direct (backward-weights)",
                optInReason + OptInWouldTake(4)));
            return layer;
        }
        if (layer.Algorithm != AlgorithmKind.Auto || WinogradWeightsPlanner.AutoVerdict(layer, lowPrecision) is not (int picked, string reason))
        {
            return layer;
        }
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AutoAlgorithmChoice, args.AttributeLocation,
            picked > 0 ? $"Winograd F({picked}×{picked},{Filter(layer)}) (backward-weights)" : "direct (backward-weights)",
            reason + (picked > 0 ? "; set Algorithm = ConvAlgorithm.Direct to keep direct" : "; set Algorithm = ConvAlgorithm.Winograd to force it")));
        return picked > 0 ? layer with { WinogradTile = picked } : layer;
    }

    /// <summary>CNVG0133's note on a 5×5 layer Auto keeps direct for want of the opt-in, where with it Auto would take F(m×m,5×5).</summary>
    private static string OptInWouldTake(int tile) =>
        $"; Auto takes Winograd on a 5×5 kernel only with AllowLowPrecisionWinograd = true (its fp32 error measured 10-20× the direct kernel's): set it to let Auto use F({tile}×{tile},5×5)";

    /// <summary>CNVG0133's note for a dilated layer, priced as the undilated layer over its phase mosaic; empty for others.</summary>
    private static string MosaicCosts(LayerSpec priced, LayerSpec dilated) =>
        priced == dilated ? "" : $"; Winograd runs on the dilated layer's phase mosaic, an undilated {priced.Height}×{priced.Width} layer (its estimates include gathering the mosaic's rows and scattering its outputs), direct on the layer itself";

    /// <summary>
    /// CNVG0133's reason: the cheapest Winograd plan's predicted cycles (and what they are spent on) against direct's, the
    /// margin Winograd needs, and the other candidates.
    /// </summary>
    private static string DescribeCosts(WinogradChoice choice, string filter)
    {
        WinogradCycleEstimate best = choice.Best;
        int m = best.OutputTileSize;
        var others = choice.Candidates.Where(c => c.OutputTileSize != m).Select(c => $"F({c.OutputTileSize}×{c.OutputTileSize},{filter}) {Mega(c.Total)}");
        return FormattableString.Invariant(
            $"the cost model predicts {Mega(best.Total)} cycles for F({m}×{m},{filter}) (GEMMs {Mega(best.Gemm)}, transforms {Mega(best.Transforms)}, weight streaming {Mega(best.WeightStreaming)}{(best.FilterTransform > 0 ? $", filter transform {Mega(best.FilterTransform)}" : "")}) ") +
            FormattableString.Invariant(
            $"against {Mega(choice.DirectCycles)} for direct (ratio {choice.Ratio:0.00}, Winograd needs < {WinogradCostModel.WinogradAdvantageThreshold:0.0#}); other tiles: {string.Join(", ", others)}");
    }

    /// <summary>The filter of a Winograd layer as the plans name it: "3×3" or "5×5".</summary>
    private static string Filter(LayerSpec l) => $"{l.KernelHeight}×{l.KernelWidth}";

    private static string Mega(double cycles) => (cycles / 1e6).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "M";

    /// <summary>
    /// Why a forced Winograd cannot serve <paramref name="l"/> (CNVG0132): the shape, or, for a backward-data pass of
    /// the right shape, the padding its rotated forward convolution would need.
    /// </summary>
    internal static string WhyNotWinograd(LayerSpec l)
    {
        bool shape = WinogradPlanner.IsWinogradKernel(l);
        if (shape && !WinogradPlanner.FitsWorkingFloats(l))
        {
            return $"its transformed buffers would hold up to {WinogradPlanner.WorkingFloats(l)} floats, more than the {WinogradPlanner.MaxWorkingFloats} a kernel may size";
        }
        if (shape && l.Pass == PassKind.BackwardData)
        {
            int most = l.KernelHeight - 1;
            return $"its backward-data pass runs as the forward convolution of gradOutput with the rotated weights, whose padding is {most} − padding per axis, " +
                $"so the padding must be at most {most}, and this layer's is {l.PaddingHeight}×{l.PaddingWidth}";
        }
        if (shape && l.Pass == PassKind.Forward && !WinogradPlanner.HasTilePadding(l))
        {
            return $"its padding {l.PaddingHeight}×{l.PaddingWidth} reaches the kernel size, so some outputs read only padding: each is exactly the bias, " +
                $"which Winograd's tiles, computing it with their other outputs, do not keep; the padding must be at most {l.KernelHeight - 1}";
        }
        LayerSpec dilated = BackwardPlanner.RotatedForward(l) ?? l;
        PhaseMosaicPlan? mosaic = PhaseMosaicPlanner.Plan(dilated);
        if (mosaic is not null && !WinogradPlanner.FitsWorkingFloats(mosaic.Mosaic))
        {
            return $"its phase mosaic's transformed buffers would hold up to {WinogradPlanner.WorkingFloats(mosaic.Mosaic)} floats, more than the {WinogradPlanner.MaxWorkingFloats} a kernel may size";
        }
        if (mosaic is null && PhaseMosaicPlanner.Applies(dilated))
        {
            return $"its phase mosaic would be too large: rows of more than {PhaseMosaicPlanner.MaxMosaicWidth} floats, or more floats than 32-bit sizes hold (dilation {l.DilationHeight}×{l.DilationWidth} on {l.Height}×{l.Width})";
        }
        return $"it needs a 3×3 or 5×5 kernel, stride 1, dilation 1 (with padding below the kernel size on forward and backward-data passes; or, 3×3 only and not on backward-weights, dilation d with padding a multiple of d and at most 2d) and one group, and this layer has a {l.KernelHeight}×{l.KernelWidth} kernel, " +
            $"stride {l.StrideHeight}×{l.StrideWidth}, dilation {l.DilationHeight}×{l.DilationWidth}, padding {l.PaddingHeight}×{l.PaddingWidth} and {l.Groups} group(s) ({PassName(l.Pass)} pass)";
    }

    private static string PassName(PassKind pass) => pass switch
    {
        PassKind.BackwardData => "backward-data",
        PassKind.BackwardWeights => "backward-weights",
        _ => "forward",
    };

    /// <summary>Reads and validates the attribute's named arguments; null when any is invalid.</summary>
    internal static LayerSpec? ReadLayer(AttributeArguments args, bool hasBias, List<DiagnosticInfo> diagnostics)
    {
        int errors = diagnostics.Count;
        var reader = new PropertyReader(AttributeName, args, diagnostics);

        int inChannels = reader.Required("InChannels", "input channels", 1, MaxDimension);
        int outChannels = reader.Required("OutChannels", "output channels", 1, MaxDimension);
        int height = reader.Required("Height", "input height", 1, MaxDimension);
        int width = reader.Required("Width", "input width", 1, MaxDimension);
        (int kernelHeight, int kernelWidth) = reader.Axes("KernelSize", "KernelHeight", "KernelWidth", 1, MaxKernel, defaultValue: null);
        (int strideHeight, int strideWidth) = reader.Axes("Stride", "StrideHeight", "StrideWidth", 1, MaxKernel, defaultValue: 1);
        (int dilationHeight, int dilationWidth) = reader.Axes("Dilation", "DilationHeight", "DilationWidth", 1, MaxKernel, defaultValue: 1);
        (int paddingHeight, int paddingWidth) = reader.Axes("Padding", "PaddingHeight", "PaddingWidth", 0, MaxPadding, defaultValue: 0);
        int groups = reader.Optional("Groups", 1, MaxDimension, defaultValue: 1);
        int activation = reader.Enum("Activation", "Activation", defaultValue: 0, ActivationNames.Members);
        int algorithm = reader.Enum("Algorithm", "ConvAlgorithm", defaultValue: 0, "Auto", "Direct", "Winograd");
        int pass = reader.Enum("Pass", "ConvPass", defaultValue: 0, "Forward", "BackwardData", "BackwardWeights");
        CheckActivationAndGroups(args, activation, pass, groups, inChannels, outChannels, diagnostics);
        var activationKind = (ActivationKind)activation;
        float negativeSlope = NegativeSlopeReader.Read(args, ref activationKind, diagnostics);

        CheckExtent(args, "height", height, kernelHeight, dilationHeight, paddingHeight, args.IsSet("KernelSize") ? "KernelSize" : "KernelHeight", diagnostics);
        CheckExtent(args, "width", width, kernelWidth, dilationWidth, paddingWidth, args.IsSet("KernelSize") ? "KernelSize" : "KernelWidth", diagnostics);

        if (diagnostics.Count != errors || reader.SawUnboundArgument)
        {
            return null; // an unbound argument is the compiler's error to report; there is no layer to build
        }

        var layer = new LayerSpec(inChannels, outChannels, height, width, kernelHeight, kernelWidth,
            strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth,
            groups, activationKind, (AlgorithmKind)algorithm, hasBias, (PassKind)pass) { NegativeSlope = negativeSlope };

        CheckTensorSize(args, "input of one image", (long)inChannels * height * width, diagnostics);
        CheckTensorSize(args, "output of one image", (long)outChannels * layer.OutHeight * layer.OutWidth, diagnostics);
        CheckTensorSize(args, "weight tensor", (long)outChannels * (inChannels / groups) * kernelHeight * kernelWidth, diagnostics);
        if (diagnostics.Count == errors)
        {
            CheckWorkingBuffers(args, layer, diagnostics);
        }
        return diagnostics.Count == errors ? layer : null;
    }

    /// <summary>
    /// The rules <c>[Conv2D]</c> and <c>[ConvTranspose2D]</c> share: an activation only on the forward pass (CNVG0124),
    /// and Groups dividing both channel counts (CNVG0104). Values already reported invalid (≤ 0) are skipped.
    /// </summary>
    internal static void CheckActivationAndGroups(AttributeArguments args, int activation, int pass, int groups, int inChannels, int outChannels, List<DiagnosticInfo> diagnostics)
    {
        if (pass != 0 && activation != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ActivationOnBackwardPass, args.LocationOf("Activation"),
                ((ActivationKind)activation).ToString(), ((PassKind)pass).ToString()));
        }

        if (groups > 0 && inChannels > 0 && outChannels > 0 && (inChannels % groups != 0 || outChannels % groups != 0))
        {
            string allowed = Divisors.Describe(ShapeMath.GreatestCommonDivisor(inChannels, outChannels));
            diagnostics.Add(inChannels % groups != 0
                ? DiagnosticInfo.Create(DiagnosticDescriptors.ChannelsNotDivisibleByGroups, args.LocationOf("Groups"), groups, "InChannels", inChannels, allowed)
                : DiagnosticInfo.Create(DiagnosticDescriptors.ChannelsNotDivisibleByGroups, args.LocationOf("Groups"), groups, "OutChannels", outChannels, allowed));
        }
    }

    private static void CheckExtent(AttributeArguments args, string axis, int size, int kernel, int dilation, int padding, string kernelProperty, List<DiagnosticInfo> diagnostics)
    {
        if (size <= 0 || kernel <= 0 || dilation <= 0 || padding < 0)
        {
            return; // already reported
        }
        long extent = ShapeMath.EffectiveKernel(kernel, dilation);
        long padded = size + 2L * padding;
        if (extent > padded)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyOutput, args.LocationOf(kernelProperty),
                axis, extent, kernel, dilation, padded, size, padding));
        }
    }

    /// <summary>
    /// CNVG0107 for the zero-padded planes a kernel packs or computes on, which its generated constants size: the
    /// input of the convolution <paramref name="layer"/> is (padded by p per side, a stride of spare columns and rows
    /// included; backward-data's phase grids of gradInput are bounded by it too) and, for backward-data, its gradOutput
    /// (padded by up to d·(k − 1) per side for the transposed direction). A transposed layer passes its equivalent
    /// convolution, whose input is the transposed gradOutput and the other way round.
    /// </summary>
    internal static void CheckWorkingBuffers(AttributeArguments args, LayerSpec layer, List<DiagnosticInfo> diagnostics)
    {
        bool transposed = layer.Transposed is not null;
        CheckTensorSize(args, $"zero-padded {(transposed ? "gradOutput" : "input")} of one image", (long)layer.InChannels *
            (layer.Height + 2L * layer.PaddingHeight + layer.StrideHeight) * (layer.Width + 2L * layer.PaddingWidth + layer.StrideWidth), diagnostics);
        if (layer.Pass == PassKind.BackwardData)
        {
            long rows = layer.OutHeight + 2L * layer.DilationHeight * (layer.KernelHeight - 1) + layer.StrideHeight;
            long columns = layer.OutWidth + 2L * layer.DilationWidth * (layer.KernelWidth - 1) + layer.StrideWidth;
            CheckTensorSize(args, $"zero-padded {(transposed ? "input" : "gradOutput")} of one image", layer.OutChannels * rows * columns, diagnostics);
        }
    }

    internal static void CheckTensorSize(AttributeArguments args, string what, long elements, List<DiagnosticInfo> diagnostics)
    {
        const long limit = int.MaxValue / 4;
        if (elements > limit)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TensorTooLarge, args.AttributeLocation, what, elements, limit));
        }
    }
}
