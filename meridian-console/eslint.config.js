// ESLint flat config: `npm run lint` (run by build.sh, so `./mvnw verify` and CI fail on any violation or warning).
// JavaScript's and TypeScript's recommended rules, eslint-plugin-vue's recommended rules for Vue 3; type checking
// itself stays with vue-tsc in `npm run build`.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'

export default tseslint.config(
  // target/ holds Maven's copy of the built console: generated, like dist/
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'target/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['src/**/*.{ts,vue}'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['e2e/**/*.mjs', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    rules: {
      // Layout, not correctness: the templates keep Prettier's layout (attributes on one line up to about 160
      // columns, short element content inline), which these three would rewrite file by file.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      // `const { a: _a, ...rest } = x` drops a field on purpose; `_` marks what is unused on purpose
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
)
