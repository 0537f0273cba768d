using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// Writes a summary's targets (one per record: 100,000 for 100,000 accounts) into the JSON report as the
/// serializer's reflection would (the same names, order and escaping; a test compares the two), at a third of
/// its cost, and hands the writer's bytes to the file as they pile up: the serializer would otherwise hold
/// the whole list (tens of megabytes) before writing any of it. Used only for writing the report.
/// </summary>
internal sealed class TargetSummaryJsonWriter : JsonConverter<TargetSummary>
{
    /// <summary>The JSON report's serializer options with this converter.</summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Counts = JsonEncodedText.Encode("counts");
    private static readonly JsonEncodedText Pass = JsonEncodedText.Encode("pass");
    private static readonly JsonEncodedText Fail = JsonEncodedText.Encode("fail");
    private static readonly JsonEncodedText Waived = JsonEncodedText.Encode("waived");
    private static readonly JsonEncodedText NotApplicable = JsonEncodedText.Encode("notApplicable");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");

    /// <summary>Not used: reports are read as they were written, by the serializer's own converter.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override TargetSummary Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The target writer only writes.");

    public override void Write(Utf8JsonWriter writer, TargetSummary value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(Kind, value.Kind.ToString());
        writer.WriteString(Name, value.Name);
        writer.WriteStartObject(Counts);
        writer.WriteNumber(Pass, value.Counts.Pass);
        writer.WriteNumber(Fail, value.Counts.Fail);
        writer.WriteNumber(Waived, value.Counts.Waived);
        writer.WriteNumber(NotApplicable, value.Counts.NotApplicable);
        writer.WriteNumber(Error, value.Counts.Error);
        writer.WriteEndObject();
        writer.WriteEndObject();
        ReportJson.FlushWhenFull(writer);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ReportJson.Options);
        options.Converters.Add(new TargetSummaryJsonWriter());
        return options;
    }
}
