// Coherence findings, phrased from their kind and facts (findings.ts).
import type { Translation } from '../types';

export const en = {};

export const fr: Translation<typeof en> = {};
