using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ConvGen.Reference;
using K = ConvGen.Samples.Training.Training.NetworkKernels;

namespace ConvGen.Samples.Training.Training;

/// <summary>
/// Which 1x1 layers follow the depthwise convolutions (DSXplore's Table IV variants). A further variant is a value here
/// and a case in <see cref="Network.PointwiseLayers"/> building its four layers; nothing else in the sample changes.
/// </summary>
internal enum PointwiseKind
{
    /// <summary>Dense 1x1 (MobileNet's depthwise separable block).</summary>
    Pointwise,
    /// <summary>Group 1x1 with 2 channel groups.</summary>
    GroupPointwise,
    /// <summary>DSXplore's sliding-channel convolution with cg = 2, co = 0.5 (ConvGen's SlidingChannelConv kernels).</summary>
    SlidingChannel,
}

/// <summary>
/// A small MobileNet-style CNN for 28×28 grey images: a 3×3 stem, four depthwise-separable blocks (two with stride 2)
/// each followed by batch norm + ReLU, global average pooling and a linear classifier. Every convolution is a ConvGen
/// kernel; the rest is plain vectorised C#.
/// </summary>
internal sealed class Network
{
    public const int ImageSize = 28 * 28, Classes = 10, Features = 128;

    public Network(PointwiseKind kind, int seed)
    {
        Kind = kind;
        var convs = new List<ConvLayer> { Conv("stem", K.StemForward, K.StemForwardShape, null, null, K.StemBackwardWeights, K.StemBackwardWeightsShape) };
        ConvLayer[] depthwise =
        {
            Conv("dw1", K.Dw1Forward, K.Dw1ForwardShape, K.Dw1BackwardData, K.Dw1BackwardDataShape, K.Dw1BackwardWeights, K.Dw1BackwardWeightsShape),
            Conv("dw2", K.Dw2Forward, K.Dw2ForwardShape, K.Dw2BackwardData, K.Dw2BackwardDataShape, K.Dw2BackwardWeights, K.Dw2BackwardWeightsShape),
            Conv("dw3", K.Dw3Forward, K.Dw3ForwardShape, K.Dw3BackwardData, K.Dw3BackwardDataShape, K.Dw3BackwardWeights, K.Dw3BackwardWeightsShape),
            Conv("dw4", K.Dw4Forward, K.Dw4ForwardShape, K.Dw4BackwardData, K.Dw4BackwardDataShape, K.Dw4BackwardWeights, K.Dw4BackwardWeightsShape),
        };
        ConvLayer[] pointwise = PointwiseLayers(kind);
        for (int i = 0; i < 4; i++)
        {
            convs.Add(depthwise[i]);
            convs.Add(pointwise[i]);
        }
        Convs = convs;
        Norms = convs.Select(c => new BatchNormRelu(c.Name + ".bn", c.Size.OutChannels, c.Size.OutPlane)).ToList();
        Classifier = new Parameter("fc.weight", Classes * Features, decays: true);
        ClassifierBias = new Parameter("fc.bias", Classes, decays: false);

        var random = new Random(seed);
        foreach (ConvLayer conv in Convs)
        {
            conv.Weights.InitHe(random, conv.Size.FanIn);
        }
        Classifier.InitHe(random, Features, gain: 1);
        Parameters = Convs.Select(c => c.Weights)
            .Concat(Norms.SelectMany(n => new[] { n.Scale, n.Shift }))
            .Concat(new[] { Classifier, ClassifierBias }).ToList();
    }

