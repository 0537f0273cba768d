using System.Threading;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>
/// The last few explanations a condition built, by the object they were built from, compared by reference.
/// A report explains every finding that is not a pass (a million of them for 100,000 accounts), and most say
/// the same thing: the reader shares one box per true, false and small integer and one string per repeated
/// text, so the same failing value is the same object record after record, and its explanation the same
/// string. Safe from several threads: each slot holds an immutable pair, replaced whole.
/// </summary>
internal sealed class ExplanationMemo
{
    private const int Slots = 4;
    private readonly Entry?[] _entries = new Entry?[Slots];
    private int _next;

    /// <summary>Gets the explanation last built from <paramref name="key"/>, if it is still kept.</summary>
    /// <param name="key">The object (a value, or a part's explanation) it was built from.</param>
    /// <param name="text">The explanation.</param>
    /// <returns>True when it was kept.</returns>
    public bool TryGet(object key, out string text)
    {
        foreach (Entry? entry in _entries)
        {
            if (entry is not null && ReferenceEquals(entry.Key, key))
            {
                text = entry.Text;
                return true;
            }
        }

        text = string.Empty;
        return false;
    }

    /// <summary>Keeps <paramref name="text"/> as the explanation built from <paramref name="key"/>, in place of the oldest.</summary>
    /// <param name="key">The object it was built from.</param>
    /// <param name="text">The explanation to keep.</param>
    /// <returns><paramref name="text"/>, so a caller can keep and return it in one expression.</returns>
    public string Keep(object key, string text)
    {
        int slot = (Interlocked.Increment(ref _next) & int.MaxValue) % Slots;
        Volatile.Write(ref _entries[slot], new Entry(key, text));
        return text;
    }

    private sealed class Entry
    {
        public Entry(object key, string text)
        {
            Key = key;
            Text = text;
        }

        public object Key { get; }

        public string Text { get; }
    }
}
