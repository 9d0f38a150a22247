using System.Linq;
using ConvGen.Generator.Helpers;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Depthwise rows of 4-7 floats held one per Vector256 (lanes [0, width), zeros past them), as the AVX2 whole-row
/// methods read them (<see cref="WholeRowTile256Emitter"/>, <see cref="WholeRowWeights256Emitter"/>): the AND masks,
/// and the vpermps indices that shift a row by one lane for kernel columns 0 and 2, moving a zero lane into the
/// padding column and past the row, so that no lane multiplies a value from another row.
/// </summary>
internal static class NarrowRow256
{
    public const int Lanes = 8;

    public const string Permute = SimdVocabulary.X86 + ".Avx2.PermuteVar8x32";

    /// <summary>The lane at which the channel's last row starts in the channel's last 8 floats.</summary>
    public static int LastRowLane(int width) => Lanes - width;

    /// <summary>An AND mask of 8 lanes, zero where <paramref name="dropped"/>.</summary>
    public static string Mask(System.Func<int, bool> dropped) => Literal.Mask("Vector256", Lanes, lane => !dropped(lane));

    /// <summary>
    /// A vpermps index: lane <c>l</c> reads lane <paramref name="source"/>(l) + <paramref name="offset"/> where l and
    /// source(l) are columns of a row of <paramref name="width"/>, else lane <paramref name="zero"/>, which is zero.
    /// </summary>
    public static string Indices(int width, System.Func<int, int> source, int offset, int zero) =>
        $"Vector256.Create({string.Join(", ", Enumerable.Range(0, Lanes).Select(lane => lane < width && source(lane) >= 0 && source(lane) < width ? source(lane) + offset : zero))})";

    /// <summary>Declares <c>row</c> (the mask of a row's lanes) and <c>right</c> / <c>left</c> (the shifts of kernel columns 0 and 2).</summary>
    public static void EmitConstants(SourceWriter w, int width)
    {
        w.WriteLine($"// A row in lanes [0, {width}), zeros past it; kernel column 0 reads it shifted right by one lane and column 2 shifted left, lane 7 (zero) moved into the padding column and past the row.");
        w.WriteLine($"Vector256<float> row = {Mask(lane => lane >= width)};");
        w.WriteLine($"Vector256<int> right = {Indices(width, lane => lane - 1, 0, Lanes - 1)}, left = {Indices(width, lane => lane + 1, 0, Lanes - 1)};");
    }

    /// <summary>Sets <c>x0</c>, <c>x1</c> and <c>x2</c> (kernel columns 0-2) from the ordinary row loaded by <paramref name="load"/>.</summary>
    public static string ShiftRow(string load) => $"x1 = Vector256.BitwiseAnd({load}, row); x0 = {Permute}(x1, right); x2 = {Permute}(x1, left);";

    /// <summary>
    /// Sets <c>x0</c>, <c>x1</c> and <c>x2</c> from <paramref name="load"/>, the channel's last 8 floats, whose lanes
    /// from <see cref="LastRowLane"/> hold its last row of <paramref name="width"/>: masked to the row, then each kernel
    /// column's shift moves it down to lane 0.
    /// </summary>
    public static string ShiftTailRow(string load, int width)
    {
        int first = LastRowLane(width);
        return $"x0 = {MaskTail(load, width)}; " +
            $"x1 = {Permute}(x0, {Indices(width, lane => lane, first, 0)}); x2 = {Permute}(x0, {Indices(width, lane => lane + 1, first, 0)}); x0 = {Permute}(x0, {Indices(width, lane => lane - 1, first, 0)});";
    }

    /// <summary>The channel's last row of <paramref name="width"/> in <paramref name="load"/> (its last 8 floats), moved down to lane 0, zeros past it.</summary>
    public static string MoveDownTailRow(string load, int width) =>
        $"{Permute}({MaskTail(load, width)}, {Indices(width, lane => lane, LastRowLane(width), 0)})";

    /// <summary><paramref name="load"/> ANDed to the last row's lanes [8 − width, 8); lane 0 is then zero (width ≤ 7), the zero lane of the tail's indices.</summary>
    private static string MaskTail(string load, int width) =>
        $"Vector256.BitwiseAnd({load}, {Mask(lane => lane < LastRowLane(width))})";
}
