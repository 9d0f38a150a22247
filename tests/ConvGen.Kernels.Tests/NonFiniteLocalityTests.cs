using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Reference;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// An infinite input reaches only the outputs that depend on it. Direct kernels mask the padding and their overlapping
/// edge tiles with bitwise ANDs, never by multiplying with zero, so an Inf stays inside its receptive field: a user
/// hunting a bad pixel finds it where the convolution put it. Winograd mixes a tile's inputs in its transforms, so there
/// an Inf may reach any output of the tiles whose input window holds it, in each output channel of its group, and no
/// further (an upper bound: F(2,3) happens to stay in the receptive field). Each layer is probed at its corners, a row
/// end and random positions.
/// </summary>
public sealed class NonFiniteLocalityTests : GuardedKernelTests
{
    public static TheoryData<string> ForwardLayers => new(LayerCatalog.All.Select(l => l.Name));

    public static TheoryData<string> DirectBackwardLayers =>
        new(BackwardCatalog.All.Where(l => l.DataKappa == BackwardChecks.Kappa).Select(l => l.Name));

    [Theory]
    [MemberData(nameof(ForwardLayers))]
    public void AnInfiniteInputReachesOnlyTheOutputsThatReadIt(string name)
    {
        string? failure = CheckForward(LayerCatalog.Find(name));
        Assert.True(failure is null, failure);
    }

    [Theory]
    [MemberData(nameof(DirectBackwardLayers))]
    public void AnInfiniteGradientReachesOnlyTheInputGradientsThatReadIt(string name)
    {
        string? failure = CheckBackwardData(BackwardCatalog.Find(name));
        Assert.True(failure is null, failure);
    }

    public static TheoryData<string> BackwardLayers => new(BackwardCatalog.All.Select(l => l.Name));

    [Theory]
    [MemberData(nameof(BackwardLayers))]
    public void AnInfiniteInputOrGradientReachesOnlyTheWeightGradientsThatReadIt(string name)
    {
        string? failure = CheckBackwardWeights(BackwardCatalog.Find(name));
        Assert.True(failure is null, failure);
    }

    public static TheoryData<string> DirectTransposedLayers => new(TransposedCatalog.Forward.Where(l => !l.Winograd).Select(l => l.Name));

    [Theory]
    [MemberData(nameof(DirectTransposedLayers))]
    public void AnInfiniteInputReachesOnlyTheTransposedOutputsItIsScatteredTo(string name)
    {
        string? failure = CheckTransposed(TransposedCatalog.Forward.Single(l => l.Name == name));
        Assert.True(failure is null, failure);
    }

    /// <summary>The checks on every layer they apply to; used by the isa-check child processes.</summary>
    internal static void RunAll(List<string> failures, ref int passed)
    {
        foreach (string? failure in LayerCatalog.All.Select(CheckForward)
            .Concat(BackwardCatalog.All.Where(l => l.DataKappa == BackwardChecks.Kappa).Select(CheckBackwardData))
            .Concat(BackwardCatalog.All.Select(CheckBackwardWeights))
            .Concat(TransposedCatalog.Forward.Where(l => !l.Winograd).Select(CheckTransposed)))
        {
            if (failure is null)
            {
                passed++;
            }
            else
            {
                failures.Add(failure);
            }
        }
    }

