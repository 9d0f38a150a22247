using System.Collections.Generic;
using System.Linq;
using ConvGen.Generator.Helpers;
using ConvGen.Generator.Mathematics;
using ConvGen.Generator.Model;
using ConvGen.Generator.Planning;

namespace ConvGen.Generator.Emit;

/// <summary>
/// Emits the kernel class of a backward-weights pass planned as Winograd (<see cref="WinogradWeightsPlan"/>). Per image,
/// four parallel phases: the input and gradOutput are transposed to channel-last planes (zero-padded), every tile is
/// transformed with the lanes along the channels (V = B^T·d·B and Z = A·z·A^T), and each transform position ξ adds the
/// image into M[ξ][K][C] with one GEMM over the tiles (broadcast Z, vectors of V: no transpose, no horizontal sum). After
/// the batch, M is scaled by s_a·s_b and turned into the r×r gradients by V^T·M·V. Every element of M is one thread's
/// fixed-order sum, so the result does not depend on the threads.
/// </summary>
internal sealed class WinogradWeightsEmitter
{
    private readonly SourceWriter _w;
    private readonly LayerSpec _layer;
    private readonly WinogradWeightsPlan _plan;
    private readonly WinogradWeightsTransform _transform;
    private readonly string _className;

    public WinogradWeightsEmitter(SourceWriter writer, KernelModel model, string className)
    {
        _w = writer;
        _layer = model.Spec.Layer;
        _plan = model.WinogradWeights!;
        _transform = WinogradWeightsPlanner.TransformFor(_plan.OutputTile, _plan.FilterSize);
        _className = className;
    }

    private static IReadOnlyList<SimdVocabulary> Paths => SimdVocabulary.WithVector512;

    private int N => _plan.InputTile;

    private int M => _plan.OutputTile;

    /// <summary>The filter's size r and its taps r².</summary>
    private int R => _plan.FilterSize;

    private int Taps => R * R;

    /// <summary>Columns of a GEMM tile on <paramref name="simd"/>'s path: two vectors.</summary>
    private static int TileColumns(SimdVocabulary simd) => 2 * simd.Lanes;

    public void Emit(string methodDisplayName, string generatedCodeAttribute)
    {
        _w.WriteLine($"/// <summary>Winograd {_transform.Forward.Name} backward-weights kernel behind <c>{methodDisplayName}</c>; the plan is in that method's remarks.</summary>");
        _w.WriteLine(generatedCodeAttribute);
        using (_w.Block($"file sealed class {_className} : IPinnedKernel"))
        {
            EmitConstants();
            _w.WriteLine();
            EmitRun();
            _w.WriteLine();
            EmitZeroBorders();
            _w.WriteLine();
            EmitPackRows();
            _w.WriteLine();
            EmitTransformTask();
            _w.WriteLine();
            EmitGemmTask();
            _w.WriteLine();
            EmitOutputTask();
            foreach (SimdVocabulary simd in Paths)
            {
                _w.WriteLine();
                EmitTransforms(simd);
                _w.WriteLine();
                EmitInputTile(simd);
                _w.WriteLine();
                EmitGradientTile(simd);
                _w.WriteLine();
                EmitGemm(simd);
                int rows = WinogradWeightsPlan.TileRows(simd.Lanes);
                _w.WriteLine();
                EmitGemmTile(simd, rows);
                if (_layer.OutChannels % rows != 0)
                {
                    _w.WriteLine();
                    EmitGemmTile(simd, _layer.OutChannels % rows);
                }
                _w.WriteLine();
                EmitOutputs(simd);
                _w.WriteLine();
                EmitOutputTile(simd);
            }
        }
    }

