// Lint rules, including the import boundaries between the source trees:
//   src/shared    pure code for every side: no vscode, no DOM-only code, no Node built-ins;
//   src/core      Node code shared by the extension and the command line: no vscode;
//   src/webview   browser code: never vscode, Node built-ins, src/extension, src/core or src/cli;
//   src/extension may use vscode, src/core and src/shared; src/cli may use src/core and src/shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'child_process',
  'url',
  'util',
  'stream',
  'zlib',
  'net',
];
const restrict = (patterns) => [
  'error',
  { patterns: patterns.map((group) => ({ group: group.group, message: group.message })) },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'test-results/**',
      '.vscode-test/**',
      '**/*.vsix',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.node },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      'no-console': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['vscode'], message: 'src/shared is pure: no vscode.' },
        { group: nodeBuiltins, message: 'src/shared is pure: no Node built-ins (use src/core).' },
        {
          group: ['**/extension/**', '**/webview/**', '**/core/**', '**/cli/**'],
          message: 'src/shared imports nothing but itself and libraries.',
        },
      ]),
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['vscode'], message: 'src/core runs in the command line too: no vscode.' },
        {
          group: ['**/extension/**', '**/webview/**', '**/cli/**'],
          message: 'src/core may import only src/shared.',
        },
      ]),
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict([
        { group: ['vscode'], message: 'The webview cannot use the vscode module.' },
        { group: nodeBuiltins, message: 'The webview runs in a browser: no Node built-ins.' },
        {
          group: ['**/extension/**', '**/core/**', '**/cli/**'],
          message: 'The webview may import only src/shared.',
        },
      ]),
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['**/webview/**', '**/cli/**'],
          message:
            'The extension may import src/core and src/shared, not the webview or the command line.',
        },
      ]),
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['vscode'], message: 'The command line runs without VS Code.' },
        {
          group: ['**/extension/**', '**/webview/**'],
          message: 'The command line may import src/core and src/shared only.',
        },
      ]),
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
