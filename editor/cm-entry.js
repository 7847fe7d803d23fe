// The lab's code editor: CodeMirror 6 set up for JSON, bundled by editor/build.mjs into one
// file (assets/editor/cm-editor.js) that index.html loads before the wasm app. The Rust
// component (src/components/editor.rs) drives it through `window.SfnEditor`:
//
//   const handle = SfnEditor.create(parent, text, {id, labelledBy, describedBy,
//                                                  onChange(text), onRun(), onFormat()});
//   handle.getText() / setText(text) / replaceText(text) / setDiagnostics(list)
//   handle.goTo(line, column) / focus() / destroy()
//   SfnEditor.find(element)   // the handle of the editor that holds `element` (tests use it)
//
// Lines and columns are 1-based, columns in characters, as the Rust validator reports them.

import { Annotation, Compartment, EditorState, Prec } from "@codemirror/state";
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory } from "@codemirror/commands";
import {
  HighlightStyle,
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { json } from "@codemirror/lang-json";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { tags } from "@lezer/highlight";

// Marks a change the page made (new props: a reset, an example), so it is not reported back
// through onChange as if the learner had typed it.
const fromPage = Annotation.define();

// Colours are the page's CSS variables (styles/display.css sets the dark ones); the light
// theme's are the fallbacks here.
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--cm-property, #1d4ed8)" },
  { tag: tags.string, color: "var(--cm-string, #15803d)" },
  { tag: tags.number, color: "var(--cm-number, #b45309)" },
  { tag: [tags.bool, tags.null], color: "var(--cm-keyword, #7c3aed)", fontWeight: "600" },
  { tag: [tags.separator, tags.brace, tags.squareBracket], color: "var(--cm-punctuation, #5b6678)" },
  { tag: tags.invalid, color: "var(--cm-invalid, #b91c1c)" },
]);

const theme = EditorView.theme({
  "&": {
    fontSize: "var(--editor-font-size, 14px)",
    color: "var(--cm-ink, #1b2330)",
    backgroundColor: "var(--cm-bg, #fbfcfe)",
    border: "1px solid var(--cm-line, #d9dee7)",
    borderRadius: "6px",
  },
  "&.cm-focused": { outline: "2px solid var(--cm-focus, #c2410c)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "var(--mono, monospace)", lineHeight: "1.45" },
  ".cm-gutters": {
    backgroundColor: "var(--cm-gutter-bg, #f5f7fa)",
    color: "var(--cm-gutter-ink, #5b6678)",
    borderRight: "1px solid var(--cm-line, #d9dee7)",
  },
  ".cm-activeLine": { backgroundColor: "var(--cm-active-line, #f1f5ff)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--cm-active-gutter, #e6ecf8)" },
  "&.cm-focused .cm-matchingBracket": {
    backgroundColor: "var(--cm-bracket, #d7f0dd)",
    outline: "1px solid var(--cm-bracket-outline, #15803d)",
  },
  "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "var(--cm-no-bracket, #fde2e2)" },
  ".cm-diagnosticSource": { fontFamily: "var(--mono, monospace)", fontWeight: "700", opacity: "0.9" },
});

// CodeMirror's own light and dark styles (selection, cursor, search panel, tooltips) follow the
// page's theme, which index.html's script sets as <html data-theme> and may change at any time.
const pageIsDark = () => document.documentElement.dataset.theme === "dark";
const darkness = new Compartment();
const views = new Set();
new MutationObserver(() => {
  const dark = EditorView.darkTheme.of(pageIsDark());
  for (const view of views) view.dispatch({ effects: darkness.reconfigure(dark) });
}).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });

const handles = new WeakMap();

/** The document offset of a 1-based line and column (characters, not UTF-16 units). */
function offsetAt(doc, line, column) {
  const l = doc.line(Math.min(Math.max(line | 0, 1), doc.lines));
  let left = Math.max(column | 0, 1) - 1;
  let i = 0;
  while (left > 0 && i < l.text.length) {
    i += l.text.codePointAt(i) > 0xffff ? 2 : 1;
    left--;
  }
  return l.from + i;
}

