using System;

namespace SecureMailOps.Core.Tests.State;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class TestClock
{
    public TestClock(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; set; }

    public void Advance(TimeSpan by) => Now += by;
}