    private void EmitConstants()
    {
        LayerSpec l = _layer;
        WinogradWeightsPlan p = _plan;
        WinogradEmitter.EmitLayerShapeConstants(_w, l);
        _w.WriteLine();
        _w.WriteLine($"// {_transform.Forward.Name}, points {_transform.Forward.DescribePoints()}, in its weight-gradient form: {M}×{M} gradOutput tiles against {N}×{N} input tiles, {N * N} transform positions ξ.");
        _w.WriteLine($"private const int M = {M}, N = {N}, Xi = {N * N}, TilesY = {p.TilesY}, TilesX = {p.TilesX}, Tiles = {p.Tiles};");
        _w.WriteLine($"// Channel-last planes: the zero-padded input ({p.PlaneHeight}×{p.PlaneWidth} pixels of {p.InChannelsPadded} channel(s)) and gradOutput ({p.GradientHeight}×{p.GradientWidth} pixels of {p.OutChannelsPadded}), zero past the edges{(p.InChannelsPadded > l.InChannels || p.OutChannelsPadded > l.OutChannels ? " and in the padding channels" : "")}.");
        _w.WriteLine($"private const int ChannelsPadded = {p.InChannelsPadded}, OutChannelsPadded = {p.OutChannelsPadded};");
        _w.WriteLine($"private const int PlaneHeight = {p.PlaneHeight}, PlaneWidth = {p.PlaneWidth}, GradientHeight = {p.GradientHeight}, GradientWidth = {p.GradientWidth};");
        _w.WriteLine("private const int PlaneFloats = PlaneHeight * PlaneWidth * ChannelsPadded, GradientFloats = GradientHeight * GradientWidth * OutChannelsPadded;");
        _w.WriteLine("// V[ξ][tile][C], Z[ξ][tile][K] and the per-ξ sums M[ξ][K][C], each ξ a contiguous block.");
        _w.WriteLine($"// An image's tiles go through in {_plan.TileBlocks} block(s) of up to {_plan.TileBlock}; V and Z hold one block.");
        _w.WriteLine($"private const int TileBlock = {_plan.TileBlock}, TileBlocks = {_plan.TileBlocks};");
        _w.WriteLine("private const int VStride = TileBlock * ChannelsPadded, ZStride = TileBlock * OutChannelsPadded, MStride = OutChannels * ChannelsPadded;");
        _w.WriteLine($"// Each floating-point sum runs over {_plan.BlocksPerSum} block(s) in a row (image by image), at most {WinogradWeightsPlan.MaxTilesPerSum} tiles; groups of blocks are summed apart and added.");
        _w.WriteLine($"private const int BlocksPerSum = {_plan.BlocksPerSum};");
    }

