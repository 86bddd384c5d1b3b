// Test helper: `SendmailProbe QUEUE_DIRECTORY MESSAGE_SIZE_LIMIT [sendmail arguments...]`.
// Trusts: its caller (the tests). Must never: be shipped; the real entry point is the host's.
using Estafeta.Pickup;

var settings = new SendmailSettings { QueueDirectory = args[0], MessageSizeLimit = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) };
return await SendmailProgram.RunAsync(InvokedProgramName.Get() is var name && InvokedProgramName.IsSendmailName(name) ? name : "sendmail", args[2..], new SendmailEnvironment { Settings = settings });
