using System;
using System.Linq;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The plain-weights overload of kernels that transform their weights (Winograd, transposed convolutions) reuses the
/// transform of the previous call's weights when the contents are equal. Whatever the sequence of weights, every call
/// must give exactly what the packed overload gives for those weights: a stale transform would show up here.
/// </summary>
public sealed class TransformedWeightsCacheTests : GuardedKernelTests
{
    private delegate void Plain(float[] x, float[] w, float[] bias, float[] y);
    private delegate void Packed(float[] x, PackedWeights w, float[] bias, float[] y);

    private static void CheckSequence(string name, int inputs, int weights, int biases, int outputs, Plain plain, Func<float[], PackedWeights> pack, Packed packed)
    {
        var random = new Random(name.Length * 31 + 7);
        float[] x = ForwardChecks.RandomData(inputs, random), bias = ForwardChecks.RandomData(biases, random);
        float[] w1 = ForwardChecks.RandomData(weights, random), w2 = ForwardChecks.RandomData(weights, random);
        float[] Expected(float[] w)
        {
            float[] y = new float[outputs];
            packed(x, pack(w), bias, y);
            return y;
        }
        float[] e1 = Expected(w1), e2 = Expected(w2);
        // w1 (miss), w1 (hit: transformed once and cached), w1 (hit), w2 (miss), w2 (hit), w1 (miss), and w1 changed in
        // place by one element (a miss although the array is the same object).
        foreach ((float[] w, float[] expected, string step) in new[] { (w1, e1, "first"), (w1, e1, "second"), (w1, e1, "third"), (w2, e2, "new weights"), (w2, e2, "new weights again"), (w1, e1, "old weights") })
        {
            float[] y = new float[outputs];
            plain(x, w, bias, y);
            Assert.True(expected.AsSpan().SequenceEqual(y), $"{name}: {step} call differs from the packed overload");
        }
        float[] edited = (float[])w1.Clone();
        float original = edited[edited.Length / 2];
        edited[edited.Length / 2] = original + 0.5f;
        float[] e3 = Expected(edited);
        float[] y3 = new float[outputs];
        plain(x, edited, bias, y3);
        plain(x, edited, bias, y3);
        edited[edited.Length / 2] = original;
        float[] y4 = new float[outputs];
        plain(x, edited, bias, y4);
        Assert.True(e3.AsSpan().SequenceEqual(y3), $"{name}: edited weights differ from the packed overload");
        Assert.True(e1.AsSpan().SequenceEqual(y4), $"{name}: weights edited back in place give a stale result");
    }

    public static TheoryData<string> TransposedLayers => new(TransposedCatalog.Forward.Select(l => l.Name));

    [Theory]
    [MemberData(nameof(TransposedLayers))]
    public void TransposedPlainOverloadFollowsItsWeights(string name)
    {
        TransposedCase layer = TransposedCatalog.FindForward(name);
        var s = layer.Shape;
        int batch = 2;
        CheckSequence(name, batch * s.InputImage, s.WeightCount, layer.HasBias ? s.OutChannels : 0, batch * s.OutputImage,
            (x, w, b, y) => layer.Run(x, w, b, y), w => layer.Pack(w), (x, w, b, y) => layer.RunPacked(x, w, b, y));
    }

