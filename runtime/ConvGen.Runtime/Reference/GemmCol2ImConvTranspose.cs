using System;
using System.Runtime.Intrinsics;

namespace ConvGen.Reference;

/// <summary>
/// A generic (run-time shape) transposed convolution built the way PyTorch's CPU fallback (<c>slow_conv_transpose2d</c>,
/// the <c>SlowTranspose2d</c> backend) builds it: per image and group, the GEMM <c>columns = Wᵀ · X</c> followed by a
/// col2im scatter-add into the output. It is the "GEMM without shape specialisation" baseline for the generated
/// <c>[ConvTranspose2D]</c> kernels and a fast second oracle next to <see cref="GenericConv.NaiveTransposedForward"/>.
/// </summary>
/// <remarks>
/// <para>
/// Per image and group, with weights <c>W[cg × kg·kh·kw]</c> (PyTorch's <c>[C][K/G][kh][kw]</c>) and the group's input
/// <c>X[cg × H·W]</c> (NCHW), the GEMM is <c>columns[kg·kh·kw × H·W] = Wᵀ · X</c>: row (k, ky, kx), column (iy, ix)
/// holds the contribution of input pixel (iy, ix) to output pixel (iy·sh − ph + ky·dh, ix·sw − pw + kx·dw) of channel
/// k, and col2im adds every entry that lands inside the output there. The GEMM is <see cref="PackedSgemm"/> (the
/// 6×16 FMA tile of <see cref="Im2ColGemmConv"/>) reading Wᵀ in place (transposed-A layout, no weight copy); X is
/// packed into 16-pixel panels. Input pixels are processed in chunks so that the packed X and the column chunk stay
/// in L2 (~384 KB together). col2im adds whole input-row runs: contiguous vector adds at stride 1, a scalar strided
/// loop otherwise (as PyTorch's col2im). Bias and activation are applied in a final pass over each group's output.
/// </para>
/// <para>
/// Single-threaded (<see cref="ConvThreads.MaxThreads"/> is not consulted) and thread-safe: each calling thread keeps
/// its own cached, 64-byte-aligned scratch buffers, which grow to the largest layer it has run.
/// </para>
/// </remarks>
public static unsafe class GemmCol2ImConvTranspose
{
    private const int NR = PackedSgemm.NR;
    /// <summary>Target size in floats of the packed input chunk plus the column chunk: ~384 KB, so both stay in L2.</summary>
    private const int ChunkFloats = 96 * 1024;

    [ThreadStatic] private static PackedSgemm.ScratchBuffer? t_packed;
    [ThreadStatic] private static PackedSgemm.ScratchBuffer? t_columns;

    /// <summary>
    /// Forward transposed convolution in PyTorch's semantics (<c>ConvTranspose2d</c>: NCHW input and output, weights
    /// <c>[InChannels][OutChannels/Groups][kh][kw]</c>, <see cref="ConvTranspose2DShape.Height"/> × <see cref="ConvTranspose2DShape.Width"/>
    /// the input's), with bias and activation applied at the end. The batch is <c>input.Length / (C·H·W)</c>;
    /// <paramref name="output"/> is overwritten. Single-threaded.
    /// </summary>
    /// <param name="shape">The layer.</param>
    /// <param name="input">N·C·H·W input values.</param>
    /// <param name="weights">C·(K/G)·kh·kw weights.</param>
    /// <param name="bias">K biases, or empty for none.</param>
    /// <param name="output">N·K·OH·OW outputs.</param>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void Forward(in ConvTranspose2DShape shape, ReadOnlySpan<float> input, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        shape.Validate();
        int batch = GenericConv.CheckLengths(shape, input, weights, bias, output);
        if (batch == 0)
        {
            return;
        }
        var g = new Geometry(shape);
        float* packed = PackedSgemm.Scratch(ref t_packed, (long)g.Cg * g.Chunk);
        float* columns = PackedSgemm.Scratch(ref t_columns, (long)g.M * g.Chunk);
        output.Clear();

