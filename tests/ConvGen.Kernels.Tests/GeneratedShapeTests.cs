using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using ConvGen.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The <c>{Method}Shape</c> property of every kernel in this assembly against the layer its attribute declares, read
/// here by reflection and resolved by the attribute's documented rules (a per-axis property over the square one, a
/// leaky ReLU of slope 0 as ReLU and of slope 1 as none, an overlap ratio co as ⌊co·gw⌋ channels), independently of
/// the generator's parser.
/// </summary>
public class GeneratedShapeTests
{
    private const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    [Fact]
    public void EveryKernelsShapeIsTheLayerItsAttributeDeclares()
    {
        var failures = new List<string>();
        int checkedKernels = 0;
        foreach (MethodInfo method in Kernels())
        {
            CustomAttributeData attribute = method.GetCustomAttributesData().Single(IsKernelAttribute);
            string name = ShapePropertyName(method);
            PropertyInfo? property = method.DeclaringType!.GetProperty(name, Static);
            if (property is null)
            {
                failures.Add($"{method.DeclaringType.Name}.{method.Name}: no {name}");
                continue;
            }
            object expected = Expected(attribute);
            object? actual = property.GetValue(null);
            if (!expected.Equals(actual))
            {
                failures.Add($"{method.DeclaringType.Name}.{name}: {actual}, declared {expected}");
            }
            checkedKernels++;
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The catalogues hold several hundred kernels of all three attributes; far fewer means the search broke.
        Assert.True(checkedKernels > 300, $"only {checkedKernels} kernels found");
        Assert.Contains(Kernels(), m => m.GetCustomAttribute<SlidingChannelConvAttribute>() is not null);
        Assert.Contains(Kernels(), m => m.GetCustomAttribute<ConvTranspose2DAttribute>() is not null);
    }

    [Fact]
    public void ShapesSizeTheSpansTheKernelsAccept()
    {
        // What the property is for: buffers sized from it are the lengths the kernel checks (batch 2).
        Conv2DShape shape = Layers.ForwardLayers.LeakyPointwiseShape;
        var input = new float[2 * shape.InputImage];
        var weights = new float[shape.WeightCount];
        var bias = new float[shape.OutChannels];
        var output = new float[2 * shape.OutputImage];
        Layers.ForwardLayers.LeakyPointwise(input, weights, bias, output);
        Assert.Throws<ArgumentException>(() => Layers.ForwardLayers.LeakyPointwise(input, weights, bias, output.AsSpan(1)));
    }

    [Fact]
    public void SpotChecksAgainstHandWrittenShapes()
    {
        // The same comparison as above for a few layers, written out by hand rather than read from the attribute.
        Assert.Equal(new Conv2DShape(32, 20, 9, 9, 1, 1, Activation: Activation.LeakyRelu, NegativeSlope: 0.1f), Layers.ForwardLayers.LeakyPointwiseShape);
        Assert.Equal(new Conv2DShape(8, 8, 14, 14, 7, 7, PaddingHeight: 3, PaddingWidth: 3, Groups: 8, Activation: Activation.Gelu), Layers.ForwardLayers.GeluDepthwise7x7Shape);
        Assert.Equal(new ConvTranspose2DShape(6, 8, 7, 9, 3, 3, 2, 2, 1, 1, 1, 1), Layers.TransposedLayers.K3Stride2Op1Shape);
    }

    /// <summary>Static methods of this assembly with a ConvGen attribute (the generated implementations carry none).</summary>
    private static IEnumerable<MethodInfo> Kernels() =>
        typeof(GeneratedShapeTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(Static | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttributesData().Any(IsKernelAttribute));

    private static bool IsKernelAttribute(CustomAttributeData a) =>
        a.AttributeType == typeof(Conv2DAttribute) || a.AttributeType == typeof(ConvTranspose2DAttribute) || a.AttributeType == typeof(SlidingChannelConvAttribute);

    /// <summary>The README's naming rule: <c>{Name}Shape</c>, with a form's suffix where ConvGen kernels share the name.</summary>
    private static string ShapePropertyName(MethodInfo method)
    {
        bool shared = method.DeclaringType!.GetMethods(Static | BindingFlags.DeclaredOnly)
            .Count(other => other.Name == method.Name && other.GetCustomAttributesData().Any(IsKernelAttribute)) > 1;
        string kinds = string.Concat(method.GetParameters().Select(p => p.ParameterType == typeof(ReadOnlySpan<float>) ? 'R' : 'S'));
        return method.Name + (!shared ? "Shape" : kinds switch { "RRRS" => "ShapeWithBias", "RRSS" => "ShapeWithBiasGradient", _ => "Shape" });
    }

    private static object Expected(CustomAttributeData a)
    {
        (Activation activation, float slope) = ActivationOf(a);
        int groups = Int(a, "Groups") ?? 1;
        if (a.AttributeType == typeof(SlidingChannelConvAttribute))
        {
            int inChannels = Int(a, "InChannels")!.Value, channelGroups = Int(a, "ChannelGroups")!.Value;
            int groupWidth = inChannels / channelGroups;
            int overlap = Int(a, "OverlapChannels") ?? (int)decimal.Floor(
                decimal.Parse(((double)Named(a, "Overlap")!).ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture) * groupWidth);
            return new SlidingChannelConvShape(inChannels, Int(a, "OutChannels")!.Value, Int(a, "Height")!.Value, Int(a, "Width")!.Value,
                channelGroups, overlap, activation, slope);
        }
        (int kh, int kw) = Axes(a, "Kernel", "KernelSize", null);
        (int sh, int sw) = Axes(a, "Stride", "Stride", 1);
        (int ph, int pw) = Axes(a, "Padding", "Padding", 0);
        (int dh, int dw) = Axes(a, "Dilation", "Dilation", 1);
        int c = Int(a, "InChannels")!.Value, k = Int(a, "OutChannels")!.Value, h = Int(a, "Height")!.Value, w = Int(a, "Width")!.Value;
        if (a.AttributeType == typeof(ConvTranspose2DAttribute))
        {
            (int oph, int opw) = Axes(a, "OutputPadding", "OutputPadding", 0);
            return new ConvTranspose2DShape(c, k, h, w, kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, groups, activation, slope);
        }
        return new Conv2DShape(c, k, h, w, kh, kw, sh, sw, ph, pw, dh, dw, groups, activation, slope);
    }

    /// <summary>The activation and slope as generated: the leaky ReLU's slope defaults to 0.01; slope 0 is ReLU and 1 none.</summary>
    private static (Activation, float) ActivationOf(CustomAttributeData a)
    {
        var activation = (Activation)(Int(a, "Activation") ?? 0);
        float slope = Named(a, "NegativeSlope") is float s ? s : 0.01f;
        if (activation != Activation.LeakyRelu)
        {
            return (activation, 0.01f);
        }
        return slope == 0f ? (Activation.Relu, 0.01f) : slope == 1f ? (Activation.None, 0.01f) : (activation, slope);
    }

    /// <summary>{prefix}Height / {prefix}Width where set, else the square property, else the default.</summary>
    private static (int, int) Axes(CustomAttributeData a, string prefix, string square, int? fallback)
    {
        int? both = Int(a, square) ?? fallback;
        return ((Int(a, prefix + "Height") ?? both)!.Value, (Int(a, prefix + "Width") ?? both)!.Value);
    }

    private static object? Named(CustomAttributeData a, string name) =>
        a.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();

    private static int? Int(CustomAttributeData a, string name) => Named(a, name) is { } value ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : null;
}
