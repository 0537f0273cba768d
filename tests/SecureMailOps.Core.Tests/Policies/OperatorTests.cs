using SecureMailOps.Core.Policies;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.
using static SecureMailOps.Core.Tests.Policies.PolicyTestKit;

namespace SecureMailOps.Core.Tests.Policies;

public class OperatorTests
{
    [Theory]
    // equals / notEquals with booleans, including text "true"/"false" and wrong types.
    [InlineData("{ field: a, equals: true }", """{"a": true}""", FindingOutcome.Pass)]
    [InlineData("{ field: a, equals: true }", """{"a": false}""", FindingOutcome.Fail)]
    [InlineData("{ field: a, equals: true }", """{"a": "TRUE"}""", FindingOutcome.Pass)]
    [InlineData("{ field: a, equals: true }", """{"a": "yes"}""", FindingOutcome.Error)]
    [InlineData("{ field: a, equals: true }", """{"a": 1}""", FindingOutcome.Error)]
    [InlineData("{ field: a, equals: true }", """{"a": [true]}""", FindingOutcome.Error)]
    [InlineData("{ field: a, equals: true }", """{}""", FindingOutcome.Fail)]
    [InlineData("{ field: a, equals: true }", """{"a": null}""", FindingOutcome.Fail)]
    [InlineData("{ field: a, notEquals: true }", """{"a": false}""", FindingOutcome.Pass)]
    [InlineData("{ field: a, notEquals: true }", """{}""", FindingOutcome.Fail)]
    // numbers, including numeric text.
    [InlineData("{ field: n, equals: 42 }", """{"n": 42}""", FindingOutcome.Pass)]
    [InlineData("{ field: n, equals: 42 }", """{"n": "42"}""", FindingOutcome.Pass)]
    [InlineData("{ field: n, equals: 42 }", """{"n": 42.0}""", FindingOutcome.Pass)]
    [InlineData("{ field: n, equals: 42 }", """{"n": "forty-two"}""", FindingOutcome.Error)]
    [InlineData("{ field: n, greater: 10 }", """{"n": 11}""", FindingOutcome.Pass)]
    [InlineData("{ field: n, greater: 10 }", """{"n": 10}""", FindingOutcome.Fail)]
    [InlineData("{ field: n, greaterOrEquals: 10 }", """{"n": 10}""", FindingOutcome.Pass)]
    [InlineData("{ field: n, greaterOrEquals: 10 }", """{"n": "9.5"}""", FindingOutcome.Fail)]
    [InlineData("{ field: n, less: 10 }", """{"n": -3}""", FindingOutcome.Pass)]
    [InlineData("{ field: n, less: 10 }", """{"n": 10}""", FindingOutcome.Fail)]
    [InlineData("{ field: n, lessOrEquals: 10 }", """{"n": 10}""", FindingOutcome.Pass)]
    [InlineData("{ field: n, lessOrEquals: 10 }", """{"n": true}""", FindingOutcome.Error)]
    [InlineData("{ field: n, lessOrEquals: 10 }", """{}""", FindingOutcome.Fail)]
    [InlineData("{ field: n, greater: '1.1' }", """{"n": "1.2"}""", FindingOutcome.Pass)]
    // dates compare as dates, from ISO text.
    [InlineData("{ field: d, greater: 2026-01-01 }", """{"d": "2026-03-01"}""", FindingOutcome.Pass)]
    [InlineData("{ field: d, less: 2026-01-01 }", """{"d": "2026-03-01T10:00:00+02:00"}""", FindingOutcome.Fail)]
    [InlineData("{ field: d, equals: 2026-01-01 }", """{"d": "2026-01-01T00:00:00Z"}""", FindingOutcome.Pass)]
    [InlineData("{ field: d, greater: 2026-01-01 }", """{"d": "last week"}""", FindingOutcome.Error)]
    // text: case-insensitive; numbers and text compare by spelling and value.
    [InlineData("{ field: s, equals: Admin }", """{"s": "admin"}""", FindingOutcome.Pass)]
    [InlineData("{ field: s, equals: admin }", """{"s": "user"}""", FindingOutcome.Fail)]
    [InlineData("{ field: v, equals: '1.2' }", """{"v": 1.2}""", FindingOutcome.Pass)]
    [InlineData("{ field: v, equals: '1.0' }", """{"v": 1}""", FindingOutcome.Pass)]
    [InlineData("{ field: v, equals: admin }", """{"v": 5}""", FindingOutcome.Fail)]
    [InlineData("{ field: v, equals: '5e0' }", """{"v": "5.0"}""", FindingOutcome.Pass)]
    [InlineData("{ field: s, equals: admin }", """{"s": {"x": 1}}""", FindingOutcome.Error)]
    [InlineData("{ field: s, notEquals: admin }", """{"s": "user"}""", FindingOutcome.Pass)]
    // in / notIn on scalars and on lists (every item / no item).
    [InlineData("{ field: t, in: [user, admin] }", """{"t": "ADMIN"}""", FindingOutcome.Pass)]
    [InlineData("{ field: t, in: [user, admin] }", """{"t": "service"}""", FindingOutcome.Fail)]
    [InlineData("{ field: t, in: [user, admin] }", """{}""", FindingOutcome.Fail)]
    [InlineData("{ field: v, in: ['1.2', '1.3'] }", """{"v": "1.3"}""", FindingOutcome.Pass)]
    [InlineData("{ field: v, in: [1, 2] }", """{"v": "2"}""", FindingOutcome.Pass)]
    [InlineData("{ field: v, in: [1, 2] }", """{"v": "two"}""", FindingOutcome.Error)]
    [InlineData("{ field: v, in: ['1.0', other] }", """{"v": 1}""", FindingOutcome.Pass)]
    [InlineData("{ field: v, in: [one, other] }", """{"v": 1}""", FindingOutcome.Fail)]
    [InlineData("{ field: m, in: [totp, fido2] }", """{"m": ["totp", "fido2"]}""", FindingOutcome.Pass)]
    [InlineData("{ field: m, in: [totp, fido2] }", """{"m": ["totp", "sms"]}""", FindingOutcome.Fail)]
    [InlineData("{ field: m, in: [totp, fido2] }", """{"m": []}""", FindingOutcome.Pass)]
    [InlineData("{ field: m, notIn: [sms, email] }", """{"m": ["totp"]}""", FindingOutcome.Pass)]
    [InlineData("{ field: m, notIn: [sms, email] }", """{"m": ["totp", "sms"]}""", FindingOutcome.Fail)]
    [InlineData("{ field: t, notIn: [shared] }", """{"t": "user"}""", FindingOutcome.Pass)]
    [InlineData("{ field: t, notIn: [shared] }", """{}""", FindingOutcome.Fail)]
    // contains on lists and text.
    [InlineData("{ field: m, contains: totp }", """{"m": ["sms", "TOTP"]}""", FindingOutcome.Pass)]
    [InlineData("{ field: m, contains: totp }", """{"m": ["sms"]}""", FindingOutcome.Fail)]
    [InlineData("{ field: m, contains: totp }", """{"m": "sms,totp"}""", FindingOutcome.Pass)]
    [InlineData("{ field: m, contains: 3 }", """{"m": [1, "3"]}""", FindingOutcome.Pass)]
    [InlineData("{ field: m, contains: '3.0' }", """{"m": [1, 3]}""", FindingOutcome.Pass)]
    [InlineData("{ field: m, contains: '3.0' }", """{"m": "v3.0"}""", FindingOutcome.Pass)]
    [InlineData("{ field: m, contains: totp }", """{"m": 5}""", FindingOutcome.Error)]
    [InlineData("{ field: m, contains: totp }", """{}""", FindingOutcome.Fail)]
    // count: missing and null count as zero; a scalar is the wrong type.
    [InlineData("{ field: d, count: { lessOrEquals: 2 } }", """{"d": ["a", "b"]}""", FindingOutcome.Pass)]
    [InlineData("{ field: d, count: { lessOrEquals: 2 } }", """{"d": ["a", "b", "c"]}""", FindingOutcome.Fail)]
    [InlineData("{ field: d, count: { lessOrEquals: 2 } }", """{}""", FindingOutcome.Pass)]
    [InlineData("{ field: d, count: { greaterOrEquals: 1 } }", """{"d": null}""", FindingOutcome.Fail)]
    [InlineData("{ field: d, count: { equals: 0 } }", """{"d": []}""", FindingOutcome.Pass)]
    [InlineData("{ field: d, count: { greater: 0 } }", """{"d": "abc"}""", FindingOutcome.Error)]
    // match (case-insensitive regex), startsWith, endsWith.
    [InlineData("{ field: e, match: '^[a-z]+@example\\.com$' }", """{"e": "Alice@Example.com"}""", FindingOutcome.Pass)]
    [InlineData("{ field: e, match: '^[a-z]+@example\\.com$' }", """{"e": "alice@evil.com"}""", FindingOutcome.Fail)]
    [InlineData("{ field: e, match: '^4' }", """{"e": 42}""", FindingOutcome.Pass)]
    [InlineData("{ field: e, match: 'x' }", """{"e": ["x"]}""", FindingOutcome.Error)]
    [InlineData("{ field: e, startsWith: svc- }", """{"e": "SVC-mailer"}""", FindingOutcome.Pass)]
    [InlineData("{ field: e, startsWith: svc- }", """{"e": "mailer"}""", FindingOutcome.Fail)]
    [InlineData("{ field: e, endsWith: '@example.com' }", """{"e": "a@EXAMPLE.com"}""", FindingOutcome.Pass)]
    [InlineData("{ field: e, endsWith: '@example.com' }", """{"e": {"x": 1}}""", FindingOutcome.Error)]
    // exists: present and not null.
    [InlineData("{ field: a.b, exists: true }", """{"a": {"b": 0}}""", FindingOutcome.Pass)]
    [InlineData("{ field: a.b, exists: true }", """{"a": {"b": null}}""", FindingOutcome.Fail)]
    [InlineData("{ field: a.b, exists: true }", """{"a": {}}""", FindingOutcome.Fail)]
    [InlineData("{ field: a.b, exists: false }", """{}""", FindingOutcome.Pass)]
    [InlineData("{ field: a.b, exists: false }", """{"a": {"b": "x"}}""", FindingOutcome.Fail)]
    // olderThan / withinLast against AsOf (2026-06-01).
    [InlineData("{ field: d, withinLast: 90d }", """{"d": "2026-04-01"}""", FindingOutcome.Pass)]
    [InlineData("{ field: d, withinLast: 90d }", """{"d": "2026-01-01"}""", FindingOutcome.Fail)]
    [InlineData("{ field: d, withinLast: 12h }", """{"d": "2026-05-31T13:00:00Z"}""", FindingOutcome.Pass)]
    [InlineData("{ field: d, withinLast: 12h }", """{"d": "2026-05-31T11:00:00Z"}""", FindingOutcome.Fail)]
    [InlineData("{ field: d, olderThan: 2w }", """{"d": "2026-05-01"}""", FindingOutcome.Pass)]
    [InlineData("{ field: d, olderThan: 2w }", """{"d": "2026-05-30"}""", FindingOutcome.Fail)]
    [InlineData("{ field: d, olderThan: 30m }", """{"d": "not a date"}""", FindingOutcome.Error)]
    [InlineData("{ field: d, olderThan: 30d }", """{"d": 20260101}""", FindingOutcome.Error)]
    [InlineData("{ field: d, withinLast: 90d }", """{}""", FindingOutcome.Fail)]
    // paths: case-insensitive names, list indexes, a path through a scalar is the wrong type.
    [InlineData("{ field: MFA.Enabled, equals: true }", """{"mfa": {"enabled": true}}""", FindingOutcome.Pass)]
    [InlineData("{ field: 'mfa.methods[1]', equals: fido2 }", """{"mfa": {"methods": ["totp", "fido2"]}}""", FindingOutcome.Pass)]
    [InlineData("{ field: 'mfa.methods[5]', equals: fido2 }", """{"mfa": {"methods": ["totp"]}}""", FindingOutcome.Fail)]
    [InlineData("{ field: 'list[0].name', equals: x }", """{"list": [{"name": "X"}]}""", FindingOutcome.Pass)]
    [InlineData("{ field: mfa.enabled, equals: true }", """{"mfa": true}""", FindingOutcome.Error)]
    // allOf / anyOf / not, with errors propagating.
    [InlineData("{ allOf: [ { field: a, equals: true }, { field: b, equals: true } ] }", """{"a": true, "b": true}""", FindingOutcome.Pass)]
    [InlineData("{ allOf: [ { field: a, equals: true }, { field: b, equals: true } ] }", """{"a": true, "b": false}""", FindingOutcome.Fail)]
    [InlineData("{ allOf: [ { field: a, equals: true }, { field: b, equals: true } ] }", """{"a": "maybe", "b": false}""", FindingOutcome.Error)]
    [InlineData("{ anyOf: [ { field: a, equals: true }, { field: b, equals: true } ] }", """{"a": false, "b": true}""", FindingOutcome.Pass)]
    [InlineData("{ anyOf: [ { field: a, equals: true }, { field: b, equals: true } ] }", """{"a": false, "b": false}""", FindingOutcome.Fail)]
    [InlineData("{ anyOf: [ { field: a, equals: true }, { field: b, equals: true } ] }", """{"a": "maybe", "b": true}""", FindingOutcome.Pass)]
    [InlineData("{ anyOf: [ { field: a, equals: true }, { field: b, equals: true } ] }", """{"a": "maybe", "b": false}""", FindingOutcome.Error)]
    [InlineData("{ not: { field: a, equals: true } }", """{"a": false}""", FindingOutcome.Pass)]
    [InlineData("{ not: { field: a, equals: true } }", """{"a": true}""", FindingOutcome.Fail)]
    [InlineData("{ not: { field: a, equals: true } }", """{"a": 7}""", FindingOutcome.Error)]
    public void Operator_gives_the_expected_outcome(string condition, string record, FindingOutcome expected)
    {
        PolicyFinding finding = One(condition, record);
        Assert.True(expected == finding.Outcome, $"{condition} on {record}: expected {expected}, got {finding.Outcome} ({finding.Reason})");
    }

