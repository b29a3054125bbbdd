// Hash routes (the server has no SPA fallback): #/, #/missions/{id}, #/strategies/{id}[/{itemId}],
// #/strategies/{id}/print[/{version}], #/exercises/{id}[/report[/print]].
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'portfolio' }
  | { page: 'mission'; missionId: string }
  | { page: 'strategy'; strategyId: string; item: string | null }
  | { page: 'print'; strategyId: string; version: number | null }
  | { page: 'exercise'; exerciseId: string }
  | { page: 'exerciseReport'; exerciseId: string; print: boolean };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const print = /^\/strategies\/([0-9a-f-]{36})\/print(?:\/(\d+))?\/?$/i.exec(path);
  if (print) return { page: 'print', strategyId: print[1], version: print[2] ? Number(print[2]) : null };
  const strategy = /^\/strategies\/([0-9a-f-]{36})(?:\/([0-9a-f-]{36}))?\/?$/i.exec(path);
  if (strategy) return { page: 'strategy', strategyId: strategy[1], item: strategy[2] ?? null };
  const exercise = /^\/exercises\/([0-9a-f-]{36})(\/report(\/print)?)?\/?$/i.exec(path);
  if (exercise) {
    return exercise[2]
      ? { page: 'exerciseReport', exerciseId: exercise[1], print: !!exercise[3] }
      : { page: 'exercise', exerciseId: exercise[1] };
  }
  const mission = /^\/missions\/([0-9a-f-]{36})\/?$/i.exec(path);
  if (mission) return { page: 'mission', missionId: mission[1] };
  return { page: 'portfolio' };
}

export const href = {
  portfolio: () => '#/',
  mission: (missionId: string) => `#/missions/${missionId}`,
  strategy: (strategyId: string) => `#/strategies/${strategyId}`,
  /** An item of the strategy (a threat, an activity, an improvement) selected in the workspace. */
  strategyItem: (strategyId: string, itemId: string) => `#/strategies/${strategyId}/${itemId}`,
  print: (strategyId: string, version?: number | null) =>
    `#/strategies/${strategyId}/print${version ? `/${version}` : ''}`,
  exercise: (exerciseId: string) => `#/exercises/${exerciseId}`,
  exerciseReport: (exerciseId: string) => `#/exercises/${exerciseId}/report`,
  exerciseReportPrint: (exerciseId: string) => `#/exercises/${exerciseId}/report/print`,
};

export function navigate(to: string): void {
  if (location.hash !== to) location.hash = to;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
