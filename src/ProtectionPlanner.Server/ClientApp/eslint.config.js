// One check, for French: no text for the reader written straight into the markup; it comes from the catalogs
// (src/i18n/catalog) through t(). Run by src/i18n/untranslated.test.ts with the other unit tests.
import i18next from 'eslint-plugin-i18next';
import tseslint from 'typescript-eslint';

export default [
  {
    files: ['src/**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': ['error', {
        mode: 'jsx-only',
        'jsx-attributes': {
          include: ['title', 'placeholder', 'aria-label', 'alt', 'label', 'aria-description', 'summary'],
        },
        words: { exclude: ['[0-9!-/:-@[-`{-~\\s×·—–…→←↑↓✓✗]+', 'ProtectionPlanner', 'T\\+', 'MSEL', 'PDF', 'CSV'] },
      }],
    },
  },
];