    public static TheoryData<string> WinogradLayers => new(LayerCatalog.Packed.Keys.Where(k => k.StartsWith("Winograd", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(WinogradLayers))]
    public void WinogradPlainOverloadFollowsItsWeights(string name)
    {
        LayerCase layer = LayerCatalog.Find(name);
        var s = layer.Shape;
        var (pack, runPacked) = LayerCatalog.Packed[name];
        CheckSequence(name, layer.Batch * s.InputImage, s.WeightCount, layer.HasBias ? s.OutChannels : 0, layer.Batch * s.OutputImage,
            (x, w, b, y) => layer.Run(x, w, b, y), pack, (x, w, b, y) => runPacked(x, w, b, y));
    }

    /// <summary>A kernel stand-in that counts its weight transforms.</summary>
    private sealed class CountingKernel : ITransformedWeights
    {
        public static int Transforms;

        public static int TransformedFloats => 4;

        public static void TransformWeights(ReadOnlySpan<float> weights, Span<float> target)
        {
            Transforms++;
            weights.CopyTo(target);
        }
    }

    /// <summary>The transform in an array from <typeparamref name="TKernel"/>'s cache, read from its aligned start.</summary>
    private static float[] Transformed<TKernel>(float[] cached) where TKernel : ITransformedWeights
    {
        float[] values = new float[TKernel.TransformedFloats];
        System.Runtime.InteropServices.Marshal.Copy(TransformedWeightsCache<TKernel>.AddressOf(cached), values, 0, values.Length);
        return values;
    }

    [Fact]
    public void WeightsThatStopChangingAreCachedWithinSixtyFiveCalls()
    {
        // Misses 1, 2, 4, ..., 64 of a run are remembered, then every 64th; the others are neither copied nor cached.
        Assert.Equal(new[] { 1, 2, 4, 8, 16, 32, 64, 128, 192 }, Enumerable.Range(1, 200).Where(TransformedWeightsCache<CountingKernel>.RemembersMiss));
        lock (typeof(CountingKernel))
        {
            // Training: weights that change on every call are never transformed by the cache.
            for (int step = 0; step < 300; step++)
            {
                Assert.Null(TransformedWeightsCache<CountingKernel>.Lookup(new float[] { step, 1, 2, 3 }));
            }
            Assert.Equal(0, CountingKernel.Transforms);
            // Then inference: the same weights on every call are transformed once, at the first call that finds them
            // remembered, and every later call gets that transform.
            float[] frozen = { -1, 1, 2, 3 };
            int calls = 0;
            float[]? cached = null;
            while (cached is null)
            {
                Assert.True(++calls <= 65, "weights that stopped changing were not cached within 65 calls");
                cached = TransformedWeightsCache<CountingKernel>.Lookup(frozen);
            }
            Assert.Equal(1, CountingKernel.Transforms);
            Assert.Equal(frozen, Transformed<CountingKernel>(cached));
            Assert.Same(cached, TransformedWeightsCache<CountingKernel>.Lookup(frozen));
            Assert.Equal(1, CountingKernel.Transforms);
            // A change is a miss again, and the changed weights are cached from their second call.
            Assert.Null(TransformedWeightsCache<CountingKernel>.Lookup(new float[] { 9, 1, 2, 3 }));
            Assert.NotNull(TransformedWeightsCache<CountingKernel>.Lookup(new float[] { 9, 1, 2, 3 }));
            Assert.Equal(2, CountingKernel.Transforms);
            // Two weight sets taking turns are never transformed into the cache: each would be lost on the next call.
            for (int step = 0; step < 300; step++)
            {
                Assert.Null(TransformedWeightsCache<CountingKernel>.Lookup(new float[] { step % 2, 1, 2, 3 }));
            }
            Assert.Equal(2, CountingKernel.Transforms);
        }
    }

    /// <summary>
    /// A stand-in whose transform is a copy. The cache's state is per kernel type, so each test gives it a tag of its
    /// own (<see cref="BitForBit"/>, …) and starts from an empty cache, leaving <see cref="CountingKernel"/>'s counts alone.
    /// </summary>
    private sealed class CopyingKernel<TTest> : ITransformedWeights
    {
        public static int TransformedFloats => 4;

        public static void TransformWeights(ReadOnlySpan<float> weights, Span<float> target) => weights.CopyTo(target);
    }

    private sealed class BitForBit;

    private sealed class Reusing;

    private sealed class TwoReaders;

    private sealed class Idle;

    private sealed class NeverReleased;

    private sealed class TwoModels;

    private static float[] CachedWithin65Calls(float[] weights)
    {
        for (int call = 1; call <= 65; call++)
        {
            if (TransformedWeightsCache<CopyingKernel<BitForBit>>.Lookup(weights) is float[] cached)
            {
                return cached;
            }
        }
        throw new Xunit.Sdk.XunitException("weights that stopped changing were not cached within 65 calls");
    }

    [Fact]
    public void WeightsAreComparedBitForBit()
    {
        lock (typeof(CopyingKernel<BitForBit>))
        {
            // −0 equals +0 as a float, but its transform can carry the sign into a zero result: a miss.
            float[] positive = { 0f, 1, 2, 3 }, negative = { -0f, 1, 2, 3 };
            CachedWithin65Calls(positive);
            Assert.Null(TransformedWeightsCache<CopyingKernel<BitForBit>>.Lookup(negative));
            float[] cached = CachedWithin65Calls(negative);
            Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(Transformed<CopyingKernel<BitForBit>>(cached)[0]));
            // The same NaN bits are the same weights, so they are cached (float.Equals took a NaN for itself too).
            float[] nan = { float.NaN, 1, 2, 3 };
            Assert.Null(TransformedWeightsCache<CopyingKernel<BitForBit>>.Lookup(nan));
            Assert.NotNull(TransformedWeightsCache<CopyingKernel<BitForBit>>.Lookup(nan));
        }
    }

