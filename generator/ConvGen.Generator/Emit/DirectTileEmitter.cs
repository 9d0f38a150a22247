using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Model;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits one instruction set's compute method: a loop over work units, each a register tile of Rows output channels
/// × Vectors vectors of positions. Per input channel the taps are unrolled (or a kernel-row loop with unrolled kw
/// taps for large kernels), and each tap is emitted in register-light order, since RyuJIT does not schedule.
/// </summary>
internal sealed class DirectTileEmitter
{
    private readonly SourceWriter _w;
    private readonly TileGeometry _g;
    private readonly SimdVocabulary _simd;
    private readonly TilePlan _tile;
    private readonly bool _packedWeights;

    /// <param name="geometry">The problem: the forward pass (<see cref="TileGeometry.Forward"/>) or a backward-data phase.</param>
    /// <param name="packedWeights">
    /// Read weights packed as [block][channel][tap][row] (one contiguous run per tap) instead of OIHW.
    /// </param>
    public DirectTileEmitter(SourceWriter writer, TileGeometry geometry, SimdVocabulary simd, TilePlan tile, bool packedWeights)
    {
        _w = writer;
        _g = geometry;
        _simd = simd;
        _tile = tile;
        _packedWeights = packedWeights;
    }

    /// <summary>The compute method's name: <c>Tiles256</c>, or <c>PackedTiles256</c> for packed weights.</summary>
    public static string MethodName(SimdVocabulary simd, bool packedWeights) => (packedWeights ? "PackedTiles" : "Tiles") + simd.Suffix;

    /// <summary>Offset of the weight of tile row <paramref name="row"/> and tap <paramref name="tap"/> from the channel's weights.</summary>
    private int WeightOffset(int rows, int row, int tap) =>
        _packedWeights ? tap * rows + row : row * _g.WeightRowStride + tap;

    private string Suffix => _simd.Suffix;

    /// <summary>
    /// Pointwise layers copy each position tile's input panel (GroupIn × Width) into a contiguous stack buffer once and
    /// reuse it for every channel block: the channel rows of an NCHW image are a whole plane apart, which folds them onto
    /// a few L1 sets and defeats the prefetcher (<see cref="FusesPanelCopy"/> says which block makes the copy). Inputs
    /// whose channels are already a tile's width apart (a Winograd GEMM's V[ξ] with one position tile per block, a
    /// gathered backward-data panel as wide as the tile) are that panel, and a tile reducing in runs (only planned for
    /// gathered panels, whose channel rows are a short grid apart) reads in place.
    /// </summary>
    private bool PacksPanel => _g.SingleTapAtOrigin && _g.GroupIn >= 8 && _tile.Blocks > 1 && _tile.ReductionChunk == 0 &&
        _g.GroupIn * _tile.Width <= MaxPanelFloats && _g.InputChannelStride != _tile.Width;

    /// <summary>
    /// The first unit that reads a panel (<see cref="PacksPanel"/>; the first channel block of its position tile, or the
    /// block a thread's range starts at) makes the copy as it multiplies: it loads
    /// the channel rows in place and stores its input vectors into the panel right after loading them, so the copy's
    /// loads and stores overlap the arithmetic instead of running as a pass of their own before the block. Only tiles
    /// that load all their input vectors before the multiply-adds (<see cref="TilePlan.InputsFirst"/>), whose copy is one
    /// run of stores per channel. Side by side on the Zen 5 VM (old and new generated kernels in one process, 1 / 2
    /// threads, bit-identical): Vector512 6 × 64 tiles on 56×56 128 → 128 in 4 groups 1.06-1.09× / 1.10-1.17×, 112×112
    /// 32 → 64 1.04-1.07× / 1.03-1.06×, 56×56 128 → 128 1.02-1.04× / 1.00-1.03× (the same with the panel moved by
    /// 0.4-3 KB on the stack, or the input 16 or 52 bytes off a cache line), 56×56 64 → 40 1.09× / 1.10×; the Vector256 5 × 2 tile of 64 → 40 1.05× / 1.07×; Vector128
    /// and the Winograd F(4,3) tail's GEMMs 0.96-1.04×. Storing back every block's vectors (no branch) ran 0.8×, and
    /// prefetching the next position tile's rows from the copying block was no faster (<see cref="PrefetchesNextPanel"/> spreads them over the blocks after it). The streamed tiles (one input
    /// vector at a time, the Vector256 2 × 48 tile), fused with a store after each load, ran 0.96-1.00× at 1 thread and
    /// 0.55-0.64× at 2, and 0.75-0.8× at 1 thread with the panel moved by 1-3 KB, so they copy the panel in a pass of
    /// its own.
    /// </summary>
    private bool FusesPanelCopy => PacksPanel && _tile.InputsFirst;

