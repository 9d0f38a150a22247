using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ConvGen.Reference;

namespace ConvGen.Samples.Training.Training;

/// <summary>A generated forward kernel (no bias, no activation: batch norm and ReLU follow).</summary>
internal delegate void ForwardKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

/// <summary>A generated backward-data kernel.</summary>
internal delegate void BackwardDataKernel(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weights, Span<float> gradInput);

/// <summary>A generated backward-weights kernel.</summary>
internal delegate void BackwardWeightsKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeights);

/// <summary>A trainable tensor with its SGD momentum buffer.</summary>
internal sealed class Parameter
{
    public Parameter(string name, int length, bool decays)
    {
        Name = name;
        Value = new float[length];
        Velocity = new float[length];
        Decays = decays;
    }

    public string Name { get; }
    public float[] Value { get; }
    public float[] Velocity { get; }
    /// <summary>Weight decay applies (convolution and classifier weights, not batch-norm scales and shifts).</summary>
    public bool Decays { get; }

    /// <summary>He-normal initialisation for a layer with <paramref name="fanIn"/> inputs per output.</summary>
    public void InitHe(Random random, int fanIn, double gain = 2)
    {
        double std = Math.Sqrt(gain / fanIn);
        for (int i = 0; i < Value.Length; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            Value[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }

    /// <summary>SGD with momentum and decoupled-from-nothing (classic L2) weight decay: v = μv + g + λw; w -= lr·v.</summary>
    public void Step(ReadOnlySpan<float> gradient, float learningRate, float momentum, float weightDecay)
    {
        float decay = Decays ? weightDecay : 0f;
        Span<float> w = Value, v = Velocity;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mu = new Vector<float>(momentum);
            var lambda = new Vector<float>(decay);
            var lr = new Vector<float>(learningRate);
            for (; i + Vector<float>.Count <= w.Length; i += Vector<float>.Count)
            {
                var wv = new Vector<float>(w[i..]);
                var vv = mu * new Vector<float>(v[i..]) + new Vector<float>(gradient[i..]) + lambda * wv;
                vv.CopyTo(v[i..]);
                (wv - lr * vv).CopyTo(w[i..]);
            }
        }
        for (; i < w.Length; i++)
        {
            v[i] = momentum * v[i] + gradient[i] + decay * w[i];
            w[i] -= learningRate * v[i];
        }
    }
}

/// <summary>
/// What the training loop needs of a layer's shape, taken from the kernels' generated shape properties, so that the
/// network's buffers, initialisation and FLOP counts follow the declarations.
/// </summary>
internal readonly record struct LayerSize(int InputImage, int OutputImage, int OutChannels, int OutPlane, int WeightCount, int FanIn, long Flops)
{
    public static LayerSize Of(Conv2DShape s) => new(s.InputImage, s.OutputImage, s.OutChannels, s.OutHeight * s.OutWidth, s.WeightCount,
        s.InChannels / s.Groups * s.KernelHeight * s.KernelWidth, s.Flops);

    /// <summary>An SCC filter reads a window of gw channels: its fan-in.</summary>
    public static LayerSize Of(SlidingChannelConvShape s) => new(s.InputImage, s.OutputImage, s.OutChannels, s.Height * s.Width, s.WeightCount,
        s.GroupWidth, s.Flops);

    /// <summary>The layer the forward kernel declares, checked against its backward kernels' declarations.</summary>
    public static LayerSize Of<TShape>(string name, TShape forward, TShape? backwardData, TShape backwardWeights, Func<TShape, LayerSize> size)
        where TShape : struct
    {
        if (!forward.Equals(backwardWeights) || (backwardData is { } data && !forward.Equals(data)))
        {
            throw new InvalidOperationException($"{name}: the forward kernel declares {forward}, backward-data {backwardData}, backward-weights {backwardWeights}.");
        }
        return size(forward);
    }
}

/// <summary>A ConvGen convolution (forward, backward-data, backward-weights) without bias.</summary>
internal sealed class ConvLayer
{
    public ConvLayer(string name, LayerSize size, ForwardKernel forward, BackwardDataKernel? backwardData, BackwardWeightsKernel backwardWeights)
    {
        Name = name;
        Size = size;
        Forward = forward;
        BackwardData = backwardData;
        BackwardWeights = backwardWeights;
        Weights = new Parameter(name + ".weight", size.WeightCount, decays: true);
    }

