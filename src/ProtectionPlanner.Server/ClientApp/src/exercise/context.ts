// What the parts of an exercise screen share: the live session and board, who is looking and what they may do, and
// how they send commands (then wait for the board to show them).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { command } from '../api';
import { t } from '../i18n';
import type { ExerciseSession } from './exerciseSession';
import { controlRoles, evaluationRoles, type Board, type ExerciseRole, type Inject } from './types';

export interface ExerciseView {
  session: ExerciseSession;
  board: Board;
  me: string;
  role: ExerciseRole;
  /** Director or controller: runs the clock, the MSEL and the participants. */
  controls: boolean;
  /** Control or evaluator: observations, gaps, improvements. */
  evaluates: boolean;
  /** Sends a command on this exercise and waits until the board has it. */
  send<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, ifMatch?: number | null): Promise<T>;
}

export const ExerciseContext = createContext<ExerciseView | null>(null);

export function useExercise(): ExerciseView {
  const view = useContext(ExerciseContext);
  if (!view) throw new Error('useExercise outside an exercise');
  return view;
}

export function exerciseView(session: ExerciseSession, board: Board, me: string): ExerciseView {
  const role = board.you.role;
  return {
    session,
    board,
    me,
    role,
    controls: controlRoles.includes(role),
    evaluates: evaluationRoles.includes(role),
    async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, ifMatch?: number | null): Promise<T> {
      const response = await command<T>(method, `/api/exercises/${board.exerciseId}${path}`, body, ifMatch);
      await session.caughtUp(response.version);
      return response.item;
    },
  };
}

/** A component's name from the plan copy (or a participant's componentName). */
export function componentName(board: Board, componentId: string | null | undefined): string {
  if (!componentId) return '';
  return board.plan.components.find((c) => c.id === componentId)?.name
    ?? board.participants.find((p) => p.componentId === componentId)?.componentName
    ?? t('exercise.names.component');
}

/** Whom an inject goes to: "All players" or the components' names. */
export function targetText(board: Board, inject: Inject): string {
  // The server names "All players" in English: the reader's words for it come from the catalog.
  if (inject.targetComponentIds.length === 0) return t('exercise.names.allPlayers');
  if (inject.targetPlayers && inject.targetPlayers.length > 0) return inject.targetPlayers.join('; ');
  return inject.targetComponentIds.map((id) => componentName(board, id)).join('; ');
}

export function injectCode(board: Board, injectId: string | null | undefined): string {
  if (!injectId) return '';
  return board.injects.find((i) => i.id === injectId)?.code ?? 'inject';
}

/** A plan item's name in the exercise's copy: its code and title. */
export function planItemName(board: Board, kind: string, id: string): string {
  if (kind === 'threat') {
    const threat = board.plan.threats.find((t) => t.id === id);
    return threat ? `${threat.code} ${threat.assessment.title}` : t('exercise.names.aThreat');
  }
  if (kind === 'activity') {
    const activity = board.plan.activities.find((a) => a.id === id);
    return activity ? `${activity.code ?? ''} ${activity.details.title}`.trim() : t('exercise.names.anActivity');
  }
  return kind;
}
