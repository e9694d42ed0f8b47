import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', 'playwright-report/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      // Playwright fixtures that need no other fixture are written `async ({}, use) => ...`.
      'no-empty-pattern': 'off',
      // A focused or skipped check must never land: a skipped check is a check that is not done.
      'no-restricted-properties': [
        'error',
        { object: 'test', property: 'only', message: 'test.only never lands.' },
        { object: 'describe', property: 'only', message: 'describe.only never lands.' },
      ],
    },
  },
);
