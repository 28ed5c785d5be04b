namespace CxSemantic.Server.Http;

/// <summary>
/// A request body read through a byte budget: reading past <paramref name="max"/> bytes throws
/// <see cref="RequestTooLargeException"/>. Used for bodies that announce no length (chunked) instead of Kestrel's own
/// per-request limit, because that limit also stops Kestrel draining the rest after the 413 and the client's
/// connection is then reset while it still sends.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long max) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        return _read > max ? throw new RequestTooLargeException() : read;
    }
}

/// <summary>A request body went past <c>CxSemantic:Limits:MaxRequestBytes</c>.</summary>
internal sealed class RequestTooLargeException() : IOException("The request body is over CxSemantic:Limits:MaxRequestBytes.");
