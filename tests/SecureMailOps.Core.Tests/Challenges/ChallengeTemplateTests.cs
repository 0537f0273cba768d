using System;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Errors;
using Xunit;

namespace SecureMailOps.Core.Tests.Challenges;

public class ChallengeTemplateTests
{
    private const string Valid = "Subject: Code for {{Purpose}}\n--- text ---\nCode: {{Code}}\n--- html ---\n<p>{{ Code }} for {{Recipient}}</p>\n";

    [Fact]
    public void A_valid_template_renders_and_encodes_values_in_html_only()
    {
        var template = ChallengeTemplate.Parse(Valid, "t.txt");
        ChallengeMessage message = template.Render("12345678".ToCharArray(), "a&b", "x@example.com", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(5));
        Assert.Equal("Code for a&b", message.Subject);
        Assert.Equal("Code: 12345678\n", message.TextBody);
        Assert.Equal("<p>12345678 for x@example.com</p>\n", message.HtmlBody);
    }

    [Theory]
    [InlineData("Subject: x\n--- text ---\n{{Code}} {{Bogus}}\n--- html ---\n{{Code}}", "ChallengeTemplateUnknownPlaceholder", "line 3, column 10")]
    [InlineData("Subject: {{Code}}\n--- text ---\n{{Code}}\n--- html ---\n{{Code}}", "ChallengeTemplateCodeInSubject", "line 1, column 10")]
    [InlineData("Subject: x\n--- text ---\nno code\n--- html ---\n{{Code}}", "ChallengeTemplateMissingCode", "line 2")]
    [InlineData("Subject: x\n--- text ---\n{{Code}}\n--- html ---\nno code", "ChallengeTemplateMissingCode", "line 4")]
    [InlineData("--- text ---\n{{Code}}\n--- html ---\n{{Code}}", "ChallengeTemplateMissingSubject", "line 1")]
    [InlineData("Subject: x\n{{Code}}\n--- html ---\n{{Code}}", "ChallengeTemplateMissingSection", "line 1")]
    public void Template_errors_name_the_problem_and_where(string content, string errorId, string where)
    {
        var ex = Assert.Throws<SecureMailOpsException>(() => ChallengeTemplate.Parse(content, "bad.txt"));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(FailureKind.InvalidData, ex.Kind);
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad.txt", ex.Message, StringComparison.Ordinal);
    }
}