    private void EmitRun()
    {
        _w.WriteLine("/// <summary>Per image: pack, transform, and add the image into M (one GEMM per ξ); after the batch, M becomes the gradients.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("public static void Run(nint input, nint gradOutput, nint gradBias, nint gradWeights, int batch)"))
        {
            _w.WriteLine("// M holds the sums over the images so far; partial, those of the current group of images after the first group.");
            _w.WriteLine("nint planes = KernelMemory.CallerScratch((long)PlaneFloats + GradientFloats + (long)Xi * (VStride + ZStride + MStride) + ((long)batch * TileBlocks > BlocksPerSum ? (long)Xi * MStride : 0));");
            _w.WriteLine("nint gradients = planes + (nint)PlaneFloats * sizeof(float);");
            _w.WriteLine("nint v = gradients + (nint)GradientFloats * sizeof(float);");
            _w.WriteLine("nint z = v + (nint)((long)Xi * VStride * sizeof(float));");
            _w.WriteLine("nint m = z + (nint)((long)Xi * ZStride * sizeof(float));");
            _w.WriteLine("nint partial = m + (nint)((long)Xi * MStride * sizeof(float));");
            _w.WriteLine("// The scratch may hold another kernel's data: the zeros the transposes never write are written once per call.");
            _w.WriteLine("ZeroBorders(ref KernelMemory.AsRef(planes), ref KernelMemory.AsRef(gradients));");
            using (_w.Block("for (int n = 0; n < batch; n++)"))
            {
                _w.WriteLine("var pack = new PackRows(input + (nint)n * (InputImage * sizeof(float)), gradOutput + (nint)n * (OutputImage * sizeof(float)), planes, gradients);");
                _w.WriteLine("KernelParallel.For(ref pack, KernelParallel.Slices(Flops, ParallelFlops, Height + OutHeight));");
                using (_w.Block("for (int block = 0; block < TileBlocks; block++)"))
                {
                    _w.WriteLine("int first = block * TileBlock, tiles = Math.Min(TileBlock, Tiles - first);");
                    _w.WriteLine("var transforms = new TileTransforms(planes, gradients, v, z, first, tiles);");
                    _w.WriteLine("KernelParallel.For(ref transforms, KernelParallel.Slices(Flops, ParallelFlops, tiles));");
                    _w.WriteLine("// Sums run over groups of BlocksPerSum blocks: the first group's straight into M, each later group's into partial,");
                    _w.WriteLine("// added to M after the group's last block. Each element is summed in the same order on any thread count.");
                    _w.WriteLine("int unit = n * TileBlocks + block, group = unit / BlocksPerSum, member = unit - group * BlocksPerSum;");
                    _w.WriteLine("bool closesGroup = member == BlocksPerSum - 1 || (n == batch - 1 && block == TileBlocks - 1);");
                    _w.WriteLine("var gemms = new Gemms(v, z, group == 0 ? m : partial, member > 0, group > 0 && closesGroup ? m : 0, tiles);");
                    _w.WriteLine("KernelParallel.For(ref gemms, KernelParallel.Slices(Flops, ParallelFlops, Xi));");
                }
            }
            _w.WriteLine("var outputs = new OutputTransforms(m, gradWeights);");
            _w.WriteLine("KernelParallel.For(ref outputs, KernelParallel.Slices(Flops * batch, ParallelFlops, OutChannels));");
            using (_w.Block("if (gradBias != 0)"))
            {
                _w.WriteLine("KernelReductions.ChannelSums(MemoryMarshal.CreateReadOnlySpan(ref KernelMemory.AsRef(gradOutput), batch * OutputImage), OutChannels, OutHeight * OutWidth,");
                _w.WriteLine("    MemoryMarshal.CreateSpan(ref KernelMemory.AsRef(gradBias), OutChannels));");
            }
        }
    }

    private void EmitZeroBorders()
    {
        LayerSpec l = _layer;
        WinogradWeightsPlan p = _plan;
        _w.WriteLine("/// <summary>Writes the zeros of both planes that the per-image transposes never overwrite.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block("private static void ZeroBorders(ref float planes, ref float gradients)"))
        {
            if (p.InChannelsPadded > l.InChannels)
            {
                _w.WriteLine("// Padding channels in every pixel: the whole plane.");
                _w.WriteLine("Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref planes), 0, PlaneFloats * sizeof(float));");
            }
            else
            {
                _w.WriteLine($"// {(l.PaddingHeight > 0 || p.PlaneHeight > l.PaddingHeight + l.Height ? "Rows above and below the input, then the columns" : "The columns")} left and right of it.");
                if (l.PaddingHeight > 0)
                {
                    WriteZeroRows("planes", "0", "PadTop", "PlaneWidth * ChannelsPadded");
                }
                if (p.PlaneHeight > l.PaddingHeight + l.Height)
                {
                    WriteZeroRows("planes", "PadTop + Height", "PlaneHeight", "PlaneWidth * ChannelsPadded");
                }
                using (_w.Block("for (int y = PadTop; y < PadTop + Height; y++)"))
                {
                    _w.WriteLine("ref float row = ref Unsafe.Add(ref planes, y * PlaneWidth * ChannelsPadded);");
                    if (l.PaddingWidth > 0)
                    {
                        _w.WriteLine("Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref row), 0, PadLeft * ChannelsPadded * sizeof(float));");
                    }
                    if (p.PlaneWidth > l.PaddingWidth + l.Width)
                    {
                        _w.WriteLine("Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, (PadLeft + Width) * ChannelsPadded)), 0, (PlaneWidth - PadLeft - Width) * ChannelsPadded * sizeof(float));");
                    }
                }
            }
            if (p.OutChannelsPadded > l.OutChannels)
            {
                _w.WriteLine("// Padding channels in every gradOutput pixel: the whole plane.");
                _w.WriteLine("Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref gradients), 0, GradientFloats * sizeof(float));");
            }
            else
            {
                if (p.GradientHeight > l.OutHeight)
                {
                    _w.WriteLine("// gradOutput rows of the last tile row past the output.");
                    WriteZeroRows("gradients", "OutHeight", "GradientHeight", "GradientWidth * OutChannelsPadded");
                }
                if (p.GradientWidth > l.OutWidth)
                {
                    _w.WriteLine("// gradOutput columns of the last tile column past the output.");
                    using (_w.Block("for (int y = 0; y < OutHeight; y++)"))
                    {
                        _w.WriteLine("Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref gradients, (y * GradientWidth + OutWidth) * OutChannelsPadded)), 0, (GradientWidth - OutWidth) * OutChannelsPadded * sizeof(float));");
                    }
                }
            }
        }
    }

    private void WriteZeroRows(string plane, string first, string end, string rowFloats)
    {
        if (first == end)
        {
            return;
        }
        // Parenthesised only where the row index is an expression, so the text reads as written by hand.
        string start = first.Contains(" ") ? $"({first})" : first;
        string rows = first == "0" ? end : $"{end} - {start}";
        string at = first == "0" ? $"ref {plane}" : $"ref Unsafe.Add(ref {plane}, {start} * {rowFloats})";
        string count = rows.Contains(" ") ? $"({rows})" : rows;
        _w.WriteLine($"Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>({at}), 0, (uint)({count} * {rowFloats} * sizeof(float)));");
    }

    private void EmitPackRows()
    {
        _w.WriteLine("/// <summary>Transposes a range of rows (input rows first, then gradOutput rows) into the channel-last planes.</summary>");
        using (_w.Block("private readonly struct PackRows : IKernelTask"))
        {
            _w.WriteLine("private readonly nint _input, _gradOutput, _planes, _gradients;");
            _w.WriteLine();
            using (_w.Block("public PackRows(nint input, nint gradOutput, nint planes, nint gradients)"))
            {
                _w.WriteLine("_input = input;");
                _w.WriteLine("_gradOutput = gradOutput;");
                _w.WriteLine("_planes = planes;");
                _w.WriteLine("_gradients = gradients;");
            }
            _w.WriteLine();
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "(Height + OutHeight)");
                using (_w.Block("for (int row = begin; row < end; row++)"))
                {
                    using (_w.Block("if (row < Height)"))
                    {
                        _w.WriteLine("// Input row y of every channel → pixels (PadTop + y, PadLeft + x) of the padded plane.");
                        _w.WriteLine("KernelTranspose.TransposeStrided(ref Unsafe.Add(ref KernelMemory.AsRef(_input), row * Width), InChannels, Height * Width, Width,");
                        _w.WriteLine("    ref Unsafe.Add(ref KernelMemory.AsRef(_planes), ((PadTop + row) * PlaneWidth + PadLeft) * ChannelsPadded), ChannelsPadded);");
                    }
                    using (_w.Block("else"))
                    {
                        _w.WriteLine("int y = row - Height;");
                        _w.WriteLine("KernelTranspose.TransposeStrided(ref Unsafe.Add(ref KernelMemory.AsRef(_gradOutput), y * OutWidth), OutChannels, OutHeight * OutWidth, OutWidth,");
                        _w.WriteLine("    ref Unsafe.Add(ref KernelMemory.AsRef(_gradients), y * GradientWidth * OutChannelsPadded), OutChannelsPadded);");
                    }
                }
            }
        }
    }

