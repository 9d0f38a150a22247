using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits a convolution's backward-data pass as a columns GEMM and a column scatter (<see cref="ChannelLaneColumnsPlan"/>):
/// the kernel class runs, a chunk of images at a time, the columns kernel (a second class, <c>{Kernel}Columns</c>, the
/// channel-lane pointwise backward-data kernel of the columns layer, emitted by <see cref="ChannelLanePointwiseEmitter"/>)
/// into per-call scratch, then scatters each gradInput channel's column planes into its pixels, tap by tap in kernel
/// order, so every pixel's sum has the same order on every path and thread count.
/// </summary>
internal sealed class ChannelLaneColumnsEmitter
{
    private readonly SourceWriter _w;
    private readonly KernelModel _model;
    private readonly LayerSpec _layer;
    private readonly ChannelLaneColumnsPlan _plan;
    private readonly string _className;

    public ChannelLaneColumnsEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _model = model;
        _layer = model.Spec.Layer;
        _plan = model.ChannelLaneColumns!;
        _className = className;
    }

    private string ColumnsClass => _className + "Columns";

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        LayerSpec l = _layer;
        _w.WriteLine($"/// <summary>Backward-data kernel behind <c>{methodDisplayName}</c>: the columns GEMM ({ColumnsClass}), then the column scatter; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            _w.WriteLine("// Layer shape (gradInput has InChannels planes of Height × Width, gradOutput OutChannels of OutHeight × OutWidth).");
            _w.WriteLine($"private const int InChannels = {l.InChannels}, Height = {l.Height}, Width = {l.Width}, OutHeight = {l.OutHeight}, OutWidth = {l.OutWidth}, Taps = {l.Taps};");
            _w.WriteLine($"private const int InputImage = {l.InputImage}, OutputImage = {l.OutputImage};");
            _w.WriteLine($"private const long Flops = {Literal.Long(l.Flops)}, ParallelFlops = {Literal.Long(_plan.ParallelMinimumFlops)};");
            _w.WriteLine("// An image's columns: plane c·Taps + t (OutHeight × OutWidth) is tap t's share of gradInput channel c.");
            _w.WriteLine($"private const int ColumnImage = {_plan.ColumnImage};");
            _w.WriteLine($"// Images run at once: columns of at most {ChannelLaneGather.MaxChunkFloats} floats (one image where it takes more).");
            _w.WriteLine($"private const int ChunkImages = {_plan.ChunkImages};");
            _w.WriteLine();
            _w.WriteLine("/// <summary>Computes the columns of a chunk of images, then scatters them into gradInput; gradInput is overwritten.</summary>");
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public static void Run(nint gradOutput, nint weights, nint unused, nint gradInput, int batch)"))
            {
                using (_w.Block("for (int n0 = 0; n0 < batch; n0 += ChunkImages)"))
                {
                    _w.WriteLine("int images = Math.Min(ChunkImages, batch - n0);");
                    _w.WriteLine("// LayerScratch: the columns kernel uses CallerScratch and Scratch for its strips and panels.");
                    _w.WriteLine("nint columns = KernelMemory.LayerScratch((long)images * ColumnImage);");
                    _w.WriteLine($"{ColumnsClass}.Run(gradOutput + (nint)n0 * OutputImage * sizeof(float), weights, 0, columns, images);");
                    _w.WriteLine("var scatter = new ColumnScatter(columns, gradInput + (nint)n0 * InputImage * sizeof(float), images);");
                    _w.WriteLine("KernelParallel.For(ref scatter, KernelParallel.Slices(Flops * images, ParallelFlops, images * InChannels));");
                }
            }
            _w.WriteLine();
            EmitColumnScatter();
        }
        _w.WriteLine();
        KernelModel columnsModel = _model with
        {
            Spec = _model.Spec with { Layer = _plan.ColumnsLayer },
            ChannelLanePointwise = _plan.Columns,
            ChannelLaneColumns = null,
        };
        new ChannelLanePointwiseEmitter(_w, columnsModel, ColumnsClass).Emit(methodDisplayName + " (its columns GEMM: the backward-data pass of the pointwise layer over the gradOutput plane with InChannels·Taps input channels)", generatedCodeAttribute);
    }

    /// <summary>
    /// The col2im task: per (image, gradInput channel) unit, the plane cleared, then each tap's column plane added into
    /// the pixels it reaches (gradOutput pixel (oy, ox) of tap (kh, kw) lands on gradInput (oy·sh − ph + kh·dh,
    /// ox·sw − pw + kw·dw)), over the rows and columns that land inside the plane, computed here.
    /// </summary>
    private void EmitColumnScatter()
    {
        LayerSpec l = _layer;
        KernelTaskEmitter.RangeTask(_w, "Scatters the columns of a range of (image, gradInput channel) units into their gradInput planes, tap by tap in kernel order.", "ColumnScatter",
            new[] { "columns", "gradInput" }, new[] { ("int", "batch") }, "_batch * InChannels", "unit", null, () =>
            {
                _w.WriteLine("ref float column = ref Unsafe.Add(ref KernelMemory.AsRef(_columns), unit * (Taps * OutHeight * OutWidth));");
                _w.WriteLine("ref float plane = ref Unsafe.Add(ref KernelMemory.AsRef(_gradInput), unit * (Height * Width));");
                _w.WriteLine("MemoryMarshal.CreateSpan(ref plane, Height * Width).Clear();");
                for (int kh = 0; kh < l.KernelHeight; kh++)
                {
                    for (int kw = 0; kw < l.KernelWidth; kw++)
                    {
                        int t = kh * l.KernelWidth + kw;
                        (int y0, int y1) = Landing(l.Height, l.OutHeight, l.StrideHeight, kh * l.DilationHeight - l.PaddingHeight);
                        (int x0, int x1) = Landing(l.Width, l.OutWidth, l.StrideWidth, kw * l.DilationWidth - l.PaddingWidth);
                        if (y1 <= y0 || x1 <= x0)
                        {
                            _w.WriteLine($"// Tap ({kh},{kw}) reaches no gradInput pixel.");
                            continue;
                        }
                        int targetRow = y0 * l.StrideHeight + kh * l.DilationHeight - l.PaddingHeight;
                        int targetColumn = x0 * l.StrideWidth + kw * l.DilationWidth - l.PaddingWidth;
                        _w.WriteLine($"// Tap ({kh},{kw}): gradOutput rows {y0}..{y1 - 1}, columns {x0}..{x1 - 1} land from gradInput ({targetRow}, {targetColumn}) on, stride {l.StrideHeight}×{l.StrideWidth}.");
                        _w.WriteLine($"KernelColumns.AddRows(ref Unsafe.Add(ref column, {t * l.OutHeight * l.OutWidth + y0 * l.OutWidth + x0}), OutWidth, " +
                            $"ref Unsafe.Add(ref plane, {targetRow * l.Width + targetColumn}), {l.StrideHeight * l.Width}, {y1 - y0}, {x1 - x0}, {l.StrideWidth});");
                    }
                }
            });
    }

    /// <summary>
    /// The gradOutput positions [first, end) along one axis whose pixel o·stride + shift lies in [0, size), for a tap
    /// whose shift is k·d − p.
    /// </summary>
    private static (int First, int End) Landing(int size, int outSize, int stride, int shift)
    {
        int first = shift >= 0 ? 0 : ShapeMath.CeilDiv(-shift, stride);
        int end = System.Math.Min(outSize, size - 1 - shift < 0 ? 0 : (size - 1 - shift) / stride + 1);
        return (first, end);
    }
}
