// No text for the reader written straight into the markup: the i18next/no-literal-string rule (eslint.config.js)
// over every component, so every text comes from the catalogs, where French is required.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

describe('the web UI', () => {
  it('writes no text for the reader outside the catalogs', { timeout: 60_000 }, async () => {
    const results = await new ESLint({ cwd: new URL('../..', import.meta.url).pathname }).lintFiles(['src/**/*.tsx']);
    const file = (path: string) => path.slice(path.lastIndexOf('ClientApp/') + 'ClientApp/'.length);
    const literal = results.flatMap((r) =>
      r.messages.map((m) => `${file(r.filePath)}:${m.line}: ${m.message.slice(0, 100)}`));
    expect(results.length).toBeGreaterThan(50); // the rule saw the components
    expect(literal).toEqual([]);
  });
});