    public string Name { get; }
    public LayerSize Size { get; }
    public ForwardKernel Forward { get; }
    /// <summary>Null for the first layer, whose input gradient nobody needs.</summary>
    public BackwardDataKernel? BackwardData { get; }
    public BackwardWeightsKernel BackwardWeights { get; }
    public Parameter Weights { get; }
}

/// <summary>
/// Batch normalisation over (N, H, W) per channel followed by ReLU, on NCHW tensors. Training uses the statistics of
/// the caller's (shard's) batch; evaluation uses running averages.
/// </summary>
internal sealed class BatchNormRelu
{
    private const float Epsilon = 1e-5f;

    public BatchNormRelu(string name, int channels, int planeSize)
    {
        Channels = channels;
        PlaneSize = planeSize;
        Scale = new Parameter(name + ".gamma", channels, decays: false);
        Shift = new Parameter(name + ".beta", channels, decays: false);
        Array.Fill(Scale.Value, 1f);
        RunningMean = new float[channels];
        RunningVariance = new float[channels];
        Array.Fill(RunningVariance, 1f);
    }

    public int Channels { get; }
    public int PlaneSize { get; }
    public Parameter Scale { get; }
    public Parameter Shift { get; }
    public float[] RunningMean { get; }
    public float[] RunningVariance { get; }

    /// <summary>
    /// Training forward: y = max(0, γ·(x − μ)/σ + β) with the batch's μ, σ (kept in <paramref name="mean"/> and
    /// <paramref name="inverseStd"/>). Every pass walks the tensor in memory order, image by image and channel by
    /// channel, keeping per-channel sums: a channel-major walk reads one short plane per image at a stride of the whole
    /// image, which the hardware prefetchers do not follow. Each channel's sums still add the images in order, so the
    /// results are those of the channel-major walk.
    /// </summary>
    public void ForwardTrain(ReadOnlySpan<float> x, Span<float> y, int batch, Span<float> mean, Span<float> variance, Span<float> inverseStd)
    {
        int count = batch * PlaneSize;
        Span<double> sums = stackalloc double[Channels], squares = stackalloc double[Channels];
        sums.Clear();
        squares.Clear();
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < Channels; c++)
            {
                (float s, float q) = Vectorised.SumAndSquares(x.Slice((n * Channels + c) * PlaneSize, PlaneSize));
                sums[c] += s;
                squares[c] += q;
            }
        }
        Span<float> a = stackalloc float[Channels], b = stackalloc float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            double m = sums[c] / count, v = Math.Max(squares[c] / count - m * m, 0);
            mean[c] = (float)m;
            variance[c] = (float)v;
            inverseStd[c] = (float)(1 / Math.Sqrt(v + Epsilon));
            (a[c], b[c]) = TrainAffine(c, mean[c], inverseStd[c]);
        }
        AffineRelu(x, y, batch, a, b);
    }

    /// <summary>
    /// The affine map a·x + b of training batch norm for channel <paramref name="c"/> (a = γ/σ, b = β − μ·a), whose sign
    /// is also the ReLU's mask: <see cref="Backward"/> recomputes the mask from the same floats, so it has the
    /// forward pass's bits.
    /// </summary>
    private (float Scale, float Shift) TrainAffine(int c, float mean, float inverseStd)
    {
        float a = Scale.Value[c] * inverseStd;
        return (a, Shift.Value[c] - mean * a);
    }

    /// <summary>Evaluation forward with the running statistics.</summary>
    public void ForwardEval(ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        Span<float> a = stackalloc float[Channels], b = stackalloc float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            a[c] = Scale.Value[c] / MathF.Sqrt(RunningVariance[c] + Epsilon);
            b[c] = Shift.Value[c] - RunningMean[c] * a[c];
        }
        AffineRelu(x, y, batch, a, b);
    }

    /// <summary>y = max(0, a[c]·x + b[c]) over the batch, in memory order.</summary>
    private void AffineRelu(ReadOnlySpan<float> x, Span<float> y, int batch, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < Channels; c++)
            {
                int offset = (n * Channels + c) * PlaneSize;
                Vectorised.AffineRelu(x.Slice(offset, PlaneSize), a[c], b[c], y.Slice(offset, PlaneSize));
            }
        }
    }

    /// <summary>
    /// Backward through ReLU and batch norm: g = dy·[y &gt; 0]; dβ = Σg; dγ = Σg·x̂; dx = γ/σ·(g − dβ/M − x̂·dγ/M).
    /// <paramref name="gradScale"/>/<paramref name="gradShift"/> receive this shard's dγ and dβ. The ReLU's mask
    /// y &gt; 0 is recomputed from x as the forward pass computed y (the same a·x + b, so the same bits), which saves
    /// both passes a read of y. Both passes walk the tensors in memory order, as <see cref="ForwardTrain"/> does.
    /// <paramref name="dx"/> may be <paramref name="x"/> itself.
    /// </summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseStd, Span<float> gradScale, Span<float> gradShift)
    {
        int count = batch * PlaneSize;
        // The forward pass's affine map, whose sign is the ReLU's mask; its scale γ/σ is also dx's k.
        Span<float> reluScale = stackalloc float[Channels], reluShift = stackalloc float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            (reluScale[c], reluShift[c]) = TrainAffine(c, mean[c], inverseStd[c]);
        }
        Span<double> shifts = stackalloc double[Channels], scales = stackalloc double[Channels];
        shifts.Clear();
        scales.Clear();
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < Channels; c++)
            {
                int offset = (n * Channels + c) * PlaneSize;
                (float s, float p) = Vectorised.MaskedSums(dy.Slice(offset, PlaneSize), x.Slice(offset, PlaneSize), reluScale[c], reluShift[c], mean[c]);
                shifts[c] += s;
                scales[c] += p;
            }
        }
        Span<float> a = stackalloc float[Channels], b = stackalloc float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            double dScale = scales[c] * inverseStd[c], dShift = shifts[c];
            gradScale[c] = (float)dScale;
            gradShift[c] = (float)dShift;
            // dx = k·g − k·dβ/M − k·x̂·dγ/M, with k = γ/σ and x̂ = (x − μ)·σ⁻¹.
            float k = reluScale[c];
            a[c] = -k * (float)(dScale / count) * inverseStd[c];
            b[c] = -k * (float)(dShift / count) - a[c] * mean[c];
        }
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < Channels; c++)
            {
                int offset = (n * Channels + c) * PlaneSize;
                Vectorised.BatchNormGradient(dy.Slice(offset, PlaneSize), x.Slice(offset, PlaneSize), reluScale[c], reluShift[c], a[c], b[c], dx.Slice(offset, PlaneSize));
            }
        }
    }
}

