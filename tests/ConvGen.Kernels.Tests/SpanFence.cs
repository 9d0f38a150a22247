using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using ConvGen.Reference;
using ConvGen.Kernels.Tests.Layers;
using ConvGen.Runtime.CompilerServices;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// Runs every generated kernel of this assembly with each of its spans fenced by an inaccessible page: first every span
/// ending exactly where a PROT_NONE page begins, then every span starting exactly where one ends. A vector load or store
/// that reaches even one float outside a span faults, so the process dies (a fatal access violation, exit code 134)
/// naming, on its last line of output, the kernel that did it. The kernels also run on guarded scratch, checked after
/// each one (the suite's full-size backward kernels run nowhere else). Production kernels receive spans that may end at a page boundary (native or mapped memory),
/// so "no access outside the spans" is a contract, not a detail. Linux only (mmap/mprotect from libc); the
/// <c>span-fence</c> child process of <see cref="SpanFenceTests"/>.
/// </summary>
internal static class SpanFence
{
    private const int ProtNone = 0, ProtReadWrite = 3, MapPrivate = 0x02, MapAnonymous = 0x20;

    [DllImport("libc", SetLastError = true)]
    private static extern nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(nint address, nuint length, int protection);

    [DllImport("libc", SetLastError = true)]
    private static extern int munmap(nint address, nuint length);

    private static readonly nuint s_page = (nuint)Environment.SystemPageSize;

    /// <summary>
    /// Runs every kernel twice (spans against the page after them, then before them); returns the kernel count, and adds
    /// to <paramref name="failures"/> each kernel that overwrote a scratch canary.
    /// </summary>
    public static int RunAll(Action<string> progress, List<string> failures)
    {
        int kernels = 0;
        foreach (bool atEnd in new[] { true, false })
        {
            string side = atEnd ? "ending at a fence" : "starting at a fence";
            foreach (LayerCase layer in LayerCatalog.All)
            {
                var s = layer.Shape;
                Run(failures, $"{layer.Name} forward, spans {side}", progress, atEnd,
                    new[] { layer.Batch * s.InputImage, s.WeightCount, layer.HasBias ? s.OutChannels : 0, layer.Batch * s.OutputImage },
                    f => layer.Run(f[0].Span, f[1].Span, f[2].Span, f[3].Span));
                kernels++;
            }
            // Both backward passes of one layer: gradOutput, weights → gradInput; input, gradOutput → gradWeights[, gradBias].
            void Backward(string label, int inputs, int outputs, int weightCount, int biasCount, BackwardDataKernel data, BackwardWeightsKernelWithBias weights)
            {
                Run(failures, $"{label} backward-data, spans {side}", progress, atEnd,
                    new[] { outputs, weightCount, inputs }, f => data(f[0].Span, f[1].Span, f[2].Span));
                Run(failures, $"{label} backward-weights, spans {side}", progress, atEnd,
                    new[] { inputs, outputs, weightCount, biasCount }, f => weights(f[0].Span, f[1].Span, f[2].Span, f[3].Span));
                kernels += 2;
            }
            foreach (BackwardLayerCase layer in BackwardCatalog.All)
            {
                var s = layer.Shape;
                Backward(layer.Name, layer.Batch * s.InputImage, layer.Batch * s.OutputImage, s.WeightCount, layer.HasBias ? s.OutChannels : 0, layer.Data, layer.Weights);
            }
            // The benchmark suite's forward kernels at batch 1 (configs.csv through the benchmarks' own Suite): MobileNet,
            // ResNet-18, ResNeXt, grouped 1×1, image filters, and DCGAN's transposed layers through their packed weights.
            foreach (ConvGen.Benchmarks.SuiteLayer layer in ConvGen.Benchmarks.Suite.Layers.Where(l => l.Batch == 1))
            {
                Conv2DShape s = layer.Shape;
                Run(failures, $"suite {layer.Name} forward, spans {side}", progress, atEnd,
                    new[] { s.InputImage, s.WeightCount, s.OutputImage },
                    f => layer.Kernel(f[0].Span, f[1].Span, f[2].Span));
                kernels++;
            }
            foreach (ConvGen.Benchmarks.SuiteDeconvLayer layer in ConvGen.Benchmarks.Suite.DeconvLayers.Where(l => l.Batch == 1))
            {
                ConvTranspose2DShape s = layer.Shape;
                Run(failures, $"suite {layer.Name} transposed forward, spans {side}", progress, atEnd,
                    new[] { s.InputImage, s.WeightCount, s.OutputImage },
                    f => layer.Kernel(f[0].Span, layer.Pack(f[1].Span), f[2].Span));
                kernels++;
            }
            // The training sample's backward kernels of the benchmark suite: MobileNet, ResNet-18, ResNeXt at full size.
            foreach (ConvGen.Samples.Training.Benchmarks.SuiteLayer layer in ConvGen.Samples.Training.Benchmarks.SuiteLayers.All)
            {
                var s = layer.Shape;
                // Declared without gradBias, like the oneDNN pass they are timed against: an empty bias span.
                Backward($"suite {layer.Name}", s.InputImage, s.OutputImage, s.WeightCount, 0, layer.Data.Invoke, (x, dy, dw, _) => layer.Weights(x, dy, dw));
            }
            foreach (SccCase layer in SccCatalog.All)
            {
                int bias = layer.Layer.OutChannels;
                Run(failures, $"{layer.Name} SCC forward, spans {side}", progress, atEnd,
                    new[] { layer.InputLength, layer.WeightCount, layer.HasBias ? bias : 0, layer.OutputLength },
                    f => layer.Forward(f[0].Span, f[1].Span, f[2].Span, f[3].Span));
                Run(failures, $"{layer.Name} SCC backward-data, spans {side}", progress, atEnd,
                    new[] { layer.OutputLength, layer.WeightCount, layer.InputLength },
                    f => layer.BackwardDataKernel(f[0].Span, f[1].Span, f[2].Span));
                Run(failures, $"{layer.Name} SCC backward-weights, spans {side}", progress, atEnd,
                    new[] { layer.InputLength, layer.OutputLength, layer.WeightCount, layer.HasBiasGradient ? bias : 0 },
                    f => layer.BackwardWeights(f[0].Span, f[1].Span, f[2].Span, f[3].Span));
                kernels += 3;
            }
            foreach (TransposedCase layer in TransposedCatalog.Forward)
            {
                var s = layer.Shape;
                Run(failures, $"{layer.Name} transposed forward, spans {side}", progress, atEnd,
                    new[] { s.InputImage, s.WeightCount, layer.HasBias ? s.OutChannels : 0, s.OutputImage },
                    f => layer.Run(f[0].Span, f[1].Span, f[2].Span, f[3].Span));
                kernels++;
            }
            foreach (TransposedBackwardCase layer in TransposedCatalog.Backward)
            {
                var s = layer.Shape;
                Backward($"{layer.Name} transposed", layer.Batch * s.InputImage, layer.Batch * s.OutputImage, s.WeightCount, layer.HasBias ? s.OutChannels : 0, layer.Data, layer.Weights);
            }
        }
        return kernels;
    }

