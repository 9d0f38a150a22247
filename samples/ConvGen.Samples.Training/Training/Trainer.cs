using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace ConvGen.Samples.Training.Training;

/// <summary>One epoch's numbers, for the progress line, the curves and the summary table.</summary>
internal sealed record EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy, double Seconds, double ImagesPerSecond);

/// <summary>
/// Mini-batch SGD with momentum, cosine learning-rate decay and a short warm-up. Each mini-batch is split into one
/// shard per core; the shards run forward and backward in parallel (ConvGen kernels single-threaded inside), and their
/// gradients are added in shard order, so a run is reproducible for a given seed and shard count.
/// </summary>
internal sealed class Trainer
{
    private readonly Network _net;
    private readonly Shard[] _shards;
    private readonly float[][] _gradients;
    private readonly Random _random;

    public Trainer(Network net, int batchSize, int shards, int seed)
    {
        _net = net;
        BatchSize = batchSize;
        _shards = new Shard[shards];
        for (int i = 0; i < shards; i++)
        {
            _shards[i] = new Shard(net, (batchSize + shards - 1) / shards);
        }
        _gradients = new float[net.Parameters.Count][];
        for (int i = 0; i < _gradients.Length; i++)
        {
            _gradients[i] = new float[net.Parameters[i].Value.Length];
        }
        _random = new Random(seed);
    }

    public int BatchSize { get; }
    public float LearningRate { get; set; } = 0.1f;
    public float Momentum { get; set; } = 0.9f;
    public float WeightDecay { get; set; } = 1e-4f;
    /// <summary>Random horizontal flips (off by default: the small network underfits rather than overfits in a few epochs).</summary>
    public bool Augment { get; set; }

    /// <summary>One SGD step on <paramref name="indices"/> of <paramref name="data"/>; returns (summed loss, correct).</summary>
    public (double Loss, int Correct) Step(ImageSet data, ReadOnlySpan<int> indices, float learningRate)
    {
        int count = indices.Length;
        int per = (count + _shards.Length - 1) / _shards.Length;
        var losses = new double[_shards.Length];
        var corrects = new int[_shards.Length];
        var labels = new byte[_shards.Length][];
        int[] batch = indices.ToArray();
        bool[] flips = new bool[count];
        for (int i = 0; i < count; i++)
        {
            flips[i] = Augment && _random.Next(2) == 1;
        }
        Parallel.For(0, _shards.Length, s =>
        {
            int begin = s * per, end = Math.Min(count, begin + per);
            if (end <= begin)
            {
                labels[s] = Array.Empty<byte>();
                return;
            }
            Shard shard = _shards[s];
            labels[s] = new byte[end - begin];
            for (int i = begin; i < end; i++)
            {
                CopyImage(data, batch[i], shard.Input.AsSpan((i - begin) * Network.ImageSize, Network.ImageSize), flips[i]);
                labels[s][i - begin] = data.Labels[batch[i]];
            }
            (losses[s], corrects[s]) = shard.Forward(end - begin, labels[s], training: true);
            shard.Backward(end - begin, labels[s], count);
        });

        // Add the shards' gradients in a fixed order, update batch-norm running statistics, then step.
        for (int p = 0; p < _gradients.Length; p++)
        {
            Span<float> total = _gradients[p];
            _shards[0].Gradients[p].CopyTo(total);
            for (int s = 1; s < _shards.Length; s++)
            {
                if (labels[s].Length > 0)
                {
                    Vectorised.AddScaled(_shards[s].Gradients[p], 1f, total);
                }
            }
            _net.Parameters[p].Step(total, learningRate, Momentum, WeightDecay);
        }
        UpdateRunningStatistics(labels);
        double loss = 0;
        int correct = 0;
        for (int s = 0; s < _shards.Length; s++)
        {
            loss += losses[s];
            correct += corrects[s];
        }
        return (loss, correct);
    }

