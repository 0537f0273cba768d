using System.Globalization;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies;

/// <summary>One problem found while reading a policy, waiver or inventory file, with its place.</summary>
public sealed class PolicyLoadError
{
    /// <summary>Creates an error.</summary>
    /// <param name="errorId">The stable id (see <see cref="PolicyErrorIds"/>).</param>
    /// <param name="kind">The failure kind.</param>
    /// <param name="file">The file, or null.</param>
    /// <param name="line">The 1-based line, or 0 when unknown.</param>
    /// <param name="column">The 1-based column, or 0 when unknown.</param>
    /// <param name="detail">What is wrong, without the place.</param>
    public PolicyLoadError(string errorId, FailureKind kind, string? file, int line, int column, string detail)
    {
        ErrorId = errorId;
        Kind = kind;
        File = file;
        Line = line;
        Column = column;
        Detail = detail;
    }

    /// <summary>Gets the stable error id.</summary>
    public string ErrorId { get; }

    /// <summary>Gets the failure kind.</summary>
    public FailureKind Kind { get; }

    /// <summary>Gets the file the error is in, or null.</summary>
    public string? File { get; }

    /// <summary>Gets the 1-based line, or 0.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column, or 0.</summary>
    public int Column { get; }

    /// <summary>Gets what is wrong, without the place.</summary>
    public string Detail { get; }

    /// <summary>Gets the message in the compiler style <c>file:line:column: detail</c>.</summary>
    public string Message
    {
        get
        {
            string place = File ?? "<input>";
            if (Line > 0)
            {
                place += string.Format(CultureInfo.InvariantCulture, ":{0}:{1}", Line, Column);
            }

            return place + ": " + Detail;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Message;
}
