namespace Istiod.Net.Tests.Grpc;

/// <summary>
/// A gRPC C-core client (Debian's python3-grpcio) calling <see cref="TestService"/>; one JSON object per call
/// on stdout: {"case", "code", "details", "values"}.
/// </summary>
internal static class GrpcCoreInteropScript
{
    public const string Source = """
        import json, sys, grpc
        from google.protobuf import wrappers_pb2 as w

        channel = grpc.insecure_channel(sys.argv[1])

        def report(case, code="OK", details="", values=None):
            print(json.dumps({"case": case, "code": code, "details": details, "values": values or []}), flush=True)

        def unary(case, method, request, response_type, timeout=10):
            call = channel.unary_unary(method, request_serializer=type(request).SerializeToString,
                                       response_deserializer=response_type.FromString)
            try:
                response = call(request, timeout=timeout)
                report(case, values=[str(getattr(response, "value", ""))])
            except grpc.RpcError as e:
                report(case, e.code().name, e.details() or "")

        def duplex(case, method, requests):
            call = channel.stream_stream(method, request_serializer=w.StringValue.SerializeToString,
                                         response_deserializer=w.StringValue.FromString)
            values = []
            try:
                for response in call(iter([w.StringValue(value=r) for r in requests]), timeout=10):
                    values.append(response.value)
                report(case, values=values)
            except grpc.RpcError as e:
                report(case, e.code().name, e.details() or "", values)

        unary("echo", "/test.Test/Echo", w.StringValue(value="héllo"), w.StringValue)
        unary("missing", "/test.Test/Missing", w.StringValue(), w.StringValue)
        unary("fail", "/test.Test/Fail", w.StringValue(), w.StringValue)
        unary("status", "/test.Test/Status", w.StringValue(value="7|denied 100% ✗\nnext line"), w.StringValue)
        unary("big", "/test.Test/Sized", w.BytesValue(value=b"x" * (5 * 1024 * 1024)), w.BytesValue)
        duplex("ping", "/test.Test/Ping", ["a", "b", "c"])
        duplex("write-then-fail", "/test.Test/WriteThenFail", [])
        """;
}
