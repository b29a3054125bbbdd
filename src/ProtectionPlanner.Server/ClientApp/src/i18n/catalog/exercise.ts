// Table-top exercises (src/exercise): control room, MSEL, player view, feed, report.
import type { Translation } from '../types';

export const en = {};

export const fr: Translation<typeof en> = {};
