using System.Text;
using SecureMailOps.Core.Mail;
using Xunit;

namespace SecureMailOps.Core.Tests.Mail;

/// <summary>
/// When the end of a message has been handed to the connection (after which a lost connection means delivery
/// unknown): the final "." after DATA, or a BDAT ... LAST command line, in either case, in one write or split.
/// </summary>
public class SessionTrackerTests
{
    private static SessionTracker Feed(params string[] writes)
    {
        var tracker = new SessionTracker(null);
        tracker.BeginTransaction();
        foreach (string write in writes)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(write);
            tracker.LogClient(bytes, 0, bytes.Length);
        }

        return tracker;
    }

    [Theory]
    [InlineData("BDAT 120 LAST\r\n")]
    [InlineData("bdat 7 last\r\n")]
    [InlineData("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nBDAT 99 LAST\r\n")]
    public void LastChunkCommandCountsAsSent(string write) => Assert.True(Feed(write).FinalDotSent);

    [Theory]
    [InlineData("BDAT 120\r\n")]
    [InlineData("MAIL FROM:<LAST@example.com>\r\n")]
    [InlineData("RCPT TO:<bdat-last@example.com>\r\n")]
    [InlineData("XBDAT 1 LAST\r\n")]
    [InlineData("DATA\r\nSubject: x\r\n\r\nbody\r\n")]
    public void OtherCommandsAndUnfinishedDataDoNot(string write) => Assert.False(Feed(write).FinalDotSent);

    [Fact]
    public void FinalDotAfterDataCountsAsSentEvenWhenSplitAcrossWrites() =>
        Assert.True(Feed("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n", "Subject: x\r\n\r\nbody\r\n.", "\r\n").FinalDotSent);

    [Fact]
    public void BeginTransactionStartsOver()
    {
        SessionTracker tracker = Feed("BDAT 3 LAST\r\n");
        tracker.BeginTransaction();
        Assert.False(tracker.FinalDotSent);
    }
}
