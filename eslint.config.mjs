import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/** engine/ is pure TypeScript for Node and Web Workers: no UI framework, no UI folders. */
const engineBoundary = {
  files: ['engine/**/*.{ts,tsx,js,mjs}'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: [
              'react',
              'react/*',
              'react-dom',
              'react-dom/*',
              'next',
              'next/*',
              'zustand',
              'zustand/*',
            ],
            message: 'engine/ must not import UI frameworks.',
          },
          {
            group: [
              '@/app/*',
              '@/components/*',
              '@/lib/*',
              '**/app/*',
              '**/components/*',
              '**/lib/*',
            ],
            message: 'engine/ must not import app/, components/ or lib/.',
          },
        ],
      },
    ],
  },
};

export default [
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'test-results/**',
      'next-env.d.ts',
      'public/**',
      '.tools/**',
      'bench/rust-vm/target/**',
      'bench-results/**',
    ],
  },
  ...nextVitals,
  ...nextTs,
  engineBoundary,
  { files: ['bench/**', '*.config.*'], rules: { 'import/no-anonymous-default-export': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'warn',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
