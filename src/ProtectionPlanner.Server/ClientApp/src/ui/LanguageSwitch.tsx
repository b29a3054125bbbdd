// English or French, in the header of every page (also before signing in).
import { language as languageStore, languages, setLanguage, t, type Language } from '../i18n';
import { useStore } from '../store';

export function LanguageSwitch() {
  const current = useStore(languageStore);
  return (
    <label class="language-switch">
      <span class="visually-hidden">{t('common.language')}</span>
      <select data-testid="language" value={current} lang={current}
        onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Language)}>
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>{t(`common.languageNames.${l}`)}</option>
        ))}
      </select>
    </label>
  );
}
