using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen.Benchmarks;

/// <summary>
/// Measures one thread's FP32 FMA peak on the widest accelerated vector (the path the kernels take): independent
/// chains of multiply-adds, more than the FMA latency times two pipes needs, best of five runs of about 50 ms. They are
/// written as the kernels write theirs (<c>MultiplyAddEstimate</c>, a multiply and an add in scalar code): one FMA
/// where the hardware has it, else a multiply and an add, which is then the peak the kernels can reach.
/// Sixteen chains with Vector512 (32 vector registers); twelve otherwise, since x64 without AVX-512 has 16 and sixteen
/// chains plus the two operands spilled (70 instead of about 110 GFLOP/s on the Zen 5 VM with <c>DOTNET_EnableAVX512=0</c>).
/// On that VM on 2026-12-05 the Vector512 loop read 216-230 GFLOP/s, its speed drifting with the host.
/// </summary>
internal static class FmaPeak
{
    /// <summary>GFLOP/s of one thread, counting two FLOPs per lane of each FMA.</summary>
    public static double MeasureGflopsPerThread()
    {
        int lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 1;
        int chains = lanes == 16 ? 16 : 12;
        Func<long, float> run = lanes switch
        {
            16 => Chains512,
            8 => Chains256,
            4 => Chains128,
            _ => ChainsScalar,
        };
        run(10_000); // JIT and warm-up
        long iterations = 1_000_000;
        double best = 0;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long start = Stopwatch.GetTimestamp();
            float sink = run(iterations);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            GC.KeepAlive(sink);
            best = Math.Max(best, iterations * chains * lanes * 2.0 / seconds / 1e9);
            // Aim each later run at about 50 ms.
            iterations = Math.Max(iterations, (long)(iterations * 0.05 / seconds));
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(long iterations)
    {
        Vector512<float> x = Vector512.Create(0.999999f), y = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector512<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.MultiplyAddEstimate(a0, x, y); a1 = Vector512.MultiplyAddEstimate(a1, x, y); a2 = Vector512.MultiplyAddEstimate(a2, x, y); a3 = Vector512.MultiplyAddEstimate(a3, x, y);
            a4 = Vector512.MultiplyAddEstimate(a4, x, y); a5 = Vector512.MultiplyAddEstimate(a5, x, y); a6 = Vector512.MultiplyAddEstimate(a6, x, y); a7 = Vector512.MultiplyAddEstimate(a7, x, y);
            a8 = Vector512.MultiplyAddEstimate(a8, x, y); a9 = Vector512.MultiplyAddEstimate(a9, x, y); a10 = Vector512.MultiplyAddEstimate(a10, x, y); a11 = Vector512.MultiplyAddEstimate(a11, x, y);
            a12 = Vector512.MultiplyAddEstimate(a12, x, y); a13 = Vector512.MultiplyAddEstimate(a13, x, y); a14 = Vector512.MultiplyAddEstimate(a14, x, y); a15 = Vector512.MultiplyAddEstimate(a15, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(long iterations)
    {
        Vector256<float> x = Vector256.Create(0.999999f), y = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector256<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.MultiplyAddEstimate(a0, x, y); a1 = Vector256.MultiplyAddEstimate(a1, x, y); a2 = Vector256.MultiplyAddEstimate(a2, x, y); a3 = Vector256.MultiplyAddEstimate(a3, x, y);
            a4 = Vector256.MultiplyAddEstimate(a4, x, y); a5 = Vector256.MultiplyAddEstimate(a5, x, y); a6 = Vector256.MultiplyAddEstimate(a6, x, y); a7 = Vector256.MultiplyAddEstimate(a7, x, y);
            a8 = Vector256.MultiplyAddEstimate(a8, x, y); a9 = Vector256.MultiplyAddEstimate(a9, x, y); a10 = Vector256.MultiplyAddEstimate(a10, x, y); a11 = Vector256.MultiplyAddEstimate(a11, x, y);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains128(long iterations)
    {
        Vector128<float> x = Vector128.Create(0.999999f), y = Vector128.Create(1e-7f);
        Vector128<float> a0 = Vector128<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector128<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector128.MultiplyAddEstimate(a0, x, y); a1 = Vector128.MultiplyAddEstimate(a1, x, y); a2 = Vector128.MultiplyAddEstimate(a2, x, y); a3 = Vector128.MultiplyAddEstimate(a3, x, y);
            a4 = Vector128.MultiplyAddEstimate(a4, x, y); a5 = Vector128.MultiplyAddEstimate(a5, x, y); a6 = Vector128.MultiplyAddEstimate(a6, x, y); a7 = Vector128.MultiplyAddEstimate(a7, x, y);
            a8 = Vector128.MultiplyAddEstimate(a8, x, y); a9 = Vector128.MultiplyAddEstimate(a9, x, y); a10 = Vector128.MultiplyAddEstimate(a10, x, y); a11 = Vector128.MultiplyAddEstimate(a11, x, y);
        }
        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float ChainsScalar(long iterations)
    {
        float x = 0.999999f, y = 1e-7f;
        float a0 = 1, a1 = 1, a2 = 1, a3 = 1, a4 = 1, a5 = 1, a6 = 1, a7 = 1, a8 = 1, a9 = 1, a10 = 1, a11 = 1;
        for (long i = 0; i < iterations; i++)
        {
            a0 = a0 * x + y; a1 = a1 * x + y; a2 = a2 * x + y; a3 = a3 * x + y;
            a4 = a4 * x + y; a5 = a5 * x + y; a6 = a6 * x + y; a7 = a7 * x + y;
            a8 = a8 * x + y; a9 = a9 * x + y; a10 = a10 * x + y; a11 = a11 * x + y;
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }
}
