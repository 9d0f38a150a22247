using System.ComponentModel;

namespace ConvGen.Runtime.CompilerServices;

/// <summary>
/// Implemented by generated kernels. <see cref="KernelRunner"/> pins the caller's spans and hands the kernel
/// their addresses, so the generated code itself needs no <c>unsafe</c> context.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IPinnedKernel
{
    /// <summary>Runs the kernel on pinned buffers. Addresses of empty spans are 0.</summary>
    static abstract void Run(nint a, nint b, nint c, nint d, int batch);
}

/// <summary>One slice of a parallel phase of a generated kernel.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IKernelTask
{
    /// <summary>Executes slice <paramref name="index"/> of <paramref name="count"/>.</summary>
    void Execute(int index, int count);
}