    /// <summary>
    /// The units after a panel's copying one prefetch the next position tile's channel rows into L2, one line of every row
    /// each (<see cref="PrefetchLines"/> units in all), spread over their channel loops, so that tile's copy reads L2
    /// instead of L3: the plane-apart rows are more streams than the hardware prefetchers follow. Side by side on the Zen 5
    /// VM (old and new generated kernels alternating, packed weights, bit-identical): 112×112 32 → 64 1.01-1.03× with warm
    /// caches and 1.13-1.14× with the input evicted before each call, 56×56 128 → 128 1.00× and 1.17×, grouped 1×1 g2 1.00×
    /// and 1.09×, 28×28 256 → 256 1.00× and 1.01× on one thread; on two 0.99-1.03× warm and 1.00-1.10× evicted. Grouped
    /// 1×1 g4 (6 channel blocks a panel, so 4 of every 6 units prefetch) ran 1.06× evicted on one thread but 0.95-0.97×
    /// warm on two, hence at least 2 blocks a panel per line (in every chunk of channel blocks, whose units share a panel). Only where the channel rows are known to lie at least
    /// <see cref="PrefetchMinimumChannelStride"/> floats apart (an NCHW plane, not a Winograd GEMM's V, whose rows are
    /// a tile block apart and in L2 already); tiles whose vectors follow output rows take their next tile's positions
    /// from the row layout, and are left out.
    /// </summary>
    private bool PrefetchesNextPanel => FusesPanelCopy && !RowAligned && _g.InputChannelStride >= PrefetchMinimumChannelStride &&
        Math.Min(_tile.ChunkBlocks, _tile.LastChunkBlocks) >= 2 * PrefetchLines;

    /// <summary>Floats between channel rows from which each row is a stream of its own (2 KB).</summary>
    private const int PrefetchMinimumChannelStride = 512;

    /// <summary>Cache lines of a panel row: the tile's width in floats, 16 to a line.</summary>
    private int PrefetchLines => (_tile.Width + 15) / 16;

    /// <summary>The panel lives on the stack: at most 64 KB.</summary>
    private const int MaxPanelFloats = 16 * 1024;

    private static string Acc(int row, int vector) => $"a{row}_{vector}";

