using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace ConvGen.Benchmarks;

/// <summary>
/// A 1280×720 image of 1, 3 or 4 interleaved byte channels converted to float planes scaled to 0-1 and back (×255,
/// rounded, saturated): <see cref="ImageLayout"/> against the per-pixel loops a user writes from the README's formula
/// (<c>planar[c·H·W + i] = interleaved[i·C + c]</c>), which do the same arithmetic and give the same results.
/// </summary>
internal sealed class ImageLayoutData
{
    public const int Height = 720, Width = 1280;

    private readonly byte[] _pixels, _written;
    private readonly float[] _planar;

    public ImageLayoutData(int channels)
    {
        Channels = channels;
        _pixels = new byte[Height * Width * channels];
        new Random(channels).NextBytes(_pixels);
        _planar = new float[_pixels.Length];
        _written = new byte[_pixels.Length];
    }

    public int Channels { get; }

    public void ToPlanar() => ImageLayout.ToPlanar(_pixels, Height, Width, Channels, _planar, 1 / 255f);

    public void ToInterleaved() => ImageLayout.ToInterleaved(_planar, Height, Width, Channels, _written, 255f);

    public void LoopToPlanar()
    {
        int plane = Height * Width, channels = Channels;
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                _planar[c * plane + i] = _pixels[i * channels + c] * (1 / 255f);
            }
        }
    }

    public void LoopToInterleaved()
    {
        int plane = Height * Width, channels = Channels;
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                _written[i * channels + c] = (byte)Math.Clamp(MathF.Round(_planar[c * plane + i] * 255f), 0f, 255f);
            }
        }
    }

    /// <summary>Whether both directions of <see cref="ImageLayout"/> give the loops' bytes and floats.</summary>
    public bool Agrees()
    {
        LoopToPlanar();
        float[] expected = (float[])_planar.Clone();
        ToPlanar();
        if (!expected.AsSpan().SequenceEqual(_planar))
        {
            return false;
        }
        LoopToInterleaved();
        byte[] expectedBytes = (byte[])_written.Clone();
        Array.Clear(_written);
        ToInterleaved();
        return expectedBytes.AsSpan().SequenceEqual(_written) && _written.AsSpan().SequenceEqual(_pixels);
    }
}

/// <summary>BenchmarkDotNet: <see cref="ImageLayoutData"/> for grey, RGB and RGBA (the loops are the baselines).</summary>
[MemoryDiagnoser]
public class ImageLayoutBenchmarks
{
    private ImageLayoutData _data = null!;

    /// <summary>Bytes per pixel.</summary>
    [Params(1, 3, 4)]
    public int Channels { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ImageLayoutData(Channels);

    [Benchmark(Baseline = true), BenchmarkCategory("ToPlanar")]
    public void LoopToPlanar() => _data.LoopToPlanar();

    [Benchmark, BenchmarkCategory("ToPlanar")]
    public void ToPlanar() => _data.ToPlanar();

    [Benchmark, BenchmarkCategory("ToInterleaved")]
    public void LoopToInterleaved() => _data.LoopToInterleaved();

    [Benchmark, BenchmarkCategory("ToInterleaved")]
    public void ToInterleaved() => _data.ToInterleaved();
}

/// <summary>
/// <c>--image-layout</c>: the quick table of <see cref="ImageLayoutData"/>, one thread, three interleaved rounds (each
/// column the best round's median), with a check that both sides agree.
/// </summary>
internal static class ImageLayoutBench
{
    public static int Run(double seconds)
    {
        Console.WriteLine($"{ImageLayoutData.Height}×{ImageLayoutData.Width} image, {ConvSimd.ActivePath} path, 1 thread; bytes → floats ×1/255 and back ×255");
        Console.WriteLine();
        Console.WriteLine("| channels | loop to planar ms | ImageLayout.ToPlanar ms | speed-up | loop to interleaved ms | ImageLayout.ToInterleaved ms | speed-up | same results |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---|");
        bool allAgree = true;
        foreach (int channels in new[] { 1, 3, 4 })
        {
            var data = new ImageLayoutData(channels);
            bool agrees = data.Agrees();
            allAgree &= agrees;
            Action[] runs = { data.LoopToPlanar, data.ToPlanar, data.LoopToInterleaved, data.ToInterleaved };
            double[] best = { double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue };
            for (int round = 0; round < 3; round++)
            {
                for (int r = 0; r < runs.Length; r++)
                {
                    best[r] = Math.Min(best[r], WinogradBench.Time(runs[r], seconds / 3));
                }
            }
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:0.000} | {2:0.000} | {3:0.0}× | {4:0.000} | {5:0.000} | {6:0.0}× | {7} |",
                channels, best[0] * 1e3, best[1] * 1e3, best[0] / best[1], best[2] * 1e3, best[3] * 1e3, best[2] / best[3], agrees ? "yes" : "NO"));
        }
        return allAgree ? 0 : 1;
    }

}