    private static string? CheckForward(LayerCase layer)
    {
        string name = layer.Name;
        Conv2DShape s = layer.Shape;
        int tile = layer.Kappa switch { LayerCatalog.F2Kappa => 2, LayerCatalog.F4Kappa => 4, LayerCatalog.F6Kappa => 6, _ => 1 };
        var random = new Random(3);
        float[] input = ForwardChecks.RandomData(layer.Batch * s.InputImage, random);
        float[] weights = ForwardChecks.RandomData(s.WeightCount, random);
        float[] bias = layer.HasBias ? ForwardChecks.RandomData(s.OutChannels, random) : Array.Empty<float>();
        float[] output = new float[layer.Batch * s.OutputImage];
        layer.Run(input, weights, bias, output);
        float[] baseline = (float[])output.Clone();
        return EachProbe(input, layer.Batch, s.InChannels, s.Height, s.Width, random, () => layer.Run(input, weights, bias, output), (at, n, c, iy, ix) =>
        {
            // Output (k, oy, ox) may be non-finite where some tap reads the Inf (direct) or its tile's window holds it (Winograd).
            int groupIn = s.InChannels / s.Groups, groupOut = s.OutChannels / s.Groups;
            bool Reaches(int k, int oy, int ox) => k / groupOut == c / groupIn && (tile == 1
                ? Reads(s, oy, ox, iy, ix)
                : s.DilationHeight * s.DilationWidth > 1
                    ? InMosaicWindow(tile, oy, iy, s.Height, s.DilationHeight, s.PaddingHeight, s.KernelHeight) && InMosaicWindow(tile, ox, ix, s.Width, s.DilationWidth, s.PaddingWidth, s.KernelWidth)
                    : InWindow(oy / tile * tile, iy, tile, s.PaddingHeight, s.KernelHeight) && InWindow(ox / tile * tile, ix, tile, s.PaddingWidth, s.KernelWidth));
            // Without an activation (which clamps −Inf, and +Inf under ReLU6), an input some tap reads must show up.
            bool read = s.Activation == Activation.None && SomeOutputReads(s, iy, ix);
            return FirstStray(output, baseline, n, s.OutChannels, s.OutHeight, s.OutWidth, Reaches, expectSome: read) is string failure
                ? $"{name} [{ForwardChecks.ActivePath}], Inf at input {at} (image {n}, channel {c}, row {iy}, column {ix}): {failure}"
                : null;
        });
    }

    /// <summary>
    /// For a dilated layer run as Winograd on its phase mosaic, along one axis: whether output o's mosaic tile reads input
    /// i's mosaic position. Phase q of size ⌈n / d⌉ starts at q·spacing, with spacing = ⌈n / d⌉ + max(p', 2p' − 2) and
    /// p' = p / d the mosaic's padding (the generator's PhaseMosaicPlanner); position o of the dilated layer is o / d of
    /// phase o mod d.
    /// </summary>
    private static bool InMosaicWindow(int tile, int o, int i, int n, int d, int p, int taps)
    {
        int q = p / d, spacing = (n + d - 1) / d + Math.Max(q, 2 * q - 2);
        int mosaicOut = o % d * spacing + o / d, mosaicIn = i % d * spacing + i / d;
        return InWindow(mosaicOut / tile * tile, mosaicIn, tile, q, taps);
    }

    private static string? CheckBackwardData(BackwardLayerCase layer)
    {
        string name = layer.Name;
        Conv2DShape s = layer.Shape;
        var random = new Random(4);
        float[] gradOutput = ForwardChecks.RandomData(layer.Batch * s.OutputImage, random);
        float[] weights = ForwardChecks.RandomData(s.WeightCount, random);
        float[] gradInput = new float[layer.Batch * s.InputImage];
        layer.Data(gradOutput, weights, gradInput);
        float[] baseline = (float[])gradInput.Clone();
        return EachProbe(gradOutput, layer.Batch, s.OutChannels, s.OutHeight, s.OutWidth, random, () => layer.Data(gradOutput, weights, gradInput), (at, n, k, oy, ox) =>
        {
            int groupIn = s.InChannels / s.Groups, groupOut = s.OutChannels / s.Groups;
            bool Reaches(int c, int iy, int ix) => c / groupIn == k / groupOut && Reads(s, oy, ox, iy, ix);
            // A gradient element some tap reads inside the image must show up.
            bool read = ReadsSomeInput(s, oy, ox);
            return FirstStray(gradInput, baseline, n, s.InChannels, s.Height, s.Width, Reaches, expectSome: read) is string failure
                ? $"{name} data [{ForwardChecks.ActivePath}], Inf at gradOutput {at} (image {n}, channel {k}, row {oy}, column {ox}): {failure}"
                : null;
        });
    }

