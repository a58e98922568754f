using System.Reflection;
using System.Reflection.Emit;

namespace Cme.Testing;

/// <summary>
/// Which types of an assembly call a method, read from the compiled IL (async methods and lambdas
/// count for the type they are written in): a check on the code as built, not on its text.
/// </summary>
public static class CallSites
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The outermost declaring types (by full name) in <paramref name="assembly"/> whose code calls any of <paramref name="targets"/>.</summary>
    public static IReadOnlySet<string> CallersOf(Assembly assembly, IReadOnlyCollection<MethodBase> targets)
    {
        var callers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var bodies = type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything));
            foreach (var method in bodies)
            {
                if (Calls(method, targets))
                {
                    callers.Add(Outermost(type).FullName!);
                }
            }
        }

        return callers;
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static bool Calls(MethodBase method, IReadOnlyCollection<MethodBase> targets)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return false;
        }

        var position = 0;
        while (position < il.Length)
        {
            var value = il[position] == 0xFE ? (short)(0xFE00 | il[position + 1]) : il[position];
            var code = OpCodesByValue[value];
            position += code.Size;
            if (code.OperandType is OperandType.InlineMethod && Resolve(method.Module, BitConverter.ToInt32(il, position), method) is { } called
                && targets.Any(target => Same(target, called)))
            {
                return true;
            }

            position += OperandSize(code.OperandType, il, position);
        }

        return false;
    }

    private static MethodBase? Resolve(Module module, int token, MethodBase context)
    {
        try
        {
            var typeArguments = context.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
            var methodArguments = context.IsGenericMethod ? context.GetGenericArguments() : null;
            return module.ResolveMethod(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool Same(MethodBase target, MethodBase called) =>
        called.Name == target.Name && called.DeclaringType == target.DeclaringType;

    private static int OperandSize(OperandType operand, byte[] il, int position) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
        _ => 4,
    };
}
