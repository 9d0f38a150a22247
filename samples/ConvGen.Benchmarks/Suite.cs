using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ConvGen.Reference;

namespace ConvGen.Benchmarks;

/// <summary>A generated kernel without bias, as declared in <see cref="SuiteLayers"/>.</summary>
internal delegate void ConvKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

/// <summary>A generated <c>[ConvTranspose2D]</c> kernel's packed-weights overload (no bias).</summary>
internal delegate void DeconvKernel(ReadOnlySpan<float> input, PackedWeights weights, Span<float> output);

/// <summary>A generated <c>[Conv2D]</c> kernel's packed-weights overload (no bias).</summary>
internal delegate void PackedConvKernel(ReadOnlySpan<float> input, PackedWeights weights, Span<float> output);

/// <summary>A generated kernel's <c>{Method}PackWeights</c>.</summary>
internal delegate PackedWeights WeightPacker(ReadOnlySpan<float> weights);

/// <summary>A row of the suite, either kind: what the tables, the chart and the GFLOP/s column need.</summary>
internal interface ISuiteLayer
{
    /// <summary>The <c>configs.csv</c> row name.</summary>
    string Name { get; }

    /// <summary>Images per call.</summary>
    int Batch { get; }

    /// <summary>FLOPs of one call (2 per multiply-add, the whole batch), the peers harness's count.</summary>
    long Flops { get; }

    /// <summary>The peers' shape notation.</summary>
    string Description { get; }

    /// <summary>The layer as a row of the peers' <c>configs.csv</c>, for <see cref="OneDnnLive"/>.</summary>
    string PeersRow { get; }
}

/// <summary>One <c>kind=conv</c> row of <c>configs.csv</c> with the generated kernel for its shape.</summary>
internal sealed record SuiteLayer(string Name, int Batch, Conv2DShape Shape, ConvKernel Kernel) : ISuiteLayer
{
    /// <summary>The same kernel's packer and packed-weights overload (<c>--packed</c> times these).</summary>
    public (WeightPacker Pack, PackedConvKernel Kernel) Packed { get; init; }

    /// <summary>FLOPs of one call (2 per multiply-add, the whole batch), the peers harness's count.</summary>
    public long Flops => Batch * Shape.Flops;

    /// <summary>The peers' shape notation, e.g. <c>N1 64→64 56x56→56x56 k3x3 s1 p1 g32</c>.</summary>
    public string Description =>
        $"N{Batch} {Shape.InChannels}→{Shape.OutChannels} {Shape.Height}x{Shape.Width}→{Shape.OutHeight}x{Shape.OutWidth} " +
        $"k{Shape.KernelHeight}x{Shape.KernelWidth} s{Shape.StrideHeight} p{Shape.PaddingHeight}" +
        (Shape.DilationHeight != 1 ? $" d{Shape.DilationHeight}" : "") + (Shape.Groups != 1 ? $" g{Shape.Groups}" : "");

    /// <summary>The layer as a row of the peers' <c>configs.csv</c>.</summary>
    public string PeersRow => OneDnnLive.ConfigRow(Name, Batch, Shape);
}

/// <summary>
/// One <c>kind=deconv</c> row of <c>configs.csv</c> (a transposed convolution; H×W is its input) with the generated
/// <c>[ConvTranspose2D]</c> kernel's packer and packed-weights overload.
/// </summary>
internal sealed record SuiteDeconvLayer(string Name, int Batch, ConvTranspose2DShape Shape, WeightPacker Pack, DeconvKernel Kernel) : ISuiteLayer
{
    /// <summary>FLOPs of one call (2 per multiply-add of the scatter form, the whole batch), the peers harness's deconv count.</summary>
    public long Flops => Batch * Shape.Flops;

    /// <summary>The peers' shape notation, e.g. <c>N1 1024→512 4x4→8x8 k4x4 s2 p1</c>.</summary>
    public string Description =>
        $"N{Batch} {Shape.InChannels}→{Shape.OutChannels} {Shape.Height}x{Shape.Width}→{Shape.OutHeight}x{Shape.OutWidth} " +
        $"k{Shape.KernelHeight}x{Shape.KernelWidth} s{Shape.StrideHeight} p{Shape.PaddingHeight}" +
        (Shape.DilationHeight != 1 ? $" d{Shape.DilationHeight}" : "") + (Shape.Groups != 1 ? $" g{Shape.Groups}" : "");