    private void UpdateRunningStatistics(byte[][] labels)
    {
        const float momentum = 0.1f;
        int active = 0;
        foreach (byte[] l in labels)
        {
            active += l.Length > 0 ? 1 : 0;
        }
        for (int layer = 0; layer < _net.Norms.Count; layer++)
        {
            BatchNormRelu norm = _net.Norms[layer];
            for (int c = 0; c < norm.Channels; c++)
            {
                float mean = 0, variance = 0;
                for (int s = 0; s < _shards.Length; s++)
                {
                    if (labels[s].Length > 0)
                    {
                        mean += _shards[s].Means(layer)[c];
                        variance += _shards[s].Variances(layer)[c];
                    }
                }
                norm.RunningMean[c] = (1 - momentum) * norm.RunningMean[c] + momentum * mean / active;
                norm.RunningVariance[c] = (1 - momentum) * norm.RunningVariance[c] + momentum * variance / active;
            }
        }
    }

    private static void CopyImage(ImageSet data, int index, Span<float> target, bool flip)
    {
        ReadOnlySpan<float> source = data.Images.AsSpan(index * Network.ImageSize, Network.ImageSize);
        if (!flip)
        {
            source.CopyTo(target);
            return;
        }
        for (int y = 0; y < 28; y++)
        {
            for (int x = 0; x < 28; x++)
            {
                target[y * 28 + x] = source[y * 28 + 27 - x];
            }
        }
    }

    /// <summary>Mean loss and accuracy on <paramref name="data"/> with the running batch-norm statistics.</summary>
    public (double Loss, double Accuracy) Evaluate(ImageSet data)
    {
        int per = _shards[0].Capacity;
        var losses = new double[_shards.Length];
        var corrects = new int[_shards.Length];
        Parallel.For(0, _shards.Length, s =>
        {
            Shard shard = _shards[s];
            for (int begin = s * per; begin < data.Count; begin += per * _shards.Length)
            {
                int count = Math.Min(per, data.Count - begin);
                data.Images.AsSpan(begin * Network.ImageSize, count * Network.ImageSize).CopyTo(shard.Input);
                (double loss, int correct) = shard.Forward(count, data.Labels.AsSpan(begin, count), training: false);
                losses[s] += loss;
                corrects[s] += correct;
            }
        });
        double total = 0;
        int right = 0;
        for (int s = 0; s < _shards.Length; s++)
        {
            total += losses[s];
            right += corrects[s];
        }
        return (total / data.Count, (double)right / data.Count);
    }

    /// <summary>Trains for <paramref name="epochs"/> epochs, reporting each through <paramref name="progress"/>.</summary>
    public List<EpochResult> Train(ImageSet train, ImageSet test, int epochs, Action<EpochResult>? progress, Action<int, int, double>? stepProgress = null)
    {
        var results = new List<EpochResult>();
        int steps = (train.Count + BatchSize - 1) / BatchSize;
        int totalSteps = steps * epochs, warmup = Math.Min(200, totalSteps / 10);
        int[] order = new int[train.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        int step = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            _random.Shuffle(order);
            var clock = Stopwatch.StartNew();
            double loss = 0;
            int correct = 0;
            for (int b = 0; b < steps; b++, step++)
            {
                float lr = step < warmup
                    ? LearningRate * (step + 1) / warmup
                    : (float)(LearningRate * 0.5 * (1 + Math.Cos(Math.PI * (step - warmup) / Math.Max(1, totalSteps - warmup))));
                int begin = b * BatchSize, count = Math.Min(BatchSize, train.Count - begin);
                (double l, int c) = Step(train, order.AsSpan(begin, count), lr);
                loss += l;
                correct += c;
                stepProgress?.Invoke(b + 1, steps, loss / Math.Min(train.Count, (b + 1) * BatchSize));
            }
            double seconds = clock.Elapsed.TotalSeconds;
            if (Shard.Profiling)
            {
                for (int i = 0; i < _net.Convs.Count; i++)
                {
                    double Ms(int k) => _shards[0].Ticks[i, k] * 1e3 / Stopwatch.Frequency;
                    Console.WriteLine($"    {_net.Convs[i].Name,-6} fwd {Ms(0),8:F0} ms  bn {Ms(1),8:F0} ms  bwd-wei {Ms(2),8:F0} ms  bwd-data {Ms(3),8:F0} ms (shard 0)");
                }
            }
            (double testLoss, double testAccuracy) = Evaluate(test);
            var result = new EpochResult(epoch, loss / train.Count, (double)correct / train.Count, testLoss, testAccuracy, seconds, train.Count / seconds);
            results.Add(result);
            progress?.Invoke(result);
        }
        return results;
    }
}
