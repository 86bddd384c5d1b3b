using System.Text;

namespace Estafeta.Config;

/// <summary>Renders docs/configuration.md from the registry, so the reference cannot drift from the code.</summary>
internal static class ConfigurationReference
{
    private const string Intro = """
        # Configuration reference

        <!-- Generated from src/Estafeta.Config (ConfigurationReference.Render). Do not edit by hand:
             run `ESTAFETA_UPDATE_DOCS=1 dotnet test tests/Estafeta.Config.Tests` to regenerate. -->

        Estafeta reads Postfix's configuration files: `CONFDIR/main.cf` and `CONFDIR/master.cf`
        (`estafeta -c CONFDIR run`). With no `-c` it runs on an embedded default that needs no root and no
        files: SMTP on 127.0.0.1:2525, state under a local folder, `inet_interfaces = loopback-only`,
        `alias_maps` empty.

        ## main.cf syntax

        - `name = value`; white space around `=` and at both ends is dropped. A later assignment of the same
          name wins (with a warning, as postconf gives).
        - A line whose first non-blank character is `#` is a comment. Blank lines are ignored.
        - A line that starts with white space continues the previous line (joined with one space).
        - Any other line without `=` is an error naming the file and line.
        - Values are expanded when used, so order in the file does not matter: `$name`, `${name}`, `$(name)`,
          `${name?text}` (text when name is non-empty), `${name:text}` (text when name is empty or undefined),
          `${name?{text}:{text}}`, and `$$` for a literal `$`. Parameters that refer to each other in a cycle
          are an error. An undefined `$name` expands to empty, as in Postfix, with a warning.
        - `myorigin = /etc/mailname`: a value that starts with `/` is read from that file (first line), as
          Debian's Postfix does.
        - Types: lists split on commas and/or white space (a `{...}` group such as `inline:{ a=b, c=d }`
          stays one item); booleans are `yes` or `no`; times are a number with an optional unit `s`, `m`,
          `h`, `d` or `w` (a bare number uses the unit in the table below); sizes are bytes. A value that
          does not parse is an error naming the file, line and parameter.
        - A parameter Estafeta does not know gets one warning (with a "did you mean" suggestion when one is
          close), never an error and never silence. Parameters marked "not yet" are accepted and printed
          but not acted on; the server prints one notice for each that is set.
        - Where Postfix's default depends on `compatibility_level`, Estafeta uses the default of level 3.6
          and later.

        ## master.cf

        Columns `service type private unpriv chroot wakeup maxproc command [args...]`; lines that start with
        white space continue the entry. `-o name=value`, `-oname=value` and `-o { name = value }` override
        main.cf for that service; other arguments (`flags=... argv=...`) are kept. `inet` services are the
        listeners: the service name is `[host:]port`, where port is a number or a name from `/etc/services`
        (`smtp` 25, `submission` 587, `submissions`/`smtps` 465); without a host the service listens on
        `inet_interfaces`. `unix`, `unix-dgram`, `fifo` and `pass` services are accepted and need nothing.
        A line with fewer than eight columns or an unknown type is an error naming the file and line. When
        CONFDIR has no master.cf, Estafeta uses the single service `smtp inet n - y - - smtpd`.

        ## Parameters

        | Parameter | Type | Default | Meaning | Status |
        |---|---|---|---|---|

        """;

    public static string Render()
    {
        var text = new StringBuilder(Intro.ReplaceLineEndings("\n"));
        foreach (var definition in ParameterRegistry.All)
        {
            var type = definition.Type == ParameterType.Time ? $"time (bare number: {definition.DefaultTimeUnit})" : definition.Type.ToString().ToLowerInvariant();
            var status = definition.IsImplemented ? "implemented" : "not yet";
            if (definition.IsExtension)
            {
                status += ", Estafeta extension";
            }

            var defaultText = definition.Name is "myhostname" or "mydomain" ? "(computed from the machine's name)" : Cell(definition.Default);
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"| `{definition.Name}` | {type} | {defaultText} | {Escape(definition.Description)} | {status} |\n");
        }

        return text.ToString();
    }

    private static string Cell(string value) => value.Length == 0 ? "(empty)" : "`" + value.Replace("|", "\\|", StringComparison.Ordinal) + "`";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
