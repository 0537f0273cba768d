using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// The key (a pepper) that emailed codes are hashed with, kept outside the database: a stolen store
/// holds only HMACs under a key it does not contain, so its rows can neither be confirmed nor
/// brute-forced (an 8-digit code is only 26.6 bits). By default the key is a file of 32 random bytes
/// created owner-only beside a SQLite store on first use (<c>state.db.key</c>); a caller may supply
/// one instead (for example from SecretManagement), which a server-backed store needs. Rotating it
/// (replacing the file, or supplying another) makes the challenges issued under the old key
/// unconfirmable (<see cref="ChallengeReason.KeyMismatch"/>): at most the last 10 minutes of codes.
/// </summary>
public sealed class ChallengeKey
{
    /// <summary>The fewest key bytes accepted (256 bits).</summary>
    public const int MinimumLength = 32;

    /// <summary>The environment variable naming a key file, used when no key or key file is given: the way to give every worker of a shared store the same key.</summary>
    public const string EnvironmentVariable = "SECUREMAILOPS_CHALLENGE_KEY_FILE";

    /// <summary>The suffix of the key file beside a store file.</summary>
    public const string FileSuffix = ".key";

    private readonly byte[] _key;

    private ChallengeKey(byte[] key, string? path)
    {
        _key = key;
        Path = path;
        using var hmac = new HMACSHA256(key);
        byte[] id = hmac.ComputeHash(Encoding.ASCII.GetBytes("SecureMailOps challenge key id"));
        var text = new StringBuilder(16);
        for (int i = 0; i < 8; i++)
        {
            text.Append(id[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        Id = text.ToString();
    }

    /// <summary>Gets a non-secret id of the key (an HMAC of a constant under it), stored with each challenge.</summary>
    public string Id { get; }

    /// <summary>Gets the key file, or null for a key the caller supplied.</summary>
    public string? Path { get; }

    /// <summary>A key the caller supplies (for example text from a vault, as UTF-8 bytes).</summary>
    /// <param name="key">At least <see cref="MinimumLength"/> bytes; copied.</param>
    /// <returns>The key.</returns>
    public static ChallengeKey FromBytes(byte[] key)
    {
        if (key is null || key.Length < MinimumLength)
        {
            throw new SecureMailOpsException(ChallengeErrorIds.KeyInvalid, FailureKind.InvalidArgument, $"A challenge key must have at least {MinimumLength} bytes; {key?.Length ?? 0} were given.");
        }

        return new ChallengeKey((byte[])key.Clone(), null);
    }

    /// <summary>The key beside a store file (<c>&lt;store&gt;.key</c>), created owner-only with 32 random bytes on first use.</summary>
    /// <param name="storePath">The store file.</param>
    /// <returns>The key.</returns>
    public static ChallengeKey ForStoreFile(string storePath) => LoadOrCreate(storePath + FileSuffix);

    /// <summary>
    /// The key for a store when no key bytes were supplied: the key file given, else the one
    /// <see cref="EnvironmentVariable"/> names, else (a file store only) the file beside the store. The
    /// same on both stores; only the last fallback needs a store file.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="keyFile">A key file the caller named (-ChallengeKeyPath), or null.</param>
    /// <returns>The key.</returns>
    public static ChallengeKey Resolve(IStateStore store, string? keyFile)
    {
        if (store is null)
        {
            throw new ArgumentNullException(nameof(store));
        }

        string? file = string.IsNullOrWhiteSpace(keyFile) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : keyFile;
        return string.IsNullOrWhiteSpace(file) ? ForStore(store) : LoadOrCreate(file!);
    }

    /// <summary>The key default for a store: beside it for a file store; a server store needs a supplied key.</summary>
    /// <param name="store">The store.</param>
    /// <returns>The key.</returns>
    public static ChallengeKey ForStore(IStateStore store) => store switch
    {
        SqliteStateStore sqlite => ForStoreFile(sqlite.Location),
        null => throw new ArgumentNullException(nameof(store)),
        _ => throw new SecureMailOpsException(
            ChallengeErrorIds.KeyMissing,
            FailureKind.InvalidArgument,
            $"The store '{store.Location}' is not a file, so no key file beside it can be used: give every worker the same challenge key (-ChallengeKeyPath, the {EnvironmentVariable} environment variable, or -ChallengeKey)."),
    };

    /// <summary>Reads a key file, creating it owner-only with 32 random bytes when it does not exist.</summary>
    /// <param name="path">The key file.</param>
    /// <returns>The key.</returns>
    public static ChallengeKey LoadOrCreate(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        try
        {
            if (!File.Exists(full))
            {
                byte[] fresh = new byte[MinimumLength];
                using (var random = RandomNumberGenerator.Create())
                {
                    random.GetBytes(fresh);
                }

                OwnerOnlyFile.TryCreateNew(full, fresh);
                Array.Clear(fresh, 0, fresh.Length);
            }

            byte[] key = File.ReadAllBytes(full);
            if (key.Length < MinimumLength)
            {
                throw new SecureMailOpsException(ChallengeErrorIds.KeyInvalid, FailureKind.InvalidData, $"The challenge key file '{full}' holds {key.Length} bytes; at least {MinimumLength} are needed.", full);
            }

            return new ChallengeKey(key, full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecureMailOpsException(ChallengeErrorIds.KeyFailed, FailureKind.WriteError, $"The challenge key file '{full}' could not be read or created: {ex.Message}", full, ex);
        }
    }

    /// <summary>HMAC-SHA256 under the key over the salt, id, purpose and code.</summary>
    /// <param name="salt">The challenge's salt.</param>
    /// <param name="id">The challenge id.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="code">The code.</param>
    /// <returns>The hash.</returns>
    [return: Secret]
    internal byte[] Hash(byte[] salt, string id, string purpose, [Secret] char[] code)
    {
        byte[] text = Encoding.UTF8.GetBytes(id + "\n" + purpose + "\n");
        byte[] codeBytes = Encoding.UTF8.GetBytes(code);
        byte[] message = new byte[salt.Length + text.Length + codeBytes.Length];
        try
        {
            Buffer.BlockCopy(salt, 0, message, 0, salt.Length);
            Buffer.BlockCopy(text, 0, message, salt.Length, text.Length);
            Buffer.BlockCopy(codeBytes, 0, message, salt.Length + text.Length, codeBytes.Length);
            using var hmac = new HMACSHA256(_key);
            return hmac.ComputeHash(message);
        }
        finally
        {
            Array.Clear(codeBytes, 0, codeBytes.Length);
            Array.Clear(message, 0, message.Length);
        }
    }
}
