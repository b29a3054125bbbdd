// No text for the reader written straight into the markup: the i18next/no-literal-string rule (eslint.config.js)
// over every component. Files still being translated are listed; each must still need it, so the list only shrinks.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const pending = new Set([
  'src/exercise/ReportPage.tsx',
]);

describe('the web UI', () => {
  it('writes no text for the reader outside the catalogs', { timeout: 60_000 }, async () => {
    const results = await new ESLint({ cwd: new URL('../..', import.meta.url).pathname }).lintFiles(['src/**/*.tsx']);
    const file = (path: string) => path.slice(path.lastIndexOf('ClientApp/') + 'ClientApp/'.length);
    const literal = results.filter((r) => r.errorCount > 0 && !pending.has(file(r.filePath)))
      .flatMap((r) => r.messages.map((m) => `${file(r.filePath)}:${m.line}: ${m.message.slice(0, 100)}`));
    expect(literal).toEqual([]);
    const done = [...pending].filter((path) => !results.some((r) => file(r.filePath) === path && r.errorCount > 0));
    expect(done, 'translated: take them off the pending list').toEqual([]);
  });
});
