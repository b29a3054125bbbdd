// The pages (src/screens) and the mission profile (src/mission): sign-in, portfolio, mission, printed strategy.
import type { Translation } from '../types';

export const en = {};

export const fr: Translation<typeof en> = {};
