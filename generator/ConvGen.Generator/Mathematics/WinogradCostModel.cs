using System;
using System.Collections.Generic;

namespace ConvGen.Generator.Mathematics;

/// <summary>
/// The operation counts of winograd-spec §3.1 (a port of <c>opcount.py</c>) and the compile-time cycle model that
/// decides direct against Winograd F(m×m, 3×3) (spec §3.3 asks for a cost model calibrated by measurement; this one
/// prices the plan the generator actually emits, part by part, with per-op costs fitted to measured layers).
/// </summary>
internal static class WinogradCostModel
{
    /// <summary>
    /// Vector lanes the cycle model assumes: the Vector256 path (AVX2), where one input or output transform covers 8
    /// tiles. The Vector128 and scalar paths are slower everywhere and are not what the model is calibrated on.
    /// </summary>
    public const int VectorLanes = 8;

    /// <summary>
    /// Measured cycles of the direct kernel per cycle its register-tile model predicts
    /// (<c>DirectConvPlanner.ChooseTile</c>; packing, compaction and loop overhead), as fitted with the constants below:
    /// 1.16.
    /// </summary>
    public const double DirectCyclesPerTileCycle = 1.16;

    /// <summary>
    /// Cycles of a per-ξ GEMM that has no Vector512 path, per cycle of its register-tile model: 1.9. Its blocks are not a
    /// whole number of Vector512 vectors (images of fewer than 16 tiles), so it runs the Vector256 GEMM, which on AVX-512
    /// hardware does half the work per instruction. The planner, which knows the GEMM plan, applies it to
    /// <c>gemmCyclesPerBlock</c>.
    /// </summary>
    public const double NarrowBlockGemmFactor = 1.9;

    /// <summary>
    /// Measured cycles of the straight-line input and output transforms per cycle of their port bound
    /// (<see cref="TransformBoundCycles"/>): 4.3. They hold n² live vectors (spilling from F(4,3) on) and store to n²
    /// different rows of V, so they run far below the bound.
    /// </summary>
    public const double TransformCyclesPerBoundCycle = 4.3;

    /// <summary>
    /// Cycles per element of a tile vector that crosses a tile row or runs past the last tile, 8·n² elements per vector:
    /// the kernel first assembles it from one load per tile row it touches and a lane select per row.
    /// </summary>
    public const double GatherCyclesPerElement = 3.1;

    /// <summary>
    /// Cycles per output element beyond the output transform itself: fitted to 0. Whole tile rows go out with a lane
    /// transpose, and what the edge tiles' lane-by-lane stores cost is not separable from the transform term.
    /// </summary>
    public const double ScatterCyclesPerOutput = 0;

    /// <summary>
    /// Cycles per element of the zero-padded column-phase planes the input is packed into: 1.3, measured directly
    /// (ResNet-18 56×56: 36 µs of packing in a 1.1 ms direct-equivalent layer). The columns inside the input are
    /// de-interleaved four at a time.
    /// </summary>
    public const double PackCyclesPerElement = 1.3;

    /// <summary>Transformed weights up to this size stay in L2 next to V and M: streaming them is free.</summary>
    public const long L2ResidentWeightBytes = 256 * 1024;

    /// <summary>
    /// Transformed weights up to this size come from L3 on every block (32 MiB shared, less the neighbours' and
    /// this layer's activations); larger ones come from DRAM.
    /// </summary>
    public const long L3WeightBudgetBytes = 24L << 20;

    /// <summary>Cycles per byte of transformed weights streamed from L3 (about 69 GB/s at 3.1 GHz; perf-guide §1 measures 55–70).</summary>
    public const double L3StreamCyclesPerByte = 0.045;

    /// <summary>
    /// Cycles per byte of transformed weights streamed from DRAM (about 30 GB/s at 3.1 GHz: the 17 GB/s of the
    /// perf-guide's triad, partly hidden behind the GEMM).
    /// </summary>
    public const double DramStreamCyclesPerByte = 0.105;

