using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit;

/// <summary>
/// The Vector512 GEMMs of a Winograd kernel whose one tile block is one vector of 16 tiles, with the output channels in
/// the lanes (<see cref="WinogradPlanner.ChannelLaneGemm"/>). A unit is a row block of 48 channels: per half of the
/// block's tiles, 24 accumulators (3 vectors of channels × 8 tiles) sum U[c][k..k+47]·V[c][t] over the input channels,
/// loading U's [C][48] panel row as three vectors and broadcasting each tile's V. The sums are then transposed in
/// registers into M's [K][block] rows, so the input and output transforms stay the position-lane kernel's. Each element of
/// M is one fused multiply-add per input channel, in channel order, as the position-lane tiles add them: the same bits.
/// </summary>
internal static class WinogradChannelLaneGemmEmitter
{
    /// <summary>Floats of U one slice of the row-block path transforms at a time (384 KB, so it stays in L2 beside V and M).</summary>
    private const int RunBudgetFloats = 96 * 1024;

    /// <summary>Tiles per register tile, and the block's two halves of them.</summary>
    private const int Tiles = WinogradPlanner.ChannelLaneTiles, Halves = 16 / Tiles;

    /// <summary>
    /// Input channels per run of the row-block path (a multiple of 16, or all of them): a row block of 48 channels'
    /// U for every ξ is 48·C·n² floats, 1.5 MB for 7×7×512 with F(2,3), more than L2; it is transformed and summed a run of
    /// channels at a time, the sums kept in a stash between runs.
    /// </summary>
    public static int RunChannels(int xi, int rows, int channels) =>
        Math.Min(channels, Math.Max(16, RunBudgetFloats / (xi * rows) / 16 * 16));

    /// <summary>Input channels per run of the register tiles: a run's panel rows within 24 KB of L1, a multiple of 16.</summary>
    private static int L1RunChannels(int rows) => Math.Max(16, 6144 / rows / 16 * 16);

    /// <summary>Floats of a stash: a row block's sums for one ξ plane (rows × the block's 16 tiles).</summary>
    private static int StashPerPlane(int rows) => rows * Halves * Tiles;

    /// <summary>Floats of a slice's stash in the row-block path: <see cref="StashPerPlane"/> for every ξ plane.</summary>
    public static int StashFloats(int xi, int rows) => xi * StashPerPlane(rows);

    /// <summary>The channel counts a register tile is emitted for: every whole number of vectors up to a row block.</summary>
    private static IEnumerable<int> RowCounts(TilePlan tile) => Enumerable.Range(1, tile.Rows / 16).Select(v => 16 * v).Reverse();

    private static string TileMethod(SimdVocabulary simd, int rows) => $"LaneTiles{simd.Suffix}x{rows}";

    public static string RowBlockMethod(SimdVocabulary simd) => $"LaneRowBlock{simd.Suffix}";

    /// <summary>Emits the unit method (named as the register tiles' packed method, which the GEMM tasks call), the row-block step and the register tiles.</summary>
    public static void EmitMembers(SourceWriter w, SimdVocabulary simd, TilePlan tile)
    {
        string s = simd.Suffix;
        w.WriteLine($"/// <summary>{s}: GEMM row blocks [begin, end) of {tile.Rows} output channels in the lanes × the block's 16 tiles, M = U·V for one ξ.</summary>");
        w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (w.Block($"private static void {DirectTileEmitter.MethodName(simd, true)}(ref float input, ref float weights, ref float output, int begin, int end)"))
        {
            w.WriteLine("// The sums of a row block between its runs of input channels.");
            w.WriteLine($"Span<float> stashBuffer = stackalloc float[{StashPerPlane(tile.Rows)}];");
            w.WriteLine("ref float stash = ref MemoryMarshal.GetReference(stashBuffer);");
            using (w.Block("for (int block = begin; block < end; block++)"))
            {
                w.WriteLine($"int k = block * {tile.Rows};");
                w.WriteLine("// The row block's U panel, [c][rows] at k·InChannels; its rows of M at k·TileBlock.");
                w.WriteLine($"{RowBlockMethod(simd)}(ref input, ref Unsafe.Add(ref weights, k * InChannels), ref Unsafe.Add(ref output, k * TileBlock), Math.Min({tile.Rows}, OutChannels - k), InChannels, ref stash, false, true);");
            }
        }
        w.WriteLine();
        EmitRowBlock(w, simd, tile);
        foreach (int rows in RowCounts(tile))
        {
            w.WriteLine();
            EmitTile(w, simd, rows);
        }
    }

