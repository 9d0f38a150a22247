using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using ConvGen.Runtime.Threading;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The fork-join pool runs every slice of every job exactly once and returns only when all have finished, also with
/// more workers than cores and jobs of different sizes back to back: the case where a worker descheduled in the middle
/// of claiming a slice of one job used to run a slice of the next, larger job a second time (a hang or a wrong sum).
/// The claim's own test is the deterministic guard; the stress test needs a worker preempted inside a claim, which it
/// provokes only sometimes (with the old claim, it failed in one of five runs on the 2-vCPU VM).
/// </summary>
public sealed class WorkerPoolTests
{
    [Fact]
    public void AClaimPairsTheSliceWithItsOwnJobsCount()
    {
        long ticket = 2L << 32;
        Assert.True(WorkerPool.Claim(ref ticket, out int slice, out int count));
        Assert.Equal((0, 2), (slice, count));
        Assert.True(WorkerPool.Claim(ref ticket, out slice, out count));
        Assert.Equal((1, 2), (slice, count));
        // A claim on the finished job, however late, yields nothing: its count comes with it, not from the next job.
        Assert.False(WorkerPool.Claim(ref ticket, out slice, out count));
        Assert.Equal((2, 2), (slice, count));
        // The next job, published over the old ticket, hands out its own slices from 0.
        Volatile.Write(ref ticket, 5L << 32);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(WorkerPool.Claim(ref ticket, out slice, out count));
            Assert.Equal((i, 5), (slice, count));
        }
        Assert.False(WorkerPool.Claim(ref ticket, out _, out _));
    }

    private const int Kept = 256;
    private static readonly int[]?[] s_runs = new int[Kept][];
    private static long s_foreign;

    private struct Job
    {
        public int Slot;
        public int Count;
    }

    private static unsafe void CountRun(void* state, int slice, int count)
    {
        Job job = *(Job*)state;
        // A slice run after its job returned reads a dead stack slot: count it as foreign rather than index with it.
        if ((uint)job.Slot >= Kept || count != job.Count || s_runs[job.Slot] is not { } runs || slice >= runs.Length)
        {
            Interlocked.Increment(ref s_foreign);
            return;
        }
        Interlocked.Increment(ref runs[slice]);
        Thread.SpinWait(20);
    }

    private static unsafe void RunJob(WorkerPool pool, Job job) => pool.Run(&CountRun, &job, job.Count);

    private static readonly AsyncLocal<string?> s_request = new();
    private static int s_workerSlices, s_workerSawRequest;

    private static unsafe void ReadContext(void* state, int slice, int count)
    {
        if (Thread.CurrentThread.Name?.StartsWith("ConvGen worker", StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref s_workerSlices);
            if (s_request.Value is not null)
            {
                Interlocked.Increment(ref s_workerSawRequest);
            }
        }
        Thread.SpinWait(200);
    }

    /// <summary>
    /// The workers are created by the first job that needs them, on its caller's thread; they must not inherit that
    /// caller's ExecutionContext, or they would keep its AsyncLocal values (a request's state, a ConvThreads.Limit) for
    /// the life of the process.
    /// </summary>
    [Fact]
    public unsafe void WorkersDoNotKeepTheContextOfTheCallThatCreatedThem()
    {
        var pool = new WorkerPool(2);
        s_workerSlices = s_workerSawRequest = 0;
        s_request.Value = "the request that happened to create the workers";
        for (int i = 0; i < 200; i++)
        {
            pool.Run(&ReadContext, null, 3);
        }
        s_request.Value = null;
        Assert.True(s_workerSlices > 0, "no slice ran on a worker: the test saw nothing");
        Assert.Equal(0, s_workerSawRequest);
    }

    [Fact]
    public async Task EverySliceRunsOnceWithMoreWorkersThanCores()
    {
        // Two more workers than cores, all of them created by the larger jobs (a job wakes one fewer than its slices).
        int workers = Environment.ProcessorCount + 2;
        var pool = new WorkerPool(workers);
        s_foreign = 0;
        long jobs = 0, missing = 0, repeated = 0;
        var run = Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            for (int slot = 0; clock.Elapsed < TimeSpan.FromSeconds(1.5); slot = (slot + 1) % Kept, jobs++)
            {
                // Jobs of 2 and workers + 1 slices in turn: a late claim on a small job would fall into the next, larger one.
                var job = new Job { Slot = slot, Count = jobs % 2 == 0 ? 2 : workers + 1 };
                s_runs[slot] = new int[job.Count];
                RunJob(pool, job);
                foreach (int runs in s_runs[slot]!)
                {
                    missing += runs == 0 ? 1 : 0;
                }
                // A slice run twice may finish after its job returned: check each job again half the ring later.
                if (s_runs[(slot + Kept / 2) % Kept] is { } earlier)
                {
                    foreach (int runs in earlier)
                    {
                        repeated += runs > 1 ? 1 : 0;
                    }
                }
            }
        });
        Task first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(first == run, "a job never returned: the join waited for a slice count that was never reached");
        await run;
        Assert.True(jobs > 1000, $"only {jobs} jobs ran");
        Assert.Equal(0, missing);
        Assert.Equal(0, repeated);
        Assert.Equal(0, Interlocked.Read(ref s_foreign));
    }
}