    /// <summary>
    /// Model cycles per double-precision multiply-add of a filter transform U = G·g·G^T (n×3 by 3×3, then n×3 by 3×n:
    /// 9n + 3n² per filter): 0.7, fitted to the ResNet-18 3×3 backward-data layers transforming changed weights on every
    /// call (Zen 5, 1 thread; scaled to the model's cycles by the same layers' direct time). Those four layers would each
    /// be matched exactly by 0.62–1.2; with 0.7 the model predicts 0.56 / 0.71 / 1.16 / 1.9 of direct at 56 / 28 / 14 /
    /// 7 px against the measured 0.60 / 0.68 / 1.15 / 2.31.
    /// </summary>
    public const double FilterTransformCyclesPerOp = 0.7;

    /// <summary>
    /// Model cycles per double-precision multiply-add of the filter transform where the GEMM phase transforms the filters
    /// row block by row block into an L2-resident buffer (a single image through a plan of one tile block, see
    /// <c>WinogradPlanner.TransformsRowBlocks</c>): 0.18. First fitted at 0.25 on the Zen 3 VM (2026-12-04, 1 thread, a
    /// weight changed before every call, the kernels side by side in one process): ResNet-18 14×14×256 backward-data
    /// with F(4,3) took 1.70–1.88 ms and 7×7×512 with F(2,3) 3.57–3.83 ms, which the model's other terms match with 0.21
    /// and 0.30. Since the transform loads eight filters at a time and transposes their taps in registers (instead of
    /// assembling each lane from scalars), the 7×7×512 F(2,3) backward-data runs at 0.79 of direct on the AVX2 path and
    /// 0.81 on the AVX-512 path (Zen 5 VM, 2026-12-04 evening, `DOTNET_EnableAVX512=0` for the first: 2.43 against 3.08 ms
    /// and 1.69 against 2.09 ms), which the model matches with 0.18. The whole-U transform before the GEMMs (a batch, or
    /// several tile blocks) keeps <see cref="FilterTransformCyclesPerOp"/>: writing U out and reading it back costs more
    /// than its arithmetic.
    /// </summary>
    public const double RowBlockFilterTransformCyclesPerOp = 0.18;

    /// <summary>
    /// Model cycles of transforming all <paramref name="inputChannels"/> × <paramref name="outputChannels"/> r×r filters
    /// once: up front into U, or (<paramref name="rowBlocks"/>) row block by row block inside the GEMM phase.
    /// </summary>
    public static double FilterTransformCycles(WinogradTransform transform, int inputChannels, int outputChannels, bool rowBlocks = false)
    {
        int n = transform.InputTileSize;
        double perOp = rowBlocks ? RowBlockFilterTransformCyclesPerOp : FilterTransformCyclesPerOp;
        // G·g (n×r from r×r) then (G·g)·G^T (n×n): r·n·r and n·n·r multiply-adds; the 3×3 constants were fitted on those counts.
        int r = transform.FilterSize;
        return (double)inputChannels * outputChannels * perOp * ((r * r * n) + (r * n * n));
    }

    /// <summary>
    /// Winograd is chosen only when its predicted cycles are below this fraction of direct's: the model misses the
    /// calibration layers by 5% on average (16% at worst), and Winograd costs accuracy (κ 16–128 against 4), so a
    /// predicted near-tie goes to direct.
    /// </summary>
    public const double WinogradAdvantageThreshold = 0.9;

    /// <summary>Multiplications per output of 1-D F(m, r): n/m (§1.1).</summary>
    public static Rational MultiplicationsPerOutput1D(int outputTileSize, int filterSize)
    {
        RequirePositive(outputTileSize, filterSize);
        return new Rational(outputTileSize + filterSize - 1, outputTileSize);
    }

    /// <summary>Multiplications (MACs) per output of 2-D F(m×m, r×r): n²/m² ("2D MAC/output" in §3.1).</summary>
    public static Rational MultiplicationsPerOutput2D(int outputTileSize, int filterSize)
    {
        Rational perOutput1D = MultiplicationsPerOutput1D(outputTileSize, filterSize);
        return perOutput1D * perOutput1D;
    }

    /// <summary>r² / (n²/m²): the multiplication saving over direct convolution ("vs direct r²" in §3.1).</summary>
    public static Rational MultiplicationReduction2D(int outputTileSize, int filterSize) =>
        new Rational(filterSize * filterSize) / MultiplicationsPerOutput2D(outputTileSize, filterSize);

