using Estafeta.Core;

namespace Estafeta.Pickup;

/// <summary>
/// Postfix sendmail's command line: getopt with "+A:B:C:F:GIL:N:O:R:UV:X:b:ce:f:h:imno:p:r:q:tvx" (stop at the
/// first non-option, "--" ends the options), plus "-q" alone, which getopt cannot express.
/// </summary>
internal static class SendmailArguments
{
    // Options that take an argument, and those that do not; everything else is "usage".
    private const string WithArgument = "ABCFLNORVXbefhopqr";
    private const string WithoutArgument = "GIUcimntvx";

    /// <summary>Pre-scan for -C DIR, as Postfix does before reading main.cf ("DIR/main.cf" also names DIR).
    /// For the host, which loads the configuration before calling <see cref="SendmailProgram.RunAsync"/>.</summary>
    public static string? FindConfigDirectory(IReadOnlyList<string> args)
    {
        string? found = null;
        try
        {
            found = Parse("sendmail", args).ConfigDirectory;
        }
        catch (SendmailFatalException)
        {
            // The real run reports the usage error.
        }

        if (found is not null && Path.GetFileName(found) == "main.cf")
        {
            found = Path.GetDirectoryName(found);
        }

        return found;
    }

    /// <exception cref="SendmailFatalException">A usage error, with Postfix's text and EX_USAGE.</exception>
    public static SendmailOptions Parse(string programName, IReadOnlyList<string> args)
    {
        var options = new SendmailOptions
        {
            Mode = programName switch
            {
                "mailq" => SendmailMode.ShowQueue,
                "newaliases" => SendmailMode.NewAliases,
                _ => SendmailMode.Enqueue,
            },
        };
        var warnings = new List<string>();
        var index = 0;
        while (index < args.Count)
        {
            var arg = args[index];
            if (arg == "-q")
            {
                options = options.Mode == SendmailMode.Daemon
                    ? Warn(options, warnings, "ignoring -q option in daemon mode")
                    : options with { Mode = SendmailMode.FlushQueue };
                index++;
                continue;
            }

            if (arg == "--")
            {
                index++;
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                break;
            }

            index++;
            for (var position = 1; position < arg.Length; position++)
            {
                var letter = arg[position];
                if (WithArgument.Contains(letter, StringComparison.Ordinal))
                {
                    string value;
                    if (position + 1 < arg.Length)
                    {
                        value = arg[(position + 1)..];
                    }
                    else if (index < args.Count)
                    {
                        value = args[index++];
                    }
                    else
                    {
                        throw Usage(programName);
                    }

                    options = WithValue(options, warnings, letter, value);
                    break;
                }

                if (!WithoutArgument.Contains(letter, StringComparison.Ordinal))
                {
                    throw Usage(programName);
                }

                options = Flag(options, letter);
            }
        }

        options = options with { Recipients = [.. args.Skip(index)], Warnings = warnings };
        Check(options);
        return options;
    }

    private static SendmailOptions Flag(SendmailOptions options, char letter) => letter switch
    {
        'n' => throw new SendmailFatalException(SysExits.Usage, "-n option not supported"),
        'I' => options with { Mode = SendmailMode.NewAliases },
        'i' => options with { DotEndsMessage = false },
        't' => options with { ExtractRecipients = true },
        'v' => options with { Verbose = options.Verbose + 1 },

        // -G (gateway submission), -U (initial submission), -c, -m, -x: accepted and ignored, as in Postfix.
        _ => options,
    };

