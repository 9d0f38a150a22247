using System;
using System.Numerics;
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

/// <summary>A ConvGen convolution (forward, backward-data, backward-weights) without bias.</summary>
internal sealed class ConvLayer
{
    public ConvLayer(string name, Conv2DShape shape, ForwardKernel forward, BackwardDataKernel? backwardData, BackwardWeightsKernel backwardWeights)
    {
        Name = name;
        Shape = shape;
        Forward = forward;
        BackwardData = backwardData;
        BackwardWeights = backwardWeights;
        Weights = new Parameter(name + ".weight", shape.WeightCount, decays: true);
    }

    public string Name { get; }
    public Conv2DShape Shape { get; }
    public ForwardKernel Forward { get; }
    /// <summary>Null for the first layer, whose input gradient nobody needs.</summary>
    public BackwardDataKernel? BackwardData { get; }
    public BackwardWeightsKernel BackwardWeights { get; }
    public Parameter Weights { get; }

    public int FanIn => Shape.InChannels / Shape.Groups * Shape.KernelHeight * Shape.KernelWidth;
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

    /// <summary>Training forward: y = max(0, γ·(x − μ)/σ + β) with the batch's μ, σ (kept in <paramref name="mean"/> and <paramref name="inverseStd"/>).</summary>
    public void ForwardTrain(ReadOnlySpan<float> x, Span<float> y, int batch, Span<float> mean, Span<float> variance, Span<float> inverseStd)
    {
        int count = batch * PlaneSize;
        for (int c = 0; c < Channels; c++)
        {
            double sum = 0, squares = 0;
            for (int n = 0; n < batch; n++)
            {
                ReadOnlySpan<float> plane = x.Slice((n * Channels + c) * PlaneSize, PlaneSize);
                (float s, float q) = Vectorised.SumAndSquares(plane);
                sum += s;
                squares += q;
            }
            double m = sum / count, v = Math.Max(squares / count - m * m, 0);
            mean[c] = (float)m;
            variance[c] = (float)v;
            inverseStd[c] = (float)(1 / Math.Sqrt(v + Epsilon));
            float a = Scale.Value[c] * inverseStd[c], b = Shift.Value[c] - (float)m * a;
            for (int n = 0; n < batch; n++)
            {
                int offset = (n * Channels + c) * PlaneSize;
                Vectorised.AffineRelu(x.Slice(offset, PlaneSize), a, b, y.Slice(offset, PlaneSize));
            }
        }
    }

    /// <summary>Evaluation forward with the running statistics.</summary>
    public void ForwardEval(ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        for (int c = 0; c < Channels; c++)
        {
            float a = Scale.Value[c] / MathF.Sqrt(RunningVariance[c] + Epsilon), b = Shift.Value[c] - RunningMean[c] * a;
            for (int n = 0; n < batch; n++)
            {
                int offset = (n * Channels + c) * PlaneSize;
                Vectorised.AffineRelu(x.Slice(offset, PlaneSize), a, b, y.Slice(offset, PlaneSize));
            }
        }
    }

    /// <summary>
    /// Backward through ReLU and batch norm: g = dy·[y &gt; 0]; dβ = Σg; dγ = Σg·x̂; dx = γ/σ·(g − dβ/M − x̂·dγ/M).
    /// <paramref name="gradScale"/>/<paramref name="gradShift"/> receive this shard's dγ and dβ.
    /// </summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseStd, Span<float> gradScale, Span<float> gradShift)
    {
        int count = batch * PlaneSize;
        for (int c = 0; c < Channels; c++)
        {
            double dShift = 0, dScale = 0;
            for (int n = 0; n < batch; n++)
            {
                int offset = (n * Channels + c) * PlaneSize;
                (float s, float p) = Vectorised.MaskedSums(dy.Slice(offset, PlaneSize), y.Slice(offset, PlaneSize), x.Slice(offset, PlaneSize), mean[c]);
                dShift += s;
                dScale += p;
            }
            dScale *= inverseStd[c];
            gradScale[c] = (float)dScale;
            gradShift[c] = (float)dShift;
            float k = Scale.Value[c] * inverseStd[c];
            // dx = k·g − k·dβ/M − k·x̂·dγ/M, with x̂ = (x − μ)·σ⁻¹.
            float a = -k * (float)(dScale / count) * inverseStd[c];
            float b = -k * (float)(dShift / count) - a * mean[c];
            for (int n = 0; n < batch; n++)
            {
                int offset = (n * Channels + c) * PlaneSize;
                Vectorised.BatchNormGradient(dy.Slice(offset, PlaneSize), y.Slice(offset, PlaneSize), x.Slice(offset, PlaneSize), k, a, b, dx.Slice(offset, PlaneSize));
            }
        }
    }
}