    /// <summary>
    /// Ops of one linear form Σ c_j·x_j on an FMA machine: (terms − 1), plus 1 when no coefficient is ±1
    /// (§1.6 rule 1: start with a ±1 term if one exists, every further term is one FMA).
    /// </summary>
    public static int LinearFormCost(IReadOnlyList<Rational> coefficients)
    {
        if (coefficients is null)
        {
            throw new ArgumentNullException(nameof(coefficients));
        }

        int terms = 0;
        bool hasUnitCoefficient = false;
        foreach (Rational coefficient in coefficients)
        {
            if (!coefficient.IsZero)
            {
                terms++;
                hasUnitCoefficient |= coefficient.Abs() == Rational.One;
            }
        }

        if (terms == 0)
        {
            return 0;
        }

        return terms - 1 + (hasUnitCoefficient ? 0 : 1);
    }

    /// <summary>
    /// Ops of y = M·x where each row of M is one output (used for B^T and G). With
    /// <paramref name="pairPoints"/>, rows of a {+p, −p} pair share their even part E and odd part O
    /// (§1.6 rule 2): cost(E) + cost(O normalised) + 2.
    /// </summary>
    public static int RowTransformCost(RationalMatrix matrix, bool pairPoints)
    {
        if (matrix is null)
        {
            throw new ArgumentNullException(nameof(matrix));
        }

        var rows = new List<Rational[]>();
        for (int i = 0; i < matrix.RowCount; i++)
        {
            rows.Add(matrix.GetRow(i));
        }

        int total = 0;
        var paired = new bool[rows.Count];
        if (pairPoints)
        {
            foreach (PointPair pair in FindPointPairs(rows))
            {
                Rational[] row = rows[pair.First];
                total += LinearFormCost(ParityPart(row, odd: false))
                    + LinearFormCost(NormaliseToLeadingOne(ParityPart(row, odd: true)))
                    + 2;
                paired[pair.First] = true;
                paired[pair.Second] = true;
            }
        }

        for (int i = 0; i < rows.Count; i++)
        {
            if (!paired[i])
            {
                total += LinearFormCost(rows[i]);
            }
        }

        return total;
    }

    /// <summary>
    /// Ops of y = M·x with pairing on the columns of M (used for A^T): for each {+p, −p} column pair,
    /// s = x_p + x_{−p} and d = x_p − x_{−p} are formed once (2 ops), then every output is a linear
    /// form over the even/odd parts (§1.6 rule 2).
    /// </summary>
    public static int ColumnTransformCost(RationalMatrix matrix, bool pairPoints)
    {
        if (matrix is null)
        {
            throw new ArgumentNullException(nameof(matrix));
        }

        if (!pairPoints)
        {
            int unpaired = 0;
            for (int i = 0; i < matrix.RowCount; i++)
            {
                unpaired += LinearFormCost(matrix.GetRow(i));
            }

            return unpaired;
        }

        var columns = new List<Rational[]>();
        for (int j = 0; j < matrix.ColumnCount; j++)
        {
            columns.Add(matrix.GetColumn(j));
        }

        var newColumns = new List<Rational[]>();
        var paired = new bool[columns.Count];
        int total = 0;
        foreach (PointPair pair in FindPointPairs(columns))
        {
            newColumns.Add(ParityPart(columns[pair.First], odd: false));
            newColumns.Add(ParityPart(columns[pair.First], odd: true));
            paired[pair.First] = true;
            paired[pair.Second] = true;
            total += 2;
        }

        for (int j = 0; j < columns.Count; j++)
        {
            if (!paired[j])
            {
                newColumns.Add(columns[j]);
            }
        }

        var outputRow = new Rational[newColumns.Count];
        for (int k = 0; k < matrix.RowCount; k++)
        {
            for (int j = 0; j < newColumns.Count; j++)
            {
                outputRow[j] = newColumns[j][k];
            }

            total += LinearFormCost(outputRow);
        }

        return total;
    }