        fixed (float* x = input, w = weights, b = bias, y = output)
        {
            for (int n = 0; n < batch; n++)
            {
                for (int group = 0; group < shape.Groups; group++)
                {
                    float* xg = x + ((long)n * shape.InChannels + (long)group * g.Cg) * g.Pixels;
                    float* wg = w + (long)group * g.Cg * g.M;
                    float* yg = y + ((long)n * shape.OutChannels + (long)group * g.Kg) * g.OutPlane;
                    for (int j0 = 0; j0 < g.Pixels; j0 += g.Chunk)
                    {
                        int count = Math.Min(g.Chunk, g.Pixels - j0);
                        PackedSgemm.PackRows(xg, g.Pixels, g.Cg, j0, count, packed);
                        PackedSgemm.Multiply(g.M, g.Cg, wg, g.M, transposedA: true, packed, columns, g.Chunk, count, g.KBlock, g.MBlock);
                        Col2Im(g, columns, j0, count, yg);
                    }
                    PackedSgemm.BiasActivation(yg, b == null ? null : b + (long)group * g.Kg, g.Kg, g.OutPlane, shape.Activation, shape.NegativeSlope);
                }
            }
        }
    }

    /// <summary>The layer's numbers as GEMM dimensions and col2im strides.</summary>
    private readonly struct Geometry
    {
        public readonly int H, W, KH, KW, SH, SW, PH, PW, DH, DW, OH, OW;
        /// <summary>Input channels per group (the GEMM's depth) and output channels per group.</summary>
        public readonly int Cg, Kg;
        /// <summary>GEMM rows kg·kh·kw, input pixels H·W (the GEMM's width) and output pixels per channel.</summary>
        public readonly int M, Pixels, OutPlane;
        /// <summary>Input pixels per chunk (a multiple of <see cref="NR"/>; also the column chunk's row stride).</summary>
        public readonly int Chunk;
        /// <summary>Balanced K and M block sizes (<see cref="PackedSgemm.Blocks"/>).</summary>
        public readonly int KBlock, MBlock;

        public Geometry(in ConvTranspose2DShape s)
        {
            H = s.Height; W = s.Width; KH = s.KernelHeight; KW = s.KernelWidth;
            SH = s.StrideHeight; SW = s.StrideWidth; PH = s.PaddingHeight; PW = s.PaddingWidth;
            DH = s.DilationHeight; DW = s.DilationWidth; OH = s.OutHeight; OW = s.OutWidth;
            Cg = s.InChannels / s.Groups; Kg = s.OutChannels / s.Groups;
            M = Kg * KH * KW; Pixels = H * W; OutPlane = OH * OW;
            Chunk = Math.Min(PackedSgemm.RoundUp(Pixels, NR), Math.Max(NR, ChunkFloats / (M + Cg) / NR * NR));
            (KBlock, MBlock) = PackedSgemm.Blocks(M, Cg);
        }
    }

    /// <summary>
    /// Adds the column chunk (rows (k, ky, kx), <see cref="Geometry.Chunk"/> apart; columns = input pixels
    /// [j0, j0 + count)) into the group's output <paramref name="y"/>: per row, the chunk is split into runs on one input
    /// row, and each run adds the part whose output columns lie inside the output.
    /// </summary>
    private static void Col2Im(in Geometry g, float* columns, int j0, int count, float* y)
    {
        // Locals, not fields of g: g is a reference the float stores could alias, so the JIT would reload them.
        int w = g.W, kh = g.KH, kw = g.KW, sh = g.SH, sw = g.SW, oh = g.OH, ow = g.OW, chunk = g.Chunk, plane = g.OutPlane;
        int end = j0 + count;
        float* row = columns;
        for (int k = 0; k < g.Kg; k++)
        {
            float* yk = y + (long)k * plane;
            for (int ky = 0; ky < kh; ky++)
            {
                int dy = ky * g.DH - g.PH;
                for (int kx = 0; kx < kw; kx++, row += chunk)
                {
                    // Output column ox = ix·sw + dx; the input columns that land inside [0, ow) are [ixLo, ixHi].
                    int dx = kx * g.DW - g.PW;
                    int ixLo = dx >= 0 ? 0 : (-dx + sw - 1) / sw;
                    int ixHi = ow - 1 - dx < 0 ? -1 : Math.Min(w - 1, (ow - 1 - dx) / sw);
                    if (ixLo > ixHi)
                    {
                        continue;
                    }
                    for (int q = j0; q < end;)
                    {
                        int iy = q / w, ix0 = q - iy * w;
                        int run = Math.Min(w - ix0, end - q);
                        int oy = iy * sh + dy;
                        int lo = Math.Max(ix0, ixLo), hi = Math.Min(ix0 + run - 1, ixHi);
                        if ((uint)oy < (uint)oh && lo <= hi)
                        {
                            float* src = row + (q - j0) + (lo - ix0);
                            float* dst = yk + (long)oy * ow + lo * sw + dx;
                            int length = hi - lo + 1;
                            if (sw == 1)
                            {
                                AddInto(dst, src, length);
                            }
                            else
                            {
                                for (int i = 0; i < length; i++, dst += sw)
                                {
                                    *dst += src[i];
                                }
                            }
                        }
                        q += run;
                    }
                }
            }
        }
    }

    /// <summary>dst[i] += src[i] for i &lt; length.</summary>
    private static void AddInto(float* dst, float* src, int length)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= length; i += 8)
            {
                (Vector256.Load(dst + i) + Vector256.Load(src + i)).Store(dst + i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= length; i += 4)
            {
                (Vector128.Load(dst + i) + Vector128.Load(src + i)).Store(dst + i);
            }
        }
        for (; i < length; i++)
        {
            dst[i] += src[i];
        }
    }
}
