// No text for the reader written straight into the markup: the i18next/no-literal-string rule (eslint.config.js)
// over every component. Files still being translated are listed; each must still need it, so the list only shrinks.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const pending = new Set([
  'src/mission/MissionProfile.tsx',
  'src/mission/ProfileDialog.tsx',
  'src/review/Comments.tsx',
  'src/review/ReviewPanel.tsx',
  'src/screens/MissionPage.tsx',
  'src/screens/Portfolio.tsx',
  'src/screens/SignIn.tsx',
  'src/screens/StrategyDocument.tsx',
  'src/screens/Workspace.tsx',
  'src/ui/Dialog.tsx',
  'src/ui/Field.tsx',
  'src/ui/FormParts.tsx',
  'src/ui/WorkloadBars.tsx',
  'src/workspace/ActivityForm.tsx',
  'src/workspace/ActivityMatrix.tsx',
  'src/workspace/CapacityOverTime.tsx',
  'src/workspace/CoherencePanel.tsx',
  'src/workspace/Conflict.tsx',
  'src/workspace/DownloadPdf.tsx',
  'src/workspace/HeatMap.tsx',
  'src/workspace/ItemEditor.tsx',
  'src/workspace/LifecyclePanel.tsx',
  'src/workspace/LiveMarks.tsx',
  'src/workspace/PartnersCountedOn.tsx',
  'src/workspace/PresenceBar.tsx',
  'src/workspace/ThreatCoverage.tsx',
  'src/workspace/ThreatForm.tsx',
  'src/workspace/ThreatRegister.tsx',
  'src/workspace/sections/Decisions.tsx',
  'src/workspace/sections/EarlyWarning.tsx',
  'src/workspace/sections/Fora.tsx',
  'src/workspace/sections/Handovers.tsx',
  'src/workspace/sections/Improvements.tsx',
  'src/workspace/sections/ItemSection.tsx',
  'src/workspace/sections/Objectives.tsx',
  'src/workspace/sections/Overview.tsx',
  'src/workspace/sections/Partners.tsx',
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
