using System;
using System.Collections.Generic;
using System.Threading;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;
using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Parsing;

/// <summary>
/// Turns a <c>[ConvTranspose2D]</c> method into a validated <see cref="KernelSpec"/> whose layer is the transposed
/// layer's equivalent convolution (see <see cref="TransposedShape"/>), so planning and emission reuse the convolution
/// passes: the transposed forward is that convolution's backward-data, already a TDC decomposition into stride-1 phases.
/// Like <see cref="Conv2DParser"/>, it reports every problem at once, each on the argument that causes it.
/// </summary>
internal static class ConvTranspose2DParser
{
    public const string AttributeName = "ConvTranspose2D";
    public const string AttributeMetadataName = "ConvGen.ConvTranspose2DAttribute";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Conv2DParser.ParseKernel(context, AttributeMetadataName, ReadLayer, cancellationToken);

    /// <summary>
    /// Reads and validates the attribute's named arguments and returns the equivalent convolution (in = the transposed
    /// output, out = the transposed input), or null when any argument is invalid.
    /// </summary>
    internal static LayerSpec? ReadLayer(AttributeArguments args, bool hasBias, List<DiagnosticInfo> diagnostics)
    {
        int errors = diagnostics.Count;
        var reader = new PropertyReader(AttributeName, args, diagnostics);

        int inChannels = reader.Required("InChannels", "input channels", 1, Conv2DParser.MaxDimension);
        int outChannels = reader.Required("OutChannels", "output channels", 1, Conv2DParser.MaxDimension);
        int height = reader.Required("Height", "input height", 1, Conv2DParser.MaxDimension);
        int width = reader.Required("Width", "input width", 1, Conv2DParser.MaxDimension);
        (int kernelHeight, int kernelWidth) = reader.Axes("KernelSize", "KernelHeight", "KernelWidth", 1, Conv2DParser.MaxKernel, defaultValue: null);
        (int strideHeight, int strideWidth) = reader.Axes("Stride", "StrideHeight", "StrideWidth", 1, Conv2DParser.MaxKernel, defaultValue: 1);
        (int dilationHeight, int dilationWidth) = reader.Axes("Dilation", "DilationHeight", "DilationWidth", 1, Conv2DParser.MaxKernel, defaultValue: 1);
        (int paddingHeight, int paddingWidth) = reader.Axes("Padding", "PaddingHeight", "PaddingWidth", 0, Conv2DParser.MaxPadding, defaultValue: 0);
        // No upper bound here: CheckOutputPadding holds it below the stride (CNVG0140), the rule that applies.
        (int outputPaddingHeight, int outputPaddingWidth) = reader.Axes("OutputPadding", "OutputPaddingHeight", "OutputPaddingWidth", 0, int.MaxValue, defaultValue: 0);
        int groups = reader.Optional("Groups", 1, Conv2DParser.MaxDimension, defaultValue: 1);
        int activation = reader.Enum("Activation", "Activation", defaultValue: 0, ActivationNames.Members);
        int algorithm = reader.Enum("Algorithm", "ConvAlgorithm", defaultValue: 0, "Auto", "Direct", "Winograd");
        int pass = reader.Enum("Pass", "ConvPass", defaultValue: 0, "Forward", "BackwardData", "BackwardWeights");
        Conv2DParser.CheckActivationAndGroups(args, activation, pass, groups, inChannels, outChannels, diagnostics);
        var activationKind = (ActivationKind)activation;
        float negativeSlope = NegativeSlopeReader.Read(args, ref activationKind, diagnostics);

        bool squareOutputPadding = args.IsSet("OutputPadding");
        CheckOutputPadding(args, squareOutputPadding ? "OutputPadding" : "OutputPaddingHeight", "vertical", outputPaddingHeight, strideHeight, diagnostics);
        if (!squareOutputPadding || outputPaddingHeight < strideHeight)
        {
            CheckOutputPadding(args, squareOutputPadding ? "OutputPadding" : "OutputPaddingWidth", "horizontal", outputPaddingWidth, strideWidth, diagnostics);
        }

        int outHeight = OutputSize(height, kernelHeight, strideHeight, paddingHeight, dilationHeight, outputPaddingHeight);
        int outWidth = OutputSize(width, kernelWidth, strideWidth, paddingWidth, dilationWidth, outputPaddingWidth);
        bool squarePadding = args.IsSet("Padding");
        CheckOutputExtent(args, "height", "row", outHeight, height, kernelHeight, strideHeight, paddingHeight, dilationHeight, outputPaddingHeight,
            squarePadding ? "Padding" : "PaddingHeight", diagnostics);
        if (!squarePadding || outHeight >= 1)
        {
            CheckOutputExtent(args, "width", "column", outWidth, width, kernelWidth, strideWidth, paddingWidth, dilationWidth, outputPaddingWidth,
                squarePadding ? "Padding" : "PaddingWidth", diagnostics);
        }

        if (diagnostics.Count != errors || reader.SawUnboundArgument)
        {
            return null; // an unbound argument is the compiler's error to report; there is no layer to build
        }

        Conv2DParser.CheckTensorSize(args, "input of one image", (long)inChannels * height * width, diagnostics);
        Conv2DParser.CheckTensorSize(args, "output of one image", (long)outChannels * outHeight * outWidth, diagnostics);
        Conv2DParser.CheckTensorSize(args, "weight tensor", (long)inChannels * (outChannels / groups) * kernelHeight * kernelWidth, diagnostics);
        if (diagnostics.Count != errors)
        {
            return null;
        }

        var transposedPass = (PassKind)pass;
        PassKind implementing = TransposedShape.ImplementingPass(transposedPass);
        var layer = new LayerSpec(outChannels, inChannels, outHeight, outWidth, kernelHeight, kernelWidth,
            strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth,
            groups, activationKind, (AlgorithmKind)algorithm,
            HasBias: hasBias && transposedPass == PassKind.Forward, implementing)
        {
            Transposed = new TransposedShape(outputPaddingHeight, outputPaddingWidth, transposedPass, hasBias),
            NegativeSlope = negativeSlope,
        };
        Conv2DParser.CheckWorkingBuffers(args, layer, diagnostics);
        return diagnostics.Count != errors ? null : ChooseAlgorithm(args, layer, diagnostics);
    }

