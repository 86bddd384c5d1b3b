using System.Text;

namespace Estafeta.Pickup;

/// <summary>
/// sendmail -t: collects the recipients of To:, Cc:, Bcc: and of Resent-To:, Resent-Cc:, Resent-Bcc: while
/// the header block streams past. When any Resent- recipient header is present only those count (Postfix).
/// One header is held at a time, at most header_size_limit bytes of it.
/// </summary>
internal sealed class HeaderRecipients(int headerSizeLimit)
{
    private readonly List<string> _plain = [];
    private readonly List<string> _resent = [];
    private readonly List<byte> _header = [];
    private bool _inHeaders = true;
    private bool _lineStart = true;

    public IReadOnlyList<string> Recipients => _resent.Count > 0 ? _resent : _plain;

    /// <summary>A piece of a content line, as the input reader hands it out.</summary>
    public void Take(ReadOnlySpan<byte> piece, bool complete)
    {
        if (!_inHeaders)
        {
            return;
        }

        if (_lineStart)
        {
            var continuation = !piece.IsEmpty && piece[0] is (byte)' ' or (byte)'\t';
            if (!continuation || _header.Count == 0)
            {
                Finish();
                if (piece.IsEmpty || !IsHeaderStart(piece))
                {
                    // The empty line, or a line that is no header: the body begins.
                    _inHeaders = false;
                    return;
                }
            }
        }

        var room = headerSizeLimit - _header.Count;
        if (room > 0)
        {
            foreach (var b in piece.Length <= room ? piece : piece[..room])
            {
                _header.Add(b);
            }
        }

        _lineStart = complete;
    }

    /// <summary>The end of the input (a message with headers only).</summary>
    public void Complete()
    {
        if (_inHeaders)
        {
            Finish();
            _inHeaders = false;
        }
    }

    private static bool IsHeaderStart(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        foreach (var b in line[..colon].TrimEnd(" \t"u8))
        {
            if (b is < 33 or > 126)
            {
                return false;
            }
        }

        return true;
    }

    private void Finish()
    {
        if (_header.Count == 0)
        {
            return;
        }

        var text = Encoding.UTF8.GetString([.. _header]);
        _header.Clear();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = text[..colon].TrimEnd();
        var target = name.ToUpperInvariant() switch
        {
            "TO" or "CC" or "BCC" => _plain,
            "RESENT-TO" or "RESENT-CC" or "RESENT-BCC" => _resent,
            _ => null,
        };
        target?.AddRange(AddressList.Parse(text[(colon + 1)..]));
    }
}
