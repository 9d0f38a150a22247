using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace ConvGen.Generator.Tests.Harness;

/// <summary>
/// Reflection walker for the rule "the pipeline model holds no Roslyn objects" (STJ/RX incremental tests): follows
/// every instance field (private and inherited ones, record backing fields, array elements, collection internals),
/// once per object (cycles are fine), and reports any value <b>or declared field type</b> that is, or is built on,
/// <see cref="ISymbol"/>, <see cref="SyntaxNode"/>, <see cref="Compilation"/>, <see cref="SemanticModel"/> or
/// <see cref="Location"/>. Declared types are checked too (<c>ISymbol?</c> fields, <c>ImmutableArray&lt;Location&gt;</c>),
/// so a field that happens to be null or empty for the test input still fails.
/// </summary>
/// <example>
/// <code>
/// var result = GeneratorHarness.Run(new ConvGenerator(), compilation);
/// foreach (var (model, _) in result.TrackedStepOutputs(ConvGenerator.StepNames.ParseKernel))
///     ModelGraph.AssertNoRoslynObjects(model);                          // or: (model, typeof(Location)) to allow trimmed locations
/// </code>
/// </example>
public static class ModelGraph
{
    private const int MaxObjects = 1_000_000;

    /// <summary>The Roslyn types a pipeline model must not hold.</summary>
    public static ImmutableArray<Type> DefaultForbiddenTypes { get; } = ImmutableArray.Create(
        typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(SemanticModel), typeof(Location));

