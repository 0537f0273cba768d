using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SecureMailOps.Core.Otp;
using Xunit;

namespace SecureMailOps.Core.Tests.Otp;

public class OtpVectorTests
{
    // RFC 6238 Appendix B: the seed is "12345678901234567890" repeated to the HMAC's key size.
    private static byte[] Seed(OtpAlgorithm algorithm) => Encoding.ASCII.GetBytes(algorithm switch
    {
        OtpAlgorithm.SHA256 => "12345678901234567890123456789012",
        OtpAlgorithm.SHA512 => "1234567890123456789012345678901234567890123456789012345678901234",
        _ => "12345678901234567890",
    });

    [Theory]
    [InlineData(59L, OtpAlgorithm.SHA1, "94287082")]
    [InlineData(59L, OtpAlgorithm.SHA256, "46119246")]
    [InlineData(59L, OtpAlgorithm.SHA512, "90693936")]
    [InlineData(1111111109L, OtpAlgorithm.SHA1, "07081804")]
    [InlineData(1111111109L, OtpAlgorithm.SHA256, "68084774")]
    [InlineData(1111111109L, OtpAlgorithm.SHA512, "25091201")]
    [InlineData(1111111111L, OtpAlgorithm.SHA1, "14050471")]
    [InlineData(1111111111L, OtpAlgorithm.SHA256, "67062674")]
    [InlineData(1111111111L, OtpAlgorithm.SHA512, "99943326")]
    [InlineData(1234567890L, OtpAlgorithm.SHA1, "89005924")]
    [InlineData(1234567890L, OtpAlgorithm.SHA256, "91819424")]
    [InlineData(1234567890L, OtpAlgorithm.SHA512, "93441116")]
    [InlineData(2000000000L, OtpAlgorithm.SHA1, "69279037")]
    [InlineData(2000000000L, OtpAlgorithm.SHA256, "90698825")]
    [InlineData(2000000000L, OtpAlgorithm.SHA512, "38618901")]
    [InlineData(20000000000L, OtpAlgorithm.SHA1, "65353130")]
    [InlineData(20000000000L, OtpAlgorithm.SHA256, "77737706")]
    [InlineData(20000000000L, OtpAlgorithm.SHA512, "47863826")]
    public void Totp_matches_rfc6238_appendix_b(long unixTime, OtpAlgorithm algorithm, string expected)
    {
        OtpCode code = OtpGenerator.ComputeTotp(Seed(algorithm), DateTimeOffset.FromUnixTimeSeconds(unixTime), algorithm, 8);
        Assert.Equal(expected, code.Code);
    }

    [Fact]
    public void Totp_step_beyond_2038_is_64_bit()
    {
        // 2603-10-11T11:33:20Z: the step no longer fits 32 bits of seconds.
        var time = DateTimeOffset.FromUnixTimeSeconds(20000000000L);
        Assert.Equal(666666666L, OtpGenerator.TimeStep(time, 30));
        Assert.Equal(20000000000L / 30 * 30, OtpGenerator.ComputeTotp(Seed(OtpAlgorithm.SHA1), time).ValidFrom!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public void Keyed_generator_gives_the_same_codes_from_many_threads_at_once()
    {
        // One keyed platform HMAC shared by several threads (IncrementalHash holds running state):
        // every code must equal the one computed alone.
        byte[] key = Seed(OtpAlgorithm.SHA1);
        string[] expected = new string[2000];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = OtpGenerator.ComputeHotp(key, i).Code;
        }

        using var shared = new OtpKeyedGenerator(key);
        int mismatches = 0;
        System.Threading.Tasks.Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < expected.Length; i++)
            {
                if (shared.Compute(i) != expected[i])
                {
                    System.Threading.Interlocked.Increment(ref mismatches);
                }
            }
        });
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Otp_net_types_are_not_part_of_the_engine_public_api()
    {
        var leaks = new System.Collections.Generic.List<string>();
        foreach (Type type in typeof(OtpGenerator).Assembly.GetExportedTypes())
        {
            foreach (Type iface in type.GetInterfaces())
            {
                if (iface.Namespace == "OtpNet")
                {
                    leaks.Add(type.FullName + " : " + iface.FullName);
                }
            }

            foreach (System.Reflection.MemberInfo member in type.GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly))
            {
                IEnumerable<Type> types = member switch
                {
                    System.Reflection.MethodInfo m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType),
                    System.Reflection.PropertyInfo p => new[] { p.PropertyType },
                    System.Reflection.ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType),
                    System.Reflection.FieldInfo f => new[] { f.FieldType },
                    _ => Array.Empty<Type>(),
                };
                leaks.AddRange(types.Where(t => t.Namespace == "OtpNet").Select(t => type.FullName + "." + member.Name + " uses " + t.FullName));
            }
        }

        Assert.Empty(leaks);
    }

    [Fact]
    public void No_hand_written_sha1_remains_in_the_engine()
    {
        Assert.DoesNotContain(typeof(OtpGenerator).Assembly.GetTypes(), t => t.Name.StartsWith("Sha1", StringComparison.Ordinal));
    }

    [Fact]
    public void Keyed_generator_reuses_its_key_for_many_counters()
    {
        using var generator = new OtpKeyedGenerator(Seed(OtpAlgorithm.SHA1));
        Assert.Equal("755224", generator.Compute(0));
        Assert.Equal("520489", generator.Compute(9));
        Assert.Equal("755224", generator.Compute(0));
        using var sha512 = new OtpKeyedGenerator(Seed(OtpAlgorithm.SHA512), OtpAlgorithm.SHA512, 8);
        Assert.Equal("90693936", sha512.Compute(1));
        Assert.Equal("90693936", sha512.Compute(1));
    }

    [Fact]
    public void Base32_decodes_from_a_char_array_and_a_span_like_from_a_string()
    {
        char[] chars = "gezd gnbv gy3t qojq GEZD GNBV GY3T QOJQ====".ToCharArray();
        byte[] expected = Seed(OtpAlgorithm.SHA1);
        Assert.Equal(expected, Base32.Decode(chars));
        Assert.Equal(expected, Base32.Decode(new ReadOnlySpan<char>(chars)));
        var ex = Assert.Throws<SecureMailOps.Core.Errors.SecureMailOpsException>(() => Base32.Decode("   ==".ToCharArray()));
        Assert.Equal("OtpSecretEmpty", ex.ErrorId);
    }

    [Theory]
    [InlineData(OtpAlgorithm.SHA1, 20)]
    [InlineData(OtpAlgorithm.SHA256, 32)]
    [InlineData(OtpAlgorithm.SHA512, 64)]
    public void New_secrets_default_to_the_hmac_output_size_and_never_print_themselves(OtpAlgorithm algorithm, int bytes)
    {
        OtpSecret secret = OtpSecret.Create(algorithm);
        Assert.Equal(bytes, Base32.Decode(secret.Secret).Length);
        Assert.Equal(bytes * 8, secret.Bits);
        Assert.DoesNotContain(secret.Secret, secret.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(secret.Secret, OtpSecret.Create(algorithm).Secret);
    }

    [Fact]
    public void Secrets_shorter_than_128_bits_are_refused()
    {
        var ex = Assert.Throws<SecureMailOps.Core.Errors.SecureMailOpsException>(() => OtpSecret.Create(OtpAlgorithm.SHA1, 15));
        Assert.Equal("OtpSecretTooShort", ex.ErrorId);
        Assert.Equal(16, Base32.Decode(OtpSecret.Create(OtpAlgorithm.SHA1, 16).Secret).Length);
    }
}
