namespace SecureMailOps.Core.Reports;

/// <summary>A format Export-SecurityReport writes.</summary>
public enum ReportFormat
{
    /// <summary>One self-contained HTML page (.html).</summary>
    Html,

    /// <summary>A GitHub job summary in Markdown (.md).</summary>
    Markdown,

    /// <summary>JUnit XML for test tabs (.xml).</summary>
    JUnit,

    /// <summary>SARIF 2.1.0 for code scanning (.sarif).</summary>
    Sarif,

    /// <summary>The stable machine format (.json), the input of a later run's baseline.</summary>
    Json,

    /// <summary>One row per finding (.csv).</summary>
    Csv,
}
