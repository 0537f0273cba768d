using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureMailOps.Core.Reports;

/// <summary>The JSON settings the JSON report and its readers share (camelCase, enums as names).</summary>
internal static class ReportJson
{
    /// <summary>The report's kind field.</summary>
    public const string Kind = "SecurityReport";

    /// <summary>The report format's version; a reader refuses other major versions.</summary>
    public const string SchemaVersion = "1.1";

    /// <summary>Gets the serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Gets the writer options (indented, with the default encoder that escapes HTML-sensitive characters).</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.Default };

    /// <summary>Hands what a streaming writer holds to its file once it holds enough, so memory stays flat.</summary>
    /// <param name="writer">The writer.</param>
    public static void FlushWhenFull(Utf8JsonWriter writer)
    {
        if (writer.BytesPending > 60000)
        {
            writer.Flush();
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.Default,
            MaxDepth = 16,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
