using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Threading;

namespace SecureMailOps.PesterSupport
{
    /// <summary>
    /// A PowerShell host for tests that answers -Confirm prompts from a script of answers and records, for every
    /// prompt and every verbose, warning, error and progress line, the managed thread it arrived on.
    /// </summary>
    public sealed class AnsweringHost : PSHost
    {
        private readonly AnsweringHostUI _ui;
        private readonly Guid _id = Guid.NewGuid();

        public AnsweringHost(params int[] answers) { _ui = new AnsweringHostUI(answers); }

        public AnsweringHostUI Recorder { get { return _ui; } }
        public override CultureInfo CurrentCulture { get { return CultureInfo.InvariantCulture; } }
        public override CultureInfo CurrentUICulture { get { return CultureInfo.InvariantCulture; } }
        public override Guid InstanceId { get { return _id; } }
        public override string Name { get { return "AnsweringHost"; } }
        public override PSHostUserInterface UI { get { return _ui; } }
        public override Version Version { get { return new Version(1, 0); } }
        public override void EnterNestedPrompt() { throw new NotSupportedException(); }
        public override void ExitNestedPrompt() { throw new NotSupportedException(); }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }

    public sealed class AnsweringHostUI : PSHostUserInterface
    {
        private readonly Queue<int> _answers;
        public AnsweringHostUI(int[] answers) { _answers = new Queue<int>(answers); }

        /// <summary>Gets "kind|threadId|text" for each prompt ("Prompt") and stream line ("Verbose", "Warning", "Error", "Progress").</summary>
        public List<string> Seen { get; } = new List<string>();

        private void Record(string kind, string text)
        {
            lock (Seen) { Seen.Add(kind + "|" + Thread.CurrentThread.ManagedThreadId.ToString(CultureInfo.InvariantCulture) + "|" + text); }
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Record("Prompt", message);
            return _answers.Count > 0 ? _answers.Dequeue() : defaultChoice;
        }

        public override PSHostRawUserInterface RawUI { get { return null; } }
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) { throw new NotSupportedException(); }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) { throw new NotSupportedException(); }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) { throw new NotSupportedException(); }
        public override string ReadLine() { throw new NotSupportedException(); }
        public override SecureString ReadLineAsSecureString() { throw new NotSupportedException(); }
        public override void Write(string value) { }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
        public override void WriteLine(string value) { }
        public override void WriteDebugLine(string message) { Record("Debug", message); }
        public override void WriteErrorLine(string value) { Record("Error", value); }
        public override void WriteVerboseLine(string message) { Record("Verbose", message); }
        public override void WriteWarningLine(string message) { Record("Warning", message); }
        public override void WriteProgress(long sourceId, ProgressRecord record) { Record("Progress", record.StatusDescription); }
    }
}
