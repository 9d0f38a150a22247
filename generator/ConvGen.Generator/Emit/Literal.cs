using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ConvGen.Generator.Emit;

/// <summary>Invariant, round-trip literal formatting: the single source of numeric text in emitted code.</summary>
internal static class Literal
{
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A term to append to an expression: " + 3", " - 2", or nothing for 0.</summary>
    public static string Signed(int value) => value == 0 ? "" : value > 0 ? " + " + Int(value) : " - " + Int(-value);

    /// <summary>A C# string literal: the text quoted, with backslashes and quotes escaped.</summary>
    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    /// <summary>
    /// A constant AND mask of float lanes, <c>{vector}.Create(-1, 0, …).AsSingle()</c>: all bits set in the lanes
    /// <paramref name="keep"/> keeps, zero in the others.
    /// </summary>
    public static string Mask(string vector, IEnumerable<bool> keep) =>
        $"{vector}.Create({string.Join(", ", keep.Select(k => k ? "-1" : "0"))}).AsSingle()";

    /// <summary><see cref="Mask(string, IEnumerable{bool})"/> of <paramref name="lanes"/> lanes, lane i kept where <paramref name="keep"/>(i).</summary>
    public static string Mask(string vector, int lanes, System.Func<int, bool> keep) => Mask(vector, Enumerable.Range(0, lanes).Select(keep));

    public static string Float(float value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0)
        {
            text += ".0";
        }
        return text + "f";
    }
}
