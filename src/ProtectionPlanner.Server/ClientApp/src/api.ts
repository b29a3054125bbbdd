// HTTP to the planning API: bearer token, If-Match, problem details. docs/api.md.
import { session, signOut } from './session';
import type { CommandResponse, Problem } from './types';

/** A refused request, with its RFC 7807 problem. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  get isItemConflict(): boolean {
    return this.status === 409 && this.problem.type === '/problems/item-conflict';
  }
}

export interface Answer<T> {
  data: T;
  status: number;
  etag: number | null;
}

interface Options {
  body?: unknown;
  ifMatch?: number | null;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, options: Options = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.value?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch != null) headers['If-Match'] = `"${options.ifMatch}"`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'The server cannot be reached', detail: 'Check your connection; the request was not sent.' });
  }

  if (response.status === 401 && token) {
    signOut();
    throw new ApiError(401, { title: 'Signed out', detail: 'Your session has expired; sign in again.' });
  }
  const text = await response.text();
  const json = text.length > 0 && /json/.test(response.headers.get('Content-Type') ?? '') ? JSON.parse(text) : null;
  if (!response.ok) {
    const problem: Problem = json ?? { title: response.statusText || `HTTP ${response.status}`, status: response.status };
    throw new ApiError(response.status, problem);
  }
  const etag = response.headers.get('ETag');
  return { data: json as T, status: response.status, etag: etag ? Number(etag.replace(/\D/g, '')) : null };
}

export const get = async <T>(path: string, signal?: AbortSignal): Promise<T> => (await request<T>('GET', path, { signal })).data;

/** Sends a command; the answer carries the stream version it produced (to read it back with ?minVersion=). */
export async function command<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, ifMatch?: number | null): Promise<CommandResponse<T>> {
  return (await request<CommandResponse<T>>(method, path, { body, ifMatch })).data;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads a view that must reflect at least stream version `minVersion` (the version of one's own command), retrying
 * while the server answers 503 view-behind.
 */
export async function getAtLeast<T>(path: string, minVersion: number | null, attempts = 5): Promise<T> {
  const url = minVersion ? `${path}${path.includes('?') ? '&' : '?'}minVersion=${minVersion}` : path;
  for (let attempt = 1; ; attempt++) {
    try {
      return await get<T>(url);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 503 || attempt >= attempts) throw error;
      await delay(1000);
    }
  }
}

/** A short text of a problem for the error banner: its title and detail, and each field error. */
export function describe(error: unknown): { title: string; detail: string; fields: string[] } {
  if (error instanceof ApiError) {
    const p = error.problem;
    const fields = [
      ...Object.entries(p.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(' ')}`),
      ...(p.problems ?? []),
    ];
    return { title: p.title ?? `HTTP ${error.status}`, detail: p.errors ? '' : (p.detail ?? ''), fields };
  }
  return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error), fields: [] };
}
