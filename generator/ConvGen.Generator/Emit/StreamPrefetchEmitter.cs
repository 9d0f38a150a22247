using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit;

/// <summary>
/// The streaming prefetch of the depthwise kernels that read NCHW directly, for calls whose tensors outgrow the cache
/// (<see cref="DirectConvPlanner.StreamingFloats"/>): the class constant, the per-call check that sets <c>prefetch</c>,
/// the forward tiles' prefetch of the rows ahead in the task's linear stream, and the weight-gradient bands' prefetch
/// of the rows ahead, past the plane's end into the next image's plane of the channel. The generated code calls the
/// inlined runtime helpers <c>KernelMemory.PrefetchRun</c> and <c>KernelMemory.PrefetchPlaneRows</c>.
/// </summary>
internal static class StreamPrefetchEmitter
{
    /// <summary>The extra parameter of a channel method that prefetches (<paramref name="prefetches"/>), else "".</summary>
    public static string Parameter(bool prefetches) => prefetches ? ", bool prefetch" : "";

    /// <summary>The extra argument that passes <c>prefetch</c> on to such a method, else "".</summary>
    public static string Argument(bool prefetches) => prefetches ? ", prefetch" : "";

    /// <summary>Declares the class constant <c>StreamingFloats</c>.</summary>
    public static void EmitConstant(SourceWriter w)
    {
        w.WriteLine("// Calls with more input and output floats than this stream from memory: the tiles and bands that read NCHW directly prefetch ahead.");
        w.WriteLine($"private const long StreamingFloats = {Literal.Long(DirectConvPlanner.StreamingFloats)};");
    }

    /// <summary>
    /// Where the channel method called next prefetches (<paramref name="prefetches"/>), declares <c>prefetch</c>: whether
    /// this call (of <c>_batch</c> images) streams its tensors from memory. Returns <see cref="Argument"/>, which passes
    /// it on to that method.
    /// </summary>
    public static string EmitCheck(SourceWriter w, bool prefetches)
    {
        if (prefetches)
        {
            w.WriteLine("// A call whose tensors outgrow the cache streams them from memory: the kernel then prefetches ahead.");
            w.WriteLine("bool prefetch = (long)_batch * (InputImage + OutputImage) > StreamingFloats;");
        }
        return Argument(prefetches);
    }

    /// <summary>
    /// With <c>prefetch</c>, at the start of a forward row tile: the <paramref name="count"/> input rows
    /// <paramref name="ahead"/> rows past the tile's first new row <paramref name="firstNewRow"/>. They are contiguous,
    /// and past the channel's end they are the next channel's first rows: the next task's, as tasks run the channels in
    /// memory order. With <paramref name="outputRows"/>, also the output rows of the tile as far ahead, which the stores
    /// would otherwise read from memory first (a stride-1 layer's output is as large as its input). Nothing where
    /// <paramref name="ahead"/> is 0.
    /// </summary>
    public static void EmitTileRows(SourceWriter w, LayerSpec layer, string firstNewRow, int count, int ahead, bool outputRows = false)
    {
        if (ahead == 0)
        {
            return;
        }
        using (w.Block("if (prefetch)"))
        {
            w.WriteLine($"// The call streams from memory: prefetch the {count} input rows {ahead} rows ({Distance(ahead, layer)}) past this tile's first new row" +
                (outputRows ? $", and the output rows of the tile {ahead} rows ahead." : "."));
            w.WriteLine($"KernelMemory.PrefetchRun(ref input, ({firstNewRow} + {ahead}) * Width, {count * layer.Width});");
            if (outputRows)
            {
                w.WriteLine($"KernelMemory.PrefetchRun(ref output, (oy + {ahead}) * OutWidth, {count * layer.OutWidth});");
            }
        }
    }

    /// <summary>
    /// With <c>prefetch</c>, at the start of a weight-gradient band of <paramref name="rows"/> gradOutput rows from row
    /// <paramref name="top"/> of a stride-<paramref name="stride"/> layer (nothing where <paramref name="aheadRows"/> is
    /// 0): the input rows <paramref name="aheadRows"/> rows past the band's new ones (it reads input rows s·top − 1 ..
    /// s·top + s·rows − 1) and the gradOutput rows as far on, from <paramref name="plane"/> (the channel's input plane in
    /// this image) and <c>gradient</c>; past the plane's end they are the next image's planes of the channel, which the
    /// task reads next.
    /// </summary>
    public static void EmitBandRows(SourceWriter w, LayerSpec layer, string plane, string top, int stride, int rows, int aheadRows)
    {
        if (aheadRows == 0)
        {
            return;
        }
        string first = stride == 1 ? top : $"{stride} * {top}";
        using (w.Block("if (prefetch)"))
        {
            w.WriteLine($"// The call streams from memory: prefetch the input rows {aheadRows} rows past this band's ({Distance(aheadRows, layer)} ahead) and the gradOutput rows as far on, past the plane's end the next image's.");
            w.WriteLine($"KernelMemory.PrefetchPlaneRows(ref {plane}, InputImage, {first} + {aheadRows + 1}, {stride * rows}, Width, Height);");
            w.WriteLine($"KernelMemory.PrefetchPlaneRows(ref gradient, OutputImage, {top} + {aheadRows / stride}, {rows}, OutWidth, OutHeight);");
        }
    }

    /// <summary>
    /// The remarks' sentence on a forward tile's prefetch (<paramref name="rowsAhead"/> input rows ahead; the output rows
    /// too where <paramref name="outputToo"/>), or "" where it does not prefetch.
    /// </summary>
    public static string TileRemark(int rowsAhead, LayerSpec l, bool outputToo = false) => rowsAhead == 0 ? "" :
        $" A call whose input and output exceed {Megabytes} MB (a batch that outgrows the cache) streams them from memory, so each row tile then starts by prefetching the input rows {rowsAhead} rows past its own new ones " +
        $"({Distance(rowsAhead, l)} ahead; past a channel's end, the next channel's)" + (outputToo ? ", and the output rows as far ahead." : ".");

    /// <summary>The remarks' sentence on a weight-gradient band's prefetch, or "" where it does not prefetch.</summary>
    public static string BandRemark(int rowsAhead, LayerSpec l) => rowsAhead == 0 ? "" :
        $" A call whose input and gradOutput exceed {Megabytes} MB (a batch that outgrows the cache) streams them from memory, so each band then starts by prefetching the input rows {rowsAhead} rows past its own ({Distance(rowsAhead, l)} ahead) " +
        "and the gradOutput rows as far on, past the plane's end the next image's plane of the channel, which the task reads next.";

    private static long Megabytes => DirectConvPlanner.StreamingFloats * sizeof(float) >> 20;

    /// <summary>How far <paramref name="rows"/> input rows reach: "about N KB", or the bytes where that is under 1 KB.</summary>
    private static string Distance(int rows, LayerSpec layer)
    {
        int bytes = rows * layer.Width * sizeof(float);
        return bytes < 1024 ? $"{bytes} bytes" : $"about {(bytes + 512) / 1024} KB";
    }
}
