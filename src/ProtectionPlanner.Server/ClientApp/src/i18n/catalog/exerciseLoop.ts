// The loop from exercise to strategy: hot wash, the report's print view, improvements turned into activities.
import type { Translation } from '../types';

export const en = {};

export const fr: Translation<typeof en> = {};
