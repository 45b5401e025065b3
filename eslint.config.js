// ESLint for the browser's scripts and their node tests (README "Browser code"): `make test` runs it after `npm ci`.
// Each page script is a plain script, one function that adds only its own window.Handout* name; sw.js and the search
// worker run as workers; tests/js/ run in node. The vendored QR encoder (templates/assets/vendor/) is not ours.
"use strict";
const js = require("@eslint/js");
const globals = require("globals");

const rules = {
  ...js.configs.recommended.rules, // no-undef, no-unused-vars, no-prototype-builtins, …
  // `x == null` is how the scripts say "null or undefined": an absent data-* attribute, a dose without a hold.
  eqeqeq: ["error", "always", { null: "ignore" }],
  // An error caught only to carry on quietly (no localStorage in private mode, no sound) keeps its usual name.
  "no-unused-vars": ["error", { caughtErrors: "none" }],
  "no-use-before-define": ["error", { functions: false, variables: true }],
  "no-throw-literal": "error",
  "array-callback-return": "error",
  radix: "error", // parseInt(text, 10): never octal or hex from a link
};

module.exports = [
  { ignores: ["templates/assets/vendor/**", "tests/vendor/**", "node_modules/**", "site/**", "build/**",
    "clinics/*/site/**", ".venv/**", ".cache/**"] },
  {
    files: ["templates/assets/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, module: "readonly" }, // module: a pure core also loads in node
    },
    rules: { ...rules, "no-implicit-globals": "error", strict: ["error", "function"] },
  },
  {
    files: ["templates/sw.js", "templates/assets/javascripts/workers/*.js"],
    languageOptions: { ecmaVersion: 2020, sourceType: "script", globals: { ...globals.serviceworker } },
    rules: { ...rules, strict: ["error", "global"] },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node } },
    rules: { ...rules, strict: ["error", "global"] },
  },
];