    /// <summary>
    /// Backward-weights with +Inf in one gradOutput element (k, oy, ox), then in one input element (c, iy, ix): only the
    /// filter slices that multiply it may turn non-finite: dW[k][·] and gradBias[k] (which must), or dW[·][c] for the
    /// output channels of c's group. Within a slice any tap may: direct kernels multiply inputs by gradOutput zeros of
    /// their own (masked lanes, the zero padding against an infinite gradient), which is Inf × 0 = NaN, and the
    /// Winograd weight-gradient kernels mix each tile's taps.
    /// </summary>
    private static string? CheckBackwardWeights(BackwardLayerCase layer)
    {
        Conv2DShape s = layer.Shape;
        int groupIn = s.InChannels / s.Groups, groupOut = s.OutChannels / s.Groups, taps = s.KernelHeight * s.KernelWidth;
        var random = new Random(5);
        float[] input = ForwardChecks.RandomData(layer.Batch * s.InputImage, random);
        float[] gradOutput = ForwardChecks.RandomData(layer.Batch * s.OutputImage, random);
        float[] gradWeights = new float[s.WeightCount], gradBias = new float[layer.HasBias ? s.OutChannels : 0];
        layer.Weights(input, gradOutput, gradWeights, gradBias);
        float[] baseWeights = (float[])gradWeights.Clone(), baseBias = (float[])gradBias.Clone();
        foreach (bool inGradient in new[] { true, false })
        {
            float[] probed = inGradient ? gradOutput : input;
            int channels = inGradient ? s.OutChannels : s.InChannels, height = inGradient ? s.OutHeight : s.Height, width = inGradient ? s.OutWidth : s.Width;
            string? failure = EachProbe(probed, layer.Batch, channels, height, width, random, () => layer.Weights(input, gradOutput, gradWeights, gradBias), (at, n, channel, y, x) =>
            {
                // Whether tap (kh, kw) pairs the probed element with some element inside the image: then a gradient must show it.
                bool TapReads(int kh, int kw) => inGradient
                    ? Inside(y * s.StrideHeight - s.PaddingHeight + kh * s.DilationHeight, s.Height) && Inside(x * s.StrideWidth - s.PaddingWidth + kw * s.DilationWidth, s.Width)
                    : Enumerable.Range(0, s.OutHeight).Any(oy => oy * s.StrideHeight - s.PaddingHeight + kh * s.DilationHeight == y)
                      && Enumerable.Range(0, s.OutWidth).Any(ox => ox * s.StrideWidth - s.PaddingWidth + kw * s.DilationWidth == x);
                bool ReachesWeight(int k, int c) => inGradient ? k == channel : k / groupOut == channel / groupIn && c == channel % groupIn;
                string where = $"{layer.Name} weights [{ForwardChecks.ActivePath}], Inf at {(inGradient ? "gradOutput" : "input")} {at} (image {n}, channel {channel}, row {y}, column {x})";
                int nonFinite = 0;
                for (int i = 0; i < gradWeights.Length; i++)
                {
                    nonFinite += float.IsFinite(gradWeights[i]) ? 0 : 1;
                    int k = i / (groupIn * taps), c = i / taps % groupIn, kh = i % taps / s.KernelWidth, kw = i % s.KernelWidth;
                    if (!ReachesWeight(k, c) && BitConverter.SingleToInt32Bits(gradWeights[i]) != BitConverter.SingleToInt32Bits(baseWeights[i]))
                    {
                        return $"{where}: gradWeights[{k}][{c}][{kh}][{kw}] is {gradWeights[i]:R}, {baseWeights[i]:R} without the Inf, but does not depend on it";
                    }
                }
                for (int k = 0; k < gradBias.Length; k++)
                {
                    if (!(inGradient && k == channel) && BitConverter.SingleToInt32Bits(gradBias[k]) != BitConverter.SingleToInt32Bits(baseBias[k]))
                    {
                        return $"{where}: gradBias[{k}] is {gradBias[k]:R}, {baseBias[k]:R} without the Inf, but does not depend on it";
                    }
                    if (float.IsFinite(gradBias[k]) && inGradient && k == channel)
                    {
                        return $"{where}: gradBias[{k}] is {gradBias[k]}, but it sums the infinite element";
                    }
                }
                bool read = Enumerable.Range(0, s.KernelHeight).Any(kh => Enumerable.Range(0, s.KernelWidth).Any(kw => TapReads(kh, kw)));
                return read && nonFinite == 0 ? $"{where}: no weight gradient became non-finite" : null;
            });
            if (failure is not null)
            {
                return failure;
            }
        }
        return null;
    }

