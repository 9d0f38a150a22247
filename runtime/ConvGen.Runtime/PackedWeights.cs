using System;

namespace ConvGen;

/// <summary>
/// Weights packed once into the blocked layout of one generated kernel, so that each register tile's weights are
/// contiguous. Create it with the kernel's generated <c>{Method}PackWeights</c> method and pass it to the kernel's
/// packed-weights overload; packing is done outside the hot call, typically when a model is loaded.
/// </summary>
/// <remarks>
/// The layout depends on the kernel and on the instruction set the process runs on, so a packed instance is only
/// valid for the kernel that made it (the overload checks this and throws <see cref="ArgumentException"/> otherwise).
/// Instances are immutable and safe to share across threads.
/// </remarks>
public sealed class PackedWeights
{
    internal PackedWeights(Memory<float> data, string kernel, int layout, Type owner)
    {
        Data = data;
        Kernel = kernel;
        Layout = layout;
        Owner = owner;
    }

    /// <summary>
    /// The method that packed these weights, e.g. <c>MyNet.Layers.Conv1PackWeights</c> (or <c>…PackWeightsWithBias</c> for
    /// the bias overload of a name that has both): only the overload that method belongs to accepts them.
    /// </summary>
    public string Kernel { get; }

    /// <summary>Number of packed floats (at least the number of weights).</summary>
    public int Length => Data.Length;

    /// <summary>The kernel's layout identifier (the register tile of the active instruction set).</summary>
    internal int Layout { get; }

    /// <summary>
    /// The generated kernel class that packed them: a file-local type, unique even where two assemblies declare kernels
    /// of the same name (<see cref="Kernel"/> alone would let one read the other's weights, of another length).
    /// </summary>
    internal Type Owner { get; }

    /// <summary>The packed floats, starting on a 64-byte boundary (<see cref="AlignedMemory"/>).</summary>
    internal Memory<float> Data { get; }

    /// <inheritdoc/>
    public override string ToString() => $"PackedWeights for {Kernel} ({Length} floats, layout {Layout})";
}