    /// <summary>The four 1x1 layers of a variant (the hook for further variants such as DW+SCC).</summary>
    internal static ConvLayer[] PointwiseLayers(PointwiseKind kind) => kind switch
    {
        PointwiseKind.Pointwise => new[]
        {
            Conv("pw1", K.Pw1Forward, K.Pw1ForwardShape, K.Pw1BackwardData, K.Pw1BackwardDataShape, K.Pw1BackwardWeights, K.Pw1BackwardWeightsShape),
            Conv("pw2", K.Pw2Forward, K.Pw2ForwardShape, K.Pw2BackwardData, K.Pw2BackwardDataShape, K.Pw2BackwardWeights, K.Pw2BackwardWeightsShape),
            Conv("pw3", K.Pw3Forward, K.Pw3ForwardShape, K.Pw3BackwardData, K.Pw3BackwardDataShape, K.Pw3BackwardWeights, K.Pw3BackwardWeightsShape),
            Conv("pw4", K.Pw4Forward, K.Pw4ForwardShape, K.Pw4BackwardData, K.Pw4BackwardDataShape, K.Pw4BackwardWeights, K.Pw4BackwardWeightsShape),
        },
        PointwiseKind.GroupPointwise => new[]
        {
            Conv("gpw1", K.GPw1Forward, K.GPw1ForwardShape, K.GPw1BackwardData, K.GPw1BackwardDataShape, K.GPw1BackwardWeights, K.GPw1BackwardWeightsShape),
            Conv("gpw2", K.GPw2Forward, K.GPw2ForwardShape, K.GPw2BackwardData, K.GPw2BackwardDataShape, K.GPw2BackwardWeights, K.GPw2BackwardWeightsShape),
            Conv("gpw3", K.GPw3Forward, K.GPw3ForwardShape, K.GPw3BackwardData, K.GPw3BackwardDataShape, K.GPw3BackwardWeights, K.GPw3BackwardWeightsShape),
            Conv("gpw4", K.GPw4Forward, K.GPw4ForwardShape, K.GPw4BackwardData, K.GPw4BackwardDataShape, K.GPw4BackwardWeights, K.GPw4BackwardWeightsShape),
        },
        PointwiseKind.SlidingChannel => new[]
        {
            Scc("scc1", K.Scc1Forward, K.Scc1ForwardShape, K.Scc1BackwardData, K.Scc1BackwardDataShape, K.Scc1BackwardWeights, K.Scc1BackwardWeightsShape),
            Scc("scc2", K.Scc2Forward, K.Scc2ForwardShape, K.Scc2BackwardData, K.Scc2BackwardDataShape, K.Scc2BackwardWeights, K.Scc2BackwardWeightsShape),
            Scc("scc3", K.Scc3Forward, K.Scc3ForwardShape, K.Scc3BackwardData, K.Scc3BackwardDataShape, K.Scc3BackwardWeights, K.Scc3BackwardWeightsShape),
            Scc("scc4", K.Scc4Forward, K.Scc4ForwardShape, K.Scc4BackwardData, K.Scc4BackwardDataShape, K.Scc4BackwardWeights, K.Scc4BackwardWeightsShape),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A <c>[Conv2D]</c> layer: its three kernels and the layer they declare.</summary>
    private static ConvLayer Conv(string name, ForwardKernel forward, Conv2DShape forwardShape, BackwardDataKernel? data, Conv2DShape? dataShape,
        BackwardWeightsKernel weights, Conv2DShape weightsShape) =>
        new(name, LayerSize.Of(name, forwardShape, dataShape, weightsShape, LayerSize.Of), forward, data, weights);

    /// <summary>A <c>[SlidingChannelConv]</c> layer.</summary>
    private static ConvLayer Scc(string name, ForwardKernel forward, SlidingChannelConvShape forwardShape, BackwardDataKernel data,
        SlidingChannelConvShape dataShape, BackwardWeightsKernel weights, SlidingChannelConvShape weightsShape) =>
        new(name, LayerSize.Of(name, forwardShape, dataShape, weightsShape, LayerSize.Of), forward, data, weights);

    public PointwiseKind Kind { get; }
    public IReadOnlyList<ConvLayer> Convs { get; }
    public IReadOnlyList<BatchNormRelu> Norms { get; }
    public Parameter Classifier { get; }
    public Parameter ClassifierBias { get; }
    public IReadOnlyList<Parameter> Parameters { get; }

    public string Name => Kind switch
    {
        PointwiseKind.Pointwise => "DW+PW",
        PointwiseKind.GroupPointwise => "DW+GPW (cg=2)",
        PointwiseKind.SlidingChannel => "DW+SCC (cg=2, co=0.5)",
        _ => Kind.ToString(),
    };

    public long ParameterCount => Parameters.Sum(p => (long)p.Value.Length);

    /// <summary>Forward MFLOPs per image (convolutions, multiply-adds counted as 2, plus the classifier).</summary>
    public double ForwardMegaFlops => (Convs.Sum(c => c.Size.Flops) + 2.0 * Classes * Features) / 1e6;
}

/// <summary>
/// Per-thread state for a slice of a mini-batch: activations for backward and this slice's gradients. The trainer runs
/// one shard per core on disjoint images, then adds the shards' gradients in a fixed order (so a step is deterministic).
/// </summary>
internal sealed class Shard
{
    private readonly Network _net;
    private readonly float[][] _inputs, _preNorm, _outputs, _gradients, _means, _variances, _inverseStds;
    private readonly float[] _features, _logits, _gradLogits, _gradFeatures;

    public Shard(Network net, int capacity)
    {
        _net = net;
        Capacity = capacity;
        int count = net.Convs.Count;
        _inputs = new float[count][];
        _preNorm = new float[count][];
        _outputs = new float[count][];
        _gradients = new float[count + 1][];
        _means = new float[count][];
        _variances = new float[count][];
        _inverseStds = new float[count][];
        for (int i = 0; i < count; i++)
        {
            LayerSize s = net.Convs[i].Size;
            _inputs[i] = i == 0 ? new float[capacity * s.InputImage] : _outputs[i - 1];
            _preNorm[i] = new float[capacity * s.OutputImage];
            _outputs[i] = new float[capacity * s.OutputImage];
            _gradients[i] = new float[capacity * s.OutputImage];
            _means[i] = new float[s.OutChannels];
            _variances[i] = new float[s.OutChannels];
            _inverseStds[i] = new float[s.OutChannels];
        }
        _features = new float[capacity * Network.Features];
        _logits = new float[capacity * Network.Classes];
        _gradLogits = new float[capacity * Network.Classes];
        _gradFeatures = new float[capacity * Network.Features];
        Gradients = net.Parameters.Select(p => new float[p.Value.Length]).ToArray();
    }

    public int Capacity { get; }

    /// <summary>Optional per-stage timing (set CONVGEN_PROFILE=1): ticks per conv forward, BN, conv backward-weights, backward-data.</summary>
    public static readonly bool Profiling = Environment.GetEnvironmentVariable("CONVGEN_PROFILE") == "1";
    public readonly long[,] Ticks = new long[12, 4];
    /// <summary>This shard's gradient of every parameter (same order as <see cref="Network.Parameters"/>).</summary>
    public float[][] Gradients { get; }
    public float[] Means(int layer) => _means[layer];
    public float[] Variances(int layer) => _variances[layer];
    public float[] Input => _inputs[0];

    /// <summary>Runs forward; returns the summed cross-entropy and the number of correct predictions.</summary>
    public (double Loss, int Correct) Forward(int batch, ReadOnlySpan<byte> labels, bool training)
    {
        Network net = _net;
        for (int i = 0; i < net.Convs.Count; i++)
        {
            ConvLayer conv = net.Convs[i];
            LayerSize s = conv.Size;
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            conv.Forward(_inputs[i].AsSpan(0, batch * s.InputImage), conv.Weights.Value, _preNorm[i].AsSpan(0, batch * s.OutputImage));
            long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
            Ticks[i, 0] += t1 - t0;
            if (training)
            {
                net.Norms[i].ForwardTrain(_preNorm[i], _outputs[i], batch, _means[i], _variances[i], _inverseStds[i]);
            }
            else
            {
                net.Norms[i].ForwardEval(_preNorm[i], _outputs[i], batch);
            }
            Ticks[i, 1] += System.Diagnostics.Stopwatch.GetTimestamp() - t1;
        }

        // Global average pooling, classifier, softmax cross-entropy.
        float[] last = _outputs[^1];
        int plane = net.Convs[^1].Size.OutPlane;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < Network.Features; c++)
            {
                float sum = 0;
                ReadOnlySpan<float> p = last.AsSpan((n * Network.Features + c) * plane, plane);
                foreach (float v in p)
                {
                    sum += v;
                }
                _features[n * Network.Features + c] = sum / plane;
            }
        }
        double loss = 0;
        int correct = 0;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> f = _features.AsSpan(n * Network.Features, Network.Features);
            Span<float> z = _logits.AsSpan(n * Network.Classes, Network.Classes);
            int best = 0;
            for (int j = 0; j < Network.Classes; j++)
            {
                z[j] = net.ClassifierBias.Value[j] + Vectorised.Dot(net.Classifier.Value.AsSpan(j * Network.Features, Network.Features), f);
                best = z[j] > z[best] ? j : best;
            }
            float max = z[best];
            double total = 0;
            for (int j = 0; j < Network.Classes; j++)
            {
                total += Math.Exp(z[j] - max);
            }
            loss += Math.Log(total) - (z[labels[n]] - max);
            correct += best == labels[n] ? 1 : 0;
        }
        return (loss, correct);
    }

    /// <summary>
    /// Backward after a training <see cref="Forward"/>: fills <see cref="Gradients"/> with this shard's gradient of
    /// (summed loss) / <paramref name="lossScale"/>, i.e. its share of the mean over the whole mini-batch.
    /// </summary>
    public void Backward(int batch, ReadOnlySpan<byte> labels, int lossScale)
    {
        Network net = _net;
        int fc = net.Parameters.Count - 2;
        Span<float> dW = Gradients[fc], dB = Gradients[fc + 1];
        dW.Clear();
        dB.Clear();
        _gradFeatures.AsSpan(0, batch * Network.Features).Clear();
        for (int n = 0; n < batch; n++)
        {
            Span<float> z = _logits.AsSpan(n * Network.Classes, Network.Classes);
            Span<float> dz = _gradLogits.AsSpan(n * Network.Classes, Network.Classes);
            float max = float.MinValue;
            foreach (float v in z)
            {
                max = MathF.Max(max, v);
            }
            float total = 0;
            for (int j = 0; j < Network.Classes; j++)
            {
                dz[j] = MathF.Exp(z[j] - max);
                total += dz[j];
            }
            ReadOnlySpan<float> f = _features.AsSpan(n * Network.Features, Network.Features);
            Span<float> df = _gradFeatures.AsSpan(n * Network.Features, Network.Features);
            for (int j = 0; j < Network.Classes; j++)
            {
                dz[j] = (dz[j] / total - (j == labels[n] ? 1 : 0)) / lossScale;
                dB[j] += dz[j];
                Vectorised.AddScaled(f, dz[j], dW.Slice(j * Network.Features, Network.Features));
                Vectorised.AddScaled(net.Classifier.Value.AsSpan(j * Network.Features, Network.Features), dz[j], df);
            }
        }

        // Global average pooling backward into the last layer's output gradient.
        int last = net.Convs.Count - 1;
        int plane = net.Convs[last].Size.OutPlane;
        float[] grad = _gradients[last];
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < Network.Features; c++)
            {
                grad.AsSpan((n * Network.Features + c) * plane, plane).Fill(_gradFeatures[n * Network.Features + c] / plane);
            }
        }

        // Convolution stages in reverse: ReLU + batch norm backward, then ConvGen's backward-weights and backward-data.
        int norms = net.Convs.Count;
        for (int i = last; i >= 0; i--)
        {
            ConvLayer conv = net.Convs[i];
            LayerSize s = conv.Size;
            int outLength = batch * s.OutputImage;
            float[] gradPreNorm = _preNorm[i]; // reused in place: the pre-norm values are read before they are overwritten
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            net.Norms[i].Backward(_preNorm[i].AsSpan(0, outLength), _gradients[i].AsSpan(0, outLength), gradPreNorm.AsSpan(0, outLength),
                batch, _means[i], _inverseStds[i], Gradients[norms + 2 * i], Gradients[norms + 2 * i + 1]);
            long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
            Ticks[i, 1] += t1 - t0;
            conv.BackwardWeights(_inputs[i].AsSpan(0, batch * s.InputImage), gradPreNorm.AsSpan(0, outLength), Gradients[i]);
            long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
            Ticks[i, 2] += t2 - t1;
            if (conv.BackwardData is { } data)
            {
                data(gradPreNorm.AsSpan(0, outLength), conv.Weights.Value, _gradients[i - 1].AsSpan(0, batch * s.InputImage));
            }
            Ticks[i, 3] += System.Diagnostics.Stopwatch.GetTimestamp() - t2;
        }
    }
}
