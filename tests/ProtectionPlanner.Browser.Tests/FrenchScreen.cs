using Microsoft.Playwright;

namespace ProtectionPlanner.Browser.Tests;

/// <summary>
/// Finds English left on a screen shown in French: any visible text or label (title, placeholder, aria-label) that is
/// an English catalog text whose French differs, and, in the text the server writes (history sentences, coherence
/// findings, the error banner), English words once quoted titles (data planners typed) are taken out.
/// </summary>
public static class FrenchScreen
{
    /// <summary>Where the server's own sentences show; what they quote ('…', "…", « … ») is the planners'
    /// data.</summary>
    public const string ServerText =
        "[data-testid=finding], [data-testid=history-entry], [data-testid=error], [data-testid=change-sentence]";

    private const string Find = """
        (serverText) => {
          const i18n = window.plannerI18n;
          const flatten = (tree, out = []) => {
            for (const value of Object.values(tree)) typeof value === 'string' ? out.push(value) : flatten(value, out);
            return out;
          };
          const en = flatten(i18n.getResourceBundle('en', 'translation'));
          const fr = new Set(flatten(i18n.getResourceBundle('fr', 'translation')));
          // The literal parts of each English text ("{{count}} fields need attention." gives "fields need attention.")
          const english = new Set(en.filter((text) => !fr.has(text))
            .flatMap((text) => text.split(/{{[^}]*}}/).map((part) => part.trim()))
            .filter((part) => part.length >= 4 && /[a-z]{3}/i.test(part)));
          const visible = (element) => element && element.checkVisibility?.() !== false
            && !element.closest('[aria-hidden=true], .visually-hidden:not(:focus)');
          const found = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent.trim();
            if (english.has(text) && visible(node.parentElement)) found.push(text);
          }
          for (const element of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
            for (const name of ['title', 'placeholder', 'aria-label']) {
              const text = element.getAttribute(name)?.trim();
              if (text && english.has(text)) found.push(`${name}="${text}"`);
            }
          }
          const words = /\b(the|and|with|has|have|is|are|not|of|to|for|by|from|this|was|were|will|been|yet|which)\b/i;
          for (const element of document.querySelectorAll(serverText)) {
            const text = element.innerText.replace(/'[^']*'|"[^"]*"|«[^»]*»|‘[^’]*’|“[^”]*”/g, '');
            if (visible(element) && words.test(text)) found.push(element.innerText.trim().slice(0, 160));
          }
          return [...new Set(found)];
        }
        """;

    /// <summary>The English texts left on the page (empty when all is French).</summary>
    public static async Task<IReadOnlyList<string>> EnglishLeftAsync(IPage page) =>
        await page.EvaluateAsync<string[]>(Find, ServerText);

    /// <summary>Fails naming the screen and every English text left on it.</summary>
    public static async Task AssertAllFrenchAsync(IPage page, string screen)
    {
        Assert.Equal("fr", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        var left = await EnglishLeftAsync(page);
        Assert.True(left.Count == 0, $"English left on {screen}:\n  {string.Join("\n  ", left)}");
    }
}
