// Per-session command counts for the "disconnect from ..." line, in Postfix's order and form:
// "name=ok" when every one succeeded, else "name=ok/total"; then "commands=ok[/total]".
using System.Text;

namespace Estafeta.Smtpd;

internal sealed class CommandCounters
{
    // Postfix's smtpd_cmd_table order, then unknown commands.
    private static readonly string[] Names = ["helo", "ehlo", "auth", "mail", "starttls", "rcpt", "data", "bdat", "rset", "noop", "vrfy", "etrn", "quit", "unknown"];

    private readonly int[] _ok = new int[Names.Length];
    private readonly int[] _total = new int[Names.Length];

    public void Count(string name, bool ok)
    {
        var index = Array.IndexOf(Names, name);
        if (index < 0)
        {
            index = Names.Length - 1;
        }

        _total[index]++;
        if (ok)
        {
            _ok[index]++;
        }
    }

    /// <summary>" ehlo=1 mail=1 rcpt=0/1 commands=2/3" (leading space, as appended to "disconnect from X").</summary>
    public string Format()
    {
        var builder = new StringBuilder();
        int ok = 0, total = 0;
        for (var i = 0; i < Names.Length; i++)
        {
            if (_total[i] == 0)
            {
                continue;
            }

            ok += _ok[i];
            total += _total[i];
            builder.Append(' ').Append(Names[i]).Append('=').Append(_ok[i]);
            if (_ok[i] != _total[i])
            {
                builder.Append('/').Append(_total[i]);
            }
        }

        builder.Append(" commands=").Append(ok);
        if (ok != total || total == 0)
        {
            builder.Append('/').Append(total);
        }

        return builder.ToString();
    }
}
