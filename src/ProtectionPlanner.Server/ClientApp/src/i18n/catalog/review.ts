// HQ review and audit (src/review): history, the plan as of a date, diffs, comments, verification.
import type { Translation } from '../types';

export const en = {};

export const fr: Translation<typeof en> = {};