    /// <summary>The layer as a row of the peers' <c>configs.csv</c> (C, H, W are the input's).</summary>
    public string PeersRow => OneDnnLive.ConfigRow(Name, Batch, Shape);
}

/// <summary>
/// The benchmark suite: the rows of the embedded <c>configs.csv</c> mapped to the generated kernels (<c>kind=conv</c>
/// rows to <c>[Conv2D]</c> kernels, <c>kind=deconv</c> rows to <c>[ConvTranspose2D]</c> kernels).
/// </summary>
internal static class Suite
{
    private const string ResourceName = "ConvGen.Benchmarks.configs.csv";

    /// <summary>A batch-1 conv row's generated kernel: its plain OIHW overload, its packer and its packed-weights overload.</summary>
    private sealed record RowKernels(Conv2DShape Shape, ConvKernel Plain, WeightPacker Pack, PackedConvKernel Packed);

    /// <summary>The generated kernels of every batch-1 conv row, by row name.</summary>
    private static readonly Dictionary<string, RowKernels> s_kernels = new(StringComparer.Ordinal)
    {
        ["mbv1_dw1_112x32_s1_n1"] = new(SuiteLayers.mbv1_dw1_112x32_s1_n1Shape, SuiteLayers.mbv1_dw1_112x32_s1_n1, w => SuiteLayers.mbv1_dw1_112x32_s1_n1PackWeights(w), SuiteLayers.mbv1_dw1_112x32_s1_n1),
        ["mbv1_dw2_112x64_s2_n1"] = new(SuiteLayers.mbv1_dw2_112x64_s2_n1Shape, SuiteLayers.mbv1_dw2_112x64_s2_n1, w => SuiteLayers.mbv1_dw2_112x64_s2_n1PackWeights(w), SuiteLayers.mbv1_dw2_112x64_s2_n1),
        ["mbv1_dw3_56x128_s1_n1"] = new(SuiteLayers.mbv1_dw3_56x128_s1_n1Shape, SuiteLayers.mbv1_dw3_56x128_s1_n1, w => SuiteLayers.mbv1_dw3_56x128_s1_n1PackWeights(w), SuiteLayers.mbv1_dw3_56x128_s1_n1),
        ["mbv1_dw4_56x128_s2_n1"] = new(SuiteLayers.mbv1_dw4_56x128_s2_n1Shape, SuiteLayers.mbv1_dw4_56x128_s2_n1, w => SuiteLayers.mbv1_dw4_56x128_s2_n1PackWeights(w), SuiteLayers.mbv1_dw4_56x128_s2_n1),
        ["mbv1_dw5_28x256_s1_n1"] = new(SuiteLayers.mbv1_dw5_28x256_s1_n1Shape, SuiteLayers.mbv1_dw5_28x256_s1_n1, w => SuiteLayers.mbv1_dw5_28x256_s1_n1PackWeights(w), SuiteLayers.mbv1_dw5_28x256_s1_n1),
        ["mbv1_dw6_28x256_s2_n1"] = new(SuiteLayers.mbv1_dw6_28x256_s2_n1Shape, SuiteLayers.mbv1_dw6_28x256_s2_n1, w => SuiteLayers.mbv1_dw6_28x256_s2_n1PackWeights(w), SuiteLayers.mbv1_dw6_28x256_s2_n1),
        ["mbv1_dw7_14x512_s1_n1"] = new(SuiteLayers.mbv1_dw7_14x512_s1_n1Shape, SuiteLayers.mbv1_dw7_14x512_s1_n1, w => SuiteLayers.mbv1_dw7_14x512_s1_n1PackWeights(w), SuiteLayers.mbv1_dw7_14x512_s1_n1),
        ["mbv1_dw8_14x512_s2_n1"] = new(SuiteLayers.mbv1_dw8_14x512_s2_n1Shape, SuiteLayers.mbv1_dw8_14x512_s2_n1, w => SuiteLayers.mbv1_dw8_14x512_s2_n1PackWeights(w), SuiteLayers.mbv1_dw8_14x512_s2_n1),
        ["mbv1_dw9_7x1024_s1_n1"] = new(SuiteLayers.mbv1_dw9_7x1024_s1_n1Shape, SuiteLayers.mbv1_dw9_7x1024_s1_n1, w => SuiteLayers.mbv1_dw9_7x1024_s1_n1PackWeights(w), SuiteLayers.mbv1_dw9_7x1024_s1_n1),
        ["mbv1_pw_112_32to64"] = new(SuiteLayers.mbv1_pw_112_32to64Shape, SuiteLayers.mbv1_pw_112_32to64, w => SuiteLayers.mbv1_pw_112_32to64PackWeights(w), SuiteLayers.mbv1_pw_112_32to64),
        ["mbv1_pw_56_128to128"] = new(SuiteLayers.mbv1_pw_56_128to128Shape, SuiteLayers.mbv1_pw_56_128to128, w => SuiteLayers.mbv1_pw_56_128to128PackWeights(w), SuiteLayers.mbv1_pw_56_128to128),
        ["mbv1_pw_28_256to256"] = new(SuiteLayers.mbv1_pw_28_256to256Shape, SuiteLayers.mbv1_pw_28_256to256, w => SuiteLayers.mbv1_pw_28_256to256PackWeights(w), SuiteLayers.mbv1_pw_28_256to256),
        ["mbv1_pw_14_512to512"] = new(SuiteLayers.mbv1_pw_14_512to512Shape, SuiteLayers.mbv1_pw_14_512to512, w => SuiteLayers.mbv1_pw_14_512to512PackWeights(w), SuiteLayers.mbv1_pw_14_512to512),
        ["mbv1_pw_7_1024to1024"] = new(SuiteLayers.mbv1_pw_7_1024to1024Shape, SuiteLayers.mbv1_pw_7_1024to1024, w => SuiteLayers.mbv1_pw_7_1024to1024PackWeights(w), SuiteLayers.mbv1_pw_7_1024to1024),
        ["r18_3x3_56_64"] = new(SuiteLayers.r18_3x3_56_64Shape, SuiteLayers.r18_3x3_56_64, w => SuiteLayers.r18_3x3_56_64PackWeights(w), SuiteLayers.r18_3x3_56_64),
        ["r18_3x3_28_128"] = new(SuiteLayers.r18_3x3_28_128Shape, SuiteLayers.r18_3x3_28_128, w => SuiteLayers.r18_3x3_28_128PackWeights(w), SuiteLayers.r18_3x3_28_128),
        ["r18_3x3_14_256"] = new(SuiteLayers.r18_3x3_14_256Shape, SuiteLayers.r18_3x3_14_256, w => SuiteLayers.r18_3x3_14_256PackWeights(w), SuiteLayers.r18_3x3_14_256),
        ["r18_3x3_7_512"] = new(SuiteLayers.r18_3x3_7_512Shape, SuiteLayers.r18_3x3_7_512, w => SuiteLayers.r18_3x3_7_512PackWeights(w), SuiteLayers.r18_3x3_7_512),
        ["r18_stem_7x7s2_224_3to64"] = new(SuiteLayers.r18_stem_7x7s2_224_3to64Shape, SuiteLayers.r18_stem_7x7s2_224_3to64, w => SuiteLayers.r18_stem_7x7s2_224_3to64PackWeights(w), SuiteLayers.r18_stem_7x7s2_224_3to64),
        ["resnext_3x3_56_128_g32"] = new(SuiteLayers.resnext_3x3_56_128_g32Shape, SuiteLayers.resnext_3x3_56_128_g32, w => SuiteLayers.resnext_3x3_56_128_g32PackWeights(w), SuiteLayers.resnext_3x3_56_128_g32),
        ["gpw_56_128_g2"] = new(SuiteLayers.gpw_56_128_g2Shape, SuiteLayers.gpw_56_128_g2, w => SuiteLayers.gpw_56_128_g2PackWeights(w), SuiteLayers.gpw_56_128_g2),
        ["gpw_56_128_g4"] = new(SuiteLayers.gpw_56_128_g4Shape, SuiteLayers.gpw_56_128_g4, w => SuiteLayers.gpw_56_128_g4PackWeights(w), SuiteLayers.gpw_56_128_g4),
        ["img_1280x720_3x3"] = new(SuiteLayers.img_1280x720_3x3Shape, SuiteLayers.img_1280x720_3x3, w => SuiteLayers.img_1280x720_3x3PackWeights(w), SuiteLayers.img_1280x720_3x3),
        ["img_1280x720_5x5"] = new(SuiteLayers.img_1280x720_5x5Shape, SuiteLayers.img_1280x720_5x5, w => SuiteLayers.img_1280x720_5x5PackWeights(w), SuiteLayers.img_1280x720_5x5),
        ["img_1280x720_7x7"] = new(SuiteLayers.img_1280x720_7x7Shape, SuiteLayers.img_1280x720_7x7, w => SuiteLayers.img_1280x720_7x7PackWeights(w), SuiteLayers.img_1280x720_7x7),
    };

