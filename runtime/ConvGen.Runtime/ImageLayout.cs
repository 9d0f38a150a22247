using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ConvGen;

/// <summary>
/// Converts images between the interleaved bytes that image libraries and cameras hand out (HWC: <c>RGBRGB…</c> row by
/// row, optionally with padded rows) and the planar floats the kernels read and write (CHW: one plane per channel), so
/// that an image pipeline is not held up by a per-pixel loop around a fast kernel.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ToPlanar(ReadOnlySpan{byte}, int, int, int, Span{float}, float, float, int)"/> computes
/// <c>planar[c·H·W + y·W + x] = pixels[y·rowStride + x·C + c] · scale + offset</c>, with one <c>scale</c> and
/// <c>offset</c> per channel (ImageNet's normalisation, say: scale = 1 / (255·std), offset = −mean / std) or one of
/// each for all. <see cref="ToInterleaved(ReadOnlySpan{float}, int, int, int, Span{byte}, float, float, int)"/> is the way back:
/// <c>pixels[y·rowStride + x·C + c]</c> = <c>planar[c·H·W + y·W + x] · scale + offset</c> rounded to the nearest
/// integer (ties to even) and saturated to 0-255, NaN giving 0; the padding bytes of a row are left as they are.
/// </para>
/// <para>
/// Both round each product and each sum to float (no fused multiply-add), on every instruction set, so the results are
/// the same bits on every machine. One to four channels take a SIMD path (byte shuffles on 16 pixels at a
/// time, <c>Vector512</c>, <c>Vector256</c> or <c>Vector128</c> conversions); other channel counts a scalar one.
/// A rowStride of 0 means rows of <c>width·channels</c> bytes with nothing between them, and then the pixel span must
/// hold exactly <c>height·width·channels</c> bytes (a check that the image is what the caller says); with a stride
/// given (<c>width·channels</c> or more) it needs at least <c>(height − 1)·rowStride + width·channels</c>, as a bitmap's
/// last row may be unpadded. The planar span must hold exactly <c>channels·height·width</c>
/// floats (slice a batch's buffer for one image). Every check throws <see cref="ArgumentException"/> (or
/// <see cref="ArgumentOutOfRangeException"/>) before anything is written.
/// </para>
/// </remarks>
public static class ImageLayout
{
    /// <summary>
    /// Splits interleaved pixels into float planes, each value times <paramref name="scale"/> (1/255f gives 0-1) plus
    /// <paramref name="offset"/>.
    /// </summary>
    /// <param name="pixels">The image: <paramref name="height"/> rows of <paramref name="width"/> pixels of <paramref name="channels"/> bytes.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="channels">Bytes per pixel (3 for RGB, 4 for RGBA, 1 for grey).</param>
    /// <param name="planar">The channels' planes, <c>channels·height·width</c> floats.</param>
    /// <param name="scale">The factor every byte is multiplied by.</param>
    /// <param name="offset">The term added after the product.</param>
    /// <param name="rowStride">Bytes from one row to the next; 0 for <c>width·channels</c>.</param>
    public static void ToPlanar(ReadOnlySpan<byte> pixels, int height, int width, int channels, Span<float> planar,
        float scale = 1f, float offset = 0f, int rowStride = 0)
    {
        CheckChannels(channels);
        Span<float> factors = channels <= MaxStackChannels ? stackalloc float[2 * MaxStackChannels] : new float[2 * channels];
        ToPlanar(pixels, height, width, channels, planar, Uniform(factors, channels, scale, offset), factors.Slice(channels, channels), rowStride);
    }

