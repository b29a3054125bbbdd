// The threat matrix: one row per threat with its risk (likelihood x impact), priority, trend, review date and the
// active activities answering it; sortable by those columns. Every threat shows: the page scrolls, not the table.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { commentsOf, ItemCommentsDialog, useMayComment } from '../review/Comments';
import { stampBy, type Threat } from '../types';
import { formatDate } from '../ui/dates';
import { byCode, useWorkspace } from './context';
import { humanize } from './fields';
import { LiveMarks, useItemClasses } from './LiveMarks';
import { answering, uncoveredRisk } from './ThreatCoverage';

/** Signs, not words: the mark of an uncovered risk and the arrow of the column sorted by. */
const warningSign = ' ⚠';
const arrows: Record<Direction, string> = { ascending: ' ▲', descending: ' ▼' };

type SortKey = 'code' | 'risk' | 'priority' | 'trend' | 'review';
type Direction = 'ascending' | 'descending';

const rank = (values: string[]) => (value: string) => values.indexOf(value);
const priorityRank = rank(['Low', 'Medium', 'High']);
const trendRank = rank(['Declining', 'Stable', 'Escalating']);
const score = (t: Threat) => t.assessment.riskScore ?? t.assessment.likelihood * t.assessment.impact;

/** Each column compared in ascending order, and the direction a click on it starts in (the most urgent first); its
 * heading is `workspace.register.{key}`. */
const sorts: Record<SortKey, { first: Direction; compare: (a: Threat, b: Threat) => number }> = {
  code: { first: 'ascending', compare: byCode },
  risk: { first: 'descending', compare: (a, b) => score(a) - score(b) },
  priority: {
    first: 'descending',
    compare: (a, b) => priorityRank(a.assessment.priority) - priorityRank(b.assessment.priority),
  },
  trend: {
    first: 'descending',
    compare: (a, b) => trendRank(a.assessment.trend) - trendRank(b.assessment.trend),
  },
  // The soonest review first when ascending; a threat without a review date comes last either way.
  review: {
    first: 'ascending',
    compare: (a, b) => (a.assessment.reviewDate ?? '9999').localeCompare(b.assessment.reviewDate ?? '9999'),
  },
};

