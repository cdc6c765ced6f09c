// Loads one part of the widget (web/src/widget/*.js) the way the built file runs it: as strict
// script code sharing one scope. Its top-level functions and vars come back as properties.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SRC = new URL("../src/widget/", import.meta.url);

export function load(files, globals = {}) {
  const context = vm.createContext({ URL, ...globals });
  // Top-level declarations of a script become properties of the context. Each part is also
  // compiled inside a strict function, as in dist/widget.js, so strict-mode errors show here.
  for (const file of [].concat(files)) {
    const code = readFileSync(new URL(file, SRC), "utf8");
    new vm.Script(`(function () { "use strict";\n${code}\n})`, { filename: file });
    vm.runInContext(code, context, { filename: file });
  }
  return context;
}
