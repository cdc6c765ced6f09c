// ESLint for the chat widget (`make lint-js`). The widget must parse and run in every browser of
// the baseline in package.json "browserslist" (GOV.UK Frontend's JavaScript baseline: browsers
// that support <script type="module">: Safari/iOS 10.3+, Chrome 61+, Edge 16+, Firefox 60+).
// Their common syntax is ES2017, so es-x forbids anything newer, and compat checks web APIs.
import js from "@eslint/js";
import compat from "eslint-plugin-compat";
import esx from "eslint-plugin-es-x";
import globals from "globals";

const baseline = {
  plugins: { "es-x": esx, compat },
  rules: {
    ...esx.configs["flat/restrict-to-es2017"].rules,
    // Named for the bug it caught: Safari < 16.4 throws a SyntaxError and no launcher appears.
    "es-x/no-regexp-lookbehind-assertions": "error",
    "compat/compat": "error",
  },
};

export default [
  {
    // The sources: each file is a part of one script (mk/web.mk joins them inside one function);
    // /* global */ and /* exported */ comments name what a part takes from and gives to the others.
    files: ["src/widget/*.js"],
    ...js.configs.recommended,
    ...baseline,
    languageOptions: { ecmaVersion: 2017, sourceType: "script", globals: { ...globals.browser } },
    rules: {
      ...js.configs.recommended.rules,
      ...baseline.rules,
      // catch (e) {}: optional catch binding is ES2019, newer than the baseline.
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    // The served file, as a browser gets it: syntax and APIs only (the sources get the rest).
    files: ["dist/widget.js"],
    ...baseline,
    languageOptions: { ecmaVersion: 2017, sourceType: "script", globals: { ...globals.browser } },
    linterOptions: { reportUnusedDisableDirectives: "off" },
  },
  {
    // Unit tests and this file run in node 20, not in the browser.
    files: ["test/**/*.mjs", "eslint.config.mjs"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