    [Fact]
    public void Reason_names_field_actual_and_expected_value()
    {
        PolicyFinding finding = One("{ field: password.length, greaterOrEquals: 12 }", """{"password": {"length": 8}}""");
        Assert.Equal("'password.length' is 8; expected greaterOrEquals 12", finding.Reason);
    }

    [Fact]
    public void Reason_for_a_wrong_type_names_the_type_and_what_was_needed()
    {
        PolicyFinding finding = One("{ field: password.length, greaterOrEquals: 12 }", """{"password": {"length": "twelve"}}""");
        Assert.Equal(FindingOutcome.Error, finding.Outcome);
        Assert.Equal("cannot evaluate: 'password.length' is 'twelve' (text), not a number; expected greaterOrEquals 12", finding.Reason);
    }

    [Fact]
    public void Reason_for_a_missing_field_says_missing()
    {
        PolicyFinding finding = One("{ field: mfa.enabled, equals: true }", """{"id": "x"}""");
        Assert.Equal("'mfa.enabled' is missing; expected equals true", finding.Reason);
    }

    [Fact]
    public void Reason_for_a_date_gives_its_age()
    {
        PolicyFinding finding = One("{ field: d, withinLast: 30d }", """{"d": "2026-04-02"}""");
        Assert.Equal("'d' is 2026-04-02 (60 days before 2026-06-01); expected withinLast 30d", finding.Reason);
    }

