using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit;

/// <summary>
/// The GEMMs of a Winograd kernel's last tile block when it holds only a few tiles (49 tiles in blocks of 16 leave one):
/// the register tiles hold a whole vector of tiles per accumulator, so that block cost as much as a full one. Here the
/// output channels are in the lanes instead: per row block of the GEMM and per real tile, each input channel loads the
/// row block's U values (contiguous, [C][rows] as the register tiles read them) as vectors and broadcasts the tile's V
/// value. M[ξ][k][t] is written for the real tiles only; the output transform stores only real tiles. Each element is
/// the register tiles' sum, bit for bit: one fused multiply-add per input channel, in channel order (so a single image
/// through the row-block transform and the same image in a batch agree).
/// </summary>
internal static class WinogradTailGemmEmitter
{
    /// <summary>The most real tiles a last block may hold for the tail GEMMs (their accumulators share one pass over the row block's U).</summary>
    public const int MaxTiles = 4;

    /// <summary>
    /// Lanes of the tail's channel vectors on a path: 8 (Vector256) when the row blocks and the remainder block are
    /// multiples of 8 channels, else 4 (Vector128): a block of rows that are not a multiple of 4 ends on a vector that
    /// overlaps the one before it (6 rows: rows 0-3 and 2-5, the shared rows summed twice alike), and one of fewer than 4
    /// rows loads them into a vector padded with zeros. The scalar path has none (0).
    /// </summary>
    public static int Lanes(SimdVocabulary simd, TilePlan tile) =>
        simd.Lanes >= 8 && tile.Rows % 8 == 0 && LastBlockRows(tile) % 8 == 0 ? 8 : simd.Lanes >= 4 ? 4 : 0;

    /// <summary>Channels of the GEMM's last row block: the remainder block's, or a full block's where there is none.</summary>
    private static int LastBlockRows(TilePlan tile) => tile.RemainderRows == 0 ? tile.Rows : tile.RemainderRows;

    /// <summary>Where a block of <paramref name="rows"/> channels loads its vectors of <paramref name="lanes"/>: whole vectors, then one ending on the last row.</summary>
    private static int[] VectorOffsets(int rows, int lanes)
    {
        if (rows <= lanes)
        {
            return new[] { 0 };
        }
        var offsets = Enumerable.Range(0, rows / lanes).Select(j => j * lanes).ToList();
        if (rows % lanes != 0)
        {
            offsets.Add(rows - lanes);
        }
        return offsets.ToArray();
    }

    /// <summary>
    /// Whether the last block of <paramref name="grid"/> runs the tail GEMMs on this path: at most a quarter of the
    /// path's vector of tiles (4 on Vector512, 2 on Vector256, 1 on Vector128). The register tiles already stop after the
    /// last vector of tiles, and the tail's narrower vectors only win where that vector is mostly empty: four tiles left
    /// on Vector256 (ResNet-18 56×56×64) ran 0.98-1.01× as fast as the register tiles, one tile 1.13-1.15×.
    /// </summary>
    public static bool Applies(TileGridShape grid, SimdVocabulary simd, TilePlan tile) =>
        grid.LastBlockTiles <= MaxTiles && 4 * grid.LastBlockTiles <= simd.Lanes && Lanes(simd, tile) > 0;

    /// <summary>The lines of a block method that run the tail GEMMs for the last block, else the register tiles' phase.</summary>
    public static void EmitPhase(SourceWriter w, SimdVocabulary simd, TilePlan tile, TileGridShape grid, string gemms, int gemmCount, System.Action registerTiles)
    {
        int planes = PlanesPerUnit(simd, tile, grid, gemmCount);
        string s = simd.Suffix;
        using (w.Block("if (block == TileBlocks - 1)"))
        {
            w.WriteLine($"// The last block holds {grid.LastBlockTiles} tile(s): the output channels go in the lanes and each tile's V is broadcast (TailGemms),");
            w.WriteLine($"// instead of register tiles of {simd.Lanes} tiles per vector.");
            w.WriteLine($"var tail = new TailGemms{s}(vAddress, u, mAddress);");
            w.WriteLine($"KernelParallel.For(ref tail, KernelParallel.Slices(Flops, ParallelFlops, {(planes == 1 ? gemms : $"{gemms} / {planes}")} * Blocks{s}));");
        }
        using (w.Block("else"))
        {
            registerTiles();
        }
    }