    public void Emit()
    {
        string bias = _g.HasBias ? "ref float bias, " : "";
        _w.WriteLine($"/// <summary>{Describe()}</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void {MethodName(_simd, _packedWeights)}(ref float input, ref float weights, {bias}ref float output, int begin, int end)"))
        {
            EmitDeclarations();
            if (PacksPanel)
            {
                _w.WriteLine($"// Input panel of the current position tile: {_g.GroupIn} channels × {_tile.Width} positions ({_g.GroupIn * _tile.Width * 4} bytes).");
                _w.WriteLine($"Span<float> panelBuffer = stackalloc float[{_g.GroupIn * _tile.Width}];");
                _w.WriteLine("ref float panel = ref MemoryMarshal.GetReference(panelBuffer);");
                // A panel is keyed on the input offset it was copied from (group and position tile), not on q alone: a group's
                // only position tile, or a thread's range crossing groups, can start at the q the previous group ended on.
                _w.WriteLine("int panelAt = -1;");
                if (PrefetchesNextPanel)
                {
                    _w.WriteLine("// Which line of the next panel's rows this unit prefetches: the copying unit none, the units after it 0, 1, ….");
                    _w.WriteLine("int prefetchLine = -1;");
                }
            }
            using (SplitsReduction ? _w.Block($"for (int c0 = 0; c0 < GroupIn; c0 += {_tile.ReductionChunk})") : (IDisposable?)null)
            {
                if (SplitsReduction)
                {
                    _w.WriteLine($"// Runs of {_tile.ReductionChunk} reduction channels: each unit continues the sums it stored in the previous run,");
                    _w.WriteLine("// so a run's input rows and weights stay in L2 across all of this thread's units.");
                    _w.WriteLine($"int channels = Math.Min({_tile.ReductionChunk}, GroupIn - c0);");
                }
                EmitUnits();
            }
        }
    }

    private void EmitUnits()
    {
        using (_w.Block("for (int unit = begin; unit < end; unit++)"))
        {
            EmitUnitDecomposition();
            if (FusesPanelCopy)
            {
                EmitPanelFreshness();
            }
            else if (PacksPanel)
            {
                EmitPanelPacking();
            }
            if (_tile.RemainderRows == 0)
            {
                EmitTile(_tile.Rows);
            }
            else
            {
                using (_w.Block($"if (block < {_g.GroupOut / _tile.Rows})"))
                {
                    EmitTile(_tile.Rows);
                }
                using (_w.Block("else"))
                {
                    EmitTile(_tile.RemainderRows);
                }
            }
        }
    }

    /// <summary>
    /// The plan splits the reduction into runs of channels (<see cref="TilePlan.ReductionChunk"/>, only planned for
    /// reductions of two or more channels); a split tile reads its input in place rather than through a panel copy.
    /// </summary>
    private bool SplitsReduction => _tile.ReductionChunk > 0;

    private string Describe()
    {
        string isa = _simd.PathName;
        string order = _tile.InputsFirst ? "input vectors loaded once per tap, weights broadcast per channel" : "weights broadcast once per tap, input vectors streamed";
        string remainder = _tile.RemainderRows > 0 ? $", plus a {_tile.RemainderRows}-channel tile for the last block of each group" : "";
        string weights = _packedWeights ? "; weights packed per tile" : "";
        string runs = SplitsReduction ? $"; the reduction in runs of {_tile.ReductionChunk} channels" : "";
        return $"{isa}: {_tile.Rows} channel(s) × {_tile.Vectors} vector(s) of {_simd.Lanes} = {_tile.Accumulators} accumulators; {order}{remainder}{weights}{runs}.";
    }

    /// <summary>Declares a fixed set of accumulators and temporaries once, so IL locals do not grow with unrolling.</summary>
    private void EmitDeclarations()
    {
        var names = new List<string>();
        for (int r = 0; r < _tile.Rows; r++)
        {
            for (int v = 0; v < _tile.Vectors; v++)
            {
                names.Add(Acc(r, v));
            }
        }
        _w.WriteLine($"{_simd.Type} {string.Join(", ", names)};");
        int inputs = _tile.InputsFirst ? _tile.Vectors : 1;
        int weights = _tile.InputsFirst ? 1 : _tile.Rows;
        IEnumerable<string> temps = Enumerable.Range(0, inputs).Select(i => "x" + i).Concat(Enumerable.Range(0, weights).Select(i => "w" + i));
        _w.WriteLine($"{_simd.Type} {string.Join(", ", temps)};");
    }

    /// <summary>Groups inside the unit index: only when groups are not fused into per-group tasks.</summary>
    private bool GroupsInUnits => _g.GroupsInUnits;

    private bool HasBlockIndex => _tile.Blocks > 1;

    /// <summary>
    /// An expression for how many leading units of a group-free tile plan cover the positions below
    /// <paramref name="positions"/> (an expression) for every channel block, in the order
    /// <see cref="EmitUnitDecomposition"/> gives them: position tiles outer with one chunk, so the first position tiles are
    /// the first units; every unit where chunks interleave them, or where one position tile spans the grid.
    /// </summary>
    internal static string LeadingUnits(TilePlan tile, string suffix, string positions)
    {
        System.Diagnostics.Debug.Assert(tile.RowVectors == 0, "Leading units count grid runs; row-aligned tiles are not runs of positions.");
        string positionTiles = $"({positions} + {tile.Width - 1}) / {tile.Width}";
        return tile.QTiles == 1 ? $"Blocks{suffix}"
            : tile.Blocks <= 1 ? positionTiles
            : tile.Chunks == 1 ? $"{positionTiles} * Blocks{suffix}"
            : $"Blocks{suffix} * QTiles{suffix}";
    }

    /// <summary>
    /// Unit → (group, chunk, position tile, channel block). Within a chunk position tiles are the outer index, so
    /// consecutive units reuse one input panel; the last position tile is shifted back to end at the grid edge.
    /// </summary>
    private void EmitUnitDecomposition()
    {
        string s = Suffix;
        int width = _tile.Width;
        string local = "unit";
        if (GroupsInUnits)
        {
            _w.WriteLine($"int group = unit / (Blocks{s} * QTiles{s}), local = unit % (Blocks{s} * QTiles{s});");
            local = "local";
        }
        if (!HasBlockIndex)
        {
            _w.WriteLine($"// One channel block per group: the unit is the position tile.");
            _w.WriteLine($"int qTile = {local};");
        }
        else if (_tile.Chunks == 1)
        {
            _w.WriteLine($"// All {_tile.Blocks} channel blocks' weights fit in L2: position tiles outer, blocks inner.");
            _w.WriteLine($"int qTile = {local} / Blocks{s}, block = {local} % Blocks{s};");
        }
        else
        {
            _w.WriteLine($"// Chunks of {_tile.ChunkBlocks} channel blocks keep their weights in L2; within a chunk, position tiles outer, blocks inner.");
            _w.WriteLine($"int chunk = {local} / (QTiles{s} * ChunkBlocks{s}), inChunk = {local} % (QTiles{s} * ChunkBlocks{s});");
            _w.WriteLine($"int qTile = chunk < {_tile.Chunks - 1} ? inChunk / ChunkBlocks{s} : inChunk / LastChunkBlocks{s};");
            _w.WriteLine($"int block = chunk * ChunkBlocks{s} + (chunk < {_tile.Chunks - 1} ? inChunk % ChunkBlocks{s} : inChunk % LastChunkBlocks{s});");
        }
        if (RowAligned)
        {
            EmitRowAlignedPositions();
        }
        else
        {
            _w.WriteLine($"int q = Math.Min(qTile * {width}, Grid - {width});");
        }
        string group = GroupsInUnits ? "group * GroupOut" : "";
        string block = HasBlockIndex ? $"block * {_tile.Rows}" : "";
        string channel = group.Length > 0 && block.Length > 0 ? group + " + " + block : group + block;
        _w.WriteLine($"int k = {(channel.Length == 0 ? "0" : channel)};");
        _w.WriteLine($"ref float x = ref Unsafe.Add(ref input, {InputOffset("q")});");
        foreach (int v in RowAlignedVectors)
        {
            _w.WriteLine($"ref float {InputRef("x", v)} = ref Unsafe.Add(ref input, {InputOffset("q" + v)});");
        }
        _w.WriteLine(_g.WeightChannelStep is null && _g.WeightRowStride == _g.GroupIn * _g.Taps
            ? "ref float w = ref Unsafe.Add(ref weights, k * (GroupIn * Taps));"
            : $"ref float w = ref Unsafe.Add(ref weights, k * {_g.WeightRowStride});");
        _w.WriteLine(RowAligned
            ? $"ref float y = ref Unsafe.Add(ref output, k * (OutHeight * OutWidth) + s * {_simd.Lanes}); // the NCHW output, where the tile's vectors are contiguous"
            : StoresIntoOutput
            ? "ref float y = ref Unsafe.Add(ref output, k * (OutHeight * OutWidth)); // the NCHW output: StoreCompacted drops the spare columns"
            : "ref float y = ref Unsafe.Add(ref output, k * Grid + q);");
    }

    /// <summary>
    /// The tile is built from row-aligned vectors (<see cref="TilePlan.RowVectors"/>): vectors of whole output rows, so
    /// no lane computes a spare column and every store is a plain one. Vector v reads through a reference of its own,
    /// named by <see cref="InputRef"/>.
    /// </summary>
    private bool RowAligned => StoresIntoOutput && _tile.RowVectors > 0;

    /// <summary>The vectors after the first of a row-aligned tile, which read through references of their own.</summary>
    private IEnumerable<int> RowAlignedVectors => RowAligned ? Enumerable.Range(1, _tile.Vectors - 1) : Enumerable.Empty<int>();

    /// <summary>The input reference vector <paramref name="vector"/> reads through: <paramref name="name"/> itself, or its copy for that vector of a row-aligned tile.</summary>
    private string InputRef(string name, int vector) => RowAligned && vector > 0 ? $"{name}_{vector}" : name;

    /// <summary>The first row-aligned vector s of the unit's tile, and each vector's grid position q, q1, q2….</summary>
    private void EmitRowAlignedPositions()
    {
        int vectors = _tile.Vectors, lanes = _simd.Lanes;
        _w.WriteLine($"// Row-aligned vectors of {lanes} outputs, {_tile.RowVectors} per output row: the tile's {vectors} start at vector s (the last tile shifted back to end at the last vector).");
        _w.WriteLine($"int s = Math.Min(qTile * {vectors}, OutputVectors{Suffix} - {vectors});");
        _w.WriteLine($"// Grid position of vector s + v: (s + v)·{lanes} plus the spare columns of the grid rows before its row.");
        for (int v = 0; v < vectors; v++)
        {
            string index = v == 0 ? "s" : $"(s + {v})";
            _w.WriteLine($"int q{(v == 0 ? "" : v.ToString())} = {index} * {lanes} + {index} / RowVectors{Suffix} * (PlaneWidth - OutWidth);");
        }
    }

    /// <summary>Where the unit's input starts: its group's channels (where groups are in the units), then grid position <paramref name="q"/>.</summary>
    private string InputOffset(string q) => GroupsInUnits ? $"group * (GroupIn * ChannelStride) + {q}" : q;

    /// <summary>
    /// This path stores into the NCHW output (<see cref="DirectConvPlan.StoresIntoOutputOn"/>): as row-aligned vectors, or
    /// grid-run Vector512 tiles through <c>StoreCompacted</c>. The plan guarantees no reduction split.
    /// </summary>
    private bool StoresIntoOutput => _g.ForwardPlan?.StoresIntoOutputOn(_simd.Lanes) ?? false;

    private void EmitPanelPacking()
    {
        using (_w.Block($"if ({InputOffset("q")} != panelAt)"))
        {
            _w.WriteLine("// A new panel (position tile, or group): copy it once; every channel block of the chunk reuses it.");
            _w.WriteLine("ref float source = ref x;");
            using (_w.Block("for (int c = 0; c < GroupIn; c++)"))
            {
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, _tile.Vectors).Select(v =>
                    _simd.Store(_simd.Load("source", v * _simd.Lanes), "panel", $"c * {_tile.Width} + {v * _simd.Lanes}"))));
                _w.WriteLine("source = ref Unsafe.Add(ref source, ChannelStride);");
            }
            _w.WriteLine($"panelAt = {InputOffset("q")};");
        }
    }

    private void EmitPanelFreshness()
    {
        _w.WriteLine("// The first unit of a new panel (position tile, or group) reads the input rows in place and copies each vector");
        _w.WriteLine("// into the panel as it goes; the later units of the chunk read the panel.");
        _w.WriteLine($"bool fresh = {InputOffset("q")} != panelAt;");
        _w.WriteLine($"panelAt = {InputOffset("q")};");
        _w.WriteLine($"nint inputStep = fresh ? ChannelStride : {Literal.Int(_tile.Width)};");
        if (PrefetchesNextPanel)
        {
            _w.WriteLine($"// The next position tile's rows go into L2 while this panel's blocks compute: line prefetchLine of each, {PrefetchLines} lines in all.");
            _w.WriteLine("prefetchLine = fresh ? -1 : prefetchLine + 1;");
            _w.WriteLine($"nint prefetchAt = {InputOffset($"Math.Min(q + {Literal.Int(_tile.Width)}, Grid - {Literal.Int(_tile.Width)})")} + prefetchLine * 16;");
        }
    }

    private void EmitTile(int rows)
    {
        int vectors = _tile.Vectors;
        string start = _g.HasBias ? "the bias" : "zero";
        string positions = RowAligned ? $"output vectors s..s+{vectors - 1}" : $"positions q..q+{_tile.Width - 1}";
        _w.WriteLine($"// Tile: channels k..k+{rows - 1} × {positions}; accumulators start at {(SplitsReduction ? $"{start} in the first run, else at the stored sums" : start)}.");
        using (SplitsReduction ? _w.Block("if (c0 == 0)") : (IDisposable?)null)
        {
            for (int r = 0; r < rows; r++)
            {
                string init = _g.HasBias ? _simd.Broadcast($"Unsafe.Add(ref bias, k + {r})") : _simd.Zero;
                _w.WriteLine($"{Acc(r, 0)} = {init};" + string.Concat(Enumerable.Range(1, vectors - 1).Select(v => $" {Acc(r, v)} = {Acc(r, 0)};")));
            }
        }
        if (SplitsReduction)
        {
            using (_w.Block("else"))
            {
                for (int r = 0; r < rows; r++)
                {
                    _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"{Acc(r, v)} = {_simd.Load("y", r * _g.GridExtent + v * _simd.Lanes)};")));
                }
            }
        }

        if (_g.GroupIn == 1)
        {
            EmitChannelTaps(rows, "x", "w");
        }
        else
        {
            string weightStep = _packedWeights ? $"Taps * {rows}" : _g.WeightChannelStep is int step ? Literal.Int(step) : "Taps";
            if (SplitsReduction)
            {
                _w.WriteLine("ref float xc = ref Unsafe.Add(ref x, c0 * ChannelStride);");
                _w.WriteLine($"ref float wc = ref Unsafe.Add(ref w, c0 * {(_packedWeights ? $"(Taps * {rows})" : weightStep)});");
            }
            else
            {
                _w.WriteLine(FusesPanelCopy ? "ref float xc = ref fresh ? ref x : ref panel, pc = ref panel;" : $"ref float xc = ref {(PacksPanel ? "panel" : "x")};");
                foreach (int v in RowAlignedVectors)
                {
                    _w.WriteLine($"ref float {InputRef("xc", v)} = ref {InputRef("x", v)};");
                }
                _w.WriteLine("ref float wc = ref w;");
            }
            using (_w.Block($"for (int c = 0; c < {(SplitsReduction ? "channels" : "GroupIn")}; c++)"))
            {
                if (PrefetchesNextPanel)
                {
                    _w.WriteLine("// Line prefetchLine of the next position tile's channel row c into L2 (units after the copying one only).");
                    _w.WriteLine($"if ((uint)prefetchLine < {PrefetchLines}u) KernelMemory.PrefetchToL2(ref input, prefetchAt + c * ChannelStride);");
                }
                EmitChannelTaps(rows, "xc", "wc");
                _w.WriteLine(FusesPanelCopy ? $"xc = ref Unsafe.Add(ref xc, inputStep); pc = ref Unsafe.Add(ref pc, {Literal.Int(_tile.Width)});"
                    : $"xc = ref Unsafe.Add(ref xc, {(PacksPanel ? Literal.Int(_tile.Width) : "ChannelStride")});");
                foreach (int v in RowAlignedVectors)
                {
                    _w.WriteLine($"{InputRef("xc", v)} = ref Unsafe.Add(ref {InputRef("xc", v)}, ChannelStride);");
                }
                _w.WriteLine($"wc = ref Unsafe.Add(ref wc, {weightStep});");
            }
        }

        EmitEpilogue(rows);
    }

    /// <summary>The taps of one input channel, reading input at <paramref name="x"/> and weights at <paramref name="w"/>.</summary>
    private void EmitChannelTaps(int rows, string x, string w)
    {
        if (_g.AllTaps is { } taps)
        {
            foreach (TileTap tap in taps)
            {
                EmitTap(rows, tap.Label, x, w, tap.InputOffset, tap.WeightOffset);
            }
            return;
        }

        using (_w.Block($"for (int kh = 0; kh < {_g.LoopRows}; kh++)"))
        {
            _w.WriteLine($"ref float xr = ref Unsafe.Add(ref {x}, {_g.LoopRowOffset});");
            foreach (int v in RowAlignedVectors)
            {
                _w.WriteLine($"ref float {InputRef("xr", v)} = ref Unsafe.Add(ref {InputRef(x, v)}, {_g.LoopRowOffset});");
            }
            _w.WriteLine($"ref float wr = ref Unsafe.Add(ref {w}, kh * {_g.LoopWeightStep * (_packedWeights ? rows : 1)});");
            foreach (TileTap tap in _g.LoopColumns!)
            {
                EmitTap(rows, tap.Label, "xr", "wr", tap.InputOffset, tap.WeightOffset);
            }
        }
    }

    private void EmitTap(int rows, string tap, string x, string w, int inputOffset, int weightOffset)
    {
        int vectors = _tile.Vectors;
        _w.WriteLine($"// Tap {tap}: input +{inputOffset}, weights +{WeightOffset(rows, 0, weightOffset)}.");
        if (_tile.InputsFirst)
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"x{v} = {LoadInput(x, v, inputOffset)};")));
            if (FusesPanelCopy)
            {
                _w.WriteLine($"if (fresh) {{ {string.Join(" ", Enumerable.Range(0, vectors).Select(v => _simd.Store("x" + v, "pc", v * _simd.Lanes)))} }}");
            }
            for (int r = 0; r < rows; r++)
            {
                string fmas = string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"{Acc(r, v)} = {_simd.MultiplyAdd("x" + v, "w0", Acc(r, v))};"));
                _w.WriteLine($"w0 = {_simd.Broadcast($"Unsafe.Add(ref {w}, {WeightOffset(rows, r, weightOffset)})")}; {fmas}");
            }
        }
        else
        {
            _w.WriteLine(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"w{r} = {_simd.Broadcast($"Unsafe.Add(ref {w}, {WeightOffset(rows, r, weightOffset)})")};")));
            for (int v = 0; v < vectors; v++)
            {
                string fmas = string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{Acc(r, v)} = {_simd.MultiplyAdd("x0", "w" + r, Acc(r, v))};"));
                _w.WriteLine($"x0 = {LoadInput(x, v, inputOffset)}; {fmas}");
            }
        }
    }

    /// <summary>Vector <paramref name="vector"/> of the tile at tap offset <paramref name="inputOffset"/> from <paramref name="x"/>.</summary>
    private string LoadInput(string x, int vector, int inputOffset) =>
        RowAligned ? _simd.Load(InputRef(x, vector), inputOffset) : _simd.Load(x, inputOffset + vector * _simd.Lanes);

    private void EmitEpilogue(int rows)
    {
        string activation = SimdVocabulary.StoreVerb(_g.Activation);
        _w.WriteLine($"// {activation} {rows} channel(s) × {_tile.Width} position(s).");
        for (int r = 0; r < rows; r++)
        {
            for (int v = 0; v < _tile.Vectors; v++)
            {
                string value = _simd.Activate(Acc(r, v), _g.Activation);
                _w.WriteLine(RowAligned
                    ? _simd.Store(value, "y", r * _g.OutputPlane + v * _simd.Lanes)
                    : StoresIntoOutput
                    ? $"StoreCompacted(ref {(r == 0 ? "y" : $"Unsafe.Add(ref y, {r} * (OutHeight * OutWidth))")}, q{(v == 0 ? "" : " + " + v * _simd.Lanes)}, {value});"
                    : _simd.Store(value, "y", r * _g.GridExtent + v * _simd.Lanes));
            }
        }
    }
}