    /// <summary>Fails listing every path at which <paramref name="root"/> reaches a forbidden type. <paramref name="allowed"/> types (and what they hold) are exempt.</summary>
    public static void AssertNoRoslynObjects(object? root, params Type[] allowed)
    {
        var found = FindRoslynObjects(root, allowed);
        if (found.Length > 0)
        {
            throw new XunitException(
                $"The object graph of {(root is null ? "null" : Display(root.GetType()))} holds Roslyn objects " +
                $"({found.Length} path(s)):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", found)}");
        }
    }

    /// <summary>The paths (e.g. <c>root.Parameters[1].Symbol</c>) at which <paramref name="root"/> reaches a forbidden type.</summary>
    public static ImmutableArray<string> FindRoslynObjects(object? root, params Type[] allowed) =>
        Find(root, DefaultForbiddenTypes, allowed ?? Array.Empty<Type>());

    /// <summary>General form of <see cref="FindRoslynObjects"/> with an explicit forbidden list.</summary>
    public static ImmutableArray<string> Find(object? root, IEnumerable<Type> forbidden, IEnumerable<Type> allowed)
    {
        ArgumentNullException.ThrowIfNull(forbidden);
        ArgumentNullException.ThrowIfNull(allowed);
        var walker = new Walker(forbidden.ToArray(), allowed.ToArray());
        walker.Walk(root);
        return walker.Violations.ToImmutableArray();
    }

    private sealed class Walker
    {
        private readonly Type[] _forbidden;
        private readonly Type[] _allowed;
        private readonly HashSet<object> _visited = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<FieldInfo> _reportedFields = new();
        private readonly Dictionary<Type, FieldInfo[]> _fieldCache = new();
        private readonly Dictionary<Type, bool> _declaredCache = new();

        public Walker(Type[] forbidden, Type[] allowed)
        {
            _forbidden = forbidden;
            _allowed = allowed;
        }

        public List<string> Violations { get; } = new();

        public void Walk(object? root)
        {
            if (root is null)
            {
                return;
            }

            var stack = new Stack<(object Value, string Path)>();
            stack.Push((root, "root"));
            var count = 0;
            while (stack.Count > 0)
            {
                var (value, path) = stack.Pop();
                var type = value.GetType();
                if (!type.IsValueType && !_visited.Add(value))
                {
                    continue;
                }

                if (++count > MaxObjects)
                {
                    throw new InvalidOperationException($"Object graph has more than {MaxObjects} objects; is the model really that large?");
                }

                if (IsAllowed(type))
                {
                    continue;
                }

                var hit = ForbiddenMatch(type);
                if (hit is not null)
                {
                    Violations.Add($"{path}: instance of {Display(type)} (a {Display(hit)})");
                    continue;
                }

                if (IsLeaf(type))
                {
                    continue;
                }

                if (value is Array array)
                {
                    var elementType = type.GetElementType()!;
                    if (elementType.IsPointer || (IsLeaf(elementType) && elementType.IsSealed))
                    {
                        continue;
                    }

                    var children = new List<(object, string)>();
                    var index = 0;
                    foreach (var element in array)
                    {
                        if (element is not null)
                        {
                            children.Add((element, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]"));
                        }

                        index++;
                    }

                    PushReversed(stack, children);
                    continue;
                }

                var fieldChildren = new List<(object, string)>();
                foreach (var field in Fields(type))
                {
                    if (DeclaredTypeIsForbidden(field.FieldType) && _reportedFields.Add(field))
                    {
                        Violations.Add($"{path}.{FieldName(field)}: field declared as {Display(field.FieldType)} in {Display(field.DeclaringType!)}");
                    }

                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                    {
                        continue;
                    }

                    var child = field.GetValue(value);
                    if (child is not null)
                    {
                        fieldChildren.Add((child, $"{path}.{FieldName(field)}"));
                    }
                }

                PushReversed(stack, fieldChildren);
            }
        }

        private static void PushReversed(Stack<(object Value, string Path)> stack, List<(object, string)> children)
        {
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }

        private FieldInfo[] Fields(Type type)
        {
            if (!_fieldCache.TryGetValue(type, out var fields))
            {
                var list = new List<FieldInfo>();
                for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
                {
                    list.AddRange(t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
                }

                fields = list.ToArray();
                _fieldCache[type] = fields;
            }

            return fields;
        }

        private Type? ForbiddenMatch(Type type) => _forbidden.FirstOrDefault(f => f.IsAssignableFrom(type));

        private bool IsAllowed(Type type) => _allowed.Any(a => a.IsAssignableFrom(type));

        // True when the declared type is (or is an array of / generic over) a forbidden, non-allowed type.
        private bool DeclaredTypeIsForbidden(Type type)
        {
            if (_declaredCache.TryGetValue(type, out var result))
            {
                return result;
            }

            _declaredCache[type] = false; // guards recursive generic definitions
            if (IsAllowed(type))
            {
                result = false;
            }
            else if (ForbiddenMatch(type) is not null)
            {
                result = true;
            }
            else if (type.HasElementType)
            {
                result = DeclaredTypeIsForbidden(type.GetElementType()!);
            }
            else if (type.IsGenericType)
            {
                result = type.GetGenericArguments().Any(DeclaredTypeIsForbidden);
            }

            _declaredCache[type] = result;
            return result;
        }

        private static bool IsLeaf(Type type) =>
            type.IsPrimitive || type.IsEnum || type.IsPointer
            || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
            || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(Pointer)
            || typeof(MemberInfo).IsAssignableFrom(type) || typeof(Assembly).IsAssignableFrom(type) || typeof(Module).IsAssignableFrom(type)
            || type == typeof(CultureInfo) || type == typeof(CompareInfo) || type == typeof(TextInfo) || typeof(Encoding).IsAssignableFrom(type);
    }

    private static string FieldName(FieldInfo field)
    {
        var name = field.Name;
        // Auto-property / record backing field: <Name>k__BackingField; primary-constructor capture: <name>P.
        if (name.StartsWith('<'))
        {
            var end = name.IndexOf('>', StringComparison.Ordinal);
            if (end > 1)
            {
                return name.Substring(1, end - 1);
            }
        }

        return name;
    }

    private static string Display(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.IsArray ? Display(type.GetElementType()!) + "[]" : type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick > 0 ? name[..tick] : name) + "<" + string.Join(", ", type.GetGenericArguments().Select(Display)) + ">";
    }
}