    /// <summary>The task over (GEMM, row block) units and the method that computes one unit for the last block's tiles.</summary>
    public static void EmitMembers(SourceWriter w, SimdVocabulary simd, TilePlan tile, TileGridShape grid, string gemms, int gemmCount)
    {
        string s = simd.Suffix;
        int lanes = Lanes(simd, tile), planes = PlanesPerUnit(simd, tile, grid, gemmCount);
        string vector = lanes == 8 ? "Vector256" : "Vector128";
        string call = $"TailTiles{s}(ref Unsafe.Add(ref KernelMemory.AsRef(_v), g * VStride), ref Unsafe.Add(ref KernelMemory.AsRef(_u), g * UStride), ref Unsafe.Add(ref KernelMemory.AsRef(_m), g * MStride), block);";
        KernelTaskEmitter.TaskHeader(w, "private", $"{s}: a contiguous range of the last block's ({(planes == 1 ? "GEMM" : "GEMM pair")}, row block) units, channels in the lanes (TailTiles{s}).",
            $"TailGemms{s}", new[] { "v", "u", "m" });
        using (w.Indent())
        {
            w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(w, planes == 1 ? $"{gemms} * Blocks{s}" : $"{gemms} / {planes} * Blocks{s}");
                using (w.Block("for (int j = begin; j < end; j++)"))
                {
                    w.WriteLine(planes == 1 ? $"int g = j / Blocks{s}, block = j - g * Blocks{s};" : $"int pair = j / Blocks{s}, block = j - pair * Blocks{s}, g = {planes} * pair;");
                    w.WriteLine(call);
                }
            }
            if (WinogradEmitter.SharesRowBlocks(tile))
            {
                w.WriteLine();
                w.WriteLine("/// <summary>Row blocks [rowBegin, rowEnd) of every GEMM.</summary>");
                w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                using (w.Block("public void RunRows(int rowBegin, int rowEnd)"))
                {
                    using (w.Block($"for (int g = 0; g < {gemms}; g += {planes})"))
                    {
                        using (w.Block("for (int block = rowBegin; block < rowEnd; block++)"))
                        {
                            w.WriteLine(call);
                        }
                    }
                }
            }
        }
        w.WriteLine("}");
        w.WriteLine();
        int remainder = LastBlockRows(tile);
        w.WriteLine($"/// <summary>{s}: M[k][t] = Σ_c U[k][c]·V[c][t] of row block <c>block</c> for the last block's {grid.LastBlockTiles} tile(s), {lanes} channels per {vector}&lt;float&gt;{(planes == 1 ? "" : $", GEMMs g and g + 1 side by side")}.</summary>");
        w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (w.Block($"private static void TailTiles{s}(ref float v, ref float u, ref float m, int block)"))
        {
            w.WriteLine($"int k = block * {tile.Rows};");
            w.WriteLine("// The row block's U: [c][rows] from k·InChannels, as the register tiles read it.");
            w.WriteLine("ref float w = ref Unsafe.Add(ref u, k * InChannels);");
            w.WriteLine($"Span<float> sumsBuffer = stackalloc float[{System.Math.Max(tile.Rows, lanes)}];");
            w.WriteLine("ref float sums = ref MemoryMarshal.GetReference(sumsBuffer);");
            if (remainder == tile.Rows)
            {
                EmitRows(w, vector, lanes, tile.Rows, grid.LastBlockTiles, planes);
                return;
            }
            using (w.Block($"if (block < Blocks{s} - 1)"))
            {
                EmitRows(w, vector, lanes, tile.Rows, grid.LastBlockTiles, planes);
            }
            using (w.Block("else"))
            {
                EmitRows(w, vector, lanes, remainder, grid.LastBlockTiles, planes);
            }
        }
    }

    /// <summary>
    /// ξ planes per unit: two where their accumulators fit 16 registers, so that twice as many FMA chains run side by
    /// side (one row block of one tile is only rows/lanes chains, each a C-long sum that waits on its own latency).
    /// </summary>
    public static int PlanesPerUnit(SimdVocabulary simd, TilePlan tile, TileGridShape grid, int gemms) =>
        gemms % 2 == 0 && 2 * grid.LastBlockTiles * VectorOffsets(tile.Rows, Lanes(simd, tile)).Length <= 16 ? 2 : 1;

    /// <summary>
    /// One pass over the input channels for every real tile and ξ plane of the unit: rows/lanes accumulators each, every
    /// one a sequential sum over c, as the register tiles add them (so the sums are theirs, bit for bit). Then each
    /// tile's sums are stored into its column of M.
    /// </summary>
    private static void EmitRows(SourceWriter w, string vector, int lanes, int rows, int tiles, int planes)
    {
        int[] offsets = VectorOffsets(rows, lanes);
        int count = offsets.Length;
        string Acc(int plane, int t, int j) => $"s{plane}_{t}_{j}";
        string Plane(string name, int plane, string stride) => plane == 0 ? $"ref {name}" : $"ref Unsafe.Add(ref {name}, {(plane == 1 ? stride : $"{plane} * {stride}")})";
        string Load(int plane, int j)
        {
            string row = Plane("wc", plane, "UStride");
            if (rows >= lanes)
            {
                return $"{vector}.LoadUnsafe({row}, {offsets[j]})";
            }
            // Fewer rows than lanes: the rows, then zeros.
            string origin = row.Substring("ref ".Length);
            return $"{vector}.Create({string.Join(", ", Enumerable.Range(0, lanes).Select(r => r >= rows ? "0f" : r == 0 ? origin : $"Unsafe.Add(ref {origin}, {r})"))})";
        }
        string layout = rows < lanes ? $"one vector of {lanes} ({rows} rows and zeros)"
            : rows % lanes != 0 ? $"{count} vectors of {lanes}, the last overlapping the one before"
            : $"{count} vector(s) of {lanes}";
        w.WriteLine($"// Channels k..k+{rows - 1}: {layout} per tile{(planes == 2 ? " and ξ plane" : "")}.");
        for (int plane = 0; plane < planes; plane++)
        {
            for (int t = 0; t < tiles; t++)
            {
                w.WriteLine($"{vector}<float> {string.Join(", ", Enumerable.Range(0, count).Select(j => $"{Acc(plane, t, j)} = {vector}<float>.Zero"))};");
            }
        }
        w.WriteLine("ref float wc = ref w, vc = ref v;");
        using (w.Block("for (int c = 0; c < InChannels; c++)"))
        {
            for (int plane = 0; plane < planes; plane++)
            {
                w.WriteLine(planes == 1 ? "// This channel's U row and each tile's V." : $"// ξ plane g + {plane}: this channel's U row and each tile's V.");
                for (int j = 0; j < count; j++)
                {
                    w.WriteLine($"{vector}<float> u{plane}_{j} = {Load(plane, j)};");
                }
                for (int t = 0; t < tiles; t++)
                {
                    w.WriteLine($"{vector}<float> x{plane}_{t} = {vector}.Create({(t == 0 && plane == 0 ? "vc" : $"Unsafe.Add({Plane("vc", plane, "VStride")}, {t})")});");
                    w.WriteLine(string.Join(" ", Enumerable.Range(0, count).Select(j => $"{Acc(plane, t, j)} = {vector}.MultiplyAddEstimate(u{plane}_{j}, x{plane}_{t}, {Acc(plane, t, j)});")));
                }
            }
            w.WriteLine($"wc = ref Unsafe.Add(ref wc, {rows});");
            w.WriteLine("vc = ref Unsafe.Add(ref vc, TileBlock);");
        }
        for (int plane = 0; plane < planes; plane++)
        {
            for (int t = 0; t < tiles; t++)
            {
                w.WriteLine($"// {(planes == 1 ? "Tile" : $"ξ plane g + {plane}, tile")} {t}: M[k + r][{t}] for the block's rows (the lanes go to a column of M).");
                w.WriteLine(string.Join(" ", Enumerable.Range(0, count).Select(j => $"{Acc(plane, t, j)}.StoreUnsafe(ref sums, {offsets[j]});")));
                using (w.Block($"for (int r = 0; r < {rows}; r++)"))
                {
                    w.WriteLine($"Unsafe.Add({Plane("m", plane, "MStride")}, (k + r) * TileBlock{(t == 0 ? "" : $" + {t}")}) = Unsafe.Add(ref sums, r);");
                }
            }
        }
    }
}
