using System;
using System.Globalization;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>
/// A text operand prepared once per compilation: its text, and whether it also reads as a number.
/// Text equality falls back to comparing numbers ("1.0" equals 1); knowing up front that the
/// operand is not a number skips parsing every record's value as one (most operands are words such
/// as "admin" or "totp", and parsing was a fifth of evaluation time).
/// </summary>
internal sealed class TextOperand
{
    public TextOperand(object? operand)
    {
        Text = Convert.ToString(operand, CultureInfo.InvariantCulture) ?? string.Empty;
        IsNumber = ValueCoercion.TryParseNumber(Text, out double number);
        Number = number;
    }

    public string Text { get; }

    public bool IsNumber { get; }

    public double Number { get; }

    public override string ToString() => Text;
}