    /// <summary>The generated transposed-convolution kernel (packer, packed-weights overload) of every batch-1 deconv row.</summary>
    private static readonly Dictionary<string, (ConvTranspose2DShape Shape, WeightPacker Pack, DeconvKernel Kernel)> s_deconvKernels = new(StringComparer.Ordinal)
    {
        ["dcgan_deconv_4to8_1024to512"] = (SuiteLayers.dcgan_deconv_4to8_1024to512Shape, w => SuiteLayers.dcgan_deconv_4to8_1024to512PackWeights(w), SuiteLayers.dcgan_deconv_4to8_1024to512),
        ["dcgan_deconv_8to16_512to256"] = (SuiteLayers.dcgan_deconv_8to16_512to256Shape, w => SuiteLayers.dcgan_deconv_8to16_512to256PackWeights(w), SuiteLayers.dcgan_deconv_8to16_512to256),
        ["dcgan_deconv_16to32_256to128"] = (SuiteLayers.dcgan_deconv_16to32_256to128Shape, w => SuiteLayers.dcgan_deconv_16to32_256to128PackWeights(w), SuiteLayers.dcgan_deconv_16to32_256to128),
        ["dcgan_deconv_32to64_128to3"] = (SuiteLayers.dcgan_deconv_32to64_128to3Shape, w => SuiteLayers.dcgan_deconv_32to64_128to3PackWeights(w), SuiteLayers.dcgan_deconv_32to64_128to3),
    };