    /// <summary>
    /// A direct transposed convolution (TDC phases) on 2 images with +Inf in one input element (c, iy, ix): only the
    /// outputs it is scattered to, (k, iy·s − p + kh·d, ix·s − p + kw·d) for the output channels of c's group, may turn
    /// non-finite.
    /// </summary>
    private static string? CheckTransposed(TransposedCase layer)
    {
        TransposedLayerShape s = layer.Shape;
        const int batch = 2;
        var random = new Random(6);
        float[] input = ForwardChecks.RandomData(batch * s.InputImage, random);
        float[] weights = ForwardChecks.RandomData(s.WeightCount, random);
        float[] bias = layer.HasBias ? ForwardChecks.RandomData(s.OutChannels, random) : Array.Empty<float>();
        float[] output = new float[batch * s.OutputImage];
        int groupIn = s.InChannels / s.Groups, groupOut = s.OutChannels / s.Groups;
        layer.Run(input, weights, bias, output);
        float[] baseline = (float[])output.Clone();
        return EachProbe(input, batch, s.InChannels, s.Height, s.Width, random, () => layer.Run(input, weights, bias, output), (at, n, c, iy, ix) =>
        {
            bool Scatters(int o, int i, int stride, int padding, int dilation, int taps)
            {
                int offset = o - (i * stride - padding);
                return offset >= 0 && offset % dilation == 0 && offset / dilation < taps;
            }
            bool Reaches(int k, int oy, int ox) => k / groupOut == c / groupIn
                && Scatters(oy, iy, s.StrideHeight, s.PaddingHeight, s.DilationHeight, s.KernelHeight)
                && Scatters(ox, ix, s.StrideWidth, s.PaddingWidth, s.DilationWidth, s.KernelWidth);
            bool read = s.Activation == Activation.None
                && Enumerable.Range(0, s.OutHeight).Any(oy => Scatters(oy, iy, s.StrideHeight, s.PaddingHeight, s.DilationHeight, s.KernelHeight))
                && Enumerable.Range(0, s.OutWidth).Any(ox => Scatters(ox, ix, s.StrideWidth, s.PaddingWidth, s.DilationWidth, s.KernelWidth));
            return FirstStray(output, baseline, n, s.OutChannels, s.OutHeight, s.OutWidth, Reaches, expectSome: read) is string failure
                ? $"{layer.Name} transposed [{ForwardChecks.ActivePath}], Inf at input {at} (image {n}, channel {c}, row {iy}, column {ix}): {failure}"
                : null;
        });
    }

    /// <summary>A check of one probe: the probed index and its (image, channel, row, column); null when it holds.</summary>
    private delegate string? ProbeCheck(int at, int image, int channel, int row, int column);

    /// <summary>
    /// Sets each probed element of <paramref name="tensor"/> to +Inf in turn, runs the kernel, restores the element and
    /// checks the result; returns the first failure.
    /// </summary>
    private static string? EachProbe(float[] tensor, int batch, int channels, int height, int width, Random random, Action run, ProbeCheck check)
    {
        foreach (int at in Probes(batch, channels, height, width, random))
        {
            float kept = tensor[at];
            tensor[at] = float.PositiveInfinity;
            run();
            tensor[at] = kept;
            (int n, int c, int y, int x) = Position(at, channels, height, width);
            if (check(at, n, c, y, x) is string failure)
            {
                return failure;
            }
        }
        return null;
    }

    private static bool Inside(int coordinate, int extent) => coordinate >= 0 && coordinate < extent;

