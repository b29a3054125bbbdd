// HTTP to the planning API: bearer token, If-Match, problem details; files to and from it. docs/api.md.
import { language, t } from './i18n';
import { session, signOut } from './session';
import type { CommandResponse, Problem } from './types';
import { labelOf } from './workspace/fields';

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
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is instead of a JSON body: a file's text and its media type (a MSEL spreadsheet as text/csv). */
  file?: { content: string; type: string };
  ifMatch?: number | null;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/**
 * Fetches with the bearer token. The server out of reach is an ApiError with status 0; a refusal is an ApiError with
 * the response's problem; a 401 with a token signs out (the token expired).
 */
async function fetchWithToken(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
  const token = session.value?.token;
  if (token) init.headers.Authorization = `Bearer ${token}`;
  init.headers['Accept-Language'] = language.value; // problems and history sentences in the reader's language
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { title: t('common.errors.unreachable'), detail: t('common.errors.unreachableDetail') });
  }
  if (response.status === 401 && token) {
    signOut();
    throw new ApiError(401, { title: t('common.errors.signedOut'), detail: t('common.errors.signedOutDetail') });
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response;
}

/** The problem document of a refusal, or one made of its status when it sent none. */
async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text();
  if (text && /json/.test(response.headers.get('Content-Type') ?? '')) {
    try {
      return JSON.parse(text) as Problem;
    } catch {
      // not a problem document after all
    }
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}

export async function request<T>(method: string, path: string, options: Options = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.file) headers['Content-Type'] = options.file.type;
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch != null) headers['If-Match'] = `"${options.ifMatch}"`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  const body = options.file ? options.file.content : options.body === undefined ? undefined : JSON.stringify(options.body);
  const response = await fetchWithToken(path, { method, headers, body, signal: options.signal });
  const text = await response.text();
  const json = text.length > 0 && /json/.test(response.headers.get('Content-Type') ?? '') ? JSON.parse(text) : null;
  const etag = response.headers.get('ETag');
  return { data: json as T, status: response.status, etag: etag ? Number(etag.replace(/\D/g, '')) : null };
}

export const get = async <T>(path: string, signal?: AbortSignal): Promise<T> => (await request<T>('GET', path, { signal })).data;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; random bytes do not). */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Answers after which a command may have been applied without the page hearing of it, or not at all. */
const lostAnswer = (error: unknown) => error instanceof ApiError && [0, 502, 503, 504].includes(error.status);

/**
 * Sends a command; the answer carries the stream version it produced (to read it back with ?minVersion=). It carries
 * an Idempotency-Key, so when the answer is lost (the network dropped, the database restarting) it is sent again, up
 * to three times: the server applies it once and answers a repeat with the first outcome.
 */
export async function command<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, ifMatch?: number | null): Promise<CommandResponse<T>> {
  return send<T>(method, path, { body, ifMatch });
}

/** Sends a command with a JSON body or a file, as {@link command} does. */
export async function send<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string, options: Omit<Options, 'idempotencyKey'>): Promise<CommandResponse<T>> {
  const idempotencyKey = newIdempotencyKey();
  for (let attempt = 1; ; attempt++) {
    try {
      return (await request<CommandResponse<T>>(method, path, { ...options, idempotencyKey })).data;
    } catch (error) {
      if (!lostAnswer(error) || attempt > 3) throw error;
      await delay(500 * attempt);
    }
  }
}

/** A command's path with the reason the user gave for it (`?reason=`), stored with its events for the audit. */
export function withReason(path: string, reason: string | null | undefined): string {
  const text = reason?.trim();
  return text ? `${path}${path.includes('?') ? '&' : '?'}reason=${encodeURIComponent(text)}` : path;
}

/**
 * Fetches a file the API serves and saves it under the name its Content-Disposition gives, else `name` (the bearer
 * token rules out a plain link); refusals throw.
 */
export async function download(path: string, name: string): Promise<void> {
  const response = await fetchWithToken(path, { headers: {} });
  const given = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = given ?? name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

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
      ...Object.entries(p.errors ?? {}).map(([field, messages]) => `${labelOf(field)}: ${messages.join(' ')}`),
      ...(p.problems ?? []),
    ];
    return { title: p.title ?? `HTTP ${error.status}`, detail: p.errors ? '' : (p.detail ?? ''), fields };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { title: t('common.errors.somethingWentWrong'), detail, fields: [] };
}
