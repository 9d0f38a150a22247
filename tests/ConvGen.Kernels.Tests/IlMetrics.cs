using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;

namespace ConvGen.Kernels.Tests;

/// <summary>
/// The quantities behind the JIT's MinOpts switch (perf-guide §3.5): IL bytes, IL instructions, branches (a lower
/// bound on basic blocks), locals and local/argument references, read from a method body by decoding its IL; and the
/// backward branches (loops).
/// </summary>
internal readonly record struct IlMetrics(int Bytes, int Instructions, int Branches, int Locals, int LocalReferences, int BackwardBranches = 0)
{
    private static readonly Dictionary<short, OpCode> s_opCodes = LoadOpCodes();

    public static IlMetrics Measure(MethodBase method)
    {
        MethodBody body = method.GetMethodBody() ?? throw new ArgumentException($"{method.Name} has no IL body.");
        byte[] il = body.GetILAsByteArray() ?? Array.Empty<byte>();
        int instructions = 0, branches = 0, localReferences = 0, backward = 0;
        for (int at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            OpCode op = s_opCodes[value];
            at += op.Size;
            instructions++;
            if (op.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch)
            {
                branches++;
                // A branch target is relative to the next instruction; a negative offset jumps back: a loop.
                int offset = op.OperandType switch
                {
                    OperandType.ShortInlineBrTarget => (sbyte)il[at],
                    OperandType.InlineBrTarget => BitConverter.ToInt32(il, at),
                    _ => 0,
                };
                if (offset < 0)
                {
                    backward++;
                }
            }
            if (op.Name!.StartsWith("ldloc", StringComparison.Ordinal) || op.Name.StartsWith("stloc", StringComparison.Ordinal) ||
                op.Name.StartsWith("ldarg", StringComparison.Ordinal) || op.Name.StartsWith("starg", StringComparison.Ordinal))
            {
                localReferences++;
            }
            at += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
        }
        return new IlMetrics(il.Length, instructions, branches, body.LocalVariables.Count, localReferences, backward);
    }

    private static Dictionary<short, OpCode> LoadOpCodes()
    {
        var map = new Dictionary<short, OpCode>();
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode op)
            {
                map[op.Value] = op;
            }
        }
        return map;
    }
}
