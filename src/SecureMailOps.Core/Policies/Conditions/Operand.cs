namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>
/// The right-hand side of a condition: a typed literal (bool, double, DateTimeOffset, TimeSpan, string,
/// or a list of those) or a reference to a policy parameter, resolved when the policy is compiled.
/// </summary>
internal sealed class Operand
{
    public Operand(object? literal, string? parameterName, int line, int column)
    {
        Literal = literal;
        ParameterName = parameterName;
        Line = line;
        Column = column;
    }

    public object? Literal { get; }

    public string? ParameterName { get; }

    public int Line { get; }

    public int Column { get; }
}
