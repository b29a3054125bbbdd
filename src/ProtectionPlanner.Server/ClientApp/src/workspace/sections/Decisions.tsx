// Decisions on the recurring tensions (principles vs pragmatism, national vs local support, armed vs unarmed, POC vs
// the primacy of politics): the question, the options weighed, the decision, why, and who decided when.
import { t } from '../../i18n';
import { tensions, type TensionDecisionDetails } from '../../types';
import { formatDate, today } from '../../ui/dates';
import { phrase } from '../../ui/phrase';
import { enumOptions, humanize, type FieldSpec } from '../fields';
import { defineSection, ItemSection } from './ItemSection';

/** The form's fields, in the language on screen. */
const fields = (): FieldSpec[] => [
  { name: 'tension', label: t('workspace.decisions.tension'), kind: 'select', options: enumOptions(tensions) },
  { name: 'decidedOn', label: t('workspace.decisions.decidedOn'), kind: 'date', required: true },
  { name: 'question', label: t('workspace.decisions.question'), kind: 'textarea', required: true },
  {
    name: 'optionsConsidered',
    label: t('workspace.decisions.options'),
    kind: 'records',
    row: t('workspace.decisions.optionRow'),
    rows: t('workspace.decisions.optionRows'),
    minRows: 2,
    columns: [
      { name: 'option', label: t('workspace.decisions.option'), kind: 'text', required: true },
      { name: 'assessment', label: t('workspace.decisions.assessment'), kind: 'text' },
    ],
  },
  { name: 'decision', label: t('workspace.decisions.decision'), kind: 'textarea', required: true },
  { name: 'rationale', label: t('workspace.decisions.rationale'), kind: 'textarea', required: true },
  {
    name: 'decidedBy',
    label: t('workspace.decisions.decidedBy'),
    kind: 'text',
    hint: t('workspace.decisions.decidedByHint'),
  },
];

export const decisions = defineSection<TensionDecisionDetails>({
  kind: 'decision',
  path: 'decisions',
  testId: 'decisions',
  items: (view) => view.decisions,
  fields: () => fields(),
  blank: () => ({
    tension: 'PrinciplesVsPragmatism',
    question: '',
    optionsConsidered: [
      { option: '', assessment: null },
      { option: '', assessment: null },
    ],
    decision: '',
    rationale: '',
    decidedOn: today(),
    decidedBy: null,
  }),
  name: (details) => details.question,
  body: (item) => {
    const date = formatDate(item.details.decidedOn);
    return (
    <>
      <p class="small">
        <span class="tag">{humanize(item.details.tension)}</span>{' '}
        <span data-testid="decided-by">
          {item.details.decidedBy
            ? phrase((marks) => t('workspace.decisions.decidedByOnDate', { ...marks, date }), {
                by: <strong>{item.details.decidedBy}</strong>,
              })
            : t('workspace.decisions.decidedOnDate', { date })}
        </span>
      </p>
      <p class="prose">
        <strong>{t('workspace.decisions.decisionIs')}</strong> {item.details.decision}
      </p>
      <p class="prose small">
        <strong>{t('workspace.decisions.why')}</strong> {item.details.rationale}
      </p>
      {item.details.optionsConsidered.length > 0 && (
        <details class="small">
          <summary>{t('workspace.decisions.optionsCount', { count: item.details.optionsConsidered.length })}</summary>
          <ul>
            {item.details.optionsConsidered.map((option, index) => (
              <li key={index}>
                {option.option}
                {option.assessment && <span class="muted">: {option.assessment}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
    );
  },
});

export const DecisionsSection = () => <ItemSection spec={decisions} />;
