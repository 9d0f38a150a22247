using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ConvGen.Generator.Emit;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Tests.Harness;
using Xunit;

namespace ConvGen.Generator.Tests.Emit;

/// <summary>
/// The emitted filter transforms U = G·w·G^T (<see cref="WinogradEmitter.EmitTransformFilter"/>), compiled on their own
/// and compared with the exact rational product: the standard transforms, and point orders whose ± pairs are not
/// adjacent rows of G (the emitter then moves its running store offset).
/// </summary>
public sealed class FilterTransformEmitterTests
{
    public static TheoryData<string, int, int[]> Transforms() => new()
    {
        // Name, m, finite points as sixteenths (empty: the standard points).
        { "F(2,3) standard", 2, Array.Empty<int>() },
        { "F(4,3) standard", 4, Array.Empty<int>() },
        { "F(6,3) standard", 6, Array.Empty<int>() },
        { "F(2,3) pair 0/2", 2, new[] { 16, 0, -16 } },
        { "F(4,3) pair 1/4", 4, new[] { 16, 32, 0, -16, -32 } }, // points 2 and −2 (1 and −1 differ in G's sign convention: no pair)
    };

    [Theory]
    [MemberData(nameof(Transforms))]
    public void TransformMatchesExactProductWithinOneRounding(string name, int m, int[] sixteenths)
    {
        WinogradTransform transform = sixteenths.Length == 0
            ? CookToom.Standard(m, 3)
            : CookToom.Create(m, 3, sixteenths.Select(p => new Rational(p, 16)).ToArray());
        int n = transform.InputTileSize;
        foreach (bool rotated in new[] { false, true })
        {
            MethodInfo one = Compile(transform, rotated, "One"), four = Compile(transform, rotated, "Four");
            if (sixteenths.Length > 0)
            {
                // The pair is not adjacent: the running store offset moves to its row.
                Assert.Contains("at = (nint)", s_compiled[(Key(transform), rotated)].Source);
            }
            var random = new Random(n * 2 + (rotated ? 1 : 0));
            // Four filters of k/16 values, |k| ≤ 64.
            float[] weights = Enumerable.Range(0, 36).Select(_ => random.Next(-64, 65) / 16f).ToArray();
            const int stride = 5;
            float[] single = new float[n * n * stride];
            float[] lanes = new float[n * n * 8];
            bool avx = System.Runtime.Intrinsics.X86.Avx.IsSupported;
            if (avx)
            {
                four.Invoke(null, new object[] { weights, lanes, 8 });
            }
            for (int f = 0; f < 4; f++)
            {
                Array.Clear(single);
                one.Invoke(null, new object[] { weights, f * 9, single, stride });
                // The filter as the kernel reads it: rotated 180° reads tap 8 − t for tap t.
                var g = RationalMatrix.Create(3, 3, (r, c) => new Rational((int)(weights[f * 9 + (rotated ? 8 - (r * 3 + c) : r * 3 + c)] * 16), 16));
                RationalMatrix exact = transform.G * g * transform.G.Transpose();
                RationalMatrix magnitude = Abs(transform.G) * Abs(g) * Abs(transform.G.Transpose());
                for (int xi = 0; xi < n * n; xi++)
                {
                    double expected = exact[xi / n, xi % n].ToDouble();
                    double bound = Math.Abs(expected) * Math.Pow(2, -24) + magnitude[xi / n, xi % n].ToDouble() * Math.Pow(2, -45);
                    float actual = single[xi * stride];
                    Assert.True(Math.Abs(actual - expected) <= bound,
                        $"{name}, rotated {rotated}, filter {f}, U[{xi}] = {actual:R}, exact {expected:R}, bound {bound:R}");
                    Assert.True(!avx || BitConverter.SingleToInt32Bits(actual) == BitConverter.SingleToInt32Bits(lanes[xi * 8 + f]),
                        $"{name}, rotated {rotated}, filter {f}, U[{xi}]: one filter {actual:R}, lane {f} of four {lanes[xi * 8 + f]:R}");
                }
                // Nothing between the strided elements is written.
                Assert.All(Enumerable.Range(0, single.Length).Where(i => i % stride != 0), i => Assert.Equal(0f, single[i]));
            }
        }
    }

    private static RationalMatrix Abs(RationalMatrix a) => RationalMatrix.Create(a.RowCount, a.ColumnCount, (r, c) => a[r, c].Abs());

    /// <summary>Each transform's compiled class, and its source, by transform and orientation.</summary>
    private static readonly Dictionary<(string, bool), (Assembly Assembly, string Source)> s_compiled = new();

    private static string Key(WinogradTransform transform) => transform.Name + string.Join(",", transform.G.GetColumn(1));

    private static MethodInfo Compile(WinogradTransform transform, bool rotated, string method)
    {
        var key = (Key(transform), rotated);
        if (!s_compiled.TryGetValue(key, out (Assembly Assembly, string Source) compiled))
        {
            var w = new SourceWriter();
            w.WriteLine("using System; using System.Runtime.CompilerServices; using System.Runtime.Intrinsics;");
            using (w.Block("public static class Transforms"))
            {
                w.WriteLine("public static void One(float[] w, int offset, float[] u, int stride) => TransformFilter(ref w[offset], ref u[0], stride);");
                w.WriteLine("public static void Four(float[] w, float[] u, int stride) => TransformFilters4(ref w[0], ref w[9], ref w[18], ref w[27], ref u[0], stride);");
                WinogradEmitter.EmitTransformFilter(w, transform, rotated);
            }
            string source = w.ToString();
            compiled = (InMemoryRunner.EmitAndLoad(CompilationFactory.Create(source)).Assembly, source);
            s_compiled[key] = compiled;
        }
        return compiled.Assembly.GetType("Transforms")!.GetMethod(method)!;
    }
}
