using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Where the channel-pair AVX-512 depthwise kernels (3×3, padding 1, planes at most 16 wide, rows of at most 8 outputs)
/// find their lanes: channel c in lanes [0, 8), channel c + 1 in lanes [8, 16). A row of both channels is two loads
/// (channel c's from its start; channel c + 1's from its start or, near the pair's end, ending there) and one
/// two-source permute; these helpers give the permute indices, the padding lanes and the (output row, kernel row) pairs
/// an input row feeds. Shared by the forward (<see cref="ChannelPairRowEmitter"/>) and backward-weights
/// (<see cref="ChannelPairWeightsEmitter"/>) kernels.
/// </summary>
internal sealed class ChannelPairGeometry
{
    private readonly LayerSpec _layer;

    public ChannelPairGeometry(LayerSpec layer) => _layer = layer;

    private int Stride => _layer.StrideHeight;

    /// <summary>The input column lane j of a half reads through kernel column kw, or null where it reads nothing (past the output row).</summary>
    private int? InputColumn(int j, int kw) => j < _layer.OutWidth ? Stride * j + kw - 1 : null;

    /// <summary>The (output row, kernel row) pairs input row r feeds: r = stride·t − 1 + kh.</summary>
    public IEnumerable<(int Row, int Kh)> Uses(int r)
    {
        for (int kh = 0; kh < 3; kh++)
        {
            int shifted = r + 1 - kh;
            if (shifted >= 0 && shifted % Stride == 0 && shifted / Stride < _layer.OutHeight)
            {
                yield return (shifted / Stride, kh);
            }
        }
    }

    /// <summary>Whether lane <paramref name="lane"/> reads column −1 or Width (the padding) through kernel column <paramref name="kw"/>.</summary>
    private bool ReadsPadding(int lane, int kw) => InputColumn(lane % 8, kw) is int col && (col < 0 || col >= _layer.Width);

    /// <summary>Whether kernel column <paramref name="kw"/> reads the padding in any lane, so its vectors need a mask.</summary>
    private bool Pads(int kw) => Enumerable.Range(0, 8).Any(j => ReadsPadding(j, kw));

    /// <summary>Where channel c + 1's row at <paramref name="rowStart"/> (floats into its channel) is loaded from, relative to channel c: its start, or the pair's last 16 floats.</summary>
    private static int SecondLoad(int channelFloats, int rowStart) => System.Math.Min(channelFloats + rowStart, 2 * channelFloats - 16);

    /// <summary>
    /// The permute index vector placing column col(j) of channel c's row (loaded from its start) and of channel c + 1's
    /// row (loaded at <paramref name="second"/>) in lanes j and 8 + j. A lane that reads nothing (padding, or past the
    /// row) takes a float of its own half's channel: such lanes are masked to zero in the input or in gradOutput, and
    /// where only gradOutput is masked, an infinite input times that zero is NaN, which must stay in its own channel's
    /// sums rather than reach the other channel's.
    /// </summary>
    public static string Indices(System.Func<int, int?> column, int width, int rowStart, int channelFloats, int second) =>
        $"Vector512.Create({string.Join(", ", Enumerable.Range(0, 16).Select(lane =>
        {
            int? col = column(lane % 8);
            if (col is not int k || k < 0 || k >= width)
            {
                // low[0] is channel c's; high[0] is channel c + 1's, since pairing needs planes of at least 16 floats, so
                // that SecondLoad never starts inside channel c.
                return lane < 8 ? 0 : 16;
            }
            return lane < 8 ? k : 16 + channelFloats + rowStart + k - second;
        }))})";

    /// <summary>
    /// Loads the row at <paramref name="rowStart"/> of both channels from <paramref name="reference"/> into <c>low</c>
    /// (channel c's, from its start) and <c>high</c> (channel c + 1's, <see cref="SecondLoad"/>), after a comment naming
    /// the row; returns where <c>high</c> was loaded, for <see cref="Indices"/>.
    /// </summary>
    public static int EmitPairLoads(SourceWriter w, string reference, int channelFloats, int rowStart, string row, string suffix)
    {
        int second = SecondLoad(channelFloats, rowStart);
        w.WriteLine($"// {row} of channels c and c + 1{(second < channelFloats + rowStart ? " (c + 1's loaded ending at its end)" : "")}{suffix}.");
        w.WriteLine($"low = {SimdVocabulary.Vector512.Load(reference, rowStart)}; high = {SimdVocabulary.Vector512.Load(reference, second)};");
        return second;
    }

    /// <summary>Declares <c>padding{kw}</c>, a mask zeroing the lanes that read the padding, for each kernel column that has some.</summary>
    public void EmitPaddingMasks(SourceWriter w)
    {
        for (int kw = 0; kw < 3; kw++)
        {
            if (Pads(kw))
            {
                int kwCopy = kw;
                string lanes = string.Join(" and ", Enumerable.Range(0, 16).Where(lane => ReadsPadding(lane, kwCopy)));
                w.WriteLine($"// Kernel column {kw}: lane(s) {lanes} read the padding.");
                w.WriteLine($"Vector512<float> padding{kw} = {Literal.Mask("Vector512", 16, lane => !ReadsPadding(lane, kwCopy))};");
            }
        }
    }

    /// <summary>
    /// Loads input row <paramref name="r"/> of both channels (from <c>x</c>) into <c>low</c> and <c>high</c> and splits it
    /// into <c>k0</c>, <c>k1</c>, <c>k2</c>: the columns kernel columns 0, 1, 2 read for each output column, padding masked.
    /// </summary>
    public void EmitInputSplit(SourceWriter w, int r, string comment)
    {
        LayerSpec l = _layer;
        int floats = l.Height * l.Width, start = r * l.Width;
        int second = EmitPairLoads(w, "x", floats, start, $"Input row {r}", $": {comment}");
        var splits = new List<string>();
        for (int kw = 0; kw < 3; kw++)
        {
            int kwCopy = kw;
            string split = $"{SimdVocabulary.Avx512F}.PermuteVar16x32x2(low, {Indices(j => InputColumn(j, kwCopy), l.Width, start, floats, second)}, high)";
            splits.Add($"k{kw} = {split}{(Pads(kw) ? $" & padding{kw}" : "")};");
        }
        w.WriteLine(string.Join(" ", splits));
    }
}
