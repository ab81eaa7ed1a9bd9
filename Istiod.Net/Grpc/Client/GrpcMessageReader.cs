using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Istiod.Net.Grpc.Client;

/// <summary>
/// Reads length-prefixed gRPC messages from one direction of a call. Used by the server for requests and by
/// the client for responses; <paramref name="direction"/> only names the direction in error messages.
/// Every protocol violation becomes a <see cref="GrpcException"/> with a message a person can act on.
/// </summary>
internal sealed class GrpcMessageReader(PipeReader reader, int maxMessageSize, string direction, string? encoding)
{
    private readonly string? _encoding = GrpcProtocol.IsIdentity(encoding) ? null : encoding;

    /// <summary>
    /// Returns the next message, or <c>null</c> when the stream ended cleanly between messages.
    /// Protobuf messages are reference types, so <c>null</c> is never a message.
    /// </summary>
    public async ValueTask<T?> ReadMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryParseFrame(buffer, parser, out var message, out var consumed))
            {
                reader.AdvanceTo(consumed);
                return message;
            }

            if (result.IsCompleted)
            {
                // Described before AdvanceTo: the buffer's memory is not ours after it.
                var truncation = buffer.IsEmpty ? null : DescribeTruncation(buffer);
                reader.AdvanceTo(buffer.End);
                if (truncation is null)
                {
                    return default;
                }

                throw new GrpcException(GrpcStatusCode.Internal, truncation);
            }

            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private bool TryParseFrame<T>(
        ReadOnlySequence<byte> buffer, MessageParser<T> parser, out T? message, out SequencePosition consumed)
        where T : IMessage<T>
    {
        message = default;
        consumed = buffer.Start;
        if (buffer.Length < GrpcProtocol.FrameHeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.FrameHeaderSize];
        buffer.Slice(0, GrpcProtocol.FrameHeaderSize).CopyTo(header);
        CheckCompressedFlag(header[0]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);

        // Checked before the payload arrives, so an oversized message is refused without being buffered.
        if (length > (uint)maxMessageSize)
        {
            throw new GrpcException(
                GrpcStatusCode.ResourceExhausted,
                $"The {direction} message is {length} bytes, more than the limit of {maxMessageSize} bytes.");
        }

        if (buffer.Length < GrpcProtocol.FrameHeaderSize + length)
        {
            return false;
        }

        var payload = buffer.Slice(GrpcProtocol.FrameHeaderSize, length);
        try
        {
            message = parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new GrpcException(
                GrpcStatusCode.Internal,
                $"The {direction} message of {length} bytes is not a valid {typeof(T).Name}: {ex.Message}");
        }

        consumed = payload.End;
        return true;
    }

    private void CheckCompressedFlag(byte flag)
    {
        switch (flag)
        {
            case 0:
                return;
            case 1 when _encoding is null:
                throw new GrpcException(
                    GrpcStatusCode.Internal,
                    $"A {direction} message has the compressed flag set but no grpc-encoding was given.");
            case 1:
                throw new GrpcException(
                    GrpcStatusCode.Unimplemented,
                    $"A {direction} message is compressed with '{_encoding}', which is not supported; only 'identity' is accepted.");
            default:
                throw new GrpcException(
                    GrpcStatusCode.Internal,
                    $"A {direction} message has an invalid compressed flag {flag}; only 0 and 1 are defined.");
        }
    }

    private string DescribeTruncation(ReadOnlySequence<byte> buffer)
    {
        var available = buffer.Length;
        if (available < GrpcProtocol.FrameHeaderSize)
        {
            return $"The {direction} stream ended in the middle of a message header ({available} of 5 bytes).";
        }

        Span<byte> lengthBytes = stackalloc byte[4];
        buffer.Slice(1, 4).CopyTo(lengthBytes);
        var length = BinaryPrimitives.ReadUInt32BigEndian(lengthBytes);
        return $"The {direction} stream ended in the middle of a message: got {available - GrpcProtocol.FrameHeaderSize} of {length} bytes.";
    }
}