    /// <summary>
    /// Direct TDC or Winograd F(2×2, 3×3) on the phases (shared input, spec §5.4). Auto takes Winograd on the shapes it
    /// serves once the image has at least a vector of tiles (below that the transformed weights, 2.25× the raw ones, cost
    /// more than the multiplications they save) and both channel counts reach <see cref="TransposedWinogradPlanner.MinimumChannels"/>;
    /// a forced Winograd on another shape warns and falls back to direct. <c>WinogradTile = 4</c> (with Winograd forced)
    /// selects the shared F(4×4, 3×3): 1.56 instead of 2.25 multiply-adds per output, κ = 128 instead of 16.
    /// </summary>
    private static LayerSpec? ChooseAlgorithm(AttributeArguments args, LayerSpec layer, List<DiagnosticInfo> diagnostics)
    {
        bool supported = TransposedWinogradPlanner.IsSupportedShape(layer);
        int tile = args.GetInt("WinogradTile") ?? 0;
        if (tile != 0 && layer.Algorithm != AlgorithmKind.Winograd)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WinogradOptionWithoutWinograd, args.LocationOf("WinogradTile"), "WinogradTile", layer.Algorithm, "; set Algorithm = ConvAlgorithm.Winograd"));
            return null;
        }
        if (tile is not (0 or 2 or 4))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedWinogradTile, args.LocationOf("WinogradTile"), tile,
                "2 (shared-input F(2×2,3×3), the default) or 4 (F(4×4,3×3): fewer multiplications, a larger error bound) on a transposed convolution"));
            return null;
        }
        switch (layer.Algorithm)
        {
            case AlgorithmKind.Winograd when !supported:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TransposedWinogradNotApplicable, args.LocationOf("Algorithm"), layer.Transposed!.Pass != PassKind.Forward
                    ? $"Winograd serves the forward pass of a transposed convolution only, and this is its {(layer.Transposed.Pass == PassKind.BackwardData ? "backward-data" : "backward-weights")} pass"
                    : TransposedWinogradPlanner.HasSharedThreeTapPhases(layer)
                    ? $"its transformed buffers would hold up to {WinogradPlanner.WorkingFloats(layer)} floats, more than the {WinogradPlanner.MaxWorkingFloats} a kernel may size"
                    : "it needs stride 2, dilation 1, one group and TDC phases that share a 3-tap input window (for example kernel 4 with padding 1, or kernel 5 with padding 2), " +
                      $"and this layer has a {layer.KernelHeight}×{layer.KernelWidth} kernel, stride {layer.StrideHeight}×{layer.StrideWidth}, padding {layer.PaddingHeight}×{layer.PaddingWidth}, dilation {layer.DilationHeight}×{layer.DilationWidth} and {layer.Groups} group(s)"));
                return layer;
            case AlgorithmKind.Winograd:
                return layer with { WinogradTile = tile == 0 ? 2 : tile };
            case AlgorithmKind.Auto when supported && TransposedWinogradPlanner.TileCount(layer, 2) >= TransposedWinogradPlanner.MinimumTiles &&
                Math.Min(layer.InChannels, layer.OutChannels) >= TransposedWinogradPlanner.MinimumChannels:
                return layer with { WinogradTile = 2 };
            default:
                return layer;
        }
    }

    /// <summary>(H − 1)·S − 2p + d·(k − 1) + op + 1, or 0 when an operand is already reported invalid.</summary>
    internal static int OutputSize(int size, int kernel, int stride, int padding, int dilation, int outputPadding)
    {
        if (size <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || dilation <= 0 || outputPadding < 0)
        {
            return 0;
        }
        long extent = (size - 1L) * stride - 2L * padding + (long)dilation * (kernel - 1) + outputPadding + 1;
        return (int)Math.Max(-1, Math.Min(extent, int.MaxValue / 2));
    }

    private static void CheckOutputPadding(AttributeArguments args, string property, string axis, int outputPadding, int stride, List<DiagnosticInfo> diagnostics)
    {
        if (outputPadding >= 0 && stride > 0 && outputPadding >= stride)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputPaddingOutOfRange, args.LocationOf(property),
                property, outputPadding, stride - 1, axis, stride));
        }
    }

    private static void CheckOutputExtent(AttributeArguments args, string axis, string unit, int outSize, int size, int kernel, int stride, int padding,
        int dilation, int outputPadding, string paddingProperty, List<DiagnosticInfo> diagnostics)
    {
        if (size <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || dilation <= 0 || outputPadding < 0 || outSize >= 1)
        {
            return; // valid, or an operand is already reported
        }
        long full = (size - 1L) * stride + (long)dilation * (kernel - 1) + outputPadding + 1;
        long maxPadding = (full - 1) / 2;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyTransposedOutput, args.LocationOf(paddingProperty),
            axis, full - 2L * padding, size, stride, padding, dilation, kernel, outputPadding, paddingProperty, maxPadding, unit));
    }
}
