using System;
using System.Text;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using Xunit;

namespace SecureMailOps.Core.Tests.Otp;

public class OtpGeneratorTests
{
    private static readonly byte[] Rfc4226Key = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 4226 Appendix D.
    [Theory]
    [InlineData(0, "755224")]
    [InlineData(1, "287082")]
    [InlineData(2, "359152")]
    [InlineData(3, "969429")]
    [InlineData(4, "338314")]
    [InlineData(5, "254676")]
    [InlineData(6, "287922")]
    [InlineData(7, "162583")]
    [InlineData(8, "399871")]
    [InlineData(9, "520489")]
    public void Hotp_matches_rfc4226_appendix_d(long counter, string expected) =>
        Assert.Equal(expected, OtpGenerator.ComputeHotp(Rfc4226Key, counter).Code);

    [Fact]
    public void Base32_round_trips_and_tolerates_case_spaces_and_padding()
    {
        string encoded = Base32.Encode(Rfc4226Key);
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", encoded);
        string sloppy = "gezd gnbv gy3t qojq GEZD GNBV GY3T QOJQ====";
        Assert.Equal(Rfc4226Key, Base32.Decode(sloppy));
    }

    [Fact]
    public void Base32_rejects_characters_outside_the_alphabet_by_position_only()
    {
        var ex = Assert.Throws<SecureMailOpsException>(() => Base32.Decode("GEZD1NBV"));
        Assert.Equal("OtpSecretInvalidCharacter", ex.ErrorId);
        Assert.Contains("position 5", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("GEZD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Totp_reports_the_step_interval()
    {
        var code = OtpGenerator.ComputeTotp(Rfc4226Key, DateTimeOffset.FromUnixTimeSeconds(59), OtpAlgorithm.SHA1, 8);
        Assert.Equal("94287082", code.Code);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(30), code.ValidFrom);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(60), code.ValidUntil);
    }
}