    /// <summary>The first and last element, a random channel's four corners and the end of a random row, and a random element.</summary>
    private static IEnumerable<int> Probes(int batch, int channels, int height, int width, Random random)
    {
        int plane = height * width, image = channels * plane;
        int origin = random.Next(batch) * image + random.Next(channels) * plane;
        return new[]
        {
            0, batch * image - 1, origin, origin + width - 1, origin + plane - width, origin + plane - 1,
            origin + random.Next(height) * width + width - 1, random.Next(batch * image),
        }.Distinct();
    }

    private static (int Image, int Channel, int Row, int Column) Position(int index, int channels, int height, int width)
    {
        int plane = height * width, image = channels * plane;
        return (index / image, index % image / plane, index % plane / width, index % width);
    }

    /// <summary>Whether output position (oy, ox) reads input position (iy, ix) through some tap.</summary>
    private static bool Reads(Conv2DShape s, int oy, int ox, int iy, int ix) =>
        Reads(oy, iy, s.StrideHeight, s.PaddingHeight, s.DilationHeight, s.KernelHeight) && Reads(ox, ix, s.StrideWidth, s.PaddingWidth, s.DilationWidth, s.KernelWidth);

    /// <summary>Whether some output position reads input position (iy, ix).</summary>
    private static bool SomeOutputReads(Conv2DShape s, int iy, int ix) =>
        Enumerable.Range(0, s.OutHeight).Any(oy => Reads(oy, iy, s.StrideHeight, s.PaddingHeight, s.DilationHeight, s.KernelHeight))
        && Enumerable.Range(0, s.OutWidth).Any(ox => Reads(ox, ix, s.StrideWidth, s.PaddingWidth, s.DilationWidth, s.KernelWidth));

    /// <summary>Whether output position (oy, ox) reads some input position inside the image (not only padding).</summary>
    private static bool ReadsSomeInput(Conv2DShape s, int oy, int ox) =>
        Enumerable.Range(0, s.Height).Any(iy => Reads(oy, iy, s.StrideHeight, s.PaddingHeight, s.DilationHeight, s.KernelHeight))
        && Enumerable.Range(0, s.Width).Any(ix => Reads(ox, ix, s.StrideWidth, s.PaddingWidth, s.DilationWidth, s.KernelWidth));

    /// <summary>Whether output coordinate <paramref name="o"/> reads input coordinate <paramref name="i"/> through some tap.</summary>
    private static bool Reads(int o, int i, int stride, int padding, int dilation, int taps)
    {
        int offset = i - (o * stride - padding);
        return offset >= 0 && offset % dilation == 0 && offset / dilation < taps;
    }

    /// <summary>Whether input coordinate <paramref name="i"/> lies in the window of the stride-1 Winograd tile starting at output <paramref name="o0"/>.</summary>
    private static bool InWindow(int o0, int i, int tile, int padding, int taps) => i >= o0 - padding && i < o0 - padding + tile + taps - 1;

    /// <summary>
    /// Null when every element the Inf does not reach (other images included) is bit for bit what it was without the Inf,
    /// so that a stray value shows even where an activation clamps it, and, with <paramref name="expectSome"/>, at least
    /// one element is non-finite (the probe reached the kernel).
    /// </summary>
    private static string? FirstStray(float[] tensor, float[] baseline, int image, int channels, int height, int width, Func<int, int, int, bool> reaches, bool expectSome)
    {
        int nonFinite = 0;
        for (int i = 0; i < tensor.Length; i++)
        {
            nonFinite += float.IsFinite(tensor[i]) ? 0 : 1;
            (int n, int c, int y, int x) = Position(i, channels, height, width);
            if ((n != image || !reaches(c, y, x)) && BitConverter.SingleToInt32Bits(tensor[i]) != BitConverter.SingleToInt32Bits(baseline[i]))
            {
                return $"element {i} (image {n}, channel {c}, row {y}, column {x}) is {tensor[i]:R}, {baseline[i]:R} without the Inf, but does not depend on it";
            }
        }
        return expectSome && nonFinite == 0 ? "no element became non-finite" : null;
    }
}
