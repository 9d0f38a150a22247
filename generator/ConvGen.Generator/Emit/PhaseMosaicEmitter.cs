using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits what a Winograd kernel adds to run a dilated layer on its phase mosaic (<see cref="PhaseMosaicPlan"/>): the
/// dilated layer's constants, the mosaic rows <c>PackChannel</c> gathers from the NCHW input as it packs them (the
/// input mosaic is never stored: each thread gathers the rows its own tiles read), and the pass that scatters the
/// mosaic's output planes to the NCHW output, whole planes per thread. The kernel class around these is the undilated
/// layer's (its <c>Height</c>, <c>Width</c>, <c>OutHeight</c> and so on are the mosaic's).
/// </summary>
internal static class PhaseMosaicEmitter
{
    public static void EmitConstants(SourceWriter w, PhaseMosaicPlan mosaic, LayerSpec dilated)
    {
        w.WriteLine($"// The dilated layer (dilation {dilated.DilationHeight}×{dilated.DilationWidth}, padding {dilated.PaddingHeight}×{dilated.PaddingWidth}) run on its phase mosaic: phase (qy, qx) fills mosaic rows");
        w.WriteLine("// qy·RegionRows.. and columns qx·RegionColumns..; input and output are the dilated layer's NCHW tensors.");
        w.WriteLine($"private const int DilatedHeight = {dilated.Height}, DilatedWidth = {dilated.Width}, DilatedOutHeight = {dilated.OutHeight}, DilatedOutWidth = {dilated.OutWidth};");
        w.WriteLine($"private const int DilatedInputImage = {dilated.InputImage}, DilatedOutputImage = {dilated.OutputImage};");
        w.WriteLine($"private const int PhasesY = {mosaic.PhasesY}, PhasesX = {mosaic.PhasesX}, RegionRows = {mosaic.RegionRows}, RegionColumns = {mosaic.RegionColumns};");
    }

    /// <summary>PackChannel's row buffer: one mosaic row, gathered from the input.</summary>
    public static void EmitGatherBuffer(SourceWriter w)
    {
        w.WriteLine("Span<float> gatheredRow = stackalloc float[Width];");
        w.WriteLine("ref float gathered = ref MemoryMarshal.GetReference(gatheredRow);");
    }

    /// <summary>
    /// PackChannel's row source for mosaic row iy (the local <c>row</c> is the plane row, <c>input</c> the channel's
    /// NCHW plane): zero where the row lies between phases or outside the mosaic, else the input row's column phases
    /// side by side in the row buffer, as <c>source</c>.
    /// </summary>
    public static void EmitRowSource(SourceWriter w)
    {
        w.WriteLine("// Mosaic row iy is row i of row phase qy: input row qy + PhasesY·i, its column phases side by side.");
        w.WriteLine("int qy = iy / RegionRows, sourceRow = qy + PhasesY * (iy - qy * RegionRows);");
        PhasePlanePackingEmitter.EmitZeroRowWhere(w, "unchecked((uint)iy) >= Height || sourceRow >= DilatedHeight");
        w.WriteLine("KernelPhases.GatherRow(ref Unsafe.Add(ref input, sourceRow * DilatedWidth), DilatedWidth, PhasesX, RegionColumns, ref gathered);");
        w.WriteLine("ref float source = ref gathered;");
    }

    /// <summary>
    /// The task that scatters a range of output channels' mosaic planes (the tile blocks' output) to the dilated layer's
    /// NCHW planes, a whole plane per channel: <c>KernelPhases.MergePlane</c>.
    /// </summary>
    public static void EmitMergeTask(SourceWriter w) =>
        KernelTaskEmitter.RangeTask(w, "Scatters the mosaic output planes of a range of output channels to the dilated layer's NCHW output.", "PhaseMerge",
            new[] { "mosaic", "output" }, System.Array.Empty<(string, string)>(), "OutChannels", "k", prologue: null, () =>
            {
                w.WriteLine("KernelPhases.MergePlane(ref Unsafe.Add(ref KernelMemory.AsRef(_mosaic), k * (OutHeight * OutWidth)), ref Unsafe.Add(ref KernelMemory.AsRef(_output), k * (DilatedOutHeight * DilatedOutWidth)),");
                w.WriteLine("    OutWidth, DilatedOutHeight, DilatedOutWidth, PhasesY, PhasesX, RegionRows, RegionColumns);");
            });
}
