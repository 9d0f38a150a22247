using System;
using System.Diagnostics;
using System.Threading;

namespace ConvGen.Runtime.Threading;

/// <summary>
/// A fork-join pool for 10 µs-10 ms kernel phases: the caller plus up to <c>ProcessorCount − 1</c> workers.
/// Workers spin on a generation counter for a short while after each job and then block, as pthreadpool does;
/// <c>Parallel.For</c> costs more than it gains at this granularity (perf-guide §6).
/// </summary>
internal sealed unsafe class WorkerPool
{
    /// <summary>How long an idle worker spins before it blocks.</summary>
    public static readonly long SpinTicks = Stopwatch.Frequency / 2000; // 0.5 ms

    /// <summary>Pause-loop iterations (tens of nanoseconds each) the caller spins on the join before backing off.</summary>
    private const int TightJoinSpins = 2000;

    public static readonly WorkerPool Shared = new(Environment.ProcessorCount - 1);

    private readonly Worker[] _workers;
    private int _busy;            // 1 while a job is running (jobs are not nested or concurrent)
    private int _generation;      // bumped once per job
    private delegate*<void*, int, int, void> _body;
    private void* _state;
    // The job's slice count (high 32 bits) and its next unclaimed slice (low 32 bits), claimed by one atomic increment,
    // so a claim always pairs a slice with the count of the job it belongs to. With the two in separate fields, a worker
    // descheduled between incrementing the next slice of a finished job and reading the count could read the next,
    // larger job's count and run one of its slices a second time (and leave _pending negative, hanging the join).
    private long _ticket;
    private int _pending;         // slices not yet finished

    internal WorkerPool(int workers)
    {
        _workers = new Worker[Math.Max(workers, 0)];
    }

    /// <summary>
    /// Runs <paramref name="body"/>(state, i, count) for i in [0, count) on the caller and the workers, and returns
    /// when all slices are done. When the pool is already busy (a concurrent or nested call) the slices run inline.
    /// </summary>
    public void Run(delegate*<void*, int, int, void> body, void* state, int count)
    {
        if (count <= 1 || _workers.Length == 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int i = 0; i < count; i++)
            {
                body(state, i, count);
            }
            return;
        }

        try
        {
            _body = body;
            _state = state;
            Volatile.Write(ref _pending, count);
            // Publishes the job: a worker that claims one of its slices sees the fields above.
            Volatile.Write(ref _ticket, (long)count << 32);
            Interlocked.Increment(ref _generation);
            WakeWorkers(Math.Min(count - 1, _workers.Length));

            RunSlices();
            // The workers' last slices are usually a microsecond or two away: spin tightly (SpinOnce's backoff would
            // notice them up to half the wait late), then back off in case a worker was descheduled.
            SpinWait spin = default;
            for (int spins = 0; Volatile.Read(ref _pending) != 0; spins++)
            {
                if (spins < TightJoinSpins)
                {
                    Thread.SpinWait(1);
                }
                else
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Whether the first <paramref name="needed"/> workers exist and have not blocked (they are spinning, running or
    /// already woken), so a job handed to them now costs no wake-up system call.
    /// </summary>
    public bool AreAwake(int needed)
    {
        if (needed > _workers.Length)
        {
            needed = _workers.Length;
        }
        for (int w = 0; w < needed; w++)
        {
            if (Volatile.Read(ref _workers[w]) is not { } worker || worker.IsSleeping)
            {
                return false;
            }
        }
        return true;
    }

    private void RunSlices()
    {
        while (Claim(ref _ticket, out int i, out int count))
        {
            // An unfinished slice of the job holds its caller in the join, so _body and _state are still this job's.
            _body(_state, i, count);
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>
    /// Claims the next slice of the job <paramref name="ticket"/> holds (its slice count in the high 32 bits, the next
    /// unclaimed slice in the low 32): false once every slice is taken. The slice and the count come from one atomic
    /// increment, so they belong to the same job.
    /// </summary>
    internal static bool Claim(ref long ticket, out int slice, out int count)
    {
        long claimed = Interlocked.Increment(ref ticket) - 1;
        slice = (int)claimed;
        count = (int)(claimed >> 32);
        return slice < count;
    }

    private void WakeWorkers(int needed)
    {
        for (int w = 0; w < needed; w++)
        {
            Worker? worker = _workers[w];
            if (worker is null)
            {
                _workers[w] = worker = new Worker(this, w);
            }
            worker.Wake();
        }
    }

    private sealed class Worker
    {
        private readonly WorkerPool _pool;
        private readonly SemaphoreSlim _signal = new(0);
        private int _sleeping;

        public Worker(WorkerPool pool, int index)
        {
            _pool = pool;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"ConvGen worker {index + 1}" };
            // Without the creating caller's ExecutionContext: Start would capture it, and the worker would hold that
            // call's AsyncLocal values (a request's, a ConvThreads.Limit) for the life of the process.
            thread.UnsafeStart();
        }

        /// <summary>True from just before the worker blocks until a <see cref="Wake"/>.</summary>
        public bool IsSleeping => Volatile.Read(ref _sleeping) == 1;

        public void Wake()
        {
            // The caller bumped the generation with a full fence before this read, and the worker publishes its
            // intent to block with one (Loop), so either this read sees it or the worker sees the new generation.
            if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _signal.Release();
            }
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                // Spin for a while: back-to-back layers arrive within microseconds.
                long start = Stopwatch.GetTimestamp();
                while (Volatile.Read(ref _pool._generation) == seen && Stopwatch.GetTimestamp() - start < SpinTicks)
                {
                    Thread.SpinWait(1);
                }

                if (Volatile.Read(ref _pool._generation) == seen)
                {
                    // Block. Publish the intent first (a full fence, so the re-check below cannot be ordered before
                    // it), then re-check, so a wake between the two is not lost.
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (Volatile.Read(ref _pool._generation) == seen)
                    {
                        _signal.Wait();
                    }
                    else if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                    {
                        _signal.Wait(); // the waker saw us asleep and released: consume it
                    }
                }

                seen = Volatile.Read(ref _pool._generation);
                _pool.RunSlices();
            }
        }
    }
}
