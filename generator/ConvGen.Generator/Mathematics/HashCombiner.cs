namespace ConvGen.Generator.Mathematics;

/// <summary>Hash-code mixing for value-equality types (netstandard2.0 has no <c>System.HashCode</c>).</summary>
internal static class HashCombiner
{
    public static int Combine(int first, int second) => unchecked((first * 31) + second);

    public static int Combine(int first, int second, int third) => Combine(Combine(first, second), third);
}
