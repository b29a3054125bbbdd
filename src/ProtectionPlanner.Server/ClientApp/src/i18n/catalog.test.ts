// The French catalog says everything the English one says, with the same placeholders, and in French: a value left
// as the English is an untranslated string unless the word is the same in both (listed below).
import { describe, expect, it } from 'vitest';
import * as api from '../generated/api';
import { en, fr } from './resources';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') leaves.set(path, value);
    else for (const [k, v] of flatten(value, path)) leaves.set(k, v);
  }
  return leaves;
}

const english = flatten(en);
const french = flatten(fr);
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

/** Words that are the same in French, and names; anything else equal to the English is untranslated. */
const sameInFrench = new Set([
  'Consolidation', 'Dialogue', 'Mission', 'Message', 'Radio', 'Police', 'Stable', 'Ambivalent', 'DDR', 'JMAC', 'JOC',
  'English', 'Français', 'Impact', 'Code', 'Date', 'Total', 'Transition', 'Transitions', 'Observations', 'Version',
  'Action', 'Actions', 'Description', 'Note', 'Notes', 'Type', 'Source', 'Sources', 'Indicateurs', 'Zone', 'Zones',
  'Objectifs', 'Inject', 'Injects', 'MSEL', 'PDF', 'CSV', 'ID', 'Contact', 'Contacts', 'Partenaires', 'Composantes',
  'Phase', 'Conclusion', 'Tension', 'Question', 'Option', 'option', 'options', 'description', 'Missions',
  'Observation', 'Participants', '{{count}} mission', '{{count}} missions', 'Coordination', 'Tensions', 'Document',
  'Intact',
]);

describe('the French catalog', () => {
  it('has every key of the English one, and no other', () => {
    expect([...french.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !french.has(k))).toEqual([]);
  });

  it('keeps the placeholders of each English text', () => {
    const differing = [...english].filter(([key, text]) =>
      placeholders(text).join() !== placeholders(french.get(key) ?? '').join()).map(([key]) => key);
    expect(differing).toEqual([]);
  });

  it('is in French: no text is left as the English unless the word is the same in both', () => {
    const untranslated = [...english].filter(([key, text]) =>
      french.get(key) === text && !sameInFrench.has(text) && /[a-z]{2}/i.test(text.replace(/{{\s*\w+\s*}}/g, '')))
      .map(([key, text]) => `${key}: ${text}`);
    expect(untranslated).toEqual([]);
  });

  it('names every value of every enum the API sends', () => {
    const shown = Object.entries(api)
      .filter(([name]) =>
        name.endsWith('Values') && !/GlobalRoles|findingKind|decisionKind|integrityProblem/.test(name))
      .flatMap(([, values]) => values as readonly string[]);
    expect([...new Set(shown)].filter((value) => !english.has(`domain.values.${value}`))).toEqual([]);
  });
});