    private static IReadOnlyList<SuiteLayer>? s_layers;
    private static IReadOnlyList<SuiteDeconvLayer>? s_deconvLayers;
    private static IReadOnlyList<string>? s_skipped;

    /// <summary>Every conv row (batch 1 and batch 32), in file order.</summary>
    public static IReadOnlyList<SuiteLayer> Layers
    {
        get
        {
            Load();
            return s_layers!;
        }
    }

    /// <summary>Every deconv row (transposed convolutions), in file order.</summary>
    public static IReadOnlyList<SuiteDeconvLayer> DeconvLayers
    {
        get
        {
            Load();
            return s_deconvLayers!;
        }
    }

    /// <summary>
    /// The batch-1 rows whose name contains <paramref name="filter"/> (every one when null), the conv rows then the
    /// deconv rows in file order, each with what <paramref name="conv"/> or <paramref name="deconv"/> makes for it.
    /// </summary>
    public static List<(ISuiteLayer Layer, T Value)> BatchOne<T>(string? filter, Func<SuiteLayer, T> conv, Func<SuiteDeconvLayer, T> deconv)
    {
        bool Selected(ISuiteLayer l) => l.Batch == 1 && (filter is null || l.Name.Contains(filter, StringComparison.OrdinalIgnoreCase));
        return Layers.Where(Selected).Select(l => ((ISuiteLayer)l, conv(l)))
            .Concat(DeconvLayers.Where(Selected).Select(l => ((ISuiteLayer)l, deconv(l))))
            .ToList();
    }

    /// <summary>Rows of another kind than conv and deconv, which the suite cannot run, by name.</summary>
    public static IReadOnlyList<string> Skipped
    {
        get
        {
            Load();
            return s_skipped!;
        }
    }

    /// <summary>The layer called <paramref name="name"/>.</summary>
    public static SuiteLayer Find(string name)
    {
        foreach (SuiteLayer layer in Layers)
        {
            if (layer.Name == name)
            {
                return layer;
            }
        }
        throw new ArgumentException($"No conv row named '{name}' in configs.csv.", nameof(name));
    }

