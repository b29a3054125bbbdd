using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ProtectionPlanner.Server.Api;

namespace ProtectionPlanner.Server.Document;

/// <summary>Settings of <c>Planner:Document</c>: the PDF of the strategy document, rendered by headless
/// Chromium.</summary>
public sealed class DocumentOptions
{
    /// <summary>The Chromium executable; <c>/usr/bin/chromium</c> when not set. Empty: no PDFs (503).</summary>
    public string? Chromium { get; set; }

    /// <summary>Where Chromium reaches this node's web UI, such as http://127.0.0.1:8080; when not set, the first
    /// address the node listens on (a wildcard host read as 127.0.0.1).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Renders at once on this node; more wait for a turn within the render time.</summary>
    public int ConcurrentRenders { get; set; } = 2;

    /// <summary>How long a PDF may take, waiting for a turn included, before the request gets 503.</summary>
    public int RenderSeconds { get; set; } = 30;
}

/// <summary>
/// Prints a page of the web UI to PDF in a headless Chromium of its own (a fresh profile per render, deleted after),
/// driven through the DevTools protocol over a pipe (<c>--remote-debugging-pipe</c>: no port another local process
/// could reach). The caller's session is put in the page's sessionStorage by a script the browser runs before the
/// UI's own, so their token is in no URL, command line or log line. The page is printed once it says it is ready.
/// </summary>
public sealed class ChromiumPdf(IOptions<DocumentOptions> options, IServer server, ILogger<ChromiumPdf> logger)
{
    public const string DefaultChromium = "/usr/bin/chromium";

    private readonly SemaphoreSlim turns = new(Math.Max(1, options.Value.ConcurrentRenders));

    /// <summary>The PDF of <paramref name="route"/> (a UI route such as <c>#/strategies/{id}/print</c>), as seen by
    /// the holder of <paramref name="session"/> once <paramref name="readyExpression"/> (a JavaScript expression)
    /// says "ready". Throws a 503 <c>/problems/unavailable</c> when no Chromium is configured or installed, no
    /// address is known, the page says "failed", or the render takes longer than the render time.</summary>
    public async Task<byte[]> RenderAsync(
        string route, JsonObject session, string readyExpression, CancellationToken requestAborted)
    {
        var settings = options.Value;
        var chromium = settings.Chromium ?? DefaultChromium;
        if (chromium.Length == 0 || !File.Exists(chromium))
            throw Unavailable(chromium.Length == 0 ? "No Chromium is configured (Planner:Document:Chromium)."
                : $"Chromium is not installed at {chromium} (Planner:Document:Chromium).");
        var baseUrl = BaseUrl() ?? throw Unavailable("The node's address is not known (Planner:Document:BaseUrl).");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(TimeSpan.FromSeconds(settings.RenderSeconds));
        try
        {
            await turns.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            throw Unavailable($"Other documents are being rendered; none finished within {settings.RenderSeconds} s.");
        }
        try
        {
            return await RenderInBrowserAsync(chromium, baseUrl, route, session, readyExpression, deadline.Token);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            throw Unavailable($"The document was not rendered within {settings.RenderSeconds} s.");
        }
        finally
        {
            turns.Release();
        }
    }

    private async Task<byte[]> RenderInBrowserAsync(
        string chromium, Uri baseUrl, string route, JsonObject session, string readyExpression, CancellationToken ct)
    {
        var profile = Directory.CreateTempSubdirectory("planner-pdf-");
        Process? browser = null;
        try
        {
            browser = Start(chromium, profile.FullName);
            var devTools = new DevToolsPipe(browser);
            var target = await devTools.SendAsync("Target.createTarget", new() { ["url"] = "about:blank" }, null, ct);
            var attached = await devTools.SendAsync("Target.attachToTarget",
                new() { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, null, ct);
            var page = attached["sessionId"]!.GetValue<string>();
            await devTools.SendAsync("Page.enable", [], page, ct); // scripts for new documents run only then
            // The UI reads its session from sessionStorage at start: put the caller's there, on this origin only.
            var origin = baseUrl.GetLeftPart(UriPartial.Authority);
            var value = JsonSerializer.Serialize(session.ToJsonString());
            var script = $"if (location.origin === {JsonSerializer.Serialize(origin)}) " +
                         $"sessionStorage.setItem('protection-planner.session', {value});";
            await devTools.SendAsync("Page.addScriptToEvaluateOnNewDocument", new() { ["source"] = script }, page, ct);
            var navigated = await devTools.SendAsync("Page.navigate",
                new() { ["url"] = new Uri(baseUrl, "/" + route).ToString() }, page, ct);
            if (navigated["errorText"] is { } error)
                throw Unavailable($"Chromium could not open the document: {error}.");
            while (await StateAsync(devTools, page, readyExpression, ct) is var state && state != "ready")
            {
                if (state == "failed") throw Unavailable("The print view could not show the document.");
                await Task.Delay(100, ct);
            }
            var pdf = await devTools.SendAsync("Page.printToPDF",
                new() { ["printBackground"] = true, ["preferCSSPageSize"] = true }, page, ct);
            return Convert.FromBase64String(pdf["data"]!.GetValue<string>());
        }
        catch (DevToolsRefused refused)
        {
            throw Unavailable($"Chromium refused a step: {refused.Message}.");
        }
        catch (IOException)
        {
            throw Unavailable("Chromium stopped before the document was rendered."); // the pipe broke
        }
        finally
        {
            if (browser is not null) Stop(browser);
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not delete Chromium's profile {Profile}", profile.FullName);
            }
        }
    }

