using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.
using static SecureMailOps.Core.Tests.Policies.PolicyTestKit;

namespace SecureMailOps.Core.Tests.Policies;

public class LoaderTests
{
    private const string Valid = """
        apiVersion: securemailops/v1
        kind: SecurityPolicy
        metadata:
          name: sample
        spec:
          parameters:
            minPasswordLength: { type: number, default: 12 }
            maxAge: { type: duration, default: 90d }
          rules:
            - id: R-1
              title: two factors
              severity: high
              practice: [1, 2]
              target: Account
              condition:
                field: mfa.enabled
                equals: true
              remediation: turn it on
            - id: R-2
              title: long password
              severity: medium
              practice: 5
              target: Account
              condition:
                field: password.length
                greaterOrEquals: { param: minPasswordLength }
              remediation: change it
          waivers:
            - rule: R-1
              target: svc-*
              reason: service accounts use certificates
              expires: 2026-12-31
        """;

    /// <summary>The 1-based line and column of the n-th occurrence of a marker.</summary>
    private static (int Line, int Column) Pos(string text, string marker, int occurrence = 1)
    {
        int index = -1;
        for (int i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
        }

        Assert.True(index >= 0, "marker not found: " + marker);
        int line = text.Take(index).Count(c => c == '\n') + 1;
        int lineStart = index == 0 ? -1 : text.LastIndexOf('\n', index - 1);
        return (line, index - lineStart);
    }

    private static PolicyLoadError Single(string yaml, string errorId)
    {
        PolicyLoadException ex = LoadError(yaml);
        PolicyLoadError error = Assert.Single(ex.Errors, e => e.ErrorId == errorId);
        Assert.Equal("bad.yaml", error.File);
        return error;
    }

    private static void AssertAt(PolicyLoadError error, string yaml, string marker, int occurrence = 1)
    {
        (int line, int column) = Pos(yaml, marker, occurrence);
        Assert.True(line == error.Line && column == error.Column, $"expected {line}:{column}, got {error.Line}:{error.Column} for {error.Message}");
        Assert.StartsWith($"bad.yaml:{line}:{column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_policy_loads_with_rules_parameters_waivers_and_positions()
    {
        SecurityPolicy policy = Assert.Single(PolicyLoader.LoadText(Valid, "good.yaml"));
        Assert.Equal("sample", policy.Name);
        Assert.Equal("good.yaml", policy.Path);
        Assert.Equal(new[] { "R-1", "R-2" }, policy.Rules.Select(r => r.Id));
        Assert.Equal(new[] { 1, 2 }, policy.Rules[0].Practices);
        Assert.Equal(Severity.High, policy.Rules[0].Severity);
        Assert.Equal(Pos(Valid, "id: R-2").Line, policy.Rules[1].Line);
        Assert.Equal(12d, policy.Parameters.Single(p => p.Name == "minPasswordLength").DefaultValue);
        Assert.Equal(TimeSpan.FromDays(90), policy.Parameters.Single(p => p.Name == "maxAge").DefaultValue);
        PolicyWaiver waiver = Assert.Single(policy.Waivers);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), waiver.Expires);
    }

    [Fact]
    public void Several_documents_per_file_are_read()
    {
        string two = Valid + "\n---\n" + Valid.Replace("name: sample", "name: other", StringComparison.Ordinal).Replace("R-", "S-", StringComparison.Ordinal);
        Assert.Equal(new[] { "sample", "other" }, PolicyLoader.LoadText(two, "two.yaml").Select(p => p.Name));
    }

    [Fact]
    public void Unknown_key_is_an_error_at_its_position_with_a_suggestion()
    {
        string yaml = Valid.Replace("severity: medium", "severty: medium", StringComparison.Ordinal);
        PolicyLoadError error = Single(yaml, PolicyErrorIds.UnknownKey);
        AssertAt(error, yaml, "severty");
        Assert.Contains("did you mean 'severity'?", error.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.InvalidData, error.Kind);
    }

    [Fact]
    public void Duplicate_key_is_an_error_at_the_second_key()
    {
        string yaml = Valid.Replace("      title: long password", "      title: long password\n      title: again", StringComparison.Ordinal);
        PolicyLoadError error = Single(yaml, PolicyErrorIds.DuplicateKey);
        AssertAt(error, yaml, "title: again");
    }

