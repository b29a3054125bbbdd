using System.Text.RegularExpressions;
using ProtectionPlanner.Domain.Demo;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>One person's browser (a context of its own) on the app, and what they do there through the UI's test ids.</summary>
public sealed class UserBrowser : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> problems = [];

    public UserBrowser(string userName, IBrowserContext context, IPage page)
    {
        UserName = userName;
        this.context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") problems.Add($"console error: {message.Text}");
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.Dialog += async (_, dialog) =>
        {
            Dialogs.Add($"{dialog.Type}: {dialog.Message}");
            if (AcceptDialogs) await dialog.AcceptAsync();
            else await dialog.DismissAsync();
        };
    }

    public string UserName { get; }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught script errors, for failure messages.</summary>
    public IReadOnlyList<string> Problems => problems;

    /// <summary>Every alert, confirm, prompt or "leave the page?" question the page opened (dismissed at once, unless
    /// <see cref="AcceptDialogs"/>).</summary>
    public List<string> Dialogs { get; } = [];

    /// <summary>Answer the page's questions with yes (leave the page with unsaved changes) instead of no.</summary>
    public bool AcceptDialogs { get; set; }

    public ILocator Workspace => Page.GetByTestId("workspace");

    public ILocator ThreatRegister => Page.GetByTestId("threat-register");

    public ILocator HeatMap => Page.GetByTestId("heatmap");

    /// <summary>The register's row of the threat titled <paramref name="title"/>.</summary>
    public ILocator ThreatRow(string title) => ThreatRegister.GetByTestId("threat-row")
        .Filter(new LocatorFilterOptions { Has = Page.GetByTestId("threat-title").Filter(new LocatorFilterOptions { HasTextRegex = Exactly(title) }) });

    private static Regex Exactly(string text) => new($"^\\s*{Regex.Escape(text)}\\s*$");

    /// <summary>The heat map's cell of <paramref name="likelihood"/> and <paramref name="impact"/>.</summary>
    public ILocator HeatCell(int likelihood, int impact) => HeatMap.GetByTestId($"heat-{likelihood}-{impact}");

    /// <summary>The activity matrix's chip of an activity.</summary>
    public ILocator ActivityChip(Guid activityId) =>
        Page.GetByTestId("activity-matrix").Locator($"[data-testid='activity-chip'][data-id='{activityId}']");

    public ILocator ActivityForm => Page.GetByTestId("activity-form");

    public ILocator Conflict => Page.GetByTestId("conflict");

    /// <summary>Signs in with the sign-in page's button of this demo user and waits for the portfolio.</summary>
    public async Task SignInAsync()
    {
        await Page.GetByTestId($"signin-as-{UserName}").ClickAsync();
        await Expect(Page.GetByTestId("current-user")).ToContainTextAsync(UserName);
        await Expect(Page.GetByTestId("portfolio")).ToBeVisibleAsync();
    }

    /// <summary>Signs in and opens UNMDM's strategy from the portfolio, waiting for the workspace with the register and heat map.</summary>
    public async Task OpenStrategyAsync()
    {
        await SignInAsync();
        await Page.GetByTestId($"mission-{BrowserApp.MissionAcronym}").GetByTestId("open-strategy").ClickAsync();
        await Expect(Workspace).ToBeVisibleAsync();
        await Expect(ThreatRegister.GetByTestId("threat-row").First).ToBeVisibleAsync();
        await Expect(HeatMap).ToBeVisibleAsync();
    }

    /// <summary>
    /// Identifies a threat through the register's form, filling the fields named (by input name); who threatens whom,
    /// which the form requires and leaves empty, is said as unidentified armed men threatening the people there.
    /// </summary>
    public async Task AddThreatAsync(IReadOnlyDictionary<string, string> fields)
    {
        await Page.GetByTestId("add-threat").ClickAsync();
        var form = Page.GetByTestId("threat-form");
        await Expect(form).ToBeVisibleAsync();
        var required = new Dictionary<string, string>
        {
            ["perpetrator.name"] = "Unidentified armed men", ["civiliansAtRisk.group"] = "People living there",
        };
        foreach (var (name, value) in required.Where(r => !fields.ContainsKey(r.Key)).Concat(fields))
            await FillAsync(form, name, value);
        await form.GetByTestId("save").ClickAsync();
        await Expect(form).ToBeHiddenAsync();
    }

    /// <summary>Opens an activity's editor from its chip in the matrix.</summary>
    public async Task OpenActivityAsync(Guid activityId)
    {
        await ActivityChip(activityId).ClickAsync();
        await Expect(ActivityForm).ToBeVisibleAsync();
        await Expect(ActivityForm.Locator("[name='title']")).Not.ToHaveValueAsync("");
    }

    /// <summary>Types a new title into the open activity editor and saves.</summary>
    public async Task SaveActivityTitleAsync(string title)
    {
        await FillAsync(ActivityForm, "title", title);
        await ActivityForm.GetByTestId("save").ClickAsync();
    }

    /// <summary>Sets a form field by its name, whether a text input, a text area or a select.</summary>
    public static async Task FillAsync(ILocator form, string name, string value)
    {
        var field = form.Locator($"[name='{name}']");
        if (await field.EvaluateAsync<string>("element => element.tagName") == "SELECT") await field.SelectOptionAsync(value);
        else await field.FillAsync(value);
    }

    /// <summary>Marks the page so that a reload (which would clear the mark) can be detected.</summary>
    public Task MarkPageAsync() => Page.EvaluateAsync("() => { window.plannerTestMark = true; }");

    public Task<bool> IsPageMarkedAsync() => Page.EvaluateAsync<bool>("() => window.plannerTestMark === true");

    /// <summary>
    /// Reloads the page with WebSockets that <see cref="SetHubReachableAsync"/> can cut, as an outage would: open ones
    /// close and new ones fail until it is reachable again (Chromium's offline mode leaves open WebSockets up).
    /// </summary>
    public async Task ReloadWithCuttableWebSocketsAsync()
    {
        await Page.AddInitScriptAsync("""
            (() => {
              const Native = window.WebSocket, open = [];
              window.plannerTestHub = {
                reachable: true,
                cut() { this.reachable = false; open.forEach(s => s.close()); },
              };
              window.WebSocket = class extends Native {
                constructor(url, protocols) {
                  if (!window.plannerTestHub.reachable) throw new DOMException('Unreachable.', 'NetworkError');
                  super(url, protocols);
                  open.push(this);
                }
              };
            })();
            """);
        await Page.ReloadAsync();
    }

    public Task SetHubReachableAsync(bool reachable) => Page.EvaluateAsync(
        reachable ? "() => { window.plannerTestHub.reachable = true; }" : "() => window.plannerTestHub.cut()");

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
