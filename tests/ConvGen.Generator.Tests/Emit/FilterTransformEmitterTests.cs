using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ConvGen.Generator.Emit;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Tests.Harness;
using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Generator.Tests.Emit;

/// <summary>
/// The emitted filter transforms U = G·w·G^T (<see cref="WinogradFilterTransformEmitter"/>), compiled on their own and
/// compared with the exact rational product: the standard transforms, and point orders whose ± pairs are not adjacent
/// rows of G (the emitter then moves its running store offset). <c>TransformPairs</c> runs on row blocks that take its
/// eight-filter steps along one input channel, steps that cross channels, and a tail of single filters (5×5 filters gather their taps into the steps); every pair
/// must equal <c>TransformFilter</c> of its filter bit for bit. Weights are sixteenths (every path exact) and full
/// 24-bit mantissas (the roundings show): a transform in double must be within one rounding of the exact value, one in
/// float (a dyadic G) within the γ₄·Σ|terms| of its four roundings per element.
/// </summary>
public sealed class FilterTransformEmitterTests
{
    // The compiled class's channel counts: OutChannels rows of InChannels filters.
    private const int InChannels = 5, OutChannels = 27;

    public static TheoryData<string, int, int, int[]> Transforms() => new()
    {
        // Name, m, r, finite points as sixteenths (empty: the standard points).
        { "F(2,3) standard", 2, 3, Array.Empty<int>() },
        { "F(4,3) standard", 4, 3, Array.Empty<int>() },
        { "F(6,3) standard", 6, 3, Array.Empty<int>() },
        { "F(2,3) pair 0/2", 2, 3, new[] { 16, 0, -16 } },
        { "F(4,3) pair 1/4", 4, 3, new[] { 16, 32, 0, -16, -32 } }, // points 2 and −2 (1 and −1 differ in G's sign convention: no pair)
        // 5×5 filters: taps gathered into the eight-filter steps, five-term rows, ± pairs over two odd terms.
        { "F(2,5) standard", 2, 5, Array.Empty<int>() },
        { "F(4,5) standard", 4, 5, Array.Empty<int>() },
    };

    /// <summary>(k0, rows, c0, channels): eight-filter steps along a channel (24 rows), steps crossing channels (6 and 3 rows), tails.</summary>
    /// <remarks>
    /// (0, 12, 0, 5) alternates: a step along a channel from r = 0, one crossing into the next channel, one along it from
    /// r = 4. (19, 8, 4, 1) ends on the layer's last filter in a step along a channel.
    /// </remarks>
    private static readonly (int K0, int Rows, int C0, int Channels)[] s_blocks = { (0, 24, 1, 4), (24, 3, 0, 5), (3, 6, 0, 5), (20, 7, 2, 1), (0, 12, 0, 5), (19, 8, 4, 1) };