    [Fact]
    public void Wrong_type_is_an_error()
    {
        string yaml = Valid.Replace("practice: 5", "practice: [five]", StringComparison.Ordinal);
        AssertAt(Single(yaml, PolicyErrorIds.WrongType), yaml, "five");
        string mapping = Valid.Replace("      title: two factors", "      title: { text: two factors }", StringComparison.Ordinal);
        AssertAt(Single(mapping, PolicyErrorIds.WrongType), mapping, "{ text");
    }

    [Fact]
    public void Unknown_operator_is_an_error_with_a_suggestion()
    {
        string yaml = Valid.Replace("equals: true", "equal: true", StringComparison.Ordinal);
        PolicyLoadError error = Single(yaml, PolicyErrorIds.UnknownOperator);
        AssertAt(error, yaml, "equal:");
        Assert.Contains("did you mean 'equals'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_field_is_an_error_at_its_mapping()
    {
        string yaml = Valid.Replace("      remediation: change it\n", string.Empty, StringComparison.Ordinal);
        PolicyLoadError error = Single(yaml, PolicyErrorIds.MissingField);
        AssertAt(error, yaml, "id: R-2");
        Assert.Contains("'remediation'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_waiver_field_is_required()
    {
        foreach (string field in new[] { "rule: R-1", "target: svc-*", "reason: service accounts use certificates", "expires: 2026-12-31" })
        {
            string yaml = (Valid + "\n").Replace("      " + field + "\n", string.Empty, StringComparison.Ordinal).Replace("    - " + field + "\n      ", "    - ", StringComparison.Ordinal);
            PolicyLoadError error = Single(yaml, PolicyErrorIds.MissingField);
            Assert.Contains("'" + field.Split(':')[0] + "'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Duplicate_rule_id_is_an_error_naming_the_first()
    {
        string yaml = Valid.Replace("id: R-2", "id: R-1", StringComparison.Ordinal);
        PolicyLoadError error = Single(yaml, PolicyErrorIds.DuplicateRuleId);
        AssertAt(error, yaml, "id: R-1", 2);
        Assert.Contains("already used at bad.yaml:" + Pos(yaml, "id: R-1").Line, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_rule_ids_across_files_are_found()
    {
        var a = PolicyLoader.LoadText(Valid, "a.yaml");
        var b = PolicyLoader.LoadText(Valid.Replace("R-2", "R-3", StringComparison.Ordinal), "b.yaml");
        PolicyLoadError error = Assert.Single(PolicyLoader.FindDuplicateRuleIds(a.Concat(b)));
        Assert.Equal("b.yaml", error.File);
        Assert.Contains("a.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unparsable_duration_is_an_error()
    {
        string yaml = Valid.Replace("default: 90d", "default: 90days", StringComparison.Ordinal);
        AssertAt(Single(yaml, PolicyErrorIds.InvalidDuration), yaml, "90days");
        string operand = Valid.Replace("greaterOrEquals: { param: minPasswordLength }", "withinLast: 3 months", StringComparison.Ordinal);
        AssertAt(Single(operand, PolicyErrorIds.InvalidDuration), operand, "3 months");
    }

    [Fact]
    public void Unparsable_date_is_an_error()
    {
        string yaml = Valid.Replace("expires: 2026-12-31", "expires: 2026-13-45", StringComparison.Ordinal);
        AssertAt(Single(yaml, PolicyErrorIds.InvalidDate), yaml, "2026-13-45");
        string words = Valid.Replace("expires: 2026-12-31", "expires: next year", StringComparison.Ordinal);
        AssertAt(Single(words, PolicyErrorIds.InvalidDate), words, "next year");
    }

    [Fact]
    public void Yaml_syntax_error_has_line_and_column()
    {
        string yaml = Valid.Replace("title: two factors", "title: [two factors", StringComparison.Ordinal);
        PolicyLoadError error = Single(yaml, PolicyErrorIds.YamlSyntax);
        Assert.Equal(FailureKind.ParserError, error.Kind);
        Assert.True(error.Line > 0 && error.Column > 0);
    }

    [Fact]
    public void Unsupported_api_version_and_unknown_kind_are_errors_with_suggestions()
    {
        string version = Valid.Replace("securemailops/v1", "securemailops/v2", StringComparison.Ordinal);
        AssertAt(Single(version, PolicyErrorIds.UnsupportedApiVersion), version, "securemailops/v2");
        string kind = Valid.Replace("kind: SecurityPolicy", "kind: SecurityPolicies", StringComparison.Ordinal);
        PolicyLoadError error = Single(kind, PolicyErrorIds.UnknownKind);
        AssertAt(error, kind, "SecurityPolicies");
        Assert.Contains("did you mean 'SecurityPolicy'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_parameter_is_an_error_with_a_suggestion()
    {
        string yaml = Valid.Replace("{ param: minPasswordLength }", "{ param: minPasswordLenght }", StringComparison.Ordinal);
        PolicyLoadError error = Single(yaml, PolicyErrorIds.UnknownParameter);
        AssertAt(error, yaml, "minPasswordLenght");
        Assert.Contains("did you mean 'minPasswordLength'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_of_the_wrong_type_for_the_operator_is_an_error()
    {
        string yaml = Valid.Replace("greaterOrEquals: { param: minPasswordLength }", "in: { param: minPasswordLength }", StringComparison.Ordinal);
        AssertAt(Single(yaml, PolicyErrorIds.WrongType), yaml, "minPasswordLength }");
    }

    [Theory]
    [InlineData("severity: medium", "severity: severe", "severe")]
    [InlineData("practice: 5", "practice: 18", "18")]
    [InlineData("target: Account\n      condition:\n        field: password", "target: Mailbox\n      condition:\n        field: password", "Mailbox")]
    [InlineData("greaterOrEquals: { param: minPasswordLength }", "match: '(unclosed'", "'(unclosed'")]
    [InlineData("field: password.length", "field: password..length", "password..length")]
    [InlineData("id: R-2", "id: 2-bad id", "2-bad id")]
    public void Invalid_values_are_errors(string from, string to, string marker)
    {
        string yaml = Valid.Replace(from, to, StringComparison.Ordinal);
        AssertAt(Single(yaml, PolicyErrorIds.InvalidValue), yaml, marker);
    }

    [Fact]
    public void Suggestions_come_for_a_misspelled_severity()
    {
        string yaml = Valid.Replace("severity: medium", "severity: meduim", StringComparison.Ordinal);
        Assert.Contains("did you mean 'medium'?", Single(yaml, PolicyErrorIds.InvalidValue).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("greaterOrEquals: { param: minPasswordLength }", "greaterOrEquals: 12\n        less: 64")]
    [InlineData("greaterOrEquals: { param: minPasswordLength }", "count: { atLeast: 1 }")]
    public void A_condition_needs_exactly_one_operator(string from, string to)
    {
        string yaml = Valid.Replace(from, to, StringComparison.Ordinal);
        PolicyLoadException ex = LoadError(yaml);
        Assert.Contains(ex.Errors, e => e.ErrorId is PolicyErrorIds.InvalidCondition or PolicyErrorIds.UnknownOperator);
    }

    [Fact]
    public void A_condition_without_an_operator_is_an_error()
    {
        string yaml = Valid.Replace("        equals: true\n", string.Empty, StringComparison.Ordinal);
        AssertAt(Single(yaml, PolicyErrorIds.InvalidCondition), yaml, "field: mfa.enabled");
    }

    [Fact]
    public void Type_instantiating_tags_are_refused()
    {
        string yaml = Valid.Replace("title: two factors", "title: !!python/object:os.system two factors", StringComparison.Ordinal);
        AssertAt(Single(yaml, PolicyErrorIds.UnsupportedTag), yaml, "!!python");
    }

    [Fact]
    public void All_errors_of_a_file_are_reported_in_one_pass()
    {
        string yaml = Valid.Replace("severity: medium", "severty: medium", StringComparison.Ordinal)
            .Replace("equals: true", "equal: true", StringComparison.Ordinal)
            .Replace("expires: 2026-12-31", "expires: someday", StringComparison.Ordinal);
        PolicyLoadException ex = LoadError(yaml);
        Assert.Contains(ex.Errors, e => e.ErrorId == PolicyErrorIds.UnknownKey);
        Assert.Contains(ex.Errors, e => e.ErrorId == PolicyErrorIds.UnknownOperator);
        Assert.Contains(ex.Errors, e => e.ErrorId == PolicyErrorIds.InvalidDate);
        Assert.True(ex.Errors.Select(e => e.Line).SequenceEqual(ex.Errors.Select(e => e.Line).OrderBy(l => l)), "errors are in file order");
    }

    [Fact]
    public void Alias_bomb_fails_fast()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++)
        {
            yaml.Append('a').Append(i).Append(": &a").Append(i).Append(" [")
                .Append(string.Join(", ", Enumerable.Repeat("*a" + (i - 1), 10))).Append("]\n");
        }

        var clock = Stopwatch.StartNew();
        PolicyLoadError error = Single(yaml.ToString(), PolicyErrorIds.AliasLimit);
        clock.Stop();
        Assert.Equal(FailureKind.LimitsExceeded, error.Kind);
        Assert.True(error.Line > 1);
    }

    [Fact]
    public void Deep_nesting_fails_fast()
    {
        string yaml = new string('[', 100_000) + new string(']', 100_000);
        PolicyLoadError error = Single(yaml, PolicyErrorIds.DepthLimit);
        Assert.Equal(1, error.Line);
        Assert.Equal(65, error.Column);
    }

    [Fact]
    public void Deep_block_nesting_fails_too()
    {
        var yaml = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            yaml.Append(' ', i).Append('k').Append(i).Append(":\n");
        }

        Single(yaml.ToString() + new string(' ', 200) + "x\n", PolicyErrorIds.DepthLimit);
    }

    [Fact]
    public void Huge_scalar_fails()
    {
        string yaml = "apiVersion: securemailops/v1\nkind: SecurityPolicy\nmetadata:\n  name: " + new string('x', 100_000) + "\n";
        PolicyLoadError error = Single(yaml, PolicyErrorIds.ScalarLimit);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Huge_file_fails_before_it_is_parsed()
    {
        string path = Path.Combine(Path.GetTempPath(), "smo-huge-" + Guid.NewGuid().ToString("N") + ".yaml");
        try
        {
            using (var stream = File.Create(path))
            {
                stream.SetLength(5L * 1024 * 1024);
            }

            PolicyLoadException ex = Assert.Throws<PolicyLoadException>(() => PolicyLoader.LoadFile(path));
            Assert.Equal(PolicyErrorIds.FileLimit, Assert.Single(ex.Errors).ErrorId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_alias_to_an_unfinished_node_is_refused()
    {
        PolicyLoadException ex = LoadError("a: &x [1, *x]\n");
        Assert.Equal(PolicyErrorIds.YamlSyntax, Assert.Single(ex.Errors).ErrorId);
    }

    [Fact]
    public void Aliases_within_the_budget_work()
    {
        string yaml = Valid.Replace("    - id: R-1", "    - &first\n      id: R-1", StringComparison.Ordinal);
        Assert.Single(PolicyLoader.LoadText(yaml, "ok.yaml"));
    }

    [Fact]
    public void Missing_path_is_ObjectNotFound()
    {
        var ex = Assert.Throws<SecureMailOpsException>(() => PolicyLoader.ExpandPaths(new[] { "/nonexistent/policy.yaml" }));
        Assert.Equal(PolicyErrorIds.PathNotFound, ex.ErrorId);
        Assert.Equal(FailureKind.ObjectNotFound, ex.Kind);
    }

    [Fact]
    public void A_document_sees_only_its_own_parameters_whatever_was_bound_before()
    {
        // Binding depends on the document alone: a parameter declared by an earlier document of the
        // same file is unknown to a later one.
        string first = Policy("{ field: a, greater: { param: minimum } }", parameters: "minimum: { type: number, default: 1 }");
        string second = Policy("{ field: a, greater: { param: minimum } }").Replace("name: test", "name: second", StringComparison.Ordinal).Replace("id: T-1", "id: T-2", StringComparison.Ordinal);
        PolicyLoadException ex = LoadError(first + "\n---\n" + second);
        PolicyLoadError error = Assert.Single(ex.Errors);
        Assert.Equal(PolicyErrorIds.UnknownParameter, error.ErrorId);
        Assert.True(error.Line > 20, "the error is in the second document");
        Assert.Equal(2, PolicyLoader.LoadText(first + "\n---\n" + first.Replace("name: test", "name: again", StringComparison.Ordinal).Replace("id: T-1", "id: T-2", StringComparison.Ordinal), "ok.yaml").Count);
    }
}
