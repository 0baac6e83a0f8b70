import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** vscode.window members that show text; src/ui wraps each one. */
const INERT_WRAPPED = [
  'showInformationMessage',
  'showWarningMessage',
  'showErrorMessage',
  'withProgress',
  'setStatusBarMessage',
  'showQuickPick',
  'createQuickPick',
  'showInputBox',
  'createInputBox',
  'createOutputChannel',
];

/** Folders of the VS Code layer that each own one feature; they share code through src/core, src/shared and src/ui only. */
const FEATURE_FOLDERS = ['views', 'webview', 'statusBar', 'workspace', 'favorites', 'auth', 'terminal', 'approvals'];

/**
 * `no-restricted-imports` for one layer: the modules it may not name, and relative paths (regex) it may not take.
 * @param {string[]} files
 * @param {{ modules?: [string, string][], paths?: [string, string][] }} restrictions
 */
function layer(files, { modules = [], paths = [] }) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: modules.map(([name, message]) => ({ name, message })),
          patterns: paths.map(([regex, message]) => ({ regex, message })),
        },
      ],
    },
  };
}

/** @type {[string, string]} */
const NO_VSCODE = ['vscode', 'Only the VS Code layer (src/ outside core and shared) imports vscode, type-only imports included.'];
/** @type {[string, string]} */
const NODE_BUILTINS = ['^node:', 'The form runs in a browser: no Node modules.'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench-results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // tsconfig.json only lists the projects (extension, webview, test); files outside them use the extension's options.
        projectService: { allowDefaultProject: ['*.mjs', 'test/fixtures/*/*.js'], defaultProject: 'tsconfig.extension.json' },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Text from the tenant or the workspace reaches the user only through the surface wrappers in src/ui, which make
    // it inert (no command links, icons, escape sequences or forged log lines) and redact secrets.
    files: ['src/**/*.ts'],
    ignores: ['src/ui/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression:matches([object.name='window'], [object.property.name='window'])[property.name=/^(${INERT_WRAPPED.join('|')})$/]`,
          message: 'Use the wrappers in src/ui (notify, quickInput, safeLog): they make tenant and workspace text inert.',
        },
        {
          selector: "AssignmentExpression[left.property.name=/^(isTrusted|supportHtml)$/][right.value!=false]",
          message: 'A MarkdownString with tenant text stays untrusted and without HTML.',
        },
        {
          selector: "CallExpression[callee.property.name='appendText'][arguments.0.callee.name!='tooltipText']",
          message: 'Markdown makes a bare address in appendText a link: pass the text through tooltipText (shared/inertText).',
        },
        {
          selector: "CallExpression[callee.property.name='appendMarkdown'][arguments.0.type!=/^(Literal|TemplateLiteral)$/]",
          message: 'Only our own markdown goes into appendMarkdown; names go through appendText.',
        },
        {
          selector: "CallExpression[callee.property.name='appendMarkdown'] > TemplateLiteral > :not(TemplateElement, CallExpression[callee.property.name='t'])",
          message: 'Only our own (translated) markdown goes into appendMarkdown; names go through appendText.',
        },
      ],
    },
  },
  // Layers (README, Development → Layout). Imports go down only: extension.ts → commands → feature folders → ui →
  // core → shared. Feature folders never import each other: extension.ts passes what one needs of another.
  layer(['src/shared/**/*.ts'], {
    modules: [NO_VSCODE],
    paths: [
      ['^\\.\\./', 'src/shared is the bottom layer, used by the host and the form alike: it imports only from src/shared.'],
      NODE_BUILTINS,
    ],
  }),
  layer(['src/core/**/*.ts'], {
    modules: [NO_VSCODE],
    paths: [['^\\.\\./\\.\\./(?!shared/)', 'src/core imports only from src/core and src/shared: it runs and is tested without VS Code.']],
  }),
  layer(['webview-ui/**/*.ts'], {
    modules: [NO_VSCODE],
    paths: [['^\\.\\./(?!src/shared/)', 'The form (webview-ui) imports only from src/shared: the host and its data stay on the other side.'], NODE_BUILTINS],
  }),
  layer(['src/ui/**/*.ts'], {
    paths: [['^\\.\\./(?!shared/)', 'src/ui (the inert-text wrappers) imports only from src/shared.']],
  }),
  layer(
    FEATURE_FOLDERS.map((folder) => `src/${folder}/**/*.ts`),
    {
      paths: [
        [
          `^\\.\\./(${[...FEATURE_FOLDERS, 'commands'].join('|')}|extension)(/|$)`,
          'A feature folder imports only from src/core, src/shared, src/ui, config and api: not from another feature or the commands (pass an interface in from extension.ts).',
        ],
      ],
    },
  ),
  layer(['src/commands/**/*.ts'], {
    paths: [['^\\.\\./extension$', 'Commands get what they need from extension.ts, never the other way round.']],
  }),
  layer(['src/api.ts'], {
    paths: [['^\\.', 'src/api.ts is copied by other extensions: it imports nothing of ours.']],
  }),
  {
    // Build scripts run on Node.
    files: ['*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