/** The end of the JSON token that starts at `from` (a whole string or word), on its line. */
function tokenEnd(doc, from) {
  const line = doc.lineAt(from);
  const text = line.text;
  let i = from - line.from;
  if (i >= text.length) return from;
  if (text[i] === '"') {
    for (i++; i < text.length; i++) {
      if (text[i] === "\\") i++;
      else if (text[i] === '"') return line.from + i + 1;
    }
    return line.to;
  }
  if (/[\w.+-]/.test(text[i])) {
    while (i < text.length && /[\w.+-]/.test(text[i])) i++;
    return line.from + i;
  }
  return line.from + i + 1;
}

/** Replaces the text with the smallest change (what differs between the common prefix and suffix). */
function replace(view, text, byPage) {
  const old = view.state.doc.toString();
  if (old === text) return;
  const max = Math.min(old.length, text.length);
  let start = 0;
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) end++;
  view.dispatch({
    changes: { from: start, to: old.length - end, insert: text.slice(start, text.length - end) },
    annotations: [isolateHistory.of("full"), ...(byPage ? [fromPage.of(true)] : [])],
    userEvent: byPage ? undefined : "input.format",
  });
}

function create(parent, text, options = {}) {
  const { id, labelledBy, describedBy, onChange, onRun, onFormat } = options;
  // tabindex: axe (scrollable-region-focusable) counts a scrolled region reachable only when
  // something in it is focusable by tabindex; a contenteditable alone does not count.
  const contentAttributes = { "aria-multiline": "true", tabindex: "0" };
  if (id) contentAttributes.id = id;
  if (labelledBy) contentAttributes["aria-labelledby"] = labelledBy;
  if (describedBy) contentAttributes["aria-describedby"] = describedBy;
  const ours = [];
  if (onRun) ours.push({ key: "Mod-Enter", run: () => (onRun(), true), preventDefault: true });
  if (onFormat) ours.push({ key: "Shift-Alt-f", run: () => (onFormat(), true), preventDefault: true });

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        // Before the default keymap, where Mod-Enter inserts a blank line.
        Prec.highest(keymap.of(ours)),
        lineNumbers(),
        foldGutter(),
        lintGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        dropCursor(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        syntaxHighlighting(highlight),
        bracketMatching(),
        rectangularSelection(),
        crosshairCursor(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        // Tab indents; Escape then Tab (or Ctrl-M / Shift-Alt-M) moves focus out of the editor.
        keymap.of([...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap, indentWithTab]),
        json(),
        // Panes are narrow: long lines wrap instead of scrolling sideways.
        EditorView.lineWrapping,
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        theme,
        darkness.of(EditorView.darkTheme.of(pageIsDark())),
        EditorView.contentAttributes.of(contentAttributes),
        EditorView.updateListener.of((update) => {
          const edited = update.transactions.some((tr) => tr.docChanged && !tr.annotation(fromPage));
          if (edited && onChange) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });

  const handle = {
    view,
    getText: () => view.state.doc.toString(),
    /** The page's own text (props): not reported through onChange; undoable. */
    setText: (text) => replace(view, text, true),
    /** An edit of the learner's (Format document): reported through onChange; undoable. */
    replaceText: (text) => replace(view, text, false),
    /** [{line, column, severity: "error" | "warning", code, message}] replaces the shown diagnostics. */
    setDiagnostics(list) {
      const doc = view.state.doc;
      const diagnostics = Array.from(list || [], (d) => {
        const from = offsetAt(doc, d.line, d.column);
        return {
          from,
          to: tokenEnd(doc, from),
          severity: d.severity === "warning" ? "warning" : "error",
          source: d.code,
          message: d.message,
        };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    goTo(line, column) {
      const pos = offsetAt(view.state.doc, line, column);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
    destroy: () => {
      views.delete(view);
      view.destroy();
    },
  };
  views.add(view);
  handles.set(view.dom, handle);
  return handle;
}

/** The handle of the editor that holds `element` (its content element, or any node inside it). */
function find(element) {
  const root = element && element.closest ? element.closest(".cm-editor") : null;
  return (root && handles.get(root)) || null;
}

window.SfnEditor = { create, find };
