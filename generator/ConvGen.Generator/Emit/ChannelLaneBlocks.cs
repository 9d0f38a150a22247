using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Mathematics;

namespace ConvGen.Generator.Emit;

/// <summary>
/// The channel blocks of the channel-lane plans: two vectors of channels per block on each path (32 / 16 / 8 / 2
/// channels), and a last block of one vector where the group's channels leave one over.
/// </summary>
internal static class ChannelLaneBlocks
{
    /// <summary>
    /// The paths of a channel-lane kernel whose lanes run along <paramref name="laneChannels"/> channels per group:
    /// Vector512 in front where they are whole 16-lane vectors (a multiple of 8 is required of every plan).
    /// </summary>
    public static IReadOnlyList<SimdVocabulary> Paths(int laneChannels) =>
        SimdVocabulary.PathsFor(laneChannels % SimdVocabulary.Vector512.Lanes == 0);

    /// <summary>Channels per full block on a path: two vectors.</summary>
    public static int Channels(SimdVocabulary simd) => 2 * simd.Lanes;

    /// <summary>Vectors in the group's last, narrower block on a path (0 when the blocks divide the group).</summary>
    public static int RemainderVectors(int groupChannels, SimdVocabulary simd) => groupChannels % Channels(simd) / simd.Lanes;

    public static int Count(int groupChannels, SimdVocabulary simd) => ShapeMath.CeilDiv(groupChannels, Channels(simd));

    /// <summary>The constants <c>Blocks512, Blocks256, …</c> of <paramref name="paths"/> with their comment; <paramref name="noun"/> names what the lanes run along.</summary>
    public static string[] Constants(int groupChannels, string noun, IReadOnlyList<SimdVocabulary> paths) => new[]
    {
        $"// Blocks of two vectors of {noun} per group ({string.Join(" / ", paths.Select(Channels))} {noun})" +
            string.Concat(paths.Where(s => s.Lanes > 1 && RemainderVectors(groupChannels, s) == 1).Select(s => $"; on Vector{s.Suffix} the last block holds one vector")) + ".",
        $"private const int {string.Join(", ", paths.Select(s => $"Blocks{s.Suffix} = {Count(groupChannels, s)}"))};",
    };

    /// <summary>A static property selecting the path's block count (the JIT folds the checks).</summary>
    public static string BlocksProperty(IReadOnlyList<SimdVocabulary> paths) =>
        $"private static int Blocks => {SimdVocabulary.Pick(paths, s => "Blocks" + s.Suffix)};";

    /// <summary>A static property selecting the path's full-block width, <see cref="Channels"/> of the path.</summary>
    public static string BlockChannelsProperty(IReadOnlyList<SimdVocabulary> paths) =>
        $"private static int BlockChannels => {SimdVocabulary.Pick(paths, s => Channels(s).ToString(System.Globalization.CultureInfo.InvariantCulture))};";

    /// <summary>The widest full block among <paramref name="paths"/>: what a thread's panel scratch must hold per reduction channel.</summary>
    public static int MaxChannels(IReadOnlyList<SimdVocabulary> paths) => paths.Max(Channels);
}