    /// <summary>All §3.1 counts for one transform set.</summary>
    public static WinogradOpCounts CountOperations(WinogradTransform transform)
    {
        if (transform is null)
        {
            throw new ArgumentNullException(nameof(transform));
        }

        return new WinogradOpCounts(
            transform.OutputTileSize,
            transform.FilterSize,
            inputTransform1D: RowTransformCost(transform.BT, pairPoints: true),
            outputTransform1D: ColumnTransformCost(transform.AT, pairPoints: true),
            filterTransform1D: RowTransformCost(transform.G, pairPoints: true),
            unpairedInputTransform1D: RowTransformCost(transform.BT, pairPoints: false),
            unpairedOutputTransform1D: ColumnTransformCost(transform.AT, pairPoints: false),
            unpairedFilterTransform1D: RowTransformCost(transform.G, pairPoints: false));
    }

    /// <summary>
    /// Cycles per float of a phase mosaic's copies: each mosaic row gathered from its input row (for two column phases,
    /// two 64-bit narrows per 16 floats) and each output plane scattered back (two widenings per 16). Measured on the Zen 5
    /// VM (1 thread, 64 channels of 56×56 with dilation 2, 200 K floats each way): 16 µs to gather, 25-60 µs to scatter,
    /// about 0.3-1 cycle a float at the VM's clock; one cycle a float each way is the upper end, more than two column phases
    /// going float by float.
    /// </summary>
    public const double PhaseCopyCyclesPerFloat = 1.0;

    /// <summary>Cycles to gather <paramref name="inputFloats"/> mosaic input floats and scatter <paramref name="outputFloats"/> mosaic outputs.</summary>
    public static double PhaseCopyCycles(long inputFloats, long outputFloats) => PhaseCopyCyclesPerFloat * (inputFloats + outputFloats);

    /// <summary>
    /// The numeric part of the §3.3 eligibility rule: C ≥ 8, K ≥ 8, C·K ≥ 256, min(OH, OW) ≥ 4. The caller
    /// also requires a 3×3 kernel, stride 1, dilation 1 (or a phase mosaic, judged by the dilated layer's own output), one group, fp32 and a non-Strict precision policy.
    /// </summary>
    public static bool IsEligibleShape(int inputChannels, int outputChannels, int outputHeight, int outputWidth) =>
        inputChannels >= 8
        && outputChannels >= 8
        && (long)inputChannels * outputChannels >= 256
        && Math.Min(outputHeight, outputWidth) >= 4;

