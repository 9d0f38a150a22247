using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// <see cref="ImageLayout"/> against a plain per-pixel reference written from its documented formulas: every channel
/// count from 1 to 6 (the SIMD paths take 1-4), widths on both sides of the 16-pixel block, padded and unpadded rows,
/// per-channel factors, and the rounding and saturation edge cases. <see cref="IsaPathTests"/> runs
/// <see cref="RunAll"/> again on the Vector256, Vector128 and scalar paths.
/// </summary>
public sealed class ImageLayoutTests
{
    private static readonly int[] s_widths = { 1, 15, 16, 17, 33, 64, 70 };

    [Fact]
    public void ToPlanarMatchesTheReferenceForEveryChannelCountWidthAndStride() => CheckToPlanar();

    [Fact]
    public void ToInterleavedMatchesTheReferenceAndLeavesRowPaddingAlone() => CheckToInterleaved();

    [Fact]
    public void RoundAndSaturateEdgeCases() => CheckEdgeCases();

    [Fact]
    public void EveryByteSurvivesTheRoundTripThroughZeroToOne() => CheckRoundTrip();

    /// <summary>Every case, for the ISA-restricted child process (<see cref="Program"/>).</summary>
    internal static void RunAll(List<string> failures, ref int passed)
    {
        foreach ((string name, Action check) in new (string, Action)[]
        {
            ("ToPlanar", CheckToPlanar), ("ToInterleaved", CheckToInterleaved), ("edge cases", CheckEdgeCases), ("round trip", CheckRoundTrip),
        })
        {
            try
            {
                check();
                passed++;
            }
            catch (Exception e)
            {
                failures.Add($"image layout, {name}: {e.Message}");
            }
        }
    }