    private static SendmailOptions WithValue(SendmailOptions options, List<string> warnings, char letter, string value)
    {
        // getopt gives "" for "-b ''"; Postfix then looks at the terminating NUL, which matches no case.
        var first = value.Length > 0 ? value[0] : '\0';
        switch (letter)
        {
            case 'B':
                return value switch
                {
                    "8BITMIME" => options with { Body = BodyType.EightBitMime },
                    "7BIT" => options with { Body = BodyType.SevenBit },
                    _ => throw new SendmailFatalException(SysExits.Usage, "-B option needs 8BITMIME or 7BIT"),
                };
            case 'C':
                return options with { ConfigDirectory = value };
            case 'F':
                return options with { FullName = value };
            case 'N':
                var notify = DsnNotifyMask(value);
                return notify == DsnNotify.Unspecified
                    ? Warn(options, warnings, "bad -N option value -- ignored")
                    : options with { Notify = notify };
            case 'V':
                if (value.Length > 100)
                {
                    return Warn(options, warnings, "too long -V option value -- ignored");
                }

                return value.All(c => c is >= ' ' and <= '~')
                    ? options with { EnvelopeId = value }
                    : Warn(options, warnings, "bad syntax in -V option value -- ignored");
            case 'X':
                // -XV (VERP) is the only -X Postfix knows; Estafeta accepts it and does no VERP yet.
                return value.StartsWith('V')
                    ? options
                    : throw new SendmailFatalException(SysExits.Usage, $"unsupported: -X{first}");
            case 'b':
                return WithMode(options, warnings, first);
            case 'f':
            case 'r':
                return options with { Sender = value };
            case 'o':
                if (value == "A")
                {
                    throw new SendmailFatalException(SysExits.Usage, "-oA requires pathname");
                }

                // -oi as -i; -oA (alias file), -o7, -o8, -om, -oem, -oee, -odi, -odb, -oQ...: ignored, as in Postfix.
                return first == 'i' ? options with { DotEndsMessage = false } : options;
            case 'q':
                if (char.IsAsciiDigit(first))
                {
                    return options with { QueueIntervalOnly = true };
                }

                if (first is 'R' or 'I')
                {
                    return value.Length > 1
                        ? options with { FlushRequested = true }
                        : throw new SendmailFatalException(SysExits.Usage, first == 'R' ? "specify: -qRsitename" : "specify: -qIqueueid");
                }

                throw new SendmailFatalException(SysExits.Usage, $"-q{first} is not implemented");
            default:
                // -A, -L, -O, -R, -e, -h, -p: accepted and ignored, as in Postfix.
                return options;
        }
    }

    private static SendmailOptions WithMode(SendmailOptions options, List<string> warnings, char mode) => mode switch
    {
        'd' => options.Mode == SendmailMode.FlushQueue
            ? Warn(options, warnings, "ignoring -q option in daemon mode") with { Mode = SendmailMode.Daemon }
            : options with { Mode = SendmailMode.Daemon },
        'h' or 'H' => options with { Mode = SendmailMode.Ignore },
        'i' => options with { Mode = SendmailMode.NewAliases },
        'm' => options with { Mode = SendmailMode.Enqueue },
        'p' => options with { Mode = SendmailMode.ShowQueue },
        's' => options with { Mode = SendmailMode.StandAloneSmtp },
        'v' => options with { Verify = true },
        _ => throw new SendmailFatalException(SysExits.Usage, mode == '\0' ? "unsupported: -b" : $"unsupported: -b{mode}"),
    };

    // Postfix's conflict checks, with its texts.
    private static void Check(SendmailOptions options)
    {
        if (options.ExtractRecipients && options.Mode != SendmailMode.Enqueue)
        {
            throw new SendmailFatalException(SysExits.Usage, "-t can be used only in delivery mode");
        }

        if (options.FlushRequested && options.Mode != SendmailMode.Enqueue)
        {
            throw new SendmailFatalException(SysExits.Usage, "-qR can be used only in delivery mode");
        }

        if (options.Verify)
        {
            if (options.ExtractRecipients)
            {
                throw new SendmailFatalException(SysExits.Usage, "-t option cannot be used with -bv");
            }

            if (options.Notify != DsnNotify.Unspecified)
            {
                throw new SendmailFatalException(SysExits.Usage, "-N option cannot be used with -bv");
            }

            if (options.Verbose == 1)
            {
                throw new SendmailFatalException(SysExits.Usage, "-v option cannot be used with -bv");
            }
        }
    }

    /// <summary>Postfix's dsn_notify_mask: "never" alone, or a comma list of success, failure, delay.</summary>
    private static DsnNotify DsnNotifyMask(string value)
    {
        var mask = DsnNotify.Unspecified;
        foreach (var word in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            mask |= word.ToUpperInvariant() switch
            {
                "NEVER" => DsnNotify.Never,
                "SUCCESS" => DsnNotify.Success,
                "FAILURE" => DsnNotify.Failure,
                "DELAY" => DsnNotify.Delay,
                _ => (DsnNotify)(-1),
            };
        }

        var invalid = (int)mask < 0 || (mask.HasFlag(DsnNotify.Never) && mask != DsnNotify.Never);
        return invalid ? DsnNotify.Unspecified : mask;
    }

    private static SendmailOptions Warn(SendmailOptions options, List<string> warnings, string text)
    {
        warnings.Add(text);
        return options;
    }

    private static SendmailFatalException Usage(string programName) =>
        new(SysExits.Usage, $"usage: {programName} [options]");
}