/// <summary>
/// Small vectorised loops (System.Numerics.Vector) used by the non-convolution layers. They read through refs
/// (<see cref="Vector.LoadUnsafe{T}(ref T, nuint)"/>) after one length check, so the loop bodies carry no slicing or
/// bounds checks: on this network's 7×7 to 28×28 planes those were a large share of the batch norm's time.
/// </summary>
internal static class Vectorised
{
    private static int Lanes => Vector<float>.Count;

    public static (float Sum, float Squares) SumAndSquares(ReadOnlySpan<float> x)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        var s = Vector<float>.Zero;
        var q = Vector<float>.Zero;
        int i = 0;
        for (; i <= x.Length - Lanes; i += Lanes)
        {
            var v = Vector.LoadUnsafe(ref px, (nuint)i);
            s += v;
            q += v * v;
        }
        float sum = Vector.Sum(s), squares = Vector.Sum(q);
        for (; i < x.Length; i++)
        {
            float v = Unsafe.Add(ref px, i);
            sum += v;
            squares += v * v;
        }
        return (sum, squares);
    }

    /// <summary>y = max(0, a·x + b).</summary>
    public static void AffineRelu(ReadOnlySpan<float> x, float a, float b, Span<float> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("y is shorter than x.", nameof(y));
        }
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        var va = new Vector<float>(a);
        var vb = new Vector<float>(b);
        int i = 0;
        for (; i <= x.Length - Lanes; i += Lanes)
        {
            Vector.Max(va * Vector.LoadUnsafe(ref px, (nuint)i) + vb, Vector<float>.Zero).StoreUnsafe(ref py, (nuint)i);
        }
        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref py, i) = MathF.Max(a * Unsafe.Add(ref px, i) + b, 0f);
        }
    }

    /// <summary>(Σ g, Σ g·(x − μ)) with g = dy where <paramref name="reluScale"/>·x + <paramref name="reluShift"/> &gt; 0 (the forward pass's ReLU was open).</summary>
    public static (float Sum, float Product) MaskedSums(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, float reluScale, float reluShift, float mean)
    {
        if (x.Length < dy.Length)
        {
            throw new ArgumentException("x must be at least as long as dy.");
        }
        ref float pdy = ref MemoryMarshal.GetReference(dy);
        ref float px = ref MemoryMarshal.GetReference(x);
        var s = Vector<float>.Zero;
        var p = Vector<float>.Zero;
        var m = new Vector<float>(mean);
        var ra = new Vector<float>(reluScale);
        var rb = new Vector<float>(reluShift);
        int i = 0;
        for (; i <= dy.Length - Lanes; i += Lanes)
        {
            var v = Vector.LoadUnsafe(ref px, (nuint)i);
            var g = Vector.ConditionalSelect(Vector.GreaterThan(ra * v + rb, Vector<float>.Zero), Vector.LoadUnsafe(ref pdy, (nuint)i), Vector<float>.Zero);
            s += g;
            p += g * (v - m);
        }
        float sum = Vector.Sum(s), product = Vector.Sum(p);
        for (; i < dy.Length; i++)
        {
            float v = Unsafe.Add(ref px, i);
            float g = reluScale * v + reluShift > 0 ? Unsafe.Add(ref pdy, i) : 0f;
            sum += g;
            product += g * (v - mean);
        }
        return (sum, product);
    }

    /// <summary>
    /// dx = k·g + a·x + b with g = dy where k·x + <paramref name="reluShift"/> &gt; 0, k = <paramref name="reluScale"/>
    /// (γ/σ: the forward pass's scale, which is also the gradient's); <paramref name="dx"/> may be <paramref name="x"/>.
    /// </summary>
    public static void BatchNormGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, float reluScale, float reluShift, float a, float b, Span<float> dx)
    {
        if (x.Length < dy.Length || dx.Length < dy.Length)
        {
            throw new ArgumentException("x and dx must be at least as long as dy.");
        }
        ref float pdy = ref MemoryMarshal.GetReference(dy);
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pdx = ref MemoryMarshal.GetReference(dx);
        var va = new Vector<float>(a);
        var vb = new Vector<float>(b);
        var ra = new Vector<float>(reluScale);
        var rb = new Vector<float>(reluShift);
        int i = 0;
        for (; i <= dy.Length - Lanes; i += Lanes)
        {
            var v = Vector.LoadUnsafe(ref px, (nuint)i);
            var g = Vector.ConditionalSelect(Vector.GreaterThan(ra * v + rb, Vector<float>.Zero), Vector.LoadUnsafe(ref pdy, (nuint)i), Vector<float>.Zero);
            (ra * g + va * v + vb).StoreUnsafe(ref pdx, (nuint)i);
        }
        for (; i < dy.Length; i++)
        {
            float v = Unsafe.Add(ref px, i);
            float g = reluScale * v + reluShift > 0 ? Unsafe.Add(ref pdy, i) : 0f;
            Unsafe.Add(ref pdx, i) = reluScale * g + a * v + b;
        }
    }

    /// <summary>Σ a[i]·b[i].</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (b.Length < a.Length)
        {
            throw new ArgumentException("b is shorter than a.", nameof(b));
        }
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        var s = Vector<float>.Zero;
        int i = 0;
        for (; i <= a.Length - Lanes; i += Lanes)
        {
            s += Vector.LoadUnsafe(ref pa, (nuint)i) * Vector.LoadUnsafe(ref pb, (nuint)i);
        }
        float sum = Vector.Sum(s);
        for (; i < a.Length; i++)
        {
            sum += Unsafe.Add(ref pa, i) * Unsafe.Add(ref pb, i);
        }
        return sum;
    }

    /// <summary>y += a·x.</summary>
    public static void AddScaled(ReadOnlySpan<float> x, float a, Span<float> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("y is shorter than x.", nameof(y));
        }
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        var va = new Vector<float>(a);
        int i = 0;
        for (; i <= x.Length - Lanes; i += Lanes)
        {
            (Vector.LoadUnsafe(ref py, (nuint)i) + va * Vector.LoadUnsafe(ref px, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        }
        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref py, i) += a * Unsafe.Add(ref px, i);
        }
    }
}
