import { describe, expect, it } from 'vitest';
import { differing, flatten, humanize, unflatten, type FieldSpec } from './fields';

const specs: FieldSpec[] = [
  { name: 'title', label: 'Title', kind: 'text', required: true },
  { name: 'perpetrator.name', label: 'Perpetrator', kind: 'text' },
  { name: 'likelihood', label: 'Likelihood', kind: 'number', required: true },
  { name: 'otherProtectionActors', label: 'Other actors', kind: 'lines' },
  {
    name: 'indicators', label: 'Indicators', kind: 'records', row: 'indicator',
    columns: [
      { name: 'description', label: 'Description', kind: 'text', required: true },
      { name: 'target', label: 'Target', kind: 'text' },
    ],
  },
];

const item = {
  title: 'Raids on villages',
  perpetrator: { name: 'Armed group', intent: 'Control of mines' },
  likelihood: 4,
  otherProtectionActors: ['UNHCR', 'ICRC'],
  indicators: [{ description: 'Attacks per month', target: null }],
  areaId: 'kept',
};

describe('flatten and unflatten', () => {
  it('give back the item from its fields, keeping what the form does not show', () => {
    expect(unflatten(specs, flatten(specs, item), item)).toEqual(item);
  });

  it('write the edited fields by their paths, an emptied optional field as null', () => {
    const values =
      { ...flatten(specs, item), 'perpetrator.name': '  ', likelihood: '5', otherProtectionActors: 'UNHCR\n\n' };

    const edited = unflatten(specs, values, item);

    expect(edited.perpetrator).toEqual({ name: null, intent: 'Control of mines' });
    expect([edited.likelihood, edited.otherProtectionActors]).toEqual([5, ['UNHCR']]);
    expect(item.perpetrator.name).toBe('Armed group');
  });
});

describe('differing', () => {
  it('finds the fields two versions differ in, not counting spaces around a value', () => {
    const mine = flatten(specs, item);
    const theirs = { ...mine, title: ' Raids on villages ', likelihood: '5' };

    expect(differing(specs, mine, theirs).map((spec) => spec.name)).toEqual(['likelihood']);
  });

  it('compares records by their values, not by how their text was written', () => {
    const mine = flatten(specs, item);
    const same = { ...mine, indicators: JSON.stringify([{ target: '', description: 'Attacks per month ' }]) };
    const other = { ...mine, indicators: JSON.stringify([{ description: 'Attacks per week', target: '' }]) };

    expect(differing(specs, mine, same)).toEqual([]);
    expect(differing(specs, mine, other).map((spec) => spec.name)).toEqual(['indicators']);
  });
});

describe('humanize', () => {
  it.each([
    ['PreEmption', 'Pre-emption'],
    ['HostStateIsPerpetrator', 'Host state is perpetrator'],
    ['Pko', 'PKO'],
  ])('says %s as %s', (name, words) => expect(humanize(name)).toBe(words));
});
