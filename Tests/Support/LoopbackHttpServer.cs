using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MlNetCnn.Tests.Support;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port, for download tests: each path answers with a fixed
/// status and body, optionally declaring a larger Content-Length and closing early. One request per connection;
/// it counts requests per path and stops on dispose (each connection is bounded to a few seconds).
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, Reply> _replies = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHttpServer()
    {
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptLoop);
    }

    /// <summary>A fixed answer: status, body, and the Content-Length to declare (null: the body's length).</summary>
    public sealed record Reply(int Status, byte[] Body, long? DeclaredLength = null);

    public Uri BaseUrl { get; }

    public void Serve(string name, byte[] body) => _replies[name] = new Reply(200, body);

    public void Serve(string name, Reply reply) => _replies[name] = reply;

    public int RequestCount(string name) => _requests.GetValueOrDefault(name);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => Answer(client));
        }
    }

    private async Task Answer(TcpClient client)
    {
        using (client)
        using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            bounded.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                NetworkStream stream = client.GetStream();
                string name = await ReadRequestPath(stream, bounded.Token);
                _requests.AddOrUpdate(name, 1, (_, n) => n + 1);
                Reply reply = _replies.TryGetValue(name, out Reply? found) ? found : new Reply(404, "not found"u8.ToArray());
                string head = $"HTTP/1.1 {reply.Status} {ReasonOf(reply.Status)}\r\n" +
                              $"Content-Length: {reply.DeclaredLength ?? reply.Body.Length}\r\n" +
                              "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), bounded.Token);
                await stream.WriteAsync(reply.Body, bounded.Token);
                await stream.FlushAsync(bounded.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client went away or the server is stopping: nothing to answer.
            }
        }
    }

    /// <summary>Reads the request head and returns the path without its leading '/'.</summary>
    private static async Task<string> ReadRequestPath(NetworkStream stream, CancellationToken cancel)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one, cancel) == 0)
                throw new IOException("The client closed the connection before the end of the request head.");
            head.Add(one[0]);
        }
        string requestLine = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n")[0];
        return requestLine.Split(' ')[1].TrimStart('/');
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';

    private static string ReasonOf(int status) => status switch
    {
        200 => "OK",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };
}
