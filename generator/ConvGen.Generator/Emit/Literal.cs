using System.Globalization;

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