    private void EmitTransformTask()
    {
        _w.WriteLine("/// <summary>Transforms a range of a block's tiles: V[ξ][tile] = B^T·d·B of the input tile and Z[ξ][tile] = A·z·A^T of the gradOutput tile, all channels, at the tile's place in the block.</summary>");
        using (_w.Block("private readonly struct TileTransforms : IKernelTask"))
        {
            _w.WriteLine("private readonly nint _planes, _gradients, _v, _z;");
            _w.WriteLine("private readonly int _first, _tiles;");
            _w.WriteLine();
            using (_w.Block("public TileTransforms(nint planes, nint gradients, nint v, nint z, int first, int tiles)"))
            {
                _w.WriteLine("_first = first;");
                _w.WriteLine("_tiles = tiles;");
                _w.WriteLine("_planes = planes;");
                _w.WriteLine("_gradients = gradients;");
                _w.WriteLine("_v = v;");
                _w.WriteLine("_z = z;");
            }
            _w.WriteLine();
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "_tiles");
                foreach (string line in SimdVocabulary.Dispatch("Transforms", "ref KernelMemory.AsRef(_planes), ref KernelMemory.AsRef(_gradients), ref KernelMemory.AsRef(_v), ref KernelMemory.AsRef(_z), _first, begin, end", Paths))
                {
                    _w.WriteLine(line);
                }
            }
        }
    }

    private void EmitGemmTask()
    {
        _w.WriteLine("/// <summary>Adds the image into the sums for a range of transform positions: target[ξ][k][c] (+)= Σ_tile Z[ξ][tile][k]·V[ξ][tile][c], then (where addTo is set) addTo[ξ] += target[ξ].</summary>");
        using (_w.Block("private readonly struct Gemms : IKernelTask"))
        {
            _w.WriteLine("private readonly nint _v, _z, _target, _addTo;");
            _w.WriteLine("private readonly bool _accumulate;");
            _w.WriteLine("private readonly int _tiles;");
            _w.WriteLine();
            using (_w.Block("public Gemms(nint v, nint z, nint target, bool accumulate, nint addTo, int tiles)"))
            {
                _w.WriteLine("_tiles = tiles;");
                _w.WriteLine("_v = v;");
                _w.WriteLine("_z = z;");
                _w.WriteLine("_target = target;");
                _w.WriteLine("_accumulate = accumulate;");
                _w.WriteLine("_addTo = addTo;");
            }
            _w.WriteLine();
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "Xi");
                using (_w.Block("for (int xi = begin; xi < end; xi++)"))
                {
                    _w.WriteLine("ref float target = ref Unsafe.Add(ref KernelMemory.AsRef(_target), xi * MStride);");
                    string args = "ref Unsafe.Add(ref KernelMemory.AsRef(_v), xi * VStride), ref Unsafe.Add(ref KernelMemory.AsRef(_z), xi * ZStride), ref target, _tiles, _accumulate";
                    foreach (string line in SimdVocabulary.Dispatch("Gemm", args, Paths))
                    {
                        _w.WriteLine(line);
                    }
                    using (_w.Block("if (_addTo != 0)"))
                    {
                        _w.WriteLine("KernelReductions.Add(ref Unsafe.Add(ref KernelMemory.AsRef(_addTo), xi * MStride), ref target, MStride);");
                    }
                }
            }
        }
    }

    private void EmitOutputTask()
    {
        _w.WriteLine("/// <summary>Turns M into the gradients of a range of output channels: dW[k][c] = V^T·(s_a·s_b·M[ξ = a·N + b][k][c])·V.</summary>");
        using (_w.Block("private readonly struct OutputTransforms : IKernelTask"))
        {
            _w.WriteLine("private readonly nint _m, _gradWeights;");
            _w.WriteLine();
            using (_w.Block("public OutputTransforms(nint m, nint gradWeights)"))
            {
                _w.WriteLine("_m = m;");
                _w.WriteLine("_gradWeights = gradWeights;");
            }
            _w.WriteLine();
            _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            using (_w.Block("public void Execute(int index, int count)"))
            {
                KernelTaskEmitter.SliceRange(_w, "OutChannels");
                foreach (string line in SimdVocabulary.Dispatch("Outputs", "ref KernelMemory.AsRef(_m), ref KernelMemory.AsRef(_gradWeights), begin, end", Paths))
                {
                    _w.WriteLine(line);
                }
            }
        }
    }

    private void EmitTransforms(SimdVocabulary simd)
    {
        string s = simd.Suffix;
        _w.WriteLine($"/// <summary>{simd.PathName}: the input and gradOutput transforms of the block's tiles [begin, end) (image tiles first + begin, …), {simd.Lanes} channel(s) per step.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Transforms{s}(ref float planes, ref float gradients, ref float v, ref float z, int first, int begin, int end)"))
        {
            using (_w.Block("for (int t = begin; t < end; t++)"))
            {
                _w.WriteLine("int ty = (first + t) / TilesX, tx = first + t - ty * TilesX;");
                _w.WriteLine("ref float window = ref Unsafe.Add(ref planes, (ty * M * PlaneWidth + tx * M) * ChannelsPadded);");
                _w.WriteLine("ref float tile = ref Unsafe.Add(ref gradients, (ty * M * GradientWidth + tx * M) * OutChannelsPadded);");
                using (_w.Block($"for (int c = 0; c < ChannelsPadded; c += {simd.Lanes})"))
                {
                    _w.WriteLine($"InputTile{s}(ref Unsafe.Add(ref window, c), ref Unsafe.Add(ref v, t * ChannelsPadded + c));");
                }
                using (_w.Block($"for (int k = 0; k < OutChannelsPadded; k += {simd.Lanes})"))
                {
                    _w.WriteLine($"GradientTile{s}(ref Unsafe.Add(ref tile, k), ref Unsafe.Add(ref z, t * OutChannelsPadded + k));");
                }
            }
        }
    }

    private void EmitInputTile(SimdVocabulary simd)
    {
        string s = simd.Suffix;
        int n = N;
        _w.WriteLine($"/// <summary>{s} input transform V = B^T·d·B of one tile, {simd.Lanes} channel(s) per vector: d[r][j] is pixel (r, j) of the window; V[ξ] is stored ξ·VStride apart.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void InputTile{s}(ref float src, ref float vt)"))
        {
            WriteLines(new WinogradTransformEmitter(simd).ApplySeparable(_transform.InputTransform, PointPairing.Rows, "B^T",
                (r, j) => $"d{r}_{j}",
                (r, j) => $"var d{r}_{j} = {simd.Load("src", $"({r} * PlaneWidth + {j}) * ChannelsPadded")};",
                j => $"// Column {j}: B^T·d[·][{j}].", "t",
                a => $"// Row {a}: (B^T·d)[{a}][·]·B, stored to V[ξ = {a}·{n} + b].", "v",
                (a, b, value) => simd.Store(value, "vt", $"{a * n + b} * VStride")));
        }
    }

    private void EmitGradientTile(SimdVocabulary simd)
    {
        string s = simd.Suffix;
        int n = N;
        _w.WriteLine($"/// <summary>{s} gradOutput transform Z = A·z·A^T of one tile, {simd.Lanes} channel(s) per vector: z[i][j] is pixel (i, j) of the tile; Z[ξ] is stored ξ·ZStride apart.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void GradientTile{s}(ref float src, ref float zt)"))
        {
            WriteLines(new WinogradTransformEmitter(simd).ApplySeparable(_transform.GradientTransform, PointPairing.Rows, "A",
                (i, j) => $"g{i}_{j}",
                (i, j) => $"var g{i}_{j} = {simd.Load("src", $"({i} * GradientWidth + {j}) * OutChannelsPadded")};",
                j => $"// Column {j}: A·z[·][{j}].", "t",
                a => $"// Row {a}: (A·z)[{a}][·]·A^T, stored to Z[ξ = {a}·{n} + b].", "z",
                (a, b, value) => simd.Store(value, "zt", $"{a * n + b} * ZStride")));
        }
    }

    private void EmitGemm(SimdVocabulary simd)
    {
        string s = simd.Suffix;
        int rows = WinogradWeightsPlan.TileRows(simd.Lanes), columns = TileColumns(simd);
        int full = _layer.OutChannels / rows * rows, remainder = _layer.OutChannels % rows;
        _w.WriteLine($"/// <summary>{simd.PathName}: M[ξ] (+)= Z[ξ]^T·V[ξ] in tiles of {rows} output channel(s) × {columns} input channel(s){(remainder > 0 ? $", the last {remainder} output channel(s) in a tile of their own" : "")}; every row tile reads the same column panel of V (a block's tiles × {columns} floats) in turn.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Gemm{s}(ref float v, ref float z, ref float m, int tiles, bool accumulate)"))
        {
            using (_w.Block($"for (int c = 0; c < ChannelsPadded; c += {columns})"))
            {
                using (_w.Block($"for (int k = 0; k < {full}; k += {rows})"))
                {
                    _w.WriteLine($"GemmTile{s}x{rows}(ref Unsafe.Add(ref z, k), ref Unsafe.Add(ref v, c), ref Unsafe.Add(ref m, k * ChannelsPadded + c), tiles, accumulate);");
                }
                if (remainder > 0)
                {
                    _w.WriteLine($"GemmTile{s}x{remainder}(ref Unsafe.Add(ref z, {full}), ref Unsafe.Add(ref v, c), ref Unsafe.Add(ref m, {full} * ChannelsPadded + c), tiles, accumulate);");
                }
            }
        }
    }

    private void EmitGemmTile(SimdVocabulary simd, int rows)
    {
        string s = simd.Suffix;
        int vectors = 2;
        _w.WriteLine($"/// <summary>{s} GEMM tile: {rows} output channel(s) × {vectors * simd.Lanes} input channel(s), {rows * vectors} accumulators; per tile, {vectors} vector(s) of V and {rows} broadcast value(s) of Z.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void GemmTile{s}x{rows}(ref float z, ref float v, ref float m, int tiles, bool accumulate)"))
        {
            var accumulators = new List<string>();
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < vectors; j++)
                {
                    accumulators.Add($"a{i}_{j}");
                }
            }
            _w.WriteLine($"{simd.Type} {string.Join(", ", accumulators.Select(a => $"{a} = {simd.Zero}"))};");
            _w.WriteLine("// The sums of the group's earlier blocks continue in the same accumulators.");
            using (_w.Block("if (accumulate)"))
            {
                for (int i = 0; i < rows; i++)
                {
                    _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(j => $"a{i}_{j} = {simd.Load("m", i * _plan.InChannelsPadded + j * simd.Lanes)};")));
                }
            }
            using (_w.Block("for (int t = 0; t < tiles; t++)"))
            {
                _w.WriteLine("ref float zt = ref Unsafe.Add(ref z, t * OutChannelsPadded);");
                _w.WriteLine("ref float vt = ref Unsafe.Add(ref v, t * ChannelsPadded);");
                _w.WriteLine($"// {vectors} vector(s) of input channels, then each output channel's value broadcast into its row of accumulators.");
                _w.WriteLine($"{simd.Type} {string.Join(", ", Enumerable.Range(0, vectors).Select(j => $"x{j} = {simd.Load("vt", j * simd.Lanes)}"))};");
                for (int i = 0; i < rows; i++)
                {
                    string b = $"b{i}";
                    _w.WriteLine($"{simd.Type} {b} = {simd.Broadcast($"Unsafe.Add(ref zt, {i})")}; " +
                        string.Join(" ", Enumerable.Range(0, vectors).Select(j => $"a{i}_{j} = {simd.MultiplyAdd(b, $"x{j}", $"a{i}_{j}")};")));
                }
            }
            for (int i = 0; i < rows; i++)
            {
                _w.WriteLine(string.Join(" ", Enumerable.Range(0, vectors).Select(j => simd.Store($"a{i}_{j}", "m", i * _plan.InChannelsPadded + j * simd.Lanes))));
            }
        }
    }

    private void EmitOutputs(SimdVocabulary simd)
    {
        string s = simd.Suffix;
        int lanes = simd.Lanes, full = _layer.InChannels / lanes * lanes, remainder = _layer.InChannels % lanes;
        _w.WriteLine($"/// <summary>{simd.PathName}: the gradients of output channels [begin, end), {lanes} input channel(s) per step{(remainder > 0 ? $", the last {remainder} from a vector that also holds padding channels" : "")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void Outputs{s}(ref float m, ref float gradWeights, int begin, int end)"))
        {
            if (lanes > 1)
            {
                _w.WriteLine($"// The {Taps} tap vectors of a step, tap-major, then written out per channel (gradWeights is [K][C][{R}][{R}]).");
                _w.WriteLine($"ref float taps = ref KernelMemory.AsRef(KernelMemory.Scratch({Taps * lanes}));");
            }
            using (_w.Block("for (int k = begin; k < end; k++)"))
            {
                using (_w.Block($"for (int c = 0; c < {full}; c += {lanes})"))
                {
                    WriteOutputStep(simd, lanes);
                }
                if (remainder > 0)
                {
                    using (_w.Block(""))
                    {
                        _w.WriteLine($"const int c = {full};");
                        WriteOutputStep(simd, remainder);
                    }
                }
            }
        }
    }

    private void WriteOutputStep(SimdVocabulary simd, int channels)
    {
        string s = simd.Suffix;
        if (simd.Lanes == 1)
        {
            _w.WriteLine($"OutputTile{s}(ref Unsafe.Add(ref m, k * ChannelsPadded + c), ref Unsafe.Add(ref gradWeights, (k * InChannels + c) * {Taps}));");
            return;
        }
        _w.WriteLine($"OutputTile{s}(ref Unsafe.Add(ref m, k * ChannelsPadded + c), ref taps);");
        _w.WriteLine($"// Tap-major to the channels' {R}×{R} filters: 8×8 register transposes per eight channels and eight taps, the last {(Taps % 8 == 1 ? "tap" : "taps")} element by element.");
        _w.WriteLine($"KernelTranspose.TapsToFilters(ref taps, {simd.Lanes}, {channels}, {Taps}, ref Unsafe.Add(ref gradWeights, (k * InChannels + c) * {Taps}));");
    }

    private void EmitOutputTile(SimdVocabulary simd)
    {
        string s = simd.Suffix;
        int r = _transform.OutputTransform.RowCount;
        bool scalar = simd.Lanes == 1;
        _w.WriteLine($"/// <summary>{s} last transform of {simd.Lanes} (output, input) channel pair(s): dW = V^T·(s_a·s_b·M[a·N + b])·V (M[ξ] is ξ·MStride apart); tap (p, q) goes to {(scalar ? $"dw[p·{R} + q]" : $"dw[(p·{R} + q)·{simd.Lanes}], tap-major")}.</summary>");
        _w.WriteLine("[MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]");
        using (_w.Block($"private static void OutputTile{s}(ref float mt, ref float dw)"))
        {
            WriteLines(new WinogradTransformEmitter(simd).ApplySeparable(_transform.OutputTransform, PointPairing.Columns, "V^T",
                (a, b) => $"m{a}_{b}",
                (a, b) => ScaledLoad(simd, a, b),
                b => $"// Column {b}: V^T·(S·M·S)[·][{b}].", "s",
                p => $"// Row {p}: (V^T·S·M·S)[{p}][·]·V, kernel row {p}.", "w",
                (p, q, value) => simd.Store(value, "dw", (p * r + q) * simd.Lanes)));
        }
    }

    /// <summary>The declaration of M[a·N + b] scaled by s_a·s_b (rounded to float32 where it is not exact).</summary>
    private string ScaledLoad(SimdVocabulary simd, int a, int b)
    {
        Rational scale = _transform.PointScale(a, b);
        string load = simd.Load("mt", $"{a * N + b} * MStride");
        return $"var m{a}_{b} = {(scale == Rational.One ? load : $"{load} * {Literal.Float(scale.ToSingle())}")};{(scale == Rational.One || scale.IsExactlyRepresentableAsSingle ? "" : $" // s_{a}·s_{b} = {scale}, rounded")}";
    }

    private void WriteLines(IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            _w.WriteLine(line);
        }
    }
}
