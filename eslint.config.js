import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'test/e2e/artifacts/', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          // No SQL built from strings: Kysely builders or sql`` templates only.
          selector: "CallExpression[callee.property.name='raw'][callee.object.name='sql'] > TemplateLiteral",
          message: 'sql.raw with an interpolated string builds SQL from strings; use sql`` with parameters.',
        },
      ],
    },
  },
  { files: ['web/src/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  {
    // The console shows and hides actions from the server's `can` (/api/auth/me), never from role names.
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/locales/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Literal[value=/^(admin|compliance_officer|security_officer|data_protection_officer|moderator|auditor)$/]',
          message: "A role name in the console: decide from useAuth().can('<action>') instead.",
        },
      ],
    },
  },
);
