import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // reports/ and .stryker-tmp/ hold `pnpm mutate`'s output and, while it runs, a backup of the sources.
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'reports/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Each file is checked with the types of the tsconfig.json that holds it: a package's own for its
      // sources, the root one (every package's sources and tests, never a build) for the tests.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Plain JavaScript (this file, the worker's child-process fixtures) is in no tsconfig.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/test/**', '**/*.test.ts'],
    rules: {
      'no-console': 'off',
      // A fake of an async interface (a sender, a limiter, a store) is clearest as an async function
      // that returns at once; production code keeps the rule.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
