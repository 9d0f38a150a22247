using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits one SCC kernel's source file: the header, the user's partial method (span checks, then a call into the
/// pinned kernel) with XML remarks describing the channel table and the plan, and the file-local kernel class.
/// </summary>
internal static class SccSourceEmitter
{
    private const string Runner = "global::ConvGen.Runtime.CompilerServices.KernelRunner";

    /// <summary>What an SCC weights span holds, as its length check's message names it: one window of gw channels per output channel.</summary>
    private static string WeightLabel(SccLayerSpec layer) => KernelSourceEmitter.WeightsLabel(layer.WeightDims, "[OutChannels][gw]");

    public static string Emit(SccModel model)
    {
        MethodSpec method = model.Spec.Method;
        string className = method.Name + "Kernel";
        string displayName = string.Join(".", method.ContainingTypes.Select(t => t.NameWithTypeParameters).Concat(new[] { method.Name }));

        return KernelSourceEmitter.KernelFile(
            w => EmitPartialMethod(w, model, className),
            w => new SccEmitter(w, model, className).Emit(displayName, KernelSourceEmitter.GeneratedCodeAttribute));
    }

    private static void EmitPartialMethod(SourceWriter w, SccModel model, string className)
    {
        MethodSpec method = model.Spec.Method;
        SccLayerSpec layer = model.Spec.Layer;
        ContainingScopes scopes = ContainingScopes.Open(w, method);

        foreach (string line in method.DocumentationWith(SccPlanDescription.Describe(model)))
        {
            w.WriteLine("/// " + line);
        }
        w.WriteLine(KernelSourceEmitter.GeneratedCodeAttribute);
        EquatableArray<string> p = method.ParameterNames;
        bool[] writable = layer.Pass switch
        {
            PassKind.Forward => layer.HasBias ? new[] { false, false, false, true } : new[] { false, false, true },
            PassKind.BackwardData => new[] { false, false, true },
            _ => layer.HasBias ? new[] { false, false, true, true } : new[] { false, false, true },
        };
        string parameters = string.Join(", ", writable.Select((span, i) => $"global::System.{(span ? "Span" : "ReadOnlySpan")}<float> {p[i]}"));
        string kernel = $"<global::ConvGen.Generated.{className}>";
        string batch = KernelSourceEmitter.LocalName(p, "batch");
        using (w.Block($"{method.Modifiers} void {method.Name}({parameters})"))
        {
            w.WriteLine("// Check every span before touching memory; the batch is inferred from the first span.");
            switch (layer.Pass)
            {
                case PassKind.Forward:
                    w.WriteLine(KernelSourceEmitter.BatchCheck(batch, p[0], layer.InputImage, layer.InputDims, Last(p), layer.OutputImage, layer.OutputDims));
                    w.WriteLine(KernelSourceEmitter.LengthCheck(p[1], layer.WeightCount, WeightLabel(layer)));
                    if (layer.HasBias)
                    {
                        w.WriteLine(KernelSourceEmitter.LengthCheck(p[2], layer.OutChannels, KernelSourceEmitter.BiasLabel));
                    }
                    w.WriteLine(layer.HasBias ? KernelSourceEmitter.SeparateCheck(p[3], p[0], p[1], p[2]) : KernelSourceEmitter.SeparateCheck(p[2], p[0], p[1]));
                    EmitEmptyBatch(w, batch);
                    w.WriteLine($"{Runner}.Run{kernel}({string.Join(", ", p)}, {batch});");
                    KernelSourceEmitter.EmitOutputPassActivation(w, layer.Activation, Last(p));
                    break;
                case PassKind.BackwardData:
                    w.WriteLine(KernelSourceEmitter.BatchCheck(batch, p[0], layer.OutputImage, layer.OutputDims, p[2], layer.InputImage, layer.InputDims));
                    w.WriteLine(KernelSourceEmitter.LengthCheck(p[1], layer.WeightCount, WeightLabel(layer)));
                    w.WriteLine(KernelSourceEmitter.SeparateCheck(p[2], p[0], p[1]));
                    EmitEmptyBatch(w, batch);
                    w.WriteLine($"{Runner}.Run{kernel}({string.Join(", ", p)}, {batch});");
                    break;
                default:
                    w.WriteLine(KernelSourceEmitter.BatchCheck(batch, p[0], layer.InputImage, layer.InputDims, p[1], layer.OutputImage, layer.OutputDims));
                    w.WriteLine(KernelSourceEmitter.LengthCheck(p[2], layer.WeightCount, WeightLabel(layer)));
                    if (layer.HasBias)
                    {
                        w.WriteLine(KernelSourceEmitter.LengthCheck(p[3], layer.OutChannels, KernelSourceEmitter.BiasLabel));
                    }
                    KernelSourceEmitter.WriteWeightsGradientSeparateChecks(w, p[0], p[1], p[2], layer.HasBias ? p[3] : null);
                    using (w.Block($"if ({batch} == 0)"))
                    {
                        w.WriteLine("// No images: the gradients are sums over nothing.");
                        w.WriteLine($"{p[2]}.Clear();");
                        if (layer.HasBias)
                        {
                            w.WriteLine($"{p[3]}.Clear();");
                        }
                        w.WriteLine("return;");
                    }
                    w.WriteLine($"{Runner}.Run{kernel}({string.Join(", ", p)}, {batch});");
                    break;
            }
        }
        ShapePropertyEmitter.Emit(w, method, layer);

        scopes.Dispose();
    }

    private static string Last(EquatableArray<string> names) => names[names.Count - 1];

    private static void EmitEmptyBatch(SourceWriter w, string batch)
    {
        using (w.Block($"if ({batch} == 0)"))
        {
            w.WriteLine("return;");
        }
    }
}
