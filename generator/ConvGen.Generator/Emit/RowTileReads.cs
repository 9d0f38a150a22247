using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// One input row vector a depthwise row tile loads for a kernel column: its offset from the tile's origin in the packed
/// stride-phase planes, and every (tile row, kernel row) pair that multiplies it.
/// </summary>
internal sealed record RowTileRead(int Offset, IReadOnlyList<(int Row, int Kh)> Uses);

/// <summary>
/// The loads of a depthwise row tile (forward tiles and the backward-weights row plan share them): for kernel column kw,
/// the kernel rows are grouped by the stride-phase plane they read, and each plane row in reach of the tile's rows is
/// loaded once for all the (row, kernel row) pairs that read it.
/// </summary>
internal static class RowTileReads
{
    public static IEnumerable<RowTileRead> ForKernelColumn(LayerSpec layer, DirectConvPlan plan, int kw, int rows)
    {
        int columnSlot = plan.ColumnPhases.IndexOf(kw * layer.DilationWidth % layer.StrideWidth);
        int columnOffset = kw * layer.DilationWidth / layer.StrideWidth;
        foreach (IGrouping<int, int> slot in Enumerable.Range(0, layer.KernelHeight).GroupBy(kh => plan.RowPhases.IndexOf(kh * layer.DilationHeight % layer.StrideHeight)))
        {
            int planeBase = (slot.Key * plan.ColumnPhases.Count + columnSlot) * plan.PlaneSize + columnOffset;
            int Offset(int kh) => kh * layer.DilationHeight / layer.StrideHeight;
            int first = slot.Min(Offset), last = slot.Max(Offset) + rows - 1;
            for (int j = first; j <= last; j++)
            {
                var uses = slot.Where(kh => j - Offset(kh) >= 0 && j - Offset(kh) < rows).Select(kh => (Row: j - Offset(kh), Kh: kh)).ToArray();
                if (uses.Length > 0)
                {
                    yield return new RowTileRead(planeBase + j * plan.PlaneWidth, uses);
                }
            }
        }
    }
}