    /// <summary>A call's use of the cache: the lookup, then (as the generated code does at the end of the call) the release.</summary>
    private static float[]? Call(float[] weights, bool release = true) => Call<CopyingKernel<Reusing>>(weights, release);

    private static float[]? Call<TKernel>(float[] weights, bool release = true)
        where TKernel : ITransformedWeights
    {
        float[]? cached = TransformedWeightsCache<TKernel>.Lookup(weights);
        if (release)
        {
            TransformedWeightsCache<TKernel>.Release(cached);
        }
        return cached;
    }

    [Fact]
    public void ADroppedTransformIsReusedOnlyWhenNoCallReadsIt()
    {
        lock (typeof(CopyingKernel<Reusing>))
        {
            float[] a = { 1, 2, 3, 4 }, b = { 5, 6, 7, 8 };
            // Weights that change and then repeat (each set seen twice in a row) keep transforming into one array.
            Assert.Null(Call(a));
            float[] first = Call(a)!;
            Assert.Equal(a, Transformed<CopyingKernel<Reusing>>(first));
            Assert.Null(Call(b));
            Assert.Same(first, Call(b));
            Assert.Equal(b, Transformed<CopyingKernel<Reusing>>(first));
            // A call still reading the transform (not released) keeps it from reuse: the next weights get a new array
            // and the reader's contents stay those of its weights.
            Assert.Null(Call(a));
            float[] reading = Call(a, release: false)!;
            Assert.Null(Call(b));
            float[] next = Call(b)!;
            Assert.NotSame(reading, next);
            Assert.Equal(a, Transformed<CopyingKernel<Reusing>>(reading));
            Assert.Equal(b, Transformed<CopyingKernel<Reusing>>(next));
            // Its last reader's release makes it the spare: with a reader during the next transform as well, that
            // transform goes into it instead of a third array.
            TransformedWeightsCache<CopyingKernel<Reusing>>.Release(reading);
            float[] stillReading = Call(b, release: false)!;
            Assert.Same(next, stillReading);
            Assert.Null(Call(a));
            Assert.Same(reading, Call(a));
            Assert.Equal(a, Transformed<CopyingKernel<Reusing>>(reading));
            Assert.Equal(b, Transformed<CopyingKernel<Reusing>>(stillReading));
            TransformedWeightsCache<CopyingKernel<Reusing>>.Release(stillReading);
        }
    }

    [Fact]
    public void ADroppedTransformIsReusedOnlyAfterItsLastReader()
    {
        lock (typeof(CopyingKernel<TwoReaders>))
        {
            float[] a = { 1, 2, 3, 4 }, b = { 5, 6, 7, 8 };
            Assert.Null(Call<CopyingKernel<TwoReaders>>(a));
            float[] first = Call<CopyingKernel<TwoReaders>>(a, release: false)!, second = Call<CopyingKernel<TwoReaders>>(a, release: false)!;
            Assert.Same(first, second);
            // Dropped while two calls read it; one of them finishing must not free it for b's transform.
            Assert.Null(Call<CopyingKernel<TwoReaders>>(b));
            TransformedWeightsCache<CopyingKernel<TwoReaders>>.Release(first);
            float[] forB = Call<CopyingKernel<TwoReaders>>(b)!;
            Assert.NotSame(second, forB);
            Assert.Equal(a, Transformed<CopyingKernel<TwoReaders>>(second));
            // The second release frees it: the next transform goes into it (or into b's array, dropped unread).
            TransformedWeightsCache<CopyingKernel<TwoReaders>>.Release(second);
            Assert.Null(Call<CopyingKernel<TwoReaders>>(a));
            float[] again = Call<CopyingKernel<TwoReaders>>(a)!;
            Assert.True(ReferenceEquals(again, second) || ReferenceEquals(again, forB), "a third array was allocated");
        }
    }