    /// <summary>
    /// Splits interleaved pixels into float planes, channel c's values times <c>scale[c]</c> plus <c>offset[c]</c>.
    /// </summary>
    /// <param name="pixels">The image: <paramref name="height"/> rows of <paramref name="width"/> pixels of <paramref name="channels"/> bytes.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="channels">Bytes per pixel.</param>
    /// <param name="planar">The channels' planes, <c>channels·height·width</c> floats.</param>
    /// <param name="scale">One factor per channel.</param>
    /// <param name="offset">One term per channel, added after the product.</param>
    /// <param name="rowStride">Bytes from one row to the next; 0 for <c>width·channels</c>.</param>
    public static void ToPlanar(ReadOnlySpan<byte> pixels, int height, int width, int channels, Span<float> planar,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset, int rowStride = 0)
    {
        int stride = CheckArguments(pixels, height, width, channels, planar, scale, offset, rowStride, nameof(planar));
        Deinterleave(pixels, height, width, channels, stride, planar, scale, offset);
    }

    /// <summary>
    /// Writes float planes back as interleaved pixels: each value times <paramref name="scale"/> (255 for planes in 0-1)
    /// plus <paramref name="offset"/>, rounded to the nearest integer (ties to even) and saturated to 0-255; NaN gives 0.
    /// </summary>
    /// <param name="planar">The channels' planes, <c>channels·height·width</c> floats.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="channels">Bytes per pixel.</param>
    /// <param name="pixels">The image written: <paramref name="height"/> rows of <paramref name="width"/> pixels; a row's padding is left as it is.</param>
    /// <param name="scale">The factor every value is multiplied by.</param>
    /// <param name="offset">The term added after the product.</param>
    /// <param name="rowStride">Bytes from one row to the next; 0 for <c>width·channels</c>.</param>
    public static void ToInterleaved(ReadOnlySpan<float> planar, int height, int width, int channels, Span<byte> pixels,
        float scale = 1f, float offset = 0f, int rowStride = 0)
    {
        CheckChannels(channels);
        Span<float> factors = channels <= MaxStackChannels ? stackalloc float[2 * MaxStackChannels] : new float[2 * channels];
        ToInterleaved(planar, height, width, channels, pixels, Uniform(factors, channels, scale, offset), factors.Slice(channels, channels), rowStride);
    }

    /// <summary>
    /// Writes float planes back as interleaved pixels: channel c's values times <c>scale[c]</c> plus <c>offset[c]</c>,
    /// rounded to the nearest integer (ties to even) and saturated to 0-255; NaN gives 0.
    /// </summary>
    /// <param name="planar">The channels' planes, <c>channels·height·width</c> floats.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="channels">Bytes per pixel.</param>
    /// <param name="pixels">The image written: <paramref name="height"/> rows of <paramref name="width"/> pixels; a row's padding is left as it is.</param>
    /// <param name="scale">One factor per channel.</param>
    /// <param name="offset">One term per channel, added after the product.</param>
    /// <param name="rowStride">Bytes from one row to the next; 0 for <c>width·channels</c>.</param>
    public static void ToInterleaved(ReadOnlySpan<float> planar, int height, int width, int channels, Span<byte> pixels,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset, int rowStride = 0)
    {
        int stride = CheckArguments(pixels, height, width, channels, planar, scale, offset, rowStride, nameof(pixels));
        Interleave(planar, height, width, channels, stride, pixels, scale, offset);
    }

    /// <summary>Channel counts up to this take their per-channel factors from the stack.</summary>
    private const int MaxStackChannels = 16;

    /// <summary>Pixels a SIMD step converts: one <c>Vector128&lt;byte&gt;</c> of each channel.</summary>
    private const int Block = 16;

    /// <summary>Byte index that makes a shuffle write zero (pshufb, tbl and Vector128.Shuffle all agree on it).</summary>
    private const byte Zero = 0x80;

    /// <summary>
    /// <c>GatherChannel[C][c·C + v]</c>: the shuffle that picks channel c's bytes out of the v-th 16-byte vector of a
    /// block of 16 pixels of C channels, into their pixel positions.
    /// </summary>
    private static readonly Vector128<byte>[][] GatherChannel = { [], [], ShuffleTable(2, gather: true), ShuffleTable(3, gather: true), ShuffleTable(4, gather: true) };

    /// <summary>
    /// <c>ScatterChannel[C][v·C + c]</c>: the shuffle that places channel c's 16 bytes (one per pixel) into the v-th
    /// 16-byte vector of a block of 16 interleaved pixels of C channels.
    /// </summary>
    private static readonly Vector128<byte>[][] ScatterChannel = { [], [], ShuffleTable(2, gather: false), ShuffleTable(3, gather: false), ShuffleTable(4, gather: false) };