    /// <summary>The deconv layer called <paramref name="name"/>.</summary>
    public static SuiteDeconvLayer FindDeconv(string name)
    {
        foreach (SuiteDeconvLayer layer in DeconvLayers)
        {
            if (layer.Name == name)
            {
                return layer;
            }
        }
        throw new ArgumentException($"No deconv row named '{name}' in configs.csv.", nameof(name));
    }

    /// <summary>The row called <paramref name="name"/>, conv or deconv.</summary>
    public static ISuiteLayer FindAny(string name)
    {
        foreach (SuiteLayer layer in Layers)
        {
            if (layer.Name == name)
            {
                return layer;
            }
        }
        return FindDeconv(name);
    }

    private static void Load()
    {
        if (s_layers is not null)
        {
            return;
        }
        using Stream stream = typeof(Suite).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Missing embedded resource {ResourceName}.");
        using var reader = new StreamReader(stream);
        var rows = new List<(string Name, int Batch, Conv2DShape Shape)>();
        var deconvRows = new List<(string Name, int Batch, ConvTranspose2DShape Shape)>();
        var skipped = new List<string>();
        string? header = reader.ReadLine();
        if (header is null || !header.StartsWith("name,kind,N,C,H,W,K,R,S,stride,pad,dilation,groups", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Unexpected configs.csv header: {header}");
        }
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            string[] f = line.Split(',');
            if (f.Length < 13)
            {
                throw new InvalidDataException($"Bad configs.csv line: {line}");
            }
            int Int(int i) => int.Parse(f[i], NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (f[1] == "deconv")
            {
                // C, H, W are the input's; no output padding column (0).
                var deconv = new ConvTranspose2DShape(
                    InChannels: Int(3), OutChannels: Int(6), Height: Int(4), Width: Int(5),
                    KernelHeight: Int(7), KernelWidth: Int(8), StrideHeight: Int(9), StrideWidth: Int(9),
                    PaddingHeight: Int(10), PaddingWidth: Int(10), DilationHeight: Int(11), DilationWidth: Int(11),
                    Groups: Int(12));
                deconv.Validate();
                deconvRows.Add((f[0], Int(2), deconv));
                continue;
            }
            if (f[1] != "conv")
            {
                skipped.Add(f[0]);
                continue;
            }
            var shape = new Conv2DShape(
                InChannels: Int(3), OutChannels: Int(6), Height: Int(4), Width: Int(5),
                KernelHeight: Int(7), KernelWidth: Int(8), StrideHeight: Int(9), StrideWidth: Int(9),
                PaddingHeight: Int(10), PaddingWidth: Int(10), DilationHeight: Int(11), DilationWidth: Int(11),
                Groups: Int(12));
            shape.Validate();
            rows.Add((f[0], Int(2), shape));
        }

        // Every batch-1 row has its own kernel; batch-N rows reuse the batch-1 kernel of the same shape (the generated
        // kernels infer the batch from the span lengths).
        var byShape = new Dictionary<Conv2DShape, RowKernels>();
        foreach ((string name, int batch, Conv2DShape shape) in rows)
        {
            if (batch == 1)
            {
                if (!s_kernels.TryGetValue(name, out RowKernels? kernels))
                {
                    throw new InvalidOperationException($"configs.csv row '{name}' has no generated kernel: declare one in SuiteLayers.cs and register it in Suite.");
                }
                if (kernels.Shape != shape)
                {
                    throw new InvalidOperationException($"configs.csv row '{name}' is {shape}, but its kernel in SuiteLayers.cs declares {kernels.Shape}.");
                }
                byShape.TryAdd(shape, kernels);
            }
        }
        if (s_kernels.Count != byShape.Count)
        {
            throw new InvalidOperationException("SuiteLayers declares kernels that configs.csv does not list (or two rows share a shape).");
        }
        var layers = new List<SuiteLayer>(rows.Count);
        foreach ((string name, int batch, Conv2DShape shape) in rows)
        {
            if (!byShape.TryGetValue(shape, out RowKernels? kernels))
            {
                throw new InvalidOperationException($"configs.csv row '{name}' (batch {batch}) has no batch-1 row of the same shape to take the kernel from.");
            }
            if (batch == 1)
            {
                kernels = s_kernels[name];
            }
            layers.Add(new SuiteLayer(name, batch, shape, kernels.Plain) { Packed = (kernels.Pack, kernels.Packed) });
        }
        s_deconvLayers = MapDeconv(deconvRows);
        s_skipped = skipped;
        s_layers = layers;
    }

    /// <summary>Deconv rows to their kernels, as for conv rows: batch-1 rows by name, other batches by shape.</summary>
    private static List<SuiteDeconvLayer> MapDeconv(List<(string Name, int Batch, ConvTranspose2DShape Shape)> rows)
    {
        var byShape = new Dictionary<ConvTranspose2DShape, (WeightPacker, DeconvKernel)>();
        foreach ((string name, int batch, ConvTranspose2DShape shape) in rows)
        {
            if (batch == 1)
            {
                if (!s_deconvKernels.TryGetValue(name, out (ConvTranspose2DShape Shape, WeightPacker Pack, DeconvKernel Kernel) kernel))
                {
                    throw new InvalidOperationException($"configs.csv row '{name}' has no generated kernel: declare one in SuiteLayers.cs and register it in Suite.");
                }
                if (kernel.Shape != shape)
                {
                    throw new InvalidOperationException($"configs.csv row '{name}' is {shape}, but its kernel in SuiteLayers.cs declares {kernel.Shape}.");
                }
                byShape.TryAdd(shape, (kernel.Pack, kernel.Kernel));
            }
        }
        if (s_deconvKernels.Count != byShape.Count)
        {
            throw new InvalidOperationException("SuiteLayers declares deconv kernels that configs.csv does not list (or two rows share a shape).");
        }
        var layers = new List<SuiteDeconvLayer>(rows.Count);
        foreach ((string name, int batch, ConvTranspose2DShape shape) in rows)
        {
            if (!byShape.TryGetValue(shape, out (WeightPacker Pack, DeconvKernel Kernel) kernel))
            {
                throw new InvalidOperationException($"configs.csv row '{name}' (batch {batch}) has no batch-1 row of the same shape to take the kernel from.");
            }
            layers.Add(new SuiteDeconvLayer(name, batch, shape, kernel.Pack, kernel.Kernel));
        }
        return layers;
    }
}

/// <summary>
/// What <see cref="QuickRunner"/> measures for one layer: the generated kernel, the generic GEMM-based kernel (im2col +
/// GEMM for convolutions, GEMM + col2im for transposed ones) and the naive generic kernel, each with its output.
/// </summary>
internal interface IBenchData
{
    ISuiteLayer Layer { get; }
    Memory<float> ConvGenOutput { get; }
    Memory<float> GemmOutput { get; }
    Memory<float> NaiveOutput { get; }
    void RunConvGen();
    void RunGemm();
    void RunNaive();
}

/// <summary>
/// Random input and weights for one layer plus an output buffer per implementation. Every buffer starts on a 64-byte
/// boundary (<see cref="AlignedMemory"/>), as oneDNN's and PyTorch's tensors do, or <c>offsetFloats</c> floats past one
/// (4: 16 bytes, a placement a <c>new float[]</c>, only 8-byte aligned, can have), the same for every implementation.
/// </summary>
internal sealed class LayerData : IBenchData
{
    /// <param name="packedWeights">Time the generated kernel's packed-weights overload, the weights packed once here.</param>
    public LayerData(SuiteLayer layer, bool packedWeights = false, int seed = 42, int offsetFloats = 0)
    {
        Layer = layer;
        var random = new Random(seed);
        Input = Fill(random, layer.Batch * layer.Shape.InputImage, offsetFloats);
        Weights = Fill(random, layer.Shape.WeightCount, offsetFloats);
        Packed = packedWeights ? layer.Packed.Pack(Weights.Span) : null;
        int outputs = layer.Batch * layer.Shape.OutputImage;
        ConvGenOutput = Buffer(outputs, offsetFloats);
        Im2ColOutput = Buffer(outputs, offsetFloats);
        NaiveOutput = Buffer(outputs, offsetFloats);
    }

