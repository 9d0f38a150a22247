using System;
using System.Collections.Immutable;
using System.Linq;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Emit;
using ConvGen.Generator.Model;
using ConvGen.Generator.Parsing;
using ConvGen.Generator.Planning;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generator;

/// <summary>
/// The ConvGen incremental generator: <c>[Conv2D]</c> methods → equatable <see cref="KernelSpec"/> (parse and
/// validate) → <see cref="KernelModel"/> (plan) → one source file per kernel (emit). Diagnostics travel as data next
/// to the spec and are reported on their own output, so they never churn generation. <c>[SlidingChannelConv]</c>
/// methods run through a second pipeline of the same shape (<see cref="SccSpec"/> → <see cref="SccModel"/>), and
/// <c>[ConvTranspose2D]</c> methods through a third that reuses the convolution's model.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ConvGenerator : IIncrementalGenerator
{
    /// <summary>Names of the tracked pipeline steps, for incremental-caching tests.</summary>
    public static class TrackingNames
    {
        public const string Parse = "ParseKernel";
        public const string Plan = "PlanKernel";
        public const string ParseScc = "ParseSlidingChannelKernel";
        public const string PlanScc = "PlanSlidingChannelKernel";
        public const string ParseTransposed = "ParseTransposedKernel";
        public const string PlanTransposed = "PlanTransposedKernel";
        public const string File = "NameKernelFile";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> convolutions = Parse(context, Conv2DParser.AttributeMetadataName, Conv2DParser.Parse, TrackingNames.Parse);
        IncrementalValuesProvider<SccParseResult> slidingChannel = Parse(context, SlidingChannelParser.AttributeMetadataName, SlidingChannelParser.Parse, TrackingNames.ParseScc);
        // [ConvTranspose2D]: the parser yields the equivalent convolution, so the plan and the emitters are the
        // convolution's (the transposed forward is its backward-data, a TDC decomposition).
        IncrementalValuesProvider<ParseResult> transposed = Parse(context, ConvTranspose2DParser.AttributeMetadataName, ConvTranspose2DParser.Parse, TrackingNames.ParseTransposed);

        IncrementalValueProvider<EquatableArray<string>> collisions = HintNameCollisions(
            convolutions.Select(static (result, _) => result.Spec?.Method ?? result.Unimplemented),
            slidingChannel.Select(static (result, _) => result.Spec?.Method ?? result.Unimplemented),
            transposed.Select(static (result, _) => result.Spec?.Method ?? result.Unimplemented));

        AddConvolutions(context, convolutions, collisions, TrackingNames.Plan);
        AddSlidingChannel(context, slidingChannel, collisions);
        AddConvolutions(context, transposed, collisions, TrackingNames.PlanTransposed);
    }

    /// <summary>The methods carrying one ConvGen attribute, parsed into equatable results.</summary>
    private static IncrementalValuesProvider<T> Parse<T>(IncrementalGeneratorInitializationContext context, string attributeMetadataName,
        Func<GeneratorAttributeSyntaxContext, System.Threading.CancellationToken, T> parse, string trackingName) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(attributeMetadataName, static (node, _) => KernelMethodReader.IsCandidate(node), parse)
            .WithTrackingName(trackingName);

    /// <summary>The hint names of all three pipelines that collide ignoring case (<see cref="HintNames"/>): usually none.</summary>
    private static IncrementalValueProvider<EquatableArray<string>> HintNameCollisions(params IncrementalValuesProvider<MethodSpec?>[] methods)
    {
        IncrementalValueProvider<ImmutableArray<MethodSpec?>> all = methods[0].Collect();
        for (int i = 1; i < methods.Length; i++)
        {
            all = all.Combine(methods[i].Collect()).Select(static (pair, _) => pair.Left.AddRange(pair.Right));
        }
        return all.Select(static (list, _) => HintNames.Collisions(list.Where(method => method is not null).Select(method => method!.HintName)));
    }

    /// <summary>Parse → plan → emit for <c>[Conv2D]</c> and <c>[ConvTranspose2D]</c> methods.</summary>
    private static void AddConvolutions(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> parsed,
        IncrementalValueProvider<EquatableArray<string>> collisions, string planTrackingName)
    {
        context.RegisterSourceOutput(parsed.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));
        AddUnimplementedBodies(context, parsed.Select(static (result, _) => result.Unimplemented), collisions);

        IncrementalValuesProvider<PlanResult> planned = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => PlanResult.Create(result.Spec!))
            .WithTrackingName(planTrackingName);

        context.RegisterSourceOutput(Named(planned, collisions, static result => result.Spec.Method), static (spc, named) =>
            AddKernel(spc, named.HintName, named.Item.Spec.Method, named.Item.Model, named.Item.Failure, KernelSourceEmitter.Emit));
    }

    /// <summary>The same three stages for <c>[SlidingChannelConv]</c> methods (DSXplore SCC).</summary>
    private static void AddSlidingChannel(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<SccParseResult> parsed,
        IncrementalValueProvider<EquatableArray<string>> collisions)
    {
        context.RegisterSourceOutput(parsed.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));
        AddUnimplementedBodies(context, parsed.Select(static (result, _) => result.Unimplemented), collisions);

        IncrementalValuesProvider<SccPlanResult> planned = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => SccPlanResult.Create(result.Spec!))
            .WithTrackingName(TrackingNames.PlanScc);

        context.RegisterSourceOutput(Named(planned, collisions, static result => result.Spec.Method), static (spc, named) =>
            AddKernel(spc, named.HintName, named.Item.Spec.Method, named.Item.Model, named.Item.Failure, SccSourceEmitter.Emit));
    }

    /// <summary>Each item with the file name it gets (<see cref="HintNames.Resolve"/>).</summary>
    private static IncrementalValuesProvider<NamedOutput<T>> Named<T>(IncrementalValuesProvider<T> items,
        IncrementalValueProvider<EquatableArray<string>> collisions, Func<T, MethodSpec> method) =>
        items.Combine(collisions)
            .Select((pair, _) => new NamedOutput<T>(pair.Left, HintNames.Resolve(method(pair.Left).HintName, pair.Right)))
            .WithTrackingName(TrackingNames.File);

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    /// <summary>The throwing body of every well-formed method whose attribute has errors (<see cref="UnimplementedKernelEmitter"/>).</summary>
    private static void AddUnimplementedBodies(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<MethodSpec?> methods,
        IncrementalValueProvider<EquatableArray<string>> collisions) =>
        context.RegisterSourceOutput(Named(methods.Where(static method => method is not null)!, collisions, static method => method!),
            static (spc, named) => AddKernel(spc, named.HintName, named.Item!, named.Item, null, UnimplementedKernelEmitter.Emit));

    /// <summary>
    /// Emits a planned kernel's file, or reports why there is none (a planning or emitting failure) as CNVG0900. A
    /// method defined twice (no <paramref name="hintName"/>) gets no file: the compiler reports the duplicate.
    /// </summary>
    private static void AddKernel<TModel>(SourceProductionContext context, string? hintName, MethodSpec method, TModel? model, string? failure, Func<TModel, string> emit)
        where TModel : class
    {
        if (hintName is null)
        {
            return;
        }
        if (model is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, method.Name, failure));
            return;
        }
        string source;
        try
        {
            source = emit(model);
        }
        catch (Exception ex)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, method.Name, ex.Message));
            return;
        }
        context.AddSource(hintName, source);
    }
}

