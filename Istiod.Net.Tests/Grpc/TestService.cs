using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Istiod.Net.Grpc;

namespace Istiod.Net.Tests.Grpc;

/// <summary>Methods the transport tests call, on well-known protobuf types.</summary>
internal static class TestService
{
    public const string Echo = "/test.Test/Echo";
    public const string Fail = "/test.Test/Fail";
    public const string Sized = "/test.Test/Sized";
    public const string Hang = "/test.Test/Hang";
    public const string Ping = "/test.Test/Ping";
    public const string Flood = "/test.Test/Flood";
    public const string Burst = "/test.Test/Burst";
    public const string WhoAmI = "/test.Test/WhoAmI";
    public const string Status = "/test.Test/Status";
    public const string WriteThenFail = "/test.Test/WriteThenFail";

    /// <summary>Text a failing handler throws; it must reach the log and never the client.</summary>
    public const string Secret = "secret detail: /etc/istiod/key.pem";

    public static void Register(IGrpcServiceBuilder builder, TestServiceState? state = null)
    {
        state ??= new TestServiceState();
        builder
            .AddUnary(Echo, StringValue.Parser, (StringValue request, GrpcCallContext context) =>
                Task.FromResult(new StringValue { Value = request.Value }))
            .AddUnary<StringValue, StringValue>(Fail, StringValue.Parser, (_, _) =>
                throw new InvalidOperationException(Secret))
            .AddUnary(Sized, Int32Value.Parser, (Int32Value request, GrpcCallContext context) =>
                Task.FromResult(new BytesValue { Value = ByteString.CopyFrom(new byte[request.Value]) }))
            .AddUnary(Hang, StringValue.Parser, async (StringValue request, GrpcCallContext context) =>
            {
                state.HangStarted.TrySetResult();
                await Task.Delay(System.Threading.Timeout.Infinite, context.CancellationToken);
                return request;
            })
            .AddUnary(WhoAmI, StringValue.Parser, (StringValue request, GrpcCallContext context) =>
                Task.FromResult(new StringValue
                {
                    Value = $"tls={context.IsTls};cert={context.ClientCertificate?.Thumbprint};auth={context.RequestHeaders.GetValueOrDefault("authorization")}",
                }))
            .AddUnary<StringValue, StringValue>(Status, StringValue.Parser, (request, _) =>
            {
                // "code|message": ends the call with exactly that status.
                var parts = request.Value.Split('|', 2);
                throw new GrpcException((GrpcStatusCode)int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1]);
            })
            .AddDuplexStreaming<StringValue, StringValue>(WriteThenFail, StringValue.Parser, async (requests, responses, context) =>
            {
                await responses.WriteAsync(new StringValue { Value = "partial" }, context.CancellationToken);
                throw new GrpcException(GrpcStatusCode.Aborted, "stopped after one message");
            })
            .AddDuplexStreaming<StringValue, StringValue>(Ping, StringValue.Parser, async (requests, responses, context) =>
            {
                state.RecordConnection(context.ConnectionId);
                await foreach (var request in requests)
                {
                    await responses.WriteAsync(new StringValue { Value = "pong:" + request.Value }, context.CancellationToken);
                }
            })
            .AddDuplexStreaming<Int32Value, BytesValue>(Flood, Int32Value.Parser, async (requests, responses, context) =>
            {
                // First request: how many messages; each message is FloodMessageSize bytes.
                await foreach (var request in requests)
                {
                    for (var i = 0; i < request.Value; i++)
                    {
                        await responses.WriteAsync(
                            new BytesValue { Value = ByteString.CopyFrom(new byte[TestServiceState.FloodMessageSize]) },
                            context.CancellationToken);
                        Interlocked.Increment(ref state.FloodWritten);
                    }

                    break;
                }
            })
            .AddDuplexStreaming<Int32Value, Int32Value>(Burst, Int32Value.Parser, async (requests, responses, context) =>
            {
                // Many writes at once from many tasks: the writer must keep frames whole.
                await foreach (var request in requests)
                {
                    await Task.WhenAll(Enumerable.Range(0, request.Value).Select(i =>
                        Task.Run(async () => await responses.WriteAsync(new Int32Value { Value = i }, context.CancellationToken))));
                    break;
                }
            });
    }
}