    public SuiteLayer Layer { get; }
    public Memory<float> Input { get; }
    public Memory<float> Weights { get; }
    public Memory<float> ConvGenOutput { get; }
    public Memory<float> Im2ColOutput { get; }
    public Memory<float> NaiveOutput { get; }

    /// <summary>The weights packed for the generated kernel, or null when it is timed with OIHW weights.</summary>
    public PackedWeights? Packed { get; }

    public void RunConvGen()
    {
        if (Packed is null)
        {
            Layer.Kernel(Input.Span, Weights.Span, ConvGenOutput.Span);
        }
        else
        {
            Layer.Packed.Kernel(Input.Span, Packed, ConvGenOutput.Span);
        }
    }

    public void RunIm2Col() => Im2ColGemmConv.Forward(Layer.Shape, Input.Span, Weights.Span, ReadOnlySpan<float>.Empty, Im2ColOutput.Span);

    public void RunNaive() => GenericConv.NaiveForward(Layer.Shape, Input.Span, Weights.Span, ReadOnlySpan<float>.Empty, NaiveOutput.Span);

    ISuiteLayer IBenchData.Layer => Layer;
    Memory<float> IBenchData.GemmOutput => Im2ColOutput;
    void IBenchData.RunGemm() => RunIm2Col();

    /// <summary><paramref name="count"/> zeros starting <paramref name="offsetFloats"/> floats past a 64-byte boundary.</summary>
    internal static Memory<float> Buffer(int count, int offsetFloats) => AlignedMemory.Allocate(count + offsetFloats)[offsetFloats..];