    /// <summary>One row block of <c>rows</c> channels (a multiple of 16) over <c>channels</c> input channels, in runs that keep its panel rows in L1.</summary>
    private static void EmitRowBlock(SourceWriter w, SimdVocabulary simd, TilePlan tile)
    {
        int run = L1RunChannels(tile.Rows);
        w.WriteLine($"/// <summary>{simd.Suffix}: a row block of <c>rows</c> channels (16, 32 or 48) of one GEMM over <c>channels</c> input channels (u at its [c][rows] panel, m at its first");
        w.WriteLine("/// row), tiles 0-7 then 8-15; with <c>continues</c> the sums start from the stash, and unless <c>final</c> they go back there instead of into M.</summary>");
        w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (w.Block($"private static void {RowBlockMethod(simd)}(ref float v, ref float u, ref float m, int rows, int channels, ref float stash, bool continues, bool final)"))
        {
            w.WriteLine($"// Runs of {run} input channels: a run's panel rows stay in L1 while both halves of the tiles read them.");
            using (w.Block($"for (int c0 = 0; c0 < channels; c0 += {run})"))
            {
                w.WriteLine($"int count = Math.Min({run}, channels - c0);");
                w.WriteLine("bool resumes = continues || c0 > 0, ends = final && c0 + count == channels;");
                w.WriteLine("ref float vr = ref Unsafe.Add(ref v, c0 * TileBlock), ur = ref Unsafe.Add(ref u, c0 * rows);");
                int[] counts = RowCounts(tile).ToArray();
                for (int i = 0; i < counts.Length; i++)
                {
                    int rows = counts[i];
                    using (w.Block(i == 0 ? $"if (rows == {rows})" : i < counts.Length - 1 ? $"else if (rows == {rows})" : "else"))
                    {
                        w.WriteLine($"// {rows} channels: tiles 0-7, then 8-15.");
                        for (int half = 0; half < Halves; half++)
                        {
                            string Offset(string name, int by) => half == 0 ? $"ref {name}" : $"ref Unsafe.Add(ref {name}, {by})";
                            w.WriteLine($"{TileMethod(simd, rows)}({Offset("vr", half * Tiles)}, ref ur, {Offset("m", half * Tiles)}, count, {Offset("stash", half * rows * Tiles)}, resumes, ends);");
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The register tile: <paramref name="rows"/> channels (rows / 16 vectors) × 8 tiles. The FMA chains run in channel
    /// order; at the end each vector of 16 channels × 8 tiles is transposed (unpacks by pairs and quads, then a two-source
    /// permute joining 128-bit lanes) into 16 half rows of M.
    /// </summary>
    private static void EmitTile(SourceWriter w, SimdVocabulary simd, int rows)
    {
        int vectors = rows / 16;
        string Acc(int t, int j) => $"a{t}_{j}";
        IEnumerable<(int T, int J)> all = Enumerable.Range(0, Tiles).SelectMany(t => Enumerable.Range(0, vectors).Select(j => (t, j)));
        w.WriteLine($"/// <summary>{simd.Suffix}: channels k..k+{rows - 1} ({vectors} vector(s)) × tiles t..t+{Tiles - 1} = {vectors * Tiles} accumulators, summed over <c>channels</c> input channels.</summary>");
        w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (w.Block($"private static void {TileMethod(simd, rows)}(ref float v, ref float u, ref float m, int channels, ref float stash, bool continues, bool final)"))
        {
            w.WriteLine($"Vector512<float> {string.Join(", ", all.Select(a => Acc(a.T, a.J)))};");
            w.WriteLine($"Vector512<float> {string.Join(", ", Enumerable.Range(0, vectors).Select(j => $"u{j}"))}, x;");
            using (w.Block("if (continues)"))
            {
                w.WriteLine("// A later run of input channels: the sums so far, from the stash.");
                foreach ((int t, int j) in all)
                {
                    w.WriteLine($"{Acc(t, j)} = Vector512.LoadUnsafe(ref stash, {(t * vectors + j) * 16});");
                }
            }
            using (w.Block("else"))
            {
                w.WriteLine("// The first run: the sums start at zero.");
                foreach ((int t, int j) in all)
                {
                    w.WriteLine($"{Acc(t, j)} = Vector512<float>.Zero;");
                }
            }
            w.WriteLine("ref float uc = ref u, vc = ref v;");
            using (w.Block("for (int c = 0; c < channels; c++)"))
            {
                w.WriteLine($"// U[c][k..k+{rows - 1}] as {vectors} vector(s); then each tile's V[c][t] broadcast against them.");
                for (int j = 0; j < vectors; j++)
                {
                    w.WriteLine($"u{j} = Vector512.LoadUnsafe(ref uc, {j * 16});");
                }
                for (int t = 0; t < Tiles; t++)
                {
                    string source = t == 0 ? "vc" : $"Unsafe.Add(ref vc, {t})";
                    w.WriteLine($"x = Vector512.Create({source}); " + string.Join(" ", Enumerable.Range(0, vectors).Select(j => $"{Acc(t, j)} = Vector512.MultiplyAddEstimate(u{j}, x, {Acc(t, j)});")));
                }
                w.WriteLine($"uc = ref Unsafe.Add(ref uc, {rows});");
                w.WriteLine("vc = ref Unsafe.Add(ref vc, TileBlock);");
            }
            using (w.Block("if (!final)"))
            {
                w.WriteLine("// More input channels follow: the sums wait in the stash, in register order.");
                foreach ((int t, int j) in all)
                {
                    w.WriteLine($"{Acc(t, j)}.StoreUnsafe(ref stash, {(t * vectors + j) * 16});");
                }
                w.WriteLine("return;");
            }
            EmitTransposedStores(w, vectors, Acc);
        }
    }

    /// <summary>
    /// M[k + 16j + l][t] for the tile's 8 tiles: per vector j of channels, pairs of tiles unpacked, then quads (lane q of
    /// p{r} holds channel 4q + r, tiles 0-3, and of q{r} tiles 4-7), then both joined by a two-source permute into
    /// channels r | 4 + r and 8 + r | 12 + r, each half a row of 8 tiles.
    /// </summary>
    private static void EmitTransposedStores(SourceWriter w, int vectors, Func<int, int, string> acc)
    {
        string x86 = SimdVocabulary.X86 + ".Avx512F";
        w.WriteLine("// Per 128-bit lane q: lanes 4q..4q+3 of the first source, then of the second (tiles 0-3, then 4-7 of channel 4q + r).");
        w.WriteLine("Vector512<int> joinLow = Vector512.Create(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);");
        w.WriteLine("Vector512<int> joinHigh = Vector512.Create(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);");
        for (int j = 0; j < vectors; j++)
        {
            using (w.Block(""))
            {
                w.WriteLine($"// Channels k+{16 * j}..k+{16 * j + 15}: lane l of a{{t}}_{j} is M[k + {16 * j} + l][t].");
                for (int half = 0; half < 2; half++)
                {
                    int t = 4 * half;
                    string e = half == 0 ? "e" : "f";
                    w.WriteLine($"Vector512<double> {e}0 = {x86}.UnpackLow({acc(t, j)}, {acc(t + 1, j)}).AsDouble(), {e}1 = {x86}.UnpackHigh({acc(t, j)}, {acc(t + 1, j)}).AsDouble();");
                    w.WriteLine($"Vector512<double> {e}2 = {x86}.UnpackLow({acc(t + 2, j)}, {acc(t + 3, j)}).AsDouble(), {e}3 = {x86}.UnpackHigh({acc(t + 2, j)}, {acc(t + 3, j)}).AsDouble();");
                }
                for (int r = 0; r < 4; r++)
                {
                    string unpack = r % 2 == 0 ? "UnpackLow" : "UnpackHigh";
                    int a = r / 2, b = r / 2 + 2;
                    int channel = 16 * j + r;
                    w.WriteLine($"Vector512<float> p{r} = {x86}.{unpack}(e{a}, e{b}).AsSingle(), q{r} = {x86}.{unpack}(f{a}, f{b}).AsSingle();");
                    w.WriteLine($"Vector512<float> low{r} = {x86}.PermuteVar16x32x2(p{r}, joinLow, q{r}), high{r} = {x86}.PermuteVar16x32x2(p{r}, joinHigh, q{r});");
                    w.WriteLine($"low{r}.GetLower().StoreUnsafe(ref m, {channel * 16}); low{r}.GetUpper().StoreUnsafe(ref m, {(channel + 4) * 16}); " +
                        $"high{r}.GetLower().StoreUnsafe(ref m, {(channel + 8) * 16}); high{r}.GetUpper().StoreUnsafe(ref m, {(channel + 12) * 16});");
                }
            }
        }
    }

    /// <summary>
    /// The row-block task of a kernel that transforms its own filters (<see cref="WinogradEmitter"/>'s RowBlockGemms). Slice
    /// i of n takes output channels [K·i/n, K·(i+1)/n) rounded to whole vectors (each slice's U is its own, so its row
    /// blocks need not be the packed layout's: 512 channels split 256 | 256, not 240 | 272 of blocks of 48), cut into
    /// row blocks of up to 48; per row block, runs of input channels, each transformed into the slice's buffer and
    /// summed into the stash (the last run into M).
    /// </summary>
    /// <param name="run">Input channels per run (<see cref="RunChannels"/>), whose U the slice's buffer holds.</param>
    /// <param name="stride">Floats between the buffer's ξ planes.</param>
    public static void EmitRowBlockGemmTask(SourceWriter w, SimdVocabulary simd, TilePlan tile, int run, int stride)
    {
        string s = simd.Suffix;
        KernelTaskEmitter.TaskHeader(w, "private", $"{s}: a contiguous range of output channels in GEMM row blocks, each transforming its own filters first (u = the weights), {run} input channels at a time.",
            $"RowBlockGemms{s}", new[] { "v", "weights", "buffers", "m" });
        using (w.Indent())
        {
            w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (w.Block("public void Execute(int index, int count)"))
            {
                w.WriteLine("// This slice's output channels, in whole vectors of 16.");
                w.WriteLine("int first = (int)((long)(OutChannels / 16) * index / count) * 16, last = (int)((long)(OutChannels / 16) * (index + 1) / count) * 16;");
                w.WriteLine($"// Its buffer: U of one row block for {run} input channels ([ξ][c][rows], ξ planes {Literal.Int(stride)} floats apart), then the stash of the row block's sums.");
                w.WriteLine("ref float buffer = ref Unsafe.Add(ref KernelMemory.AsRef(_buffers), (nint)index * RowBlockFloats);");
                w.WriteLine($"ref float stash = ref Unsafe.Add(ref buffer, Xi * {Literal.Int(stride)});");
                using (w.Block("for (int k0 = first, rows; k0 < last; k0 += rows)"))
                {
                    w.WriteLine($"// Blocks of {tile.Rows}; four vectors left go as two blocks of 32, not 48 and a 16-channel block (one weight vector per 8 broadcasts).");
                    w.WriteLine($"rows = last - k0 == 64 ? 32 : Math.Min({tile.Rows}, last - k0);");
                    using (w.Block($"for (int c0 = 0; c0 < InChannels; c0 += {run})"))
                    {
                        w.WriteLine($"int channels = Math.Min({run}, InChannels - c0);");
                        w.WriteLine("// U of the row block's filters from these input channels.");
                        w.WriteLine($"TransformPairs(ref KernelMemory.AsRef(_weights), k0, rows, c0, channels, ref buffer, {Literal.Int(stride)});");
                        w.WriteLine("// The n² GEMMs' sums over them: continued from the stash after the first run, into M after the last.");
                        using (w.Block("for (int g = 0; g < Xi; g++)"))
                        {
                            w.WriteLine($"{RowBlockMethod(simd)}(ref Unsafe.Add(ref KernelMemory.AsRef(_v), g * VStride + c0 * TileBlock), ref Unsafe.Add(ref buffer, g * {Literal.Int(stride)}), " +
                                $"ref Unsafe.Add(ref KernelMemory.AsRef(_m), g * MStride + k0 * TileBlock), rows, channels, ref Unsafe.Add(ref stash, g * {StashPerPlane(tile.Rows)}), c0 > 0, c0 + channels == InChannels);");
                        }
                    }
                }
            }
        }
        w.WriteLine("}");
    }
}