    [Fact]
    public void TwoIdleTransformsAreBothKept()
    {
        lock (typeof(CopyingKernel<Idle>))
        {
            float[] a = { 1, 2, 3, 4 }, b = { 5, 6, 7, 8 };
            // x: a's transform, read while b's weights arrive, so b's goes into a second array y.
            Assert.Null(Call<CopyingKernel<Idle>>(a));
            float[] x = Call<CopyingKernel<Idle>>(a, release: false)!;
            Assert.Null(Call<CopyingKernel<Idle>>(b));
            float[] y = Call<CopyingKernel<Idle>>(b)!;
            Assert.NotSame(x, y);
            // x's reader finishes (x becomes a spare), then a's weights drop y unread: both are idle now.
            TransformedWeightsCache<CopyingKernel<Idle>>.Release(x);
            Assert.Null(Call<CopyingKernel<Idle>>(a));
            float[] reading = Call<CopyingKernel<Idle>>(a, release: false)!;
            // b's next transform, while a's is read, needs the other idle array, not a new one.
            Assert.Null(Call<CopyingKernel<Idle>>(b));
            float[] forB = Call<CopyingKernel<Idle>>(b)!;
            Assert.NotSame(reading, forB);
            Assert.True((ReferenceEquals(reading, x) && ReferenceEquals(forB, y)) || (ReferenceEquals(reading, y) && ReferenceEquals(forB, x)),
                "an idle transform was dropped and a new array allocated");
            TransformedWeightsCache<CopyingKernel<Idle>>.Release(reading);
        }
    }

    [Fact]
    public void CallsThatNeverReleaseDoNotStopTheRecycling()
    {
        lock (typeof(CopyingKernel<NeverReleased>))
        {
            float[] a = { 1, 2, 3, 4 }, b = { 5, 6, 7, 8 };
            // Eight transforms dropped while a call that never releases reads them (an exception between lookup and
            // release), more than the cache keeps track of.
            for (int i = 0; i < 8; i++)
            {
                float[] weights = i % 2 == 0 ? a : b;
                Call<CopyingKernel<NeverReleased>>(weights);
                Assert.NotNull(Call<CopyingKernel<NeverReleased>>(weights, release: false));
            }
            // Then the overlapping calls of two weight sets settle on a few arrays again.
            var arrays = new System.Collections.Generic.HashSet<float[]>(System.Collections.Generic.ReferenceEqualityComparer.Instance);
            float[]? previous = null;
            for (int step = 0; step < 200; step++)
            {
                float[]? current = Call<CopyingKernel<NeverReleased>>(step / 2 % 2 == 0 ? a : b, release: false);
                TransformedWeightsCache<CopyingKernel<NeverReleased>>.Release(previous);
                if (current is not null)
                {
                    arrays.Add(current);
                }
                previous = current;
            }
            TransformedWeightsCache<CopyingKernel<NeverReleased>>.Release(previous);
            Assert.InRange(arrays.Count, 1, 6);
        }
    }

    [Fact]
    public void TwoModelsReadingConcurrentlyRecycleTheirTransforms()
    {
        lock (typeof(CopyingKernel<TwoModels>))
        {
            // Two weight sets (two models of one shape), each call still reading its transform while the next call's
            // lookup drops it, as concurrent callers do: every array is reused once its readers are done, so however
            // long this runs it needs two arrays (the transform being read and the one being written).
            float[] a = { 1, 2, 3, 4 }, b = { 5, 6, 7, 8 };
            var arrays = new System.Collections.Generic.HashSet<float[]>(System.Collections.Generic.ReferenceEqualityComparer.Instance);
            float[]? previous = null;
            for (int step = 0; step < 200; step++)
            {
                float[] weights = step / 2 % 2 == 0 ? a : b;
                float[]? current = Call<CopyingKernel<TwoModels>>(weights, release: false);
                TransformedWeightsCache<CopyingKernel<TwoModels>>.Release(previous);
                if (current is not null)
                {
                    arrays.Add(current);
                    Assert.Equal(weights, Transformed<CopyingKernel<TwoModels>>(current));
                }
                previous = current;
            }
            TransformedWeightsCache<CopyingKernel<TwoModels>>.Release(previous);
            Assert.InRange(arrays.Count, 1, 2);
        }
    }
}