    /// <summary><see cref="Buffer"/> filled with uniform random values in [-1, 1).</summary>
    internal static Memory<float> Fill(Random random, int count, int offsetFloats)
    {
        Memory<float> memory = Buffer(count, offsetFloats);
        Span<float> data = memory.Span;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return memory;
    }
}

/// <summary>
/// Random input and weights for one transposed-convolution layer, the weights packed once for the generated kernel
/// (as a model would at load time; oneDNN's weight reorder is not timed by the peers harness either), plus an output
/// buffer per implementation, placed as in <see cref="LayerData"/>.
/// </summary>
internal sealed class DeconvLayerData : IBenchData
{
    /// <param name="pack">Pack the weights now; else <see cref="Pack"/> must run before the generated kernel.</param>
    public DeconvLayerData(SuiteDeconvLayer layer, int seed = 42, int offsetFloats = 0, bool pack = true)
    {
        Layer = layer;
        var random = new Random(seed);
        Input = LayerData.Fill(random, layer.Batch * layer.Shape.InputImage, offsetFloats);
        Weights = LayerData.Fill(random, layer.Shape.WeightCount, offsetFloats);
        if (pack)
        {
            Pack();
        }
        int outputs = layer.Batch * layer.Shape.OutputImage;
        ConvGenOutput = LayerData.Buffer(outputs, offsetFloats);
        GemmOutput = LayerData.Buffer(outputs, offsetFloats);
        NaiveOutput = LayerData.Buffer(outputs, offsetFloats);
    }

    public SuiteDeconvLayer Layer { get; }
    public Memory<float> Input { get; }
    /// <summary>PyTorch layout <c>[C][K/G][kh][kw]</c>, read by the generic kernels.</summary>
    public Memory<float> Weights { get; }
    /// <summary>The generated kernel's packed weights (null until <see cref="Pack"/> has run).</summary>
    public PackedWeights? Packed { get; private set; }
    public Memory<float> ConvGenOutput { get; }
    public Memory<float> GemmOutput { get; }
    public Memory<float> NaiveOutput { get; }

    /// <summary>The generated kernel's packed-weights overload.</summary>
    public void RunConvGen() => Layer.Kernel(Input.Span, Packed ?? throw new InvalidOperationException("Pack the weights first."), ConvGenOutput.Span);

    /// <summary>Packs <see cref="Weights"/> for the generated kernel.</summary>
    public void Pack() => Packed = Layer.Pack(Weights.Span);

    public void RunGemm() => GemmCol2ImConvTranspose.Forward(Layer.Shape, Input.Span, Weights.Span, ReadOnlySpan<float>.Empty, GemmOutput.Span);

    public void RunNaive() => GenericConv.NaiveTransposedForward(Layer.Shape, Input.Span, Weights.Span, ReadOnlySpan<float>.Empty, NaiveOutput.Span);

    ISuiteLayer IBenchData.Layer => Layer;
}