    /// <summary>
    /// Predicted cycles of one image through the Winograd kernel the generator emits for F(m×m, r×r) with tile blocks of
    /// <paramref name="tileBlock"/> tiles (a multiple of <see cref="VectorLanes"/>), by part:
    /// <list type="bullet">
    /// <item>GEMM: n² GEMMs per block, each <paramref name="gemmCyclesPerBlock"/> (the register-tile model's cycles for a
    /// C → K pointwise layer over one block: it already prices the block width, i.e. the GEMM efficiency of few
    /// tiles, the slots of the last block past the last tile, and <see cref="NarrowBlockGemmFactor"/> where the GEMM has
    /// no Vector512 path).</item>
    /// <item>Input transform: per input channel and vector of tiles, n² loads, the 2-D B^T·d·B ops and n² stores (at
    /// <see cref="TransformCyclesPerBoundCycle"/> times their port bound); vectors that cross a tile row or run past the
    /// last tile are assembled first, one load per tile row and lane select (edge waste when the tile grid is not a
    /// multiple of the vector).</item>
    /// <item>Output transform: per output channel and vector of tiles, n² loads, the A^T·M·A ops and m² stores.</item>
    /// <item>Packing: the C·m column-phase planes of the padded input.</item>
    /// <item>Weight streaming: every block reads all of U (4·n²·C·K bytes), from L2, L3 or DRAM by its size.</item>
    /// </list>
    /// The constants were fitted (least squares on relative error, the transform and gather constants non-negative, the
    /// GEMM weight fixed at 1, packing measured on its own) to the measured times, relative to direct, of the ResNet-18
    /// 3×3 layers and 11 more 3×3 layers (32–512 channels, 7×7–112×112; F(2,3), F(4,3), F(6,3) wherever within 1.5× of
    /// direct; 1 thread, packed weights, best of 6 interleaved rounds; Zen 5 VM with AVX-512, 2026-12-03, after the
    /// row-split gather, the padded V/M planes and the vectorised packing): mean absolute error 8%, at most 22% on
    /// F(2,3) and F(4,3) and 34% on F(6,3) (thin 32-channel layers). An earlier fit on a Zen 3 (AVX2) VM, before those
    /// three changes, had Winograd lose on the thin layers it now wins on by 1.3-2×.
    /// </summary>
    public static WinogradCycleEstimate EstimateWinogradCycles(
        WinogradTransform transform,
        int inputChannels,
        int outputChannels,
        int outputHeight,
        int outputWidth,
        int tileBlock,
        double gemmCyclesPerBlock)
    {
        if (transform is null)
        {
            throw new ArgumentNullException(nameof(transform));
        }

        if (tileBlock < VectorLanes || tileBlock % VectorLanes != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tileBlock), tileBlock, "Must be a positive multiple of the vector lanes.");
        }

        int m = transform.OutputTileSize;
        int n = transform.InputTileSize;
        int tilesY = CeilingDivide(outputHeight, m);
        int tilesX = CeilingDivide(outputWidth, m);
        int tiles = tilesY * tilesX;
        int blocks = CeilingDivide(tiles, tileBlock);
        WinogradOpCounts counts = CountOperations(transform);
        TileVectors vectors = CountTileVectors(tilesX, tiles, tileBlock);

        double gemm = (double)n * n * blocks * gemmCyclesPerBlock;
        double input = inputChannels * ((vectors.All * TransformBoundCycles(counts.InputTransform2D, n * n, n * n) * TransformCyclesPerBoundCycle)
            + (vectors.Gathered * (double)VectorLanes * n * n * GatherCyclesPerElement));
        double output = outputChannels * ((vectors.Stored * TransformBoundCycles(counts.OutputTransform2D, n * n, m * m) * TransformCyclesPerBoundCycle)
            + ((double)outputHeight * outputWidth * ScatterCyclesPerOutput));
        double planeElements = (double)m * ((tilesY * m) + transform.FilterSize - 1) * (tilesX + ((n - 1) / m));
        double packing = inputChannels * planeElements * PackCyclesPerElement;
        long weightBytes = 4L * n * n * inputChannels * outputChannels;
        double streaming = (double)weightBytes * blocks * WeightStreamCyclesPerByte(weightBytes);
        return new WinogradCycleEstimate(m, gemm, input, output, packing, streaming);
    }

    /// <summary>
    /// Port bound of one vector transform on the FMA machine the kernels target (Zen 3 / AVX2): two vector arithmetic
    /// ops, two loads and one 256-bit store per cycle.
    /// </summary>
    public static double TransformBoundCycles(int arithmeticOps, int loads, int stores) =>
        Math.Max(Math.Max(arithmeticOps / 2.0, loads / 2.0), stores);

    /// <summary>
    /// Cycles per byte of streaming transformed weights of <paramref name="weightBytes"/> bytes once per block:
    /// free while they fit in L2 with V and M, from L3 up to <see cref="L3WeightBudgetBytes"/>, else from DRAM.
    /// </summary>
    public static double WeightStreamCyclesPerByte(long weightBytes) =>
        weightBytes <= L2ResidentWeightBytes ? 0.0
        : weightBytes <= L3WeightBudgetBytes ? L3StreamCyclesPerByte
        : DramStreamCyclesPerByte;

    /// <summary>Predicted cycles of one image through the direct kernel, from its register-tile model's cycles.</summary>
    public static double EstimateDirectCycles(double registerTileCycles) => DirectCyclesPerTileCycle * registerTileCycles;

    /// <summary>True when a Winograd plan is predicted to beat direct by the <see cref="WinogradAdvantageThreshold"/> margin.</summary>
    public static bool WinogradPays(double winogradCycles, double directCycles) =>
        winogradCycles < WinogradAdvantageThreshold * directCycles;

    /// <summary>
    /// The kernel's vectors of <see cref="VectorLanes"/> tiles over all blocks: <see cref="TileVectors.All"/> are
    /// input-transformed, <see cref="TileVectors.Gathered"/> of them gathered lane by lane (they cross a tile row or run
    /// past the last tile), <see cref="TileVectors.Stored"/> (those holding at least one tile) output-transformed.
    /// </summary>
    internal static TileVectors CountTileVectors(int tilesX, int tiles, int tileBlock)
    {
        int blocks = CeilingDivide(tiles, tileBlock);
        int all = 0, gathered = 0, stored = 0;
        for (int block = 0; block < blocks; block++)
        {
            for (int i = 0; i < tileBlock; i += VectorLanes)
            {
                int t = (block * tileBlock) + i;
                int tx = t % tilesX;
                all++;
                if (tx + VectorLanes > tilesX || t + VectorLanes > tiles)
                {
                    gathered++;
                }

                if (t < tiles)
                {
                    stored++;
                }
            }
        }

        return new TileVectors(all, gathered, stored);
    }

    /// <summary>
    /// {+p, −p} pairs as in opcount.py: vectors v_a, v_b with v_b[j] = s·(−1)^j·v_a[j] (s = ±1), where
    /// v_a has non-zero entries at both an even and an odd index. Greedy, in index order.
    /// </summary>
    private static List<PointPair> FindPointPairs(List<Rational[]> vectors)
    {
        var pairs = new List<PointPair>();
        var used = new bool[vectors.Count];
        for (int a = 0; a < vectors.Count; a++)
        {
            if (used[a] || !HasEvenAndOddEntries(vectors[a]))
            {
                continue;
            }

            for (int b = a + 1; b < vectors.Count && !used[a]; b++)
            {
                if (used[b])
                {
                    continue;
                }

                if (IsMirror(vectors[a], vectors[b], Rational.One) || IsMirror(vectors[a], vectors[b], Rational.MinusOne))
                {
                    pairs.Add(new PointPair(a, b));
                    used[a] = true;
                    used[b] = true;
                }
            }
        }

        return pairs;
    }

    /// <summary>second[j] = s·(−1)^j·first[j] for every j (s = <paramref name="sign"/>): the rows of a ± point pair.</summary>
    internal static bool IsMirror(Rational[] first, Rational[] second, Rational sign)
    {
        for (int j = 0; j < first.Length; j++)
        {
            Rational expected = (j % 2 == 0 ? sign : -sign) * first[j];
            if (second[j] != expected)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="vector"/> has non-zero entries at both an even and an odd index.</summary>
    internal static bool HasEvenAndOddEntries(Rational[] vector)
    {
        bool even = false;
        bool odd = false;
        for (int j = 0; j < vector.Length; j++)
        {
            if (!vector[j].IsZero)
            {
                even |= j % 2 == 0;
                odd |= j % 2 == 1;
            }
        }

        return even && odd;
    }

    /// <summary>The entries at even (or odd) indices, zeros elsewhere.</summary>
    private static Rational[] ParityPart(Rational[] vector, bool odd)
    {
        var part = new Rational[vector.Length];
        for (int j = 0; j < vector.Length; j++)
        {
            part[j] = (j % 2 == 1) == odd ? vector[j] : Rational.Zero;
        }

        return part;
    }

    /// <summary>The vector divided by its first non-zero entry (the factored-out constant c of §1.6 rule 2).</summary>
    private static Rational[] NormaliseToLeadingOne(Rational[] vector)
    {
        Rational leading = Rational.Zero;
        foreach (Rational entry in vector)
        {
            if (!entry.IsZero)
            {
                leading = entry;
                break;
            }
        }

        if (leading.IsZero)
        {
            return vector;
        }

        var result = new Rational[vector.Length];
        for (int j = 0; j < vector.Length; j++)
        {
            result[j] = vector[j] / leading;
        }

        return result;
    }

    private static int CeilingDivide(int numerator, int denominator) => (numerator + denominator - 1) / denominator;

    private static void RequirePositive(int outputTileSize, int filterSize)
    {
        if (outputTileSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outputTileSize), outputTileSize, "Must be at least 1.");
        }

        if (filterSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(filterSize), filterSize, "Must be at least 1.");
        }
    }

    internal readonly struct TileVectors
    {
        public TileVectors(int all, int gathered, int stored)
        {
            All = all;
            Gathered = gathered;
            Stored = stored;
        }

        public int All { get; }

        public int Gathered { get; }

        public int Stored { get; }
    }

    private readonly struct PointPair
    {
        public PointPair(int first, int second)
        {
            First = first;
            Second = second;
        }

        public int First { get; }

        public int Second { get; }
    }
}
