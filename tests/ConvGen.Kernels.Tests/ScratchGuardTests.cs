using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using ConvGen.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The guard every kernel test runs under catches what it is there to catch. These tests overwrite canaries on
/// purpose, so they run alone, after the parallel tests, where no other test's check can take their violations.
/// </summary>
[Collection(nameof(ScratchGuardCollection))]
public sealed class ScratchGuardTests
{
    [Fact]
    public void TheGuardIsOnInThisAssembly() => Assert.True(ScratchGuard.Enabled);

    [Fact]
    public void ScratchIsAllNaNAndStill64ByteAligned()
    {
        Assert.Empty(ScratchGuard.TakeViolations());
        Span<float> scratch = Block(KernelMemory.Scratch(100), 100);
        Assert.All(scratch.ToArray(), value => Assert.True(float.IsNaN(value)));
        Assert.Equal(0, KernelMemory.Scratch(7) % 64); // still 64-byte aligned behind its guard
        Assert.Empty(ScratchGuard.TakeViolations());
    }

    [Theory]
    [InlineData(100, 100, "float 100 (past the block's end)")]
    [InlineData(100, 163, "float 163 (past the block's end)")]
    [InlineData(100, -1, "float -1 (before the block)")]
    [InlineData(1, -64, "float -64 (before the block)")]
    public void AWriteOutsideTheBlockIsReportedWithItsOffset(int floats, int index, string expected)
    {
        Assert.Empty(ScratchGuard.TakeViolations());
        nint scratch = KernelMemory.Scratch(floats);
        Block(scratch + index * sizeof(float), 1)[0] = 0f;
        IReadOnlyList<string> violations = ScratchGuard.TakeViolations();
        Assert.Equal($"KernelMemory.Scratch({floats}): {expected} was overwritten.", Assert.Single(violations));
        Block(scratch + index * sizeof(float), 1)[0] = BitConverter.UInt32BitsToSingle(ScratchGuard.Canary);
    }

    [Fact]
    public void AnOverrunIsAlsoCaughtWhenTheThreadAsksForItsNextBlock()
    {
        Assert.Empty(ScratchGuard.TakeViolations());
        nint caller = KernelMemory.CallerScratch(40);
        Block(caller, 41)[40] = 1f;
        KernelMemory.CallerScratch(40); // replaces, checks and frees the overrun block
        Assert.Equal("KernelMemory.CallerScratch(40): float 40 (past the block's end) was overwritten.", Assert.Single(ScratchGuard.TakeViolations()));
    }

    [Fact]
    public void AWriteThroughAStalePointerIsReportedAndAStaleReadIsNaN()
    {
        Assert.Empty(ScratchGuard.TakeViolations());
        nint stale = KernelMemory.Scratch(32);
        KernelMemory.Scratch(32); // the thread's scratch is now another block
        Assert.True(float.IsNaN(Block(stale, 32)[5]));
        Block(stale, 32)[5] = 1f;
        Assert.Equal("KernelMemory.Scratch(32): float 5 was written after its thread had asked for its next scratch block (a stale scratch pointer).",
            Assert.Single(ScratchGuard.TakeViolations()));
    }

    private static Span<float> Block(nint address, int floats) => MemoryMarshal.CreateSpan(ref KernelMemory.AsRef(address), floats);
}

[CollectionDefinition(nameof(ScratchGuardCollection), DisableParallelization = true)]
public sealed class ScratchGuardCollection
{
}