    [Fact]
    public void When_false_gives_NotApplicable_and_when_error_gives_Error()
    {
        Assert.Equal(FindingOutcome.NotApplicable, One("{ field: a, equals: true }", """{"t": "user", "a": false}""", when: "{ field: t, equals: admin }").Outcome);
        Assert.Equal(FindingOutcome.Fail, One("{ field: a, equals: true }", """{"t": "admin", "a": false}""", when: "{ field: t, equals: admin }").Outcome);
        PolicyFinding error = One("{ field: a, equals: true }", """{"t": ["admin"], "a": false}""", when: "{ field: t, equals: admin }");
        Assert.Equal(FindingOutcome.Error, error.Outcome);
        Assert.StartsWith("cannot evaluate the precondition:", error.Reason, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Match_with_nested_quantifiers_runs_in_linear_time_instead_of_hanging()
    {
        // Catastrophic backtracking on a long non-matching input, once stopped only by the timeout (an
        // Error finding); with NonBacktracking matching it is an ordinary Fail.
        string value = new string('a', 5000) + "!";
        PolicyFinding finding = One("{ field: s, match: '^(a+)+$' }", "{\"s\": \"" + value + "\"}");
        Assert.Equal(FindingOutcome.Fail, finding.Outcome);
    }

    [Fact]
    public void Param_subject_compares_a_parameter()
    {
        string parameters = "rotate: { type: number, default: 0 }";
        Assert.Equal(FindingOutcome.NotApplicable, One("{ field: a, equals: true }", """{"a": false}""", when: "{ param: rotate, greater: 0 }", parameters: parameters).Outcome);
    }
}