/// <summary>A pipeline item and the name of the file it is emitted to (null: none, see <see cref="HintNames.Resolve"/>).</summary>
internal sealed record NamedOutput<T>(T Item, string? HintName);

/// <summary>A planned kernel, or the reason planning failed (never an exception escaping the generator).</summary>
internal sealed record PlanResult(KernelSpec Spec, KernelModel? Model, string? Failure)
{
    public static PlanResult Create(KernelSpec spec)
    {
        try
        {
            LayerSpec layer = spec.Layer;
            if (layer.WinogradTile > 0 && layer.Transposed is not null)
            {
                TransposedWinogradPlan tdc = TransposedWinogradPlanner.Plan(layer);
                return new PlanResult(spec, new KernelModel(spec, WinogradPlanner.GemmPlan(tdc.GemmLayer, tdc.TileBlock)) { TransposedWinograd = tdc }, null);
            }
            if (layer.WinogradTile > 0 && layer.Pass == PassKind.Forward)
            {
                // A dilated layer runs Winograd on its phase mosaic, an undilated layer of the same weights.
                PhaseMosaicPlan? mosaic = PhaseMosaicPlanner.Plan(layer);
                WinogradPlan winograd = WinogradPlanner.Plan(mosaic?.Mosaic ?? layer);
                return new PlanResult(spec, new KernelModel(spec, WinogradPlanner.GemmPlan(winograd)) { Winograd = winograd, PhaseMosaic = mosaic }, null);
            }
            if (layer.WinogradTile > 0 && layer.Pass == PassKind.BackwardWeights)
            {
                return new PlanResult(spec, new KernelModel(spec, DirectConvPlanner.Plan(layer with { WinogradTile = 0 })) { WinogradWeights = WinogradWeightsPlanner.Plan(layer) }, null);
            }
            if ((ChannelLanePlanner.PlanPointwise(layer) ?? ChannelLanePlanner.PlanConvolution(layer)) is { } channelLanes)
            {
                return new PlanResult(spec, new KernelModel(spec, DirectConvPlanner.Plan(layer)) { ChannelLanePointwise = channelLanes }, null);
            }
            if (ChannelLanePlanner.PlanWeights(layer) is { } weightLanes)
            {
                return new PlanResult(spec, new KernelModel(spec, DirectConvPlanner.Plan(layer)) { ChannelLaneWeights = weightLanes }, null);
            }
            if (BackwardPlanner.PlanStridedDepthwiseData(layer) is { } strided)
            {
                return new PlanResult(spec, new KernelModel(spec, DirectConvPlanner.Plan(layer)) { StridedDepthwiseData = strided }, null);
            }
            if (BackwardPlanner.RotatedForward(layer) is { } rotated)
            {
                // Depthwise: the forward row tiles. Dense: Winograd where the attribute asks for it or Auto's cost model,
                // which prices in transforming the weights on every call, finds it pays.
                if (DirectConvPlanner.Plan(rotated) is { UsesRowTiles: true } rotatedPlan)
                {
                    return new PlanResult(spec, new KernelModel(spec, rotatedPlan) { RotatedForward = rotated }, null);
                }
                if (layer.WinogradTile is int tile and > 0)
                {
                    LayerSpec winogradLayer = rotated with { WinogradTile = tile };
                    // A dilated layer's rotated forward layer is dilated too: Winograd on its phase mosaic.
                    PhaseMosaicPlan? rotatedMosaic = PhaseMosaicPlanner.Plan(winogradLayer);
                    WinogradPlan rotatedWinograd = WinogradPlanner.Plan(rotatedMosaic?.Mosaic ?? winogradLayer);
                    return new PlanResult(spec, new KernelModel(spec, WinogradPlanner.GemmPlan(rotatedWinograd))
                    {
                        Winograd = rotatedWinograd,
                        RotatedForward = winogradLayer,
                        PhaseMosaic = rotatedMosaic,
                    }, null);
                }
            }
            if (ChannelLanePlanner.PlanColumnsData(layer) is { } columns)
            {
                return new PlanResult(spec, new KernelModel(spec, DirectConvPlanner.Plan(layer)) { ChannelLaneColumns = columns }, null);
            }
            var model = new KernelModel(spec, DirectConvPlanner.Plan(layer),
                layer.Pass == PassKind.BackwardData ? BackwardPlanner.PlanData(layer) : null,
                layer.Pass == PassKind.BackwardWeights ? BackwardPlanner.PlanWeights(layer) : null);
            return new PlanResult(spec, model, null);
        }
        catch (Exception ex)
        {
            return new PlanResult(spec, null, ex.Message);
        }
    }
}

/// <summary>A planned SCC kernel, or the reason planning failed.</summary>
internal sealed record SccPlanResult(SccSpec Spec, SccModel? Model, string? Failure)
{
    public static SccPlanResult Create(SccSpec spec)
    {
        try
        {
            return new SccPlanResult(spec, new SccModel(spec, SccPlanner.Plan(spec.Layer)), null);
        }
        catch (Exception ex)
        {
            return new SccPlanResult(spec, null, ex.Message);
        }
    }
}
