using System.Linq;
using ConvGen.Generator.Mathematics;

namespace ConvGen.Generator.Emit;

/// <summary>
/// The input-channel blocks of the channel-lane plans: two vectors of channels per block on each path (16 / 8 / 2
/// channels), and a last block of one vector where the group's channels leave one over.
/// </summary>
internal static class ChannelLaneBlocks
{
    /// <summary>Channels per full block on a path: two vectors.</summary>
    public static int Channels(SimdVocabulary simd) => 2 * simd.Lanes;

    /// <summary>Vectors in the group's last, narrower block on a path (0 when the blocks divide the group).</summary>
    public static int RemainderVectors(int groupChannels, SimdVocabulary simd) => groupChannels % Channels(simd) / simd.Lanes;

    public static int Count(int groupChannels, SimdVocabulary simd) => ShapeMath.CeilDiv(groupChannels, Channels(simd));

    /// <summary>The constants <c>Blocks256, Blocks128, BlocksScalar</c> with their comment; <paramref name="noun"/> names what the lanes run along.</summary>
    public static string[] Constants(int groupChannels, string noun) => new[]
    {
        $"// Blocks of two vectors of {noun} per group (16 / 8 / 2 {noun})" +
            (RemainderVectors(groupChannels, SimdVocabulary.Vector256) == 1 ? "; on Vector256 the last block holds one vector." : "."),
        $"private const int {string.Join(", ", SimdVocabulary.All.Select(s => $"Blocks{s.Suffix} = {Count(groupChannels, s)}"))};",
    };

    /// <summary>A static property selecting the path's block count (the JIT folds the checks).</summary>
    public const string BlocksProperty = "private static int Blocks => Vector256.IsHardwareAccelerated ? Blocks256 : Vector128.IsHardwareAccelerated ? Blocks128 : BlocksScalar;";

    /// <summary>A static property selecting the path's full-block width, <see cref="Channels"/> of the path.</summary>
    public static string BlockChannelsProperty =>
        $"private static int BlockChannels => Vector256.IsHardwareAccelerated ? {Channels(SimdVocabulary.Vector256)} : Vector128.IsHardwareAccelerated ? {Channels(SimdVocabulary.Vector128)} : {Channels(SimdVocabulary.Scalar)};";
}
