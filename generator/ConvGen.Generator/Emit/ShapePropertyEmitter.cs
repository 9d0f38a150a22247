using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits <c>{Method}Shape</c> next to a kernel (<see cref="MethodSpec.ShapeName"/>): the layer the attribute declared,
/// as the run-time shape type of its kind (<c>Conv2DShape</c>, <c>ConvTranspose2DShape</c>,
/// <c>SlidingChannelConvShape</c>), so that callers size their buffers from the declaration instead of repeating its
/// numbers, and can hand the same layer to the generic reference kernels.
/// </summary>
internal static class ShapePropertyEmitter
{
    private const string Reference = "global::ConvGen.Reference";

    /// <summary>The property of a <c>[Conv2D]</c> or <c>[ConvTranspose2D]</c> kernel.</summary>
    public static void Emit(SourceWriter w, MethodSpec method, LayerSpec layer)
    {
        if (method.ShapeName is null)
        {
            return;
        }
        if (layer.Transposed is { } t)
        {
            // The spec is the equivalent convolution: the transposed layer's input is its output, and its output its input.
            Write(w, method, "ConvTranspose2DShape",
                $"InChannels: {layer.OutChannels}, OutChannels: {layer.InChannels}, Height: {layer.OutHeight}, Width: {layer.OutWidth}, " +
                $"KernelHeight: {layer.KernelHeight}, KernelWidth: {layer.KernelWidth}, StrideHeight: {layer.StrideHeight}, StrideWidth: {layer.StrideWidth}, " +
                $"PaddingHeight: {layer.PaddingHeight}, PaddingWidth: {layer.PaddingWidth}, " +
                $"OutputPaddingHeight: {t.OutputPaddingHeight}, OutputPaddingWidth: {t.OutputPaddingWidth}, " +
                $"DilationHeight: {layer.DilationHeight}, DilationWidth: {layer.DilationWidth}, Groups: {layer.Groups}" + Activation(layer.Activation, layer.NegativeSlope),
                "<c>GenericConv.NaiveTransposedForward</c> and <see cref=\"global::ConvGen.Reference.GemmCol2ImConvTranspose\"/> take it to compute the layer's forward pass");
            return;
        }
        Write(w, method, "Conv2DShape",
            $"InChannels: {layer.InChannels}, OutChannels: {layer.OutChannels}, Height: {layer.Height}, Width: {layer.Width}, " +
            $"KernelHeight: {layer.KernelHeight}, KernelWidth: {layer.KernelWidth}, StrideHeight: {layer.StrideHeight}, StrideWidth: {layer.StrideWidth}, " +
            $"PaddingHeight: {layer.PaddingHeight}, PaddingWidth: {layer.PaddingWidth}, DilationHeight: {layer.DilationHeight}, DilationWidth: {layer.DilationWidth}, " +
            $"Groups: {layer.Groups}" + Activation(layer.Activation, layer.NegativeSlope),
            "the generic kernels of <see cref=\"global::ConvGen.Reference.GenericConv\"/> (every pass) and <see cref=\"global::ConvGen.Reference.Im2ColGemmConv\"/> (forward) take it to compute the same layer");
    }

    /// <summary>The property of a <c>[SlidingChannelConv]</c> kernel.</summary>
    public static void Emit(SourceWriter w, MethodSpec method, SccLayerSpec layer)
    {
        if (method.ShapeName is null)
        {
            return;
        }
        Write(w, method, "SlidingChannelConvShape",
            $"InChannels: {layer.InChannels}, OutChannels: {layer.OutChannels}, Height: {layer.Height}, Width: {layer.Width}, " +
            $"ChannelGroups: {layer.ChannelGroups}, OverlapChannels: {layer.OverlapChannels}" + Activation(layer.Activation, layer.NegativeSlope),
            "<see cref=\"global::ConvGen.Reference.GenericConv\"/> computes the same layer as its dense equivalent (<c>Dense</c>, with weights from <c>ToDenseWeights</c>)");
    }

    private static void Write(SourceWriter w, MethodSpec method, string type, string arguments, string genericKernels)
    {
        // The cref names the method by its parameters: the bare name would also match a packed-weights overload (CS0419).
        string signature = string.Join(", ", method.ParameterKinds.Select(kind => kind == 'R' ? "global::System.ReadOnlySpan{float}" : "global::System.Span{float}"));
        w.WriteLine();
        w.WriteLine($"/// <summary>The layer of <see cref=\"{method.Name}({signature})\"/>, as its attribute declares it: for sizing buffers, the floats per image " +
            $"of the layer's input and output (<c>InputImage</c>, <c>OutputImage</c>; a backward pass reads and writes their gradients) and of its weights (<c>WeightCount</c>); and {genericKernels}.</summary>");
        w.WriteLine(KernelSourceEmitter.GeneratedCodeAttribute);
        w.WriteLine($"{method.MemberModifiers} {Reference}.{type} {method.ShapeName} => new({arguments});");
    }

    /// <summary>The activation arguments, left at their defaults where there is none; the slope only for the leaky ReLU.</summary>
    private static string Activation(ActivationKind activation, float negativeSlope) => activation switch
    {
        ActivationKind.None => "",
        ActivationKind.LeakyRelu => $", Activation: global::ConvGen.Activation.LeakyRelu, NegativeSlope: {Literal.Float(negativeSlope)}",
        _ => $", Activation: global::ConvGen.Activation.{activation}",
    };
}
