using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the copy of one channel into a zero-padded plane of pitch PlaneWidth (the backward-data passes pad gradOutput
/// this way, OutHeight × OutWidth; the channel-lane backward-weights pass the input, Height × Width): whole zero rows
/// above and below, zero columns left and right of each row.
/// </summary>
internal static class PaddedPlaneEmitter
{
    public static void EmitCopy(SourceWriter w, string source, string plane, int rows, int columns, int top, int left, int right, int bottom,
        string heightName = "OutHeight", string widthName = "OutWidth")
    {
        if (top > 0)
        {
            w.WriteLine($"MemoryMarshal.CreateSpan(ref {plane}, {top} * PlaneWidth).Clear();");
        }
        using (w.Block($"for (int oy = 0; oy < {heightName}; oy++)"))
        {
            w.WriteLine($"ref float row = ref Unsafe.Add(ref {plane}, (oy + {top}) * PlaneWidth);");
            EmitRow(w, source, columns, left, right, widthName);
        }
        if (bottom > 0)
        {
            w.WriteLine($"MemoryMarshal.CreateSpan(ref Unsafe.Add(ref {plane}, {top + rows} * PlaneWidth), {bottom} * PlaneWidth).Clear();");
        }
    }

    /// <summary>One plane row <c>row</c> from source row <c>oy</c>: the zero columns left and right of the copied pixels.</summary>
    public static void EmitRow(SourceWriter w, string source, int columns, int left, int right, string widthName = "OutWidth")
    {
        if (left > 0)
        {
            w.WriteLine($"MemoryMarshal.CreateSpan(ref row, {left}).Clear();");
        }
        w.WriteLine($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref {source}, oy * {widthName}), {widthName}).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref row, {left}), {widthName}));");
        if (right > 0)
        {
            w.WriteLine($"MemoryMarshal.CreateSpan(ref Unsafe.Add(ref row, {left + columns}), {right}).Clear();");
        }
    }
}
