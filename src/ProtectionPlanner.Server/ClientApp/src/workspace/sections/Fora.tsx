// Coordination fora (the Senior Management Group on Protection, the POC working group, field-level groups): who
// chairs them, their members and how often they meet.
import { t } from '../../i18n';
import { forumLevels, type ForumDetails } from '../../types';
import { phrase } from '../../ui/phrase';
import { enumOptions, humanize, type FieldSpec } from '../fields';
import { defineSection, ItemSection } from './ItemSection';

/** The form's fields, in the language on screen. */
const fields = (): FieldSpec[] => [
  { name: 'name', label: t('workspace.fora.name'), kind: 'text', required: true },
  { name: 'level', label: t('workspace.fora.level'), kind: 'select', options: enumOptions(forumLevels) },
  { name: 'chair', label: t('workspace.fora.chair'), kind: 'text' },
  { name: 'meetingFrequency', label: t('workspace.fora.meets'), kind: 'text', hint: t('workspace.fora.meetsHint') },
  { name: 'members', label: t('workspace.fora.members'), kind: 'lines' },
  { name: 'termsOfReference', label: t('workspace.fora.termsOfReference'), kind: 'textarea' },
];

export const fora = defineSection<ForumDetails>({
  kind: 'forum',
  path: 'fora',
  testId: 'fora',
  items: (view) => view.fora,
  fields: () => fields(),
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
        <span class="tag">{t('workspace.fora.levelIs', { level: humanize(item.details.level) })}</span>
        {item.details.chair && (
          <>
            {' '}
            {phrase((marks) => t('workspace.fora.chairIs', marks), { chair: <strong>{item.details.chair}</strong> })}
          </>
        )}
        {item.details.meetingFrequency && (
          <> {t('workspace.fora.meetsIs', { frequency: item.details.meetingFrequency })}</>
        )}
      </p>
      {item.details.members.length > 0 && (
        <p class="small" data-testid="forum-members">
          {t('workspace.fora.membersAre', { members: item.details.members.join('; ') })}
        </p>
      )}
      {item.details.termsOfReference && <p class="prose small">{item.details.termsOfReference}</p>}
    </>
  ),
});

export const ForaSection = () => <ItemSection spec={fora} />;
