// ESLint flat config: type-aware rules, plus the folder import boundaries from ARCHITECTURE.md so that
// side-effect libraries stay behind their one wrapper and shared/ stays pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const restrict = (...groups) => ['error', { patterns: groups }];
const only = (lib, where) => ({ group: [lib, `${lib}/*`], message: `${lib} is only imported under ${where}.` });
// The layers below the features (map, data, net, platform) know nothing of the screens built on them.
const NO_FEATURES = { group: ['**/features/*', '**/features/**'], message: 'renderer/map, data, net and platform import nothing from renderer/features.' };

export default tseslint.config(
  {
    ignores: [
      'types/**',
      '.bench-out/**',
      '.cordon-server/**',
      'dist/**',
      'dist-electron/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.js',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Scripts and worker modules written as plain ES modules: linted without type information.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }] },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        {
          group: ['node:*', 'fs', 'path', 'electron', 'react', 'react-dom', 'maplibre-gl', 'dexie', 'socket.io-client'],
          message: 'shared/ is pure: no node, electron, DOM or UI libraries.',
        },
        {
          group: ['../renderer/*', '../../renderer/*', '../electron/*', '../../electron/*', '../server/*', '../../server/*'],
          message: 'shared/ imports nothing from the apps.',
        },
      ),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/map/**', 'renderer/data/**', 'renderer/net/**'],
    rules: {
      'no-restricted-imports': restrict(only('maplibre-gl', 'renderer/map/'), only('dexie', 'renderer/data/'), only('socket.io-client', 'renderer/net/'), {
        group: ['electron', 'node:*'],
        message: 'The renderer reaches the desktop only through renderer/platform/.',
      }),
    },
  },
  {
    files: ['renderer/map/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(only('dexie', 'renderer/data/'), only('socket.io-client', 'renderer/net/'), NO_FEATURES) },
  },
  {
    files: ['renderer/data/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(only('maplibre-gl', 'renderer/map/'), only('socket.io-client', 'renderer/net/'), NO_FEATURES) },
  },
  {
    files: ['renderer/net/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrict(only('maplibre-gl', 'renderer/map/'), only('dexie', 'renderer/data/'), NO_FEATURES) },
  },
  {
    files: ['renderer/platform/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(
        only('maplibre-gl', 'renderer/map/'),
        only('dexie', 'renderer/data/'),
        only('socket.io-client', 'renderer/net/'),
        NO_FEATURES,
      ),
    },
  },
);
