// Decisions on the recurring tensions (principles vs pragmatism, national vs local support, armed vs unarmed, POC vs
// the primacy of politics): the question, the options weighed, the decision, why, and who decided when.
import { tensions, type TensionDecisionDetails } from '../../types';
import { formatDate, today } from '../../ui/dates';
import { enumOptions, humanize, type FieldSpec } from '../fields';
import { defineSection, ItemSection } from './ItemSection';

const fields: FieldSpec[] = [
  { name: 'tension', label: 'Tension', kind: 'select', options: enumOptions(tensions) },
  { name: 'decidedOn', label: 'Decided on', kind: 'date', required: true },
  { name: 'question', label: 'Question', kind: 'textarea', required: true },
  {
    name: 'optionsConsidered',
    label: 'Options considered',
    kind: 'records',
    row: 'option',
    minRows: 2,
    columns: [
      { name: 'option', label: 'Option', kind: 'text', required: true },
      { name: 'assessment', label: 'Assessment', kind: 'text' },
    ],
  },
  { name: 'decision', label: 'Decision', kind: 'textarea', required: true },
  { name: 'rationale', label: 'Rationale', kind: 'textarea', required: true },
  { name: 'decidedBy', label: 'Decided by', kind: 'text', hint: 'the forum or person, for example: SMG-P' },
];

export const decisions = defineSection<TensionDecisionDetails>({
  kind: 'decision',
  path: 'decisions',
  testId: 'decisions',
  heading: 'Decisions on tensions',
  noun: 'decision',
  intro: 'Where principles, politics and capacity pull apart, the choice made and the reasons for it.',
  items: (view) => view.decisions,
  fields: () => fields,
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
  body: (item) => (
    <>
      <p class="small">
        <span class="tag">{humanize(item.details.tension)}</span>{' '}
        <span data-testid="decided-by">
          Decided
          {item.details.decidedBy && (
            <>
              {' '}
              by <strong>{item.details.decidedBy}</strong>
            </>
          )}{' '}
          on {formatDate(item.details.decidedOn)}
        </span>
      </p>
      <p class="prose">
        <strong>Decision:</strong> {item.details.decision}
      </p>
      <p class="prose small">
        <strong>Why:</strong> {item.details.rationale}
      </p>
      {item.details.optionsConsidered.length > 0 && (
        <details class="small">
          <summary>Options considered ({item.details.optionsConsidered.length})</summary>
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
  ),
});

export const DecisionsSection = () => <ItemSection spec={decisions} />;