/// <summary>Small vectorised loops (System.Numerics.Vector) used by the non-convolution layers.</summary>
internal static class Vectorised
{
    public static (float Sum, float Squares) SumAndSquares(ReadOnlySpan<float> x)
    {
        var s = Vector<float>.Zero;
        var q = Vector<float>.Zero;
        int i = 0;
        for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
        {
            var v = new Vector<float>(x[i..]);
            s += v;
            q += v * v;
        }
        float sum = Vector.Sum(s), squares = Vector.Sum(q);
        for (; i < x.Length; i++)
        {
            sum += x[i];
            squares += x[i] * x[i];
        }
        return (sum, squares);
    }

    /// <summary>y = max(0, a·x + b).</summary>
    public static void AffineRelu(ReadOnlySpan<float> x, float a, float b, Span<float> y)
    {
        var va = new Vector<float>(a);
        var vb = new Vector<float>(b);
        int i = 0;
        for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
        {
            Vector.Max(va * new Vector<float>(x[i..]) + vb, Vector<float>.Zero).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++)
        {
            y[i] = MathF.Max(a * x[i] + b, 0f);
        }
    }

    /// <summary>(Σ g, Σ g·(x − μ)) with g = dy where y &gt; 0.</summary>
    public static (float Sum, float Product) MaskedSums(ReadOnlySpan<float> dy, ReadOnlySpan<float> y, ReadOnlySpan<float> x, float mean)
    {
        var s = Vector<float>.Zero;
        var p = Vector<float>.Zero;
        var m = new Vector<float>(mean);
        int i = 0;
        for (; i + Vector<float>.Count <= dy.Length; i += Vector<float>.Count)
        {
            var g = Vector.ConditionalSelect(Vector.GreaterThan(new Vector<float>(y[i..]), Vector<float>.Zero), new Vector<float>(dy[i..]), Vector<float>.Zero);
            s += g;
            p += g * (new Vector<float>(x[i..]) - m);
        }
        float sum = Vector.Sum(s), product = Vector.Sum(p);
        for (; i < dy.Length; i++)
        {
            float g = y[i] > 0 ? dy[i] : 0f;
            sum += g;
            product += g * (x[i] - mean);
        }
        return (sum, product);
    }

    /// <summary>dx = k·g + a·x + b with g = dy where y &gt; 0.</summary>
    public static void BatchNormGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> y, ReadOnlySpan<float> x, float k, float a, float b, Span<float> dx)
    {
        var vk = new Vector<float>(k);
        var va = new Vector<float>(a);
        var vb = new Vector<float>(b);
        int i = 0;
        for (; i + Vector<float>.Count <= dy.Length; i += Vector<float>.Count)
        {
            var g = Vector.ConditionalSelect(Vector.GreaterThan(new Vector<float>(y[i..]), Vector<float>.Zero), new Vector<float>(dy[i..]), Vector<float>.Zero);
            (vk * g + va * new Vector<float>(x[i..]) + vb).CopyTo(dx[i..]);
        }
        for (; i < dy.Length; i++)
        {
            float g = y[i] > 0 ? dy[i] : 0f;
            dx[i] = k * g + a * x[i] + b;
        }
    }

    /// <summary>Σ a[i]·b[i].</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var s = Vector<float>.Zero;
        int i = 0;
        for (; i + Vector<float>.Count <= a.Length; i += Vector<float>.Count)
        {
            s += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }
        float sum = Vector.Sum(s);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /// <summary>y += a·x.</summary>
    public static void AddScaled(ReadOnlySpan<float> x, float a, Span<float> y)
    {
        var va = new Vector<float>(a);
        int i = 0;
        for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
        {
            (new Vector<float>(y[i..]) + va * new Vector<float>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }
}
