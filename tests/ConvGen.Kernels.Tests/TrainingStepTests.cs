using System;
using ConvGen.Samples.Training.Training;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The training sample's network takes a real SGD step with ConvGen's forward, backward-data and backward-weights
/// kernels: on a tiny synthetic batch (no data set needed) the loss goes down, and a step is deterministic.
/// </summary>
[Collection(nameof(ThreadSettingsCollection))]
public sealed class TrainingStepTests : GuardedKernelTests
{
    private static ImageSet SyntheticBatch(int count, int seed)
    {
        var random = new Random(seed);
        var images = new float[count * Network.ImageSize];
        var labels = new byte[count];
        for (int n = 0; n < count; n++)
        {
            labels[n] = (byte)(n % Network.Classes);
            for (int i = 0; i < Network.ImageSize; i++)
            {
                // A class-dependent pattern plus noise, so there is something to learn.
                images[n * Network.ImageSize + i] = (float)(Math.Sin(i * (labels[n] + 1) * 0.05) + 0.3 * (random.NextDouble() * 2 - 1));
            }
        }
        return new ImageSet(images, labels);
    }

    [Theory]
    [InlineData("pw")]
    [InlineData("gpw")]
    [InlineData("scc")]
    public void OneStepOnATinyBatchLowersTheLoss(string variant)
    {
        PointwiseKind kind = variant switch { "pw" => PointwiseKind.Pointwise, "gpw" => PointwiseKind.GroupPointwise, _ => PointwiseKind.SlidingChannel };
        ImageSet batch = SyntheticBatch(10, 3);
        int[] all = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        var trainer = new Trainer(new Network(kind, seed: 1), batchSize: 10, shards: 2, seed: 1) { Augment = false };
        (double before, _) = trainer.Step(batch, all, 0.05f);
        (double after, _) = trainer.Step(batch, all, 0.05f);
        Assert.True(double.IsFinite(before) && double.IsFinite(after), $"loss {before} → {after}");
        Assert.True(after < before, $"the loss did not go down: {before / 10:0.0000} → {after / 10:0.0000}");
    }

    [Fact]
    public void AStepIsDeterministic()
    {
        ImageSet batch = SyntheticBatch(6, 4);
        int[] all = { 0, 1, 2, 3, 4, 5 };
        float[] Run()
        {
            var net = new Network(PointwiseKind.Pointwise, seed: 2);
            var trainer = new Trainer(net, batchSize: 6, shards: 2, seed: 2) { Augment = false };
            trainer.Step(batch, all, 0.05f);
            trainer.Step(batch, all, 0.05f);
            return net.Convs[3].Weights.Value;
        }
        Assert.Equal(Run(), Run());
    }
}
