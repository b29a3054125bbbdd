// ProtectionPlanner web UI: sign-in, missions, the live strategy workspace and table-top exercises. See docs/ui.md.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import './styles.css';
import { clearError } from './errors';
import { ExerciseScreen } from './exercise/ExerciseScreen';
import { language as languageStore, t } from './i18n';
import { LanguageSwitch } from './ui/LanguageSwitch';
import { ReportPage } from './exercise/ReportPage';
import { me as meStore } from './me';
import { href, useRoute } from './route';
import { MissionPage } from './screens/MissionPage';
import { Portfolio } from './screens/Portfolio';
import { SignIn } from './screens/SignIn';
import { StrategyDocument } from './screens/StrategyDocument';
import { WorkspaceScreen } from './screens/Workspace';
import { session as sessionStore, signOut } from './session';
import { useStore } from './store';
import { ErrorSlot } from './ui/ErrorSlot';
import { humanize } from './workspace/fields';

function App() {
  const session = useStore(sessionStore);
  const me = useStore(meStore);
  const route = useRoute();
  const language = useStore(languageStore);
  useEffect(() => clearError(), [route.page, session?.userName]);

  return (
    <>
      <a class="skip-link" href="#main"
        onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('common.skipToContent')}
      </a>
      <header class="app-header no-print">
        <a class="brand" href={href.portfolio()}>ProtectionPlanner</a>
        <span class="tagline muted">{t('common.tagline')}</span>
        {session && (
          <div class="user">
            <span data-testid="current-user" title={session.displayName}>
              <span class="display-name">{session.displayName} </span>
              <span class="muted">
                ({session.userName}
                {me && me.globalRoles.length > 0 ? `, ${me.globalRoles.map(humanize).join(', ')}` : ''})
              </span>
            </span>
            <button type="button" data-testid="signout"
              onClick={() => { signOut(); location.hash = href.portfolio(); }}>
              {t('common.signOut')}
            </button>
          </div>
        )}
        <LanguageSwitch />
      </header>
      <ErrorSlot />
      <Screen key={language} />
    </>
  );
}

/** The page of the route; remade when the language changes, so that nothing keeps words of the other one. */
function Screen() {
  const session = useStore(sessionStore);
  const route = useRoute();
  return (
    <>
      {!session ? (
        <SignIn />
      ) : route.page === 'print' ? (
        <StrategyDocument key={`${route.strategyId}-${route.version ?? 'now'}`} strategyId={route.strategyId}
          version={route.version} />
      ) : route.page === 'strategy' ? (
        <WorkspaceScreen key={route.strategyId} strategyId={route.strategyId} item={route.item} />
      ) : route.page === 'exercise' ? (
        <ExerciseScreen key={route.exerciseId} exerciseId={route.exerciseId} />
      ) : route.page === 'exerciseReport' ? (
        <ReportPage key={`${route.exerciseId}-${route.print}`} exerciseId={route.exerciseId} printView={route.print} />
      ) : route.page === 'mission' ? (
        <MissionPage missionId={route.missionId} />
      ) : (
        <Portfolio />
      )}
    </>
  );
}

render(<App />, document.getElementById('app')!);
