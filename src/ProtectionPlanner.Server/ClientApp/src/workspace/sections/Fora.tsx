// Coordination fora (the Senior Management Group on Protection, the POC working group, field-level groups): who
// chairs them, their members and how often they meet.
import { forumLevels, type ForumDetails } from '../../types';
import { enumOptions, humanize, type FieldSpec } from '../fields';
import { defineSection, ItemSection } from './ItemSection';

const fields: FieldSpec[] = [
  { name: 'name', label: 'Name', kind: 'text', required: true },
  { name: 'level', label: 'Level', kind: 'select', options: enumOptions(forumLevels) },
  { name: 'chair', label: 'Chair', kind: 'text' },
  { name: 'meetingFrequency', label: 'Meets', kind: 'text', hint: 'for example: weekly, and at once in a crisis' },
  { name: 'members', label: 'Members (one a line)', kind: 'lines' },
  { name: 'termsOfReference', label: 'Terms of reference', kind: 'textarea' },
];

export const fora = defineSection<ForumDetails>({
  kind: 'forum',
  path: 'fora',
  testId: 'fora',
  heading: 'Coordination fora',
  noun: 'coordination forum',
  intro: 'Where protection is decided and coordinated, at mission and field level.',
  items: (view) => view.fora,
  fields: () => fields,
  blank: () => ({
    name: '',
    level: 'Mission',
    chair: null,
    members: [],
    meetingFrequency: null,
    termsOfReference: null,
  }),
  name: (details) => details.name,
  body: (item) => (
    <>
      <p class="small">
        <span class="tag">{humanize(item.details.level)} level</span>
        {item.details.chair && (
          <>
            {' '}
            Chair: <strong>{item.details.chair}</strong>.
          </>
        )}
        {item.details.meetingFrequency && <> Meets: {item.details.meetingFrequency}.</>}
      </p>
      {item.details.members.length > 0 && (
        <p class="small" data-testid="forum-members">
          Members: {item.details.members.join('; ')}
        </p>
      )}
      {item.details.termsOfReference && <p class="prose small">{item.details.termsOfReference}</p>}
    </>
  ),
});

export const ForaSection = () => <ItemSection spec={fora} />;