    private static void Run(List<string> failures, string label, Action<string> progress, bool atEnd, int[] lengths, Action<Fenced[]> kernel)
    {
        progress(label);
        var random = new Random(label.Length);
        var spans = new Fenced[lengths.Length];
        try
        {
            for (int i = 0; i < lengths.Length; i++)
            {
                spans[i] = new Fenced(lengths[i], atEnd);
                ForwardChecks.RandomData(lengths[i], random).CopyTo(spans[i].Span);
            }
            kernel(spans);
            if (GuardedScratch.Violations(label) is string violations)
            {
                failures.Add(violations);
            }
        }
        finally
        {
            foreach (Fenced fenced in spans)
            {
                fenced?.Dispose();
            }
        }
    }

    /// <summary>Floats in a private mapping, flush against an inaccessible page after them (or before them).</summary>
    private sealed class Fenced : IDisposable
    {
        private readonly nint _mapping;
        private readonly nuint _length;
        private readonly nint _first;
        private readonly int _floats;

        public Fenced(int floats, bool atEnd)
        {
            _floats = floats;
            nuint bytes = (nuint)floats * sizeof(float);
            nuint dataPages = (bytes + s_page - 1) / s_page;
            _length = (dataPages + 1) * s_page;
            _mapping = mmap(0, _length, ProtReadWrite, MapPrivate | MapAnonymous, -1, 0);
            if (_mapping == -1)
            {
                throw new InvalidOperationException($"mmap of {_length} bytes failed: errno {Marshal.GetLastPInvokeError()}");
            }
            nint fence = atEnd ? _mapping + (nint)(dataPages * s_page) : _mapping;
            if (mprotect(fence, s_page, ProtNone) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                munmap(_mapping, _length);
                throw new InvalidOperationException($"mprotect failed: errno {errno}");
            }
            _first = atEnd ? fence - (nint)bytes : fence + (nint)s_page;
        }

        public Span<float> Span => _floats == 0 ? Span<float>.Empty : MemoryMarshal.CreateSpan(ref KernelMemory.AsRef(_first), _floats);

        public void Dispose() => munmap(_mapping, _length);
    }
}