    private static void CheckToPlanar()
    {
        var random = new Random(11);
        foreach ((int channels, int width, int height, int padding, bool perChannel) in Cases())
        {
            int stride = width * channels + padding;
            // The shortest buffer allowed: a padded image's last row without its padding.
            byte[] pixels = new byte[(height - 1) * stride + width * channels];
            random.NextBytes(pixels);
            // Per channel: factors of either sign and offsets as ImageNet's normalisation has them (a few units);
            // one for all: 0-1 shifted by a half.
            float[] scale = Factors(channels, random, perChannel, 1 / 255f, spread: 0.05);
            float[] offset = Factors(channels, random, perChannel, -0.5f, spread: 4);
            float[] expected = new float[channels * height * width];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        float product = pixels[y * stride + x * channels + c] * scale[c];
                        expected[c * height * width + y * width + x] = product + offset[c];
                    }
                }
            }
            float[] actual = Enumerable.Repeat(float.NaN, expected.Length).ToArray();
            int rowStride = padding > 0 ? stride : 0;
            if (perChannel)
            {
                ImageLayout.ToPlanar(pixels, height, width, channels, actual, scale, offset, rowStride);
            }
            else
            {
                ImageLayout.ToPlanar(pixels, height, width, channels, actual, scale[0], offset[0], rowStride);
            }
            AssertBitsEqual(expected, actual, $"ToPlanar C={channels} {height}x{width} padding {padding} perChannel {perChannel}");
        }
    }

    private static void CheckToInterleaved()
    {
        var random = new Random(12);
        foreach ((int channels, int width, int height, int padding, bool perChannel) in Cases())
        {
            int stride = width * channels + padding;
            // The shortest buffer allowed, inside a longer array whose last bytes must stay as they are.
            int length = (height - 1) * stride + width * channels;
            float[] planar = new float[channels * height * width];
            for (int i = 0; i < planar.Length; i++)
            {
                // Mostly inside 0-1 (times 255: 0-255), some beyond either end.
                planar[i] = (float)(random.NextDouble() * 1.2 - 0.1);
            }
            // Per channel: factors of either sign and offsets of tens, so that both ends saturate; one for all: ×255 + 0.5.
            float[] scale = Factors(channels, random, perChannel, 255f, spread: 400);
            float[] offset = Factors(channels, random, perChannel, 0.5f, spread: 60);
            byte[] expected = Enumerable.Repeat((byte)0xA5, length + 8).ToArray();
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        float product = planar[c * height * width + y * width + x] * scale[c];
                        expected[y * stride + x * channels + c] = ReferenceByte(product + offset[c]);
                    }
                }
            }
            byte[] actual = Enumerable.Repeat((byte)0xA5, length + 8).ToArray();
            int rowStride = padding > 0 ? stride : 0;
            if (perChannel)
            {
                ImageLayout.ToInterleaved(planar, height, width, channels, actual.AsSpan(0, length), scale, offset, rowStride);
            }
            else
            {
                ImageLayout.ToInterleaved(planar, height, width, channels, actual.AsSpan(0, length), scale[0], offset[0], rowStride);
            }
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                int at = expected.AsSpan().CommonPrefixLength(actual);
                throw new Xunit.Sdk.XunitException(
                    $"ToInterleaved C={channels} {height}x{width} padding {padding} perChannel {perChannel}: byte {at} is {actual[at]}, expected {expected[at]}");
            }
        }
    }

    private static void CheckEdgeCases()
    {
        // Ties round to even, both ends saturate, NaN and -0 give 0; in every lane of a block and in the scalar tail.
        float[] values =
        {
            0.5f, 1.5f, 2.5f, 254.5f, 253.5f, 0.49999997f, 0.50000006f, -0.5f, -0.49999997f, -0f, 0f, 255f, 255.49998f, 255.5f,
            256f, 1e10f, -1e10f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 3e9f, -3e9f, 127.5f, 128.5f,
            float.Epsilon, -float.Epsilon, 100.25f, 100.75f,
        };
        foreach (int channels in new[] { 1, 2, 3, 4, 5 })
        {
            for (int shift = 0; shift < values.Length; shift += 5)
            {
                int width = 37;
                float[] planar = new float[channels * width];
                for (int i = 0; i < planar.Length; i++)
                {
                    planar[i] = values[(i + shift) % values.Length];
                }
                byte[] actual = new byte[planar.Length];
                ImageLayout.ToInterleaved(planar, 1, width, channels, actual);
                for (int x = 0; x < width; x++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        float value = planar[c * width + x];
                        byte expected = ReferenceByte(value);
                        if (actual[x * channels + c] != expected)
                        {
                            throw new Xunit.Sdk.XunitException($"C={channels}: {value:R} at pixel {x} gave {actual[x * channels + c]}, expected {expected}");
                        }
                    }
                }
            }
        }
        // No fused multiply-add on any path: 0.38039219f (one float above 97/255f) · 255 rounds to 97.00001, and
        // + 127.5 rounds to the tie 224.5 (→ 224); fused, the sum keeps the excess, 224.50002, and gives 225. In a
        // block and in the tail, both overloads.
        Assert.Equal(225, (int)MathF.Round(MathF.FusedMultiplyAdd(0.38039219f, 255f, 127.5f)));
        foreach (int channels in new[] { 1, 3, 4 })
        {
            float[] planar = Enumerable.Repeat(0.38039219f, channels * 37).ToArray();
            byte[] viaPerChannel = new byte[planar.Length], viaOne = new byte[planar.Length];
            ImageLayout.ToInterleaved(planar, 1, 37, channels, viaPerChannel, Enumerable.Repeat(255f, channels).ToArray(), Enumerable.Repeat(127.5f, channels).ToArray());
            ImageLayout.ToInterleaved(planar, 1, 37, channels, viaOne, 255f, 127.5f);
            Assert.All(viaPerChannel, v => Assert.Equal(224, v));
            Assert.All(viaOne, v => Assert.Equal(224, v));
        }
        // The reference itself, on the cases that matter, so that it cannot drift with the implementation.
        Assert.Equal(new byte[] { 0, 2, 2, 254, 254, 0, 1, 0, 0, 255, 255, 0 },
            new[] { 0.5f, 1.5f, 2.5f, 254.5f, 253.5f, 0.49999997f, 0.50000006f, -0.5f, float.NaN, 255.5f, float.PositiveInfinity, float.NegativeInfinity }
                .Select(ReferenceByte).ToArray());
    }

    private static void CheckRoundTrip()
    {
        // Every one of the 256 values in every channel, 1, 3 and 4 channels: to 0-1 and back gives the same bytes.
        foreach (int channels in new[] { 1, 3, 4 })
        {
            int width = 256 + 7;
            byte[] pixels = new byte[width * channels];
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(i / channels + 37 * (i % channels));
            }
            for (int c = 0; c < channels; c++)
            {
                Assert.Equal(256, Enumerable.Range(0, width).Select(x => pixels[x * channels + c]).Distinct().Count());
            }
            float[] planar = new float[pixels.Length];
            ImageLayout.ToPlanar(pixels, 1, width, channels, planar, 1 / 255f);
            Assert.All(planar, v => Assert.InRange(v, 0f, 1f));
            byte[] back = new byte[pixels.Length];
            ImageLayout.ToInterleaved(planar, 1, width, channels, back, 255f);
            Assert.Equal(pixels, back);
        }
    }

    [Fact]
    public void WrongArgumentsThrowBeforeAnythingIsWritten()
    {
        byte[] pixels = new byte[4 * 5 * 3];
        float[] planar = Enumerable.Repeat(7f, 3 * 4 * 5).ToArray();
        byte[] written = Enumerable.Repeat((byte)9, pixels.Length).ToArray();
        void Unchanged()
        {
            Assert.All(planar, v => Assert.Equal(7f, v));
            Assert.All(written, v => Assert.Equal((byte)9, v));
        }

        var e = Assert.Throws<ArgumentException>(() => ImageLayout.ToPlanar(pixels.AsSpan(1), 4, 5, 3, planar));
        Assert.Equal("pixels", e.ParamName);
        Assert.Contains("59 bytes, but 4 rows of 5 pixels of 3 channels are 60 bytes", e.Message);
        // Without a stride the length must be exact: a longer buffer is a different image.
        e = Assert.Throws<ArgumentException>(() => ImageLayout.ToPlanar(new byte[61], 4, 5, 3, planar));
        Assert.Contains("61 bytes, but 4 rows of 5 pixels of 3 channels are 60 bytes", e.Message);
        e = Assert.Throws<ArgumentException>(() => ImageLayout.ToPlanar(pixels, 4, 5, 3, planar.AsSpan(1)));
        Assert.Equal("planar", e.ParamName);
        Assert.Contains("59 floats, but 3 planes of 4×5 are 60", e.Message);
        e = Assert.Throws<ArgumentException>(() => ImageLayout.ToPlanar(pixels, 4, 5, 3, planar, new float[2], new float[3]));
        Assert.Equal("scale", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => ImageLayout.ToInterleaved(planar, 4, 5, 3, written, new float[3], new float[4]));
        Assert.Equal("offset", e.ParamName);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => ImageLayout.ToInterleaved(planar, 4, 5, 3, written, rowStride: 14));
        Assert.Equal("rowStride", range.ParamName);
        Assert.Contains("at least 15", range.Message);
        // A stride that fits rows of 15 bytes 16 apart needs 3·16 + 15 = 63 bytes.
        e = Assert.Throws<ArgumentException>(() => ImageLayout.ToInterleaved(planar, 4, 5, 3, written, rowStride: 16));
        Assert.Contains("need 63", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageLayout.ToPlanar(pixels, 4, 5, 0, planar));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageLayout.ToPlanar(pixels, 0, 5, 3, planar));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageLayout.ToPlanar(pixels, 4, -1, 3, planar));
        // The same memory seen as bytes and as floats.
        byte[] shared = Enumerable.Repeat((byte)0x5A, 3 * 4 * 5 * 4).ToArray();
        e = Assert.Throws<ArgumentException>(() =>
        {
            Span<float> floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(shared.AsSpan());
            ImageLayout.ToPlanar(shared.AsSpan(0, 60), 4, 5, 3, floats);
        });
        Assert.Contains("overlap", e.Message);
        Assert.Equal("planar", e.ParamName);
        e = Assert.Throws<ArgumentException>(() =>
        {
            Span<float> floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(shared.AsSpan());
            ImageLayout.ToInterleaved(floats, 4, 5, 3, shared.AsSpan(0, 60));
        });
        Assert.Equal("pixels", e.ParamName);
        Assert.All(shared, v => Assert.Equal((byte)0x5A, v));
        Unchanged();
    }

    /// <summary>The documented rounding: to nearest, ties to even, saturated to 0-255, NaN to 0 (in double, apart from the implementation).</summary>
    private static byte ReferenceByte(float value)
    {
        double v = value;
        if (double.IsNaN(v) || v <= 0)
        {
            return 0;
        }
        return (byte)Math.Min(255, Math.Round(v, MidpointRounding.ToEven));
    }

    private static IEnumerable<(int Channels, int Width, int Height, int Padding, bool PerChannel)> Cases()
    {
        foreach (int channels in new[] { 1, 2, 3, 4, 5, 6 })
        {
            foreach (int width in s_widths)
            {
                yield return (channels, width, 3, 0, false);
                yield return (channels, width, 2, 5, false);
                yield return (channels, width, 3, 0, true);
                yield return (channels, width, 2, 5, true);
            }
        }
    }

    /// <summary>One value per channel: <paramref name="common"/> for all, or per channel random in [−spread/4, 3·spread/4).</summary>
    private static float[] Factors(int channels, Random random, bool perChannel, float common, double spread) =>
        Enumerable.Range(0, channels).Select(_ => perChannel ? (float)((random.NextDouble() - 0.25) * spread) : common).ToArray();

    private static void AssertBitsEqual(float[] expected, float[] actual, string label)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                throw new Xunit.Sdk.XunitException($"{label}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
            }
        }
    }
}
