namespace Estafeta.Delivery.Local;

/// <summary>A write-only stream over a raw file descriptor (one opened with O_NOFOLLOW by us); counts what it
/// wrote, refuses to grow past a limit, and throws <see cref="DescriptorWriteException"/> carrying errno.</summary>
internal sealed class DescriptorStream(int fd, long limit) : Stream
{
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (limit > 0 && Written + buffer.Length > limit)
        {
            throw new DescriptorWriteException(LibC.EFBIG);
        }

        if (!LibC.WriteAll(fd, buffer))
        {
            throw new DescriptorWriteException(LibC.LastErrno);
        }

        Written += buffer.Length;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>A failed write(2) (or the size limit, as EFBIG, which is what RLIMIT_FSIZE gives Postfix).</summary>
internal sealed class DescriptorWriteException(int errno) : IOException(LibC.Describe(errno), errno)
{
    public int Errno { get; } = errno;
}
