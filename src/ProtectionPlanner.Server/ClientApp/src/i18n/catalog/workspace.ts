// The strategy workspace (src/workspace) and the shared form parts (src/ui).
import type { Translation } from '../types';

export const en = {};

export const fr: Translation<typeof en> = {};
