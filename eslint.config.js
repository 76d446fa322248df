// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/proto/src/generated/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Every promise from gRPC, NATS or Redis is awaited or handled.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `.only` is never committed.
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: 'no .only in committed tests' },
        { object: 'it', property: 'only', message: 'no .only in committed tests' },
        { object: 'test', property: 'only', message: 'no .only in committed tests' },
      ],
      // No deep imports into another package's sources.
      'no-restricted-imports': ['error', { patterns: ['@tessera/*/src/*', '@tessera/*/dist/*'] }],
    },
  },
  {
    // A core decides and does no I/O: no Node built-ins, no gRPC, no generated proto code
    // (a service's, and the framework library's, which may use @tessera/domain).
    files: ['services/*/src/core/**/*.ts', 'packages/framework/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tessera/*/src/*', '@tessera/*/dist/*'],
              message: "no deep imports into another package's sources",
            },
            { group: ['node:*'], message: 'core/ does no I/O: Node built-ins belong in the shell' },
            { group: ['@grpc/*', '@tessera/proto', '@tessera/proto/*'], message: 'proto stops at the edge' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