    private static Vector128<byte>[] ShuffleTable(int channels, bool gather)
    {
        var table = new Vector128<byte>[channels * channels];
        Span<byte> indices = stackalloc byte[Block];
        for (int c = 0; c < channels; c++)
        {
            for (int v = 0; v < channels; v++)
            {
                for (int k = 0; k < Block; k++)
                {
                    if (gather)
                    {
                        // Pixel k's channel c sits at byte k·C + c of the block.
                        int source = k * channels + c;
                        indices[k] = source / Block == v ? (byte)(source % Block) : Zero;
                    }
                    else
                    {
                        // Byte k of vector v is pixel (16v + k) / C's channel (16v + k) % C.
                        int position = v * Block + k;
                        indices[k] = position % channels == c ? (byte)(position / channels) : Zero;
                    }
                }
                table[gather ? c * channels + v : v * channels + c] = Vector128.Create((ReadOnlySpan<byte>)indices);
            }
        }
        return table;
    }

    /// <summary>
    /// Fills the first <paramref name="channels"/> floats of <paramref name="factors"/> with <paramref name="scale"/>
    /// and the next <paramref name="channels"/> (the offsets) with <paramref name="offset"/>, returning the first part.
    /// </summary>
    private static ReadOnlySpan<float> Uniform(Span<float> factors, int channels, float scale, float offset)
    {
        factors.Slice(0, channels).Fill(scale);
        factors.Slice(channels, channels).Fill(offset);
        return factors.Slice(0, channels);
    }

    /// <summary>Every check of a conversion, before anything is written; returns the row stride in bytes.</summary>
    private static int CheckArguments(ReadOnlySpan<byte> pixels, int height, int width, int channels, ReadOnlySpan<float> planar,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset, int rowStride, string written)
    {
        int stride = CheckImage(pixels.Length, height, width, channels, rowStride, nameof(pixels));
        CheckPlanar(planar.Length, height, width, channels, nameof(planar));
        CheckPerChannel(scale.Length, channels, nameof(scale));
        CheckPerChannel(offset.Length, channels, nameof(offset));
        CheckApart(pixels, MemoryMarshal.AsBytes(planar), written);
        return stride;
    }

    private static void CheckChannels(int channels)
    {
        if (channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be at least 1.");
        }
    }

