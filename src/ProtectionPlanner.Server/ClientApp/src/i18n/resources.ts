// Every catalog, merged under its area's name: t('common.signOut'), t('workspace.threats.title').
import * as common from './catalog/common';
import * as domain from './catalog/domain';
import * as exercise from './catalog/exercise';
import * as exerciseLoop from './catalog/exerciseLoop';
import * as findings from './catalog/findings';
import * as review from './catalog/review';
import * as screens from './catalog/screens';
import * as workspace from './catalog/workspace';

const catalogs = { common, domain, exercise, exerciseLoop, findings, review, screens, workspace };
type Catalogs = typeof catalogs;

export const en = Object.fromEntries(Object.entries(catalogs).map(([area, c]) => [area, c.en])) as
  { [Area in keyof Catalogs]: Catalogs[Area]['en'] };
export const fr = Object.fromEntries(Object.entries(catalogs).map(([area, c]) => [area, c.fr])) as
  { [Area in keyof Catalogs]: Catalogs[Area]['fr'] };
