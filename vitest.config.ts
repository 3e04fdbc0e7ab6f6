import { defineConfig } from 'vitest/config'

const ci = process.env.CI === 'true' || process.env.CI === '1'

export default defineConfig({
  resolve: { conditions: ['kairo-source'] },
  ssr: { resolve: { conditions: ['kairo-source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    reporters: ci ? ['default', ['json', { outputFile: '.ci/results/vitest.json' }]] : ['default'],
  },
})