    [Theory]
    [MemberData(nameof(Transforms))]
    public void TransformMatchesExactProductWithinItsRoundingBound(string name, int m, int r, int[] sixteenths)
    {
        WinogradTransform transform = sixteenths.Length == 0
            ? CookToom.Standard(m, r)
            : CookToom.Create(m, r, sixteenths.Select(p => new Rational(p, 16)).ToArray());
        int n = transform.InputTileSize, taps = r * r;
        bool inFloat = transform.HasSingleExactG;
        // Float: each element of U is at most two roundings per dimension (E = c·(x0 + x2) or a three-term row, then E ± O).
        const double Unit = 1.0 / (1 << 24);
        double gamma4 = 4 * Unit / (1 - 4 * Unit);
        foreach ((bool rotated, bool wide) in inFloat
            ? new[] { (false, true), (true, true) }
            : new[] { (false, true), (true, true), (false, false), (true, false) })
        foreach (bool fullMantissas in new[] { false, true })
        {
            // wide: the eight-filter steps in double take Vector512<double> where the machine has it; otherwise (and on
            // the second pass) two Vector256<double> halves, so both lane layouts are compared bit for bit on an AVX-512
            // machine. In float every AVX machine takes Vector256<float>: one pass.
            MethodInfo one = Compile(transform, rotated, wide, "One"), pairs = Compile(transform, rotated, wide, "Pairs");
            if (sixteenths.Length > 0)
            {
                // The pair is not adjacent: the running store offset moves to its row.
                Assert.Contains("at = (nint)", s_compiled[(Key(transform), rotated, wide)].Source);
                Assert.Contains("at = (nuint)", s_compiled[(Key(transform), rotated, wide)].Source);
            }
            Assert.Equal(inFloat, !s_compiled[(Key(transform), rotated, wide)].Source.Contains("double"));
            var random = new Random(n * 4 + (rotated ? 1 : 0) + (fullMantissas ? 2 : 0));
            // Every filter of the layer: k/16 values with |k| ≤ 64, or k/2^20 with |k| < 2^23 (about 23 significant bits).
            int denominator = fullMantissas ? 1 << 20 : 16;
            float[] weights = Enumerable.Range(0, InChannels * OutChannels * taps)
                .Select(_ => (fullMantissas ? random.Next(-(1 << 23) + 1, 1 << 23) : random.Next(-64, 65)) / (float)denominator).ToArray();
            foreach ((int k0, int rows, int c0, int channels) in s_blocks)
            {
                int count = rows * channels, stride = count + 3;
                float[] block = new float[n * n * stride];
                pairs.Invoke(null, new object[] { weights, k0, rows, c0, channels, block, stride });
                float[] single = new float[n * n * 5];
                for (int p = 0; p < count; p++)
                {
                    // Pair p = c·rows + r is the filter of (output k0 + r, input c0 + c); rotated, the caller's filter of (c, k).
                    int k = k0 + p % rows, c = c0 + p / rows;
                    int offset = (rotated ? c * OutChannels + k : k * InChannels + c) * taps;
                    Array.Clear(single);
                    one.Invoke(null, new object[] { weights, offset, single, 5 });
                    // The filter as the kernel reads it: rotated 180° reads tap r² − 1 − t for tap t.
                    var g = RationalMatrix.Create(r, r, (row, col) => new Rational((int)(weights[offset + (rotated ? taps - 1 - (row * r + col) : row * r + col)] * denominator), denominator));
                    RationalMatrix exact = transform.G * g * transform.G.Transpose();
                    RationalMatrix magnitude = Abs(transform.G) * Abs(g) * Abs(transform.G.Transpose());
                    for (int xi = 0; xi < n * n; xi++)
                    {
                        double expected = exact[xi / n, xi % n].ToDouble();
                        double bound = inFloat
                            ? magnitude[xi / n, xi % n].ToDouble() * gamma4
                            : Math.Abs(expected) * Unit + magnitude[xi / n, xi % n].ToDouble() * Math.Pow(2, -45);
                        float actual = single[xi * 5];
                        Assert.True(Math.Abs(actual - expected) <= bound,
                            $"{name}, rotated {rotated}, wide {wide}, full mantissas {fullMantissas}, pair {p} of block ({k0}, {rows}, {c0}, {channels}), U[{xi}] = {actual:R}, exact {expected:R}, bound {bound:R}");
                        Assert.True(BitConverter.SingleToInt32Bits(actual) == BitConverter.SingleToInt32Bits(block[xi * stride + p]),
                            $"{name}, rotated {rotated}, wide {wide}, full mantissas {fullMantissas}, pair {p} of block ({k0}, {rows}, {c0}, {channels}), U[{xi}]: one filter {actual:R}, TransformPairs {block[xi * stride + p]:R}");
                    }
                    // Nothing between the strided elements is written.
                    Assert.All(Enumerable.Range(0, single.Length).Where(i => i % 5 != 0), i => Assert.Equal(0f, single[i]));
                }
                // TransformPairs writes the count pairs of each ξ and nothing past them.
                Assert.All(Enumerable.Range(0, block.Length).Where(i => i % stride >= count), i => Assert.Equal(0f, block[i]));
            }
        }
    }

    private static RationalMatrix Abs(RationalMatrix a) => RationalMatrix.Create(a.RowCount, a.ColumnCount, (r, c) => a[r, c].Abs());

    /// <summary>Each transform's compiled class, and its source, by transform, orientation and lane width.</summary>
    private static readonly Dictionary<(string, bool, bool), (Assembly Assembly, string Source)> s_compiled = new();

    private static string Key(WinogradTransform transform) => transform.Name + string.Join(",", transform.G.GetColumn(1));

    private static MethodInfo Compile(WinogradTransform transform, bool rotated, bool wide, string method)
    {
        var key = (Key(transform), rotated, wide);
        if (!s_compiled.TryGetValue(key, out (Assembly Assembly, string Source) compiled))
        {
            var w = new SourceWriter();
            w.WriteLine("using System; using System.Runtime.CompilerServices; using System.Runtime.Intrinsics; using ConvGen.Runtime.CompilerServices;");
            using (w.Block("public static class Transforms"))
            {
                w.WriteLine("public static void One(float[] w, int offset, float[] u, int stride) => TransformFilter(ref w[offset], ref u[0], stride);");
                w.WriteLine("public static void Pairs(float[] w, int k0, int rows, int c0, int channels, float[] u, int stride) => TransformPairs(ref w[0], k0, rows, c0, channels, ref u[0], stride);");
                w.WriteLine($"private const int InChannels = {InChannels}, OutChannels = {OutChannels};");
                new WinogradFilterTransformEmitter(w, transform, rotated).Emit();
            }
            string source = w.ToString();
            if (!wide)
            {
                string condition = $"if ({SimdVocabulary.Avx512Condition})";
                Assert.Contains(condition, source);
                source = source.Replace(condition, "if (Narrow.Off)");
                source += "public static class Narrow { public static bool Off; }";
            }
            // The transform prefetches through KernelMemory, so the runtime is referenced.
            compiled = (InMemoryRunner.EmitAndLoad(CompilationFactory.Create(source, typeof(KernelMemory).Assembly)).Assembly, source);
            s_compiled[key] = compiled;
        }
        return compiled.Assembly.GetType("Transforms")!.GetMethod(method)!;
    }
}
