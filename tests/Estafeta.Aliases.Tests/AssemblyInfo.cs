// Accounts, permissions and statx: these tests are for Linux, as the server is.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