    /// <summary>What <paramref name="readyExpression"/> says of the page: "ready", "failed", or anything else while
    /// it loads (a page between documents cannot answer: asked again).</summary>
    private static async Task<string?> StateAsync(
        DevToolsPipe devTools, string page, string readyExpression, CancellationToken ct)
    {
        try
        {
            var answer = await devTools.SendAsync("Runtime.evaluate", new()
            {
                ["expression"] = readyExpression, ["returnByValue"] = true, ["awaitPromise"] = true,
            }, page, ct);
            return answer["result"]?["value"] is JsonValue { } value && value.TryGetValue<string>(out var text)
                ? text : null;
        }
        catch (DevToolsRefused)
        {
            return null;
        }
    }

    /// <summary>Chromium in a shell that hands it our stdin and stdout as the DevTools pipe (fds 3 and 4).</summary>
    private static Process Start(string chromium, string profile)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" 3<&0 4>&1 </dev/null >/dev/null");
        start.ArgumentList.Add(chromium);
        // No sandbox: it needs user namespaces or setuid, which containers rarely allow; the page is our own UI.
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                     "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe",
                     $"--user-data-dir={profile}", "about:blank",
                 })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw Unavailable("Chromium could not be started.");
        process.ErrorDataReceived += (_, _) => { }; // drained, not logged: it may name the page
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process browser)
    {
        using (browser)
        {
            try
            {
                if (!browser.HasExited) browser.Kill(entireProcessTree: true);
                browser.WaitForExit(5_000);
            }
            catch (InvalidOperationException)
            {
                // it had already gone
            }
        }
    }

    private Uri? BaseUrl()
    {
        if (!string.IsNullOrEmpty(options.Value.BaseUrl)) return new Uri(options.Value.BaseUrl);
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
                      ?? addresses.FirstOrDefault();
        if (address is null) return null;
        var listening = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal));
        if (listening.Host is "localhost" or "0.0.0.0" or "[::]" or "::") listening.Host = "127.0.0.1";
        return listening.Uri;
    }

    private static BadRequest Unavailable(string detail) => new(503, "unavailable", "Document unavailable", detail);

    /// <summary>An error answer of the DevTools protocol.</summary>
    private sealed class DevToolsRefused(string message) : Exception(message);

    /// <summary>The DevTools protocol over Chromium's pipe: JSON messages, each ended by a NUL byte.</summary>
    private sealed class DevToolsPipe
    {
        private readonly Stream input;
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> waiting = new();
        private readonly SemaphoreSlim writing = new(1);
        private int lastId;
        private volatile bool closed;

        public DevToolsPipe(Process browser)
        {
            input = browser.StandardInput.BaseStream;
            _ = ReadAsync(browser.StandardOutput.BaseStream);
        }

        public async Task<JsonObject> SendAsync(
            string method, JsonObject parameters, string? session, CancellationToken ct)
        {
            var id = Interlocked.Increment(ref lastId);
            var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[id] = answer;
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            if (session is not null) message["sessionId"] = session;
            await writing.WaitAsync(ct);
            try
            {
                await input.WriteAsync(Encoding.UTF8.GetBytes(message.ToJsonString() + "\0"), ct);
                await input.FlushAsync(ct);
            }
            finally
            {
                writing.Release();
            }
            if (closed) answer.TrySetException(Unavailable("Chromium stopped before the document was rendered."));
            return await answer.Task.WaitAsync(ct);
        }

        private async Task ReadAsync(Stream output)
        {
            var pending = new ArrayBufferWriter<byte>();
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await output.ReadAsync(buffer)) > 0)
                {
                    var chunk = buffer.AsMemory(0, read);
                    int end;
                    while ((end = chunk.Span.IndexOf((byte)0)) >= 0)
                    {
                        pending.Write(chunk.Span[..end]);
                        Answer(pending.WrittenSpan);
                        pending.Clear();
                        chunk = chunk[(end + 1)..];
                    }
                    pending.Write(chunk.Span);
                }
            }
            catch (IOException)
            {
                // the browser went away
            }
            closed = true;
            foreach (var answer in waiting.Values)
                answer.TrySetException(Unavailable("Chromium stopped before the document was rendered."));
        }

        private void Answer(ReadOnlySpan<byte> message)
        {
            if (JsonNode.Parse(message) is not JsonObject json || json["id"] is not { } id) return; // an event
            if (!waiting.TryRemove(id.GetValue<int>(), out var answer)) return;
            if (json["error"] is { } error)
                answer.TrySetException(new DevToolsRefused(error["message"]?.ToString() ?? error.ToJsonString()));
            else answer.TrySetResult(json["result"] as JsonObject ?? []);
        }
    }
}