    private static int CheckImage(int length, int height, int width, int channels, int rowStride, string name)
    {
        CheckChannels(channels);
        if (height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "height must be at least 1.");
        }
        if (width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "width must be at least 1.");
        }
        long row = (long)width * channels;
        if (rowStride != 0 && rowStride < row)
        {
            throw new ArgumentOutOfRangeException(nameof(rowStride), rowStride,
                $"rowStride must be 0 (rows of width·channels = {row} bytes, nothing between them) or at least {row}.");
        }
        long stride = rowStride == 0 ? row : rowStride;
        if (rowStride == 0 && length != height * row)
        {
            throw new ArgumentException(
                $"{name} has {length} bytes, but {height} rows of {width} pixels of {channels} channels are {height * row} bytes " +
                "(pass rowStride for rows with padding between them).", name);
        }
        long needed = (height - 1) * stride + row;
        if (length < needed)
        {
            throw new ArgumentException(
                $"{name} has {length} bytes, but {height} rows {stride} bytes apart of {width} pixels of {channels} channels need {needed}.", name);
        }
        return (int)stride;
    }

    private static void CheckPlanar(int length, int height, int width, int channels, string name)
    {
        long needed = (long)channels * height * width;
        if (length != needed)
        {
            throw new ArgumentException(
                $"{name} has {length} floats, but {channels} planes of {height}×{width} are {needed} (slice a batch's buffer for one image).", name);
        }
    }

    private static void CheckPerChannel(int length, int channels, string name)
    {
        if (length != channels)
        {
            throw new ArgumentException($"{name} has {length} values, but the image has {channels} channels: one each.", name);
        }
    }

    private static void CheckApart(ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> planar, string written)
    {
        if (pixels.Overlaps(planar))
        {
            throw new ArgumentException("The pixels and the planar floats overlap in memory; convert between separate buffers.", written);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Deinterleave(ReadOnlySpan<byte> pixels, int height, int width, int channels, int rowStride,
        Span<float> planar, ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        int plane = height * width;
        bool simd = Vector128.IsHardwareAccelerated && channels <= 4;
        ref byte image = ref MemoryMarshal.GetReference(pixels);
        ref float planes = ref MemoryMarshal.GetReference(planar);
        for (int y = 0; y < height; y++)
        {
            ref byte row = ref Unsafe.Add(ref image, y * rowStride);
            ref float first = ref Unsafe.Add(ref planes, y * width);
            int start = simd ? DeinterleaveBlocks(ref row, width, channels, ref first, plane, scale, offset) : 0;
            // The row's last pixels, or every pixel where no SIMD path applies: one channel at a time.
            for (int c = 0; c < channels; c++)
            {
                float factor = scale[c], term = offset[c];
                ref float target = ref Unsafe.Add(ref first, c * plane);
                for (int x = start; x < width; x++)
                {
                    Unsafe.Add(ref target, x) = Unsafe.Add(ref row, x * channels + c) * factor + term;
                }
            }
        }
    }

    /// <summary>
    /// Converts a row's whole blocks of 16 pixels (of one to four channels) and returns how many pixels that was: each
    /// channel's 16 bytes gathered from the block's vectors by shuffles, widened to floats, scaled and stored.
    /// </summary>
    private static int DeinterleaveBlocks(ref byte row, int width, int channels, ref float first, int plane,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset) => channels switch
    {
        1 => GreyToPlanar(ref row, width, ref first, plane, scale, offset),
        2 => PairsToPlanar(ref row, width, ref first, plane, scale, offset),
        3 => RgbToPlanar(ref row, width, ref first, plane, scale, offset),
        _ => RgbaToPlanar(ref row, width, ref first, plane, scale, offset),
    };

    /// <summary>Grey: the bytes are already one plane.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int GreyToPlanar(ref byte row, int width, ref float first, int plane,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        int x = 0;
        float s0 = scale[0], o0 = offset[0];
        for (; x <= width - Block; x += Block)
        {
            StoreAsFloats(Vector128.LoadUnsafe(ref row, (nuint)x), ref Unsafe.Add(ref first, x), s0, o0);
        }
        return x;
    }

    /// <summary>Two channels: two vectors of 16 pixels in, one vector of each channel out.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int PairsToPlanar(ref byte row, int width, ref float first, int plane,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        int x = 0;
        float s0 = scale[0], o0 = offset[0], s1 = scale[1], o1 = offset[1];
        ReadOnlySpan<Vector128<byte>> t = GatherChannel[2];
        Vector128<byte> t00 = t[0], t01 = t[1], t10 = t[2], t11 = t[3];
        for (; x <= width - Block; x += Block)
        {
            // 16 pixels of two channels: two vectors in, one vector of each channel out.
            ref byte source = ref Unsafe.Add(ref row, x * 2);
            Vector128<byte> v0 = Vector128.LoadUnsafe(ref source), v1 = Vector128.LoadUnsafe(ref source, Block);
            StoreAsFloats(Shuffle(v0, t00) | Shuffle(v1, t01), ref Unsafe.Add(ref first, x), s0, o0);
            StoreAsFloats(Shuffle(v0, t10) | Shuffle(v1, t11), ref Unsafe.Add(ref first, plane + x), s1, o1);
        }
        return x;
    }

    /// <summary>Three channels: three vectors of 16 pixels in, one vector of each channel out.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int RgbToPlanar(ref byte row, int width, ref float first, int plane,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        int x = 0;
        float s0 = scale[0], o0 = offset[0], s1 = scale[1], o1 = offset[1], s2 = scale[2], o2 = offset[2];
        ReadOnlySpan<Vector128<byte>> t = GatherChannel[3];
        Vector128<byte> t00 = t[0], t01 = t[1], t02 = t[2], t10 = t[3], t11 = t[4], t12 = t[5], t20 = t[6], t21 = t[7], t22 = t[8];
        for (; x <= width - Block; x += Block)
        {
            // 16 RGB pixels: three vectors in, one vector of each channel out.
            ref byte source = ref Unsafe.Add(ref row, x * 3);
            Vector128<byte> v0 = Vector128.LoadUnsafe(ref source), v1 = Vector128.LoadUnsafe(ref source, Block);
            Vector128<byte> v2 = Vector128.LoadUnsafe(ref source, 2 * Block);
            StoreAsFloats(Shuffle(v0, t00) | Shuffle(v1, t01) | Shuffle(v2, t02), ref Unsafe.Add(ref first, x), s0, o0);
            StoreAsFloats(Shuffle(v0, t10) | Shuffle(v1, t11) | Shuffle(v2, t12), ref Unsafe.Add(ref first, plane + x), s1, o1);
            StoreAsFloats(Shuffle(v0, t20) | Shuffle(v1, t21) | Shuffle(v2, t22), ref Unsafe.Add(ref first, 2 * plane + x), s2, o2);
        }
        return x;
    }

    /// <summary>Four channels: four vectors of 16 pixels in, one vector of each channel out.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int RgbaToPlanar(ref byte row, int width, ref float first, int plane,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        int x = 0;
        float s0 = scale[0], o0 = offset[0], s1 = scale[1], o1 = offset[1], s2 = scale[2], o2 = offset[2], s3 = scale[3], o3 = offset[3];
        ReadOnlySpan<Vector128<byte>> t = GatherChannel[4];
        Vector128<byte> t00 = t[0], t01 = t[1], t02 = t[2], t03 = t[3], t10 = t[4], t11 = t[5], t12 = t[6], t13 = t[7];
        Vector128<byte> t20 = t[8], t21 = t[9], t22 = t[10], t23 = t[11], t30 = t[12], t31 = t[13], t32 = t[14], t33 = t[15];
        for (; x <= width - Block; x += Block)
        {
            // 16 RGBA pixels: four vectors in, one vector of each channel out.
            ref byte source = ref Unsafe.Add(ref row, x * 4);
            Vector128<byte> v0 = Vector128.LoadUnsafe(ref source), v1 = Vector128.LoadUnsafe(ref source, Block);
            Vector128<byte> v2 = Vector128.LoadUnsafe(ref source, 2 * Block), v3 = Vector128.LoadUnsafe(ref source, 3 * Block);
            StoreAsFloats(Shuffle(v0, t00) | Shuffle(v1, t01) | Shuffle(v2, t02) | Shuffle(v3, t03), ref Unsafe.Add(ref first, x), s0, o0);
            StoreAsFloats(Shuffle(v0, t10) | Shuffle(v1, t11) | Shuffle(v2, t12) | Shuffle(v3, t13), ref Unsafe.Add(ref first, plane + x), s1, o1);
            StoreAsFloats(Shuffle(v0, t20) | Shuffle(v1, t21) | Shuffle(v2, t22) | Shuffle(v3, t23), ref Unsafe.Add(ref first, 2 * plane + x), s2, o2);
            StoreAsFloats(Shuffle(v0, t30) | Shuffle(v1, t31) | Shuffle(v2, t32) | Shuffle(v3, t33), ref Unsafe.Add(ref first, 3 * plane + x), s3, o3);
        }
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Interleave(ReadOnlySpan<float> planar, int height, int width, int channels, int rowStride,
        Span<byte> pixels, ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        int plane = height * width;
        bool simd = Vector128.IsHardwareAccelerated && channels <= 4;
        ref byte image = ref MemoryMarshal.GetReference(pixels);
        ref float planes = ref MemoryMarshal.GetReference(planar);
        for (int y = 0; y < height; y++)
        {
            ref byte row = ref Unsafe.Add(ref image, y * rowStride);
            ref float first = ref Unsafe.Add(ref planes, y * width);
            int start = simd ? InterleaveBlocks(ref first, plane, width, channels, ref row, scale, offset) : 0;
            // The row's last pixels, or every pixel where no SIMD path applies: one channel at a time.
            for (int c = 0; c < channels; c++)
            {
                float factor = scale[c], term = offset[c];
                ref float source = ref Unsafe.Add(ref first, c * plane);
                for (int x = start; x < width; x++)
                {
                    Unsafe.Add(ref row, x * channels + c) = ToByte(Unsafe.Add(ref source, x) * factor + term);
                }
            }
        }
    }

    /// <summary>
    /// Converts a row's whole blocks of 16 pixels (of one to four channels) and returns how many pixels that was: each
    /// channel's 16 floats rounded and saturated to bytes, then placed into the block's vectors by shuffles.
    /// </summary>
    private static int InterleaveBlocks(ref float first, int plane, int width, int channels, ref byte row,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset) => channels switch
    {
        1 => PlanarToGrey(ref first, plane, width, ref row, scale, offset),
        2 => PlanarToPairs(ref first, plane, width, ref row, scale, offset),
        3 => PlanarToRgb(ref first, plane, width, ref row, scale, offset),
        _ => PlanarToRgba(ref first, plane, width, ref row, scale, offset),
    };

    /// <summary>Grey: one plane is already the pixels.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int PlanarToGrey(ref float first, int plane, int width, ref byte row,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        int x = 0;
        float s0 = scale[0], o0 = offset[0];
        // Grey: one plane is already the pixels.
        for (; x <= width - Block; x += Block)
        {
            LoadAsBytes(ref Unsafe.Add(ref first, x), s0, o0).StoreUnsafe(ref row, (nuint)x);
        }
        return x;
    }

    /// <summary>Two channels: one vector of each channel in, two interleaved vectors of 16 pixels out.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int PlanarToPairs(ref float first, int plane, int width, ref byte row,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        int x = 0;
        float s0 = scale[0], o0 = offset[0], s1 = scale[1], o1 = offset[1];
        ReadOnlySpan<Vector128<byte>> t = ScatterChannel[2];
        Vector128<byte> t00 = t[0], t01 = t[1], t10 = t[2], t11 = t[3];
        for (; x <= width - Block; x += Block)
        {
            // 16 pixels of two channels: one vector of each channel in, two interleaved vectors out.
            Vector128<byte> c0 = LoadAsBytes(ref Unsafe.Add(ref first, x), s0, o0);
            Vector128<byte> c1 = LoadAsBytes(ref Unsafe.Add(ref first, plane + x), s1, o1);
            ref byte target = ref Unsafe.Add(ref row, x * 2);
            (Shuffle(c0, t00) | Shuffle(c1, t01)).StoreUnsafe(ref target);
            (Shuffle(c0, t10) | Shuffle(c1, t11)).StoreUnsafe(ref target, Block);
        }
        return x;
    }

    /// <summary>Three channels: one vector of each channel in, three interleaved vectors of 16 pixels out.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int PlanarToRgb(ref float first, int plane, int width, ref byte row,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        int x = 0;
        float s0 = scale[0], o0 = offset[0], s1 = scale[1], o1 = offset[1], s2 = scale[2], o2 = offset[2];
        ReadOnlySpan<Vector128<byte>> t = ScatterChannel[3];
        Vector128<byte> t00 = t[0], t01 = t[1], t02 = t[2], t10 = t[3], t11 = t[4], t12 = t[5], t20 = t[6], t21 = t[7], t22 = t[8];
        for (; x <= width - Block; x += Block)
        {
            // 16 RGB pixels: one vector of each channel in, three interleaved vectors out.
            Vector128<byte> c0 = LoadAsBytes(ref Unsafe.Add(ref first, x), s0, o0);
            Vector128<byte> c1 = LoadAsBytes(ref Unsafe.Add(ref first, plane + x), s1, o1);
            Vector128<byte> c2 = LoadAsBytes(ref Unsafe.Add(ref first, 2 * plane + x), s2, o2);
            ref byte target = ref Unsafe.Add(ref row, x * 3);
            (Shuffle(c0, t00) | Shuffle(c1, t01) | Shuffle(c2, t02)).StoreUnsafe(ref target);
            (Shuffle(c0, t10) | Shuffle(c1, t11) | Shuffle(c2, t12)).StoreUnsafe(ref target, Block);
            (Shuffle(c0, t20) | Shuffle(c1, t21) | Shuffle(c2, t22)).StoreUnsafe(ref target, 2 * Block);
        }
        return x;
    }

    /// <summary>Four channels: one vector of each channel in, four interleaved vectors of 16 pixels out.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int PlanarToRgba(ref float first, int plane, int width, ref byte row,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> offset)
    {
        int x = 0;
        float s0 = scale[0], o0 = offset[0], s1 = scale[1], o1 = offset[1], s2 = scale[2], o2 = offset[2], s3 = scale[3], o3 = offset[3];
        ReadOnlySpan<Vector128<byte>> t = ScatterChannel[4];
        Vector128<byte> t00 = t[0], t01 = t[1], t02 = t[2], t03 = t[3], t10 = t[4], t11 = t[5], t12 = t[6], t13 = t[7];
        Vector128<byte> t20 = t[8], t21 = t[9], t22 = t[10], t23 = t[11], t30 = t[12], t31 = t[13], t32 = t[14], t33 = t[15];
        for (; x <= width - Block; x += Block)
        {
            // 16 RGBA pixels: one vector of each channel in, four interleaved vectors out.
            Vector128<byte> c0 = LoadAsBytes(ref Unsafe.Add(ref first, x), s0, o0);
            Vector128<byte> c1 = LoadAsBytes(ref Unsafe.Add(ref first, plane + x), s1, o1);
            Vector128<byte> c2 = LoadAsBytes(ref Unsafe.Add(ref first, 2 * plane + x), s2, o2);
            Vector128<byte> c3 = LoadAsBytes(ref Unsafe.Add(ref first, 3 * plane + x), s3, o3);
            ref byte target = ref Unsafe.Add(ref row, x * 4);
            (Shuffle(c0, t00) | Shuffle(c1, t01) | Shuffle(c2, t02) | Shuffle(c3, t03)).StoreUnsafe(ref target);
            (Shuffle(c0, t10) | Shuffle(c1, t11) | Shuffle(c2, t12) | Shuffle(c3, t13)).StoreUnsafe(ref target, Block);
            (Shuffle(c0, t20) | Shuffle(c1, t21) | Shuffle(c2, t22) | Shuffle(c3, t23)).StoreUnsafe(ref target, 2 * Block);
            (Shuffle(c0, t30) | Shuffle(c1, t31) | Shuffle(c2, t32) | Shuffle(c3, t33)).StoreUnsafe(ref target, 3 * Block);
        }
        return x;
    }

    /// <summary>Rounds to the nearest integer (ties to even) and saturates to 0-255; NaN gives 0.</summary>
    private static byte ToByte(float value)
    {
        if (!(value >= 0f))
        {
            return 0;
        }
        return value >= 255f ? (byte)255 : (byte)MathF.Round(value);
    }

    /// <summary>A byte shuffle whose indices of 0x80 give zero, on the instruction the hardware has.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Shuffle(Vector128<byte> bytes, Vector128<byte> indices)
    {
        if (Ssse3.IsSupported)
        {
            return Ssse3.Shuffle(bytes, indices);
        }
        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.VectorTableLookup(bytes, indices);
        }
        return Vector128.Shuffle(bytes, indices);
    }

    /// <summary>Widens 16 bytes to floats and stores <c>byte·scale + offset</c> at <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreAsFloats(Vector128<byte> bytes, ref float target, float scale, float offset)
    {
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            Vector512<float> values = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(bytes));
            (values * Vector512.Create(scale) + Vector512.Create(offset)).StoreUnsafe(ref target);
            return;
        }
        if (Avx2.IsSupported)
        {
            Vector256<float> factor = Vector256.Create(scale), term = Vector256.Create(offset);
            Vector256<float> low = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes));
            Vector256<float> high = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(bytes, 8)));
            (low * factor + term).StoreUnsafe(ref target);
            (high * factor + term).StoreUnsafe(ref target, 8);
            return;
        }
        Vector128<float> f = Vector128.Create(scale), o = Vector128.Create(offset);
        (Vector128<ushort> lower, Vector128<ushort> upper) = Vector128.Widen(bytes);
        (Vector128<uint> a, Vector128<uint> b) = Vector128.Widen(lower);
        (Vector128<uint> c, Vector128<uint> d) = Vector128.Widen(upper);
        (Vector128.ConvertToSingle(a.AsInt32()) * f + o).StoreUnsafe(ref target);
        (Vector128.ConvertToSingle(b.AsInt32()) * f + o).StoreUnsafe(ref target, 4);
        (Vector128.ConvertToSingle(c.AsInt32()) * f + o).StoreUnsafe(ref target, 8);
        (Vector128.ConvertToSingle(d.AsInt32()) * f + o).StoreUnsafe(ref target, 12);
    }

    /// <summary>The 16 floats at <paramref name="source"/> as bytes: <c>value·scale + offset</c> rounded and saturated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> LoadAsBytes(ref float source, float scale, float offset)
    {
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            Vector512<float> values = Vector512.LoadUnsafe(ref source) * Vector512.Create(scale) + Vector512.Create(offset);
            // NaN and negatives to 0 (a NaN compares false), then at most 255, then to the nearest integer.
            values = Vector512.Min(Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(values, Vector512<float>.Zero), values, Vector512<float>.Zero), Vector512.Create(255f));
            return Avx512F.ConvertToVector128Byte(Vector512.ConvertToInt32(Vector512.Round(values)));
        }
        if (Sse2.IsSupported)
        {
            // cvtps2dq rounds to nearest even; min(255, NaN) stays NaN, which it turns into int.MinValue; the
            // saturating packs then take every negative to 0. So only the top needs clamping in float (2^31 and more
            // would wrap).
            Vector128<float> factor = Vector128.Create(scale), term = Vector128.Create(offset), top = Vector128.Create(255f);
            Vector128<int> i0 = Sse2.ConvertToVector128Int32(Sse.Min(top, Vector128.LoadUnsafe(ref source) * factor + term));
            Vector128<int> i1 = Sse2.ConvertToVector128Int32(Sse.Min(top, Vector128.LoadUnsafe(ref source, 4) * factor + term));
            Vector128<int> i2 = Sse2.ConvertToVector128Int32(Sse.Min(top, Vector128.LoadUnsafe(ref source, 8) * factor + term));
            Vector128<int> i3 = Sse2.ConvertToVector128Int32(Sse.Min(top, Vector128.LoadUnsafe(ref source, 12) * factor + term));
            return Sse2.PackUnsignedSaturate(Sse2.PackSignedSaturate(i0, i1), Sse2.PackSignedSaturate(i2, i3));
        }
        Vector128<float> f = Vector128.Create(scale), o = Vector128.Create(offset);
        Vector128<int> a = RoundSaturated(Vector128.LoadUnsafe(ref source) * f + o);
        Vector128<int> b = RoundSaturated(Vector128.LoadUnsafe(ref source, 4) * f + o);
        Vector128<int> c = RoundSaturated(Vector128.LoadUnsafe(ref source, 8) * f + o);
        Vector128<int> d = RoundSaturated(Vector128.LoadUnsafe(ref source, 12) * f + o);
        // Every value is 0-255, so the narrowing conversions keep it whole.
        return Vector128.Narrow(Vector128.Narrow(a, b).AsUInt16(), Vector128.Narrow(c, d).AsUInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> RoundSaturated(Vector128<float> values)
    {
        values = Vector128.Min(Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(values, Vector128<float>.Zero), values, Vector128<float>.Zero), Vector128.Create(255f));
        return Vector128.ConvertToInt32(Vector128.Round(values));
    }
}