function ThreatRow({
  threat,
  readOnly,
  onComment,
}: {
  threat: Threat;
  readOnly: boolean;
  onComment: (threat: Threat) => void;
}) {
  const { selection, openThreat, canEdit, select, view } = useWorkspace();
  const mayComment = useMayComment();
  const comments = readOnly ? [] : commentsOf(view.comments, threat.id);
  const open = comments.filter((c) => !c.resolved && !c.parentId).length;
  const ref = useRef<HTMLTableRowElement>(null);
  const a = threat.assessment;
  const base = `threat-row status-${threat.status.toLowerCase()}`;
  const classes = useItemClasses(threat.id, base);
  const activities = answering(view, threat.id).length;
  const uncovered = uncoveredRisk(view, threat);
  useEffect(() => {
    if (selection?.id === threat.id) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selection]);
  return (
    <tr
      ref={ref}
      class={classes}
      data-testid="threat-row"
      data-id={threat.id}
      data-code={threat.code}
      aria-selected={selection?.id === threat.id}
      onClick={() => select({ kind: 'threat', id: threat.id })}
    >
      <td class="code">{threat.code}</td>
      <td>
        <div class="threat-title" data-testid="threat-title">
          {a.title}
        </div>
        <div class="threat-sub muted small">
          {humanize(a.category)}
          {a.location && ` · ${a.location}`}
          {threat.status === 'Closed' && ` · ${t('workspace.register.closed')}`}
          {stampBy(threat.stamp) && <span class="changed-last"> · {stampBy(threat.stamp)}</span>}
        </div>
        {!readOnly && <LiveMarks id={threat.id} />}
      </td>
      <td class="num optional" title={t('workspace.register.likelihood')}>
        {a.likelihood}
      </td>
      <td class="num optional" title={t('workspace.register.impact')}>
        {a.impact}
      </td>
      <td>
        <span class={`risk risk-${(a.risk ?? '').toLowerCase()}`} title={a.risk && humanize(a.risk)}>
          {score(threat)}
        </span>
      </td>
      <td class="optional-narrow">{humanize(a.priority)}</td>
      <td class="small optional">{humanize(a.trend)}</td>
      <td class="small optional nowrap" data-testid="threat-review">
        {formatDate(a.reviewDate) || '—'}
      </td>
      <td
        class={`num optional${uncovered ? ' warning' : ''}`}
        data-testid="threat-activities"
        title={uncovered ? t('workspace.register.uncovered') : t('workspace.register.answering')}
      >
        {activities}
        {uncovered && <span aria-hidden="true">{warningSign}</span>}
      </td>
      <td class="row-actions">
        {!readOnly && (mayComment || comments.length > 0) && (
          <button
            type="button"
            class="small-button"
            data-testid="comment-threat"
            aria-label={t('workspace.register.commentsOn', { code: threat.code, count: comments.length })}
            onClick={(event) => {
              event.stopPropagation();
              onComment(threat);
            }}
          >
            {comments.length > 0
              ? t('workspace.register.comments', { open, count: comments.length })
              : t('workspace.register.comment')}
          </button>
        )}
        {!readOnly && (
          <button
            type="button"
            class="small-button"
            data-testid="edit-threat"
            aria-label={t(canEdit ? 'workspace.register.editThreat' : 'workspace.register.viewThreat', {
              code: threat.code,
            })}
            onClick={(event) => {
              event.stopPropagation();
              openThreat(threat);
            }}
          >
            {canEdit && threat.status === 'Open' ? t('workspace.common.edit') : t('workspace.common.view')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** The register of the live view, or (readOnly, with its own test id) of a view as it stood. */
export function ThreatRegister({
  testId = 'threat-register',
  readOnly = false,
  heading = t('workspace.register.heading'),
}: { testId?: string; readOnly?: boolean; heading?: string } = {}) {
  const { view, canEdit: canEditLive, openThreat } = useWorkspace();
  const canEdit = canEditLive && !readOnly;
  const [commenting, setCommenting] = useState<Threat | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; direction: Direction }>({ key: 'code', direction: 'ascending' });
  const titleId = `${testId}-title`;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const threats = [...view.threats].sort((a, b) => {
    if (sort.key === 'review' && !a.assessment.reviewDate !== !b.assessment.reviewDate)
      return a.assessment.reviewDate ? -1 : 1;
    return sign * sorts[sort.key].compare(a, b) || byCode(a, b);
  });
  const open = threats.filter((t) => t.status === 'Open').length;
  const header = (key: SortKey, className = '') => (
    <th scope="col" class={className} aria-sort={sort.key === key ? sort.direction : undefined}>
      <button
        type="button"
        class="sort"
        data-testid={`sort-threats-${key}`}
        onClick={() =>
          setSort((current) => ({
            key,
            direction:
              current.key !== key ? sorts[key].first : current.direction === 'ascending' ? 'descending' : 'ascending',
          }))
        }
      >
        {t(`workspace.register.${key}`)}
        <span aria-hidden="true">{sort.key === key ? arrows[sort.direction] : ''}</span>
      </button>
    </th>
  );
  // The sortable columns' headings, and the classes that hide them on narrow screens.
  const headers = {
    code: header('code'),
    risk: header('risk'),
    priority: header('priority', 'optional-narrow'),
    trend: header('trend', 'optional'),
    review: header('review', 'optional'),
  };
  return (
    <section class="panel" id={readOnly ? undefined : 'section-threats'} data-testid={testId} aria-labelledby={titleId}>
      <header class="panel-header">
        <h2 id={titleId}>{heading}</h2>
        <span class="muted small">
          {t('workspace.register.openOf', { open, count: threats.length })}
        </span>
        {canEdit && (
          <button type="button" class="primary push-right" data-testid="add-threat" onClick={() => openThreat(null)}>
            {t('workspace.register.identify')}
          </button>
        )}
      </header>
      <div class="table-scroll">
        <table class="register">
          <thead>
            <tr>
              {headers.code}
              <th scope="col">{t('workspace.register.threat')}</th>
              <th scope="col" class="optional" title={t('workspace.register.likelihoodScale')}>
                {t('workspace.register.likelihoodShort')}
              </th>
              <th scope="col" class="optional" title={t('workspace.register.impactScale')}>
                {t('workspace.register.impactShort')}
              </th>
              {headers.risk}
              {headers.priority}
              {headers.trend}
              {headers.review}
              <th scope="col" class="optional" title={t('workspace.register.answering')}>
                {t('workspace.register.activitiesShort')}
              </th>
              <th scope="col">
                <span class="visually-hidden">{t('workspace.register.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {threats.map((threat) => (
              <ThreatRow key={threat.id} threat={threat} readOnly={readOnly} onComment={setCommenting} />
            ))}
            {threats.length === 0 && (
              <tr>
                <td colSpan={10} class="muted">
                  {t('workspace.register.none')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {commenting && (
        <ItemCommentsDialog
          itemKind="threat"
          itemId={commenting.id}
          title={`${commenting.code} ${commenting.assessment.title}`}
          onClose={() => setCommenting(null)}
        />
      )}
    </section>
  );
}
